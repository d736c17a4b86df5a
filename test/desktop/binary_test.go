//go:build e2e

package desktop

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// heraldFlag lets the Makefile name the binary it just built; HERALD_BIN does
// the same from the environment.
var heraldFlag = flag.String("herald", "", "path of the desktop herald binary (default $HERALD_BIN, else ../../build/bin/herald)")

// heraldBinary returns the absolute path of the desktop binary under test.
// A missing binary is an error, not a skip: a smoke test that silently does
// nothing when the build is missing proves nothing.
func heraldBinary() (string, error) {
	path := *heraldFlag
	if path == "" {
		path = os.Getenv("HERALD_BIN")
	}
	if path == "" {
		path = filepath.Join("..", "..", "build", "bin", "herald")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolve the herald binary path %q: %w", path, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("desktop binary missing (run `make build`, or pass -herald / HERALD_BIN): %w", err)
	}
	if info.IsDir() || info.Mode()&0o111 == 0 {
		return "", fmt.Errorf("desktop binary %s is not an executable file", abs)
	}
	return abs, nil
}

// repoRoot finds the module root (the folder with go.mod) above the package
// folder, where the artifacts/ folder lives.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = parent
	}
}
