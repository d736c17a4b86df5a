package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"herald/backend/about"
)

// platforms are the systems Herald ships for. Each links a few modules of its
// own (WebView2 on Windows, D-Bus on Linux), and one notices file must serve
// them all and come out the same on whichever system generates it.
var platforms = []struct{ goos, goarch string }{
	{"linux", "amd64"},
	{"windows", "amd64"},
	{"darwin", "arm64"},
}

// listed is the part of `go list -json` the generator reads.
type listed struct {
	Dir      string
	Standard bool
	Module   *listedModule
}

type listedModule struct {
	Path    string
	Version string
	Dir     string
	Main    bool
	Replace *listedModule
}

// linkedModule is a module with the folders of its packages the binary links.
type linkedModule struct {
	path, version, dir string
	pkgDirs            map[string]bool
}

// goNotices returns the notices of the Go standard library and of every
// module linked into the main package of the module in dir with tags, on any
// of the platforms.
func goNotices(dir, tags string) ([]about.Notice, error) {
	modules := map[string]*linkedModule{}
	for _, p := range platforms {
		pkgs, err := goList(dir, tags, p.goos, p.goarch)
		if err != nil {
			return nil, err
		}
		for _, pkg := range pkgs {
			m := pkg.Module
			if m == nil || m.Main {
				continue
			}
			if m.Replace != nil {
				m = m.Replace
			}
			if m.Dir == "" {
				return nil, fmt.Errorf("module %s %s is not downloaded: run 'go mod download'", m.Path, m.Version)
			}
			lm := modules[m.Path]
			if lm == nil {
				lm = &linkedModule{path: m.Path, version: m.Version, dir: m.Dir, pkgDirs: map[string]bool{}}
				modules[m.Path] = lm
			}
			lm.pkgDirs[pkg.Dir] = true
		}
	}

	std, err := stdlibNotice(dir)
	if err != nil {
		return nil, err
	}
	out := []about.Notice{std}
	var errs []error
	for _, m := range modules {
		files, err := moduleNotices(m)
		if err == nil {
			var n about.Notice
			n, err = notice(m.path, m.version, about.SourceGo, files)
			out = append(out, n)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("Go module %s %s: %w", m.path, m.version, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	mods := out[1:]
	sort.Slice(mods, func(i, j int) bool { return mods[i].Name < mods[j].Name })
	return out, nil
}

// goList lists the packages the main package in dir depends on when built
// with tags for goos/goarch. cgo is on, as the desktop build needs it.
func goList(dir, tags, goos, goarch string) ([]listed, error) {
	cmd := exec.Command("go", "list", "-deps", "-tags", tags, "-json=Dir,Standard,Module", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list for %s/%s: %w\n%s", goos, goarch, err, stderr.String())
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("read go list for %s/%s: %w", goos, goarch, err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// moduleNotices reads the notice files of a module: those at its root, and
// those in the folders between a linked package and the root, where a module
// keeps code it copied from elsewhere under that code's own licence.
func moduleNotices(m *linkedModule) ([]noticeText, error) {
	dirs := map[string]bool{m.dir: true}
	for d := range m.pkgDirs {
		for ; strings.HasPrefix(d, m.dir+string(filepath.Separator)); d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	var out []noticeText
	for _, d := range sortedKeys(dirs) {
		files, err := readNotices(m.dir, d)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	return out, nil
}

// stdlibNotice is the Go standard library's notice, from the toolchain that
// lists the modules (and builds the binary).
func stdlibNotice(dir string) (about.Notice, error) {
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return about.Notice{}, fmt.Errorf("go env GOROOT: %w", err)
	}
	root := strings.TrimSpace(string(out))
	files, err := readNotices(root, root)
	if err != nil {
		return about.Notice{}, fmt.Errorf("Go standard library: %w", err)
	}
	// The version is left to the binary: see about.Notices.
	n, err := notice(about.GoStdlib, "", about.SourceGo, files)
	if err != nil {
		return about.Notice{}, fmt.Errorf("Go standard library in %s: %w", root, err)
	}
	return n, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
