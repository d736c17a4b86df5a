//go:build e2e

package dist

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repoRoot is the project's root, two folders up from this package.
var repoRoot = filepath.Join("..", "..")

// distDir is where make dist put the packages under test (DIST_DIR).
func distDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DIST_DIR")
	if dir == "" {
		t.Fatal("DIST_DIR is not set: run these tests with `make test-dist`")
	}
	return dir
}

// version is scripts/version.sh's answer for form (app, deb, numeric, file),
// the version make dist stamped into every package of this commit.
func version(t *testing.T, form string) string {
	t.Helper()
	return versionOf(t, form, "")
}

// versionOf is version for a release other than this commit's (HERALD_VERSION).
func versionOf(t *testing.T, form, release string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join("scripts", "version.sh"), form)
	cmd.Dir = repoRoot
	if release != "" {
		cmd.Env = append(os.Environ(), "HERALD_VERSION="+release)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scripts/version.sh %s: %v", form, err)
	}
	return strings.TrimSpace(string(out))
}

// run runs a command in dir and returns its stdout, failing the test with
// its stderr when it fails.
func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// file is a path that must exist.
func file(t *testing.T, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%v (make dist should have built it)", err)
	}
	return path
}
