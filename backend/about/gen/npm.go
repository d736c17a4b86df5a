package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"herald/backend/about"
)

// packageJSON is the part of a package.json the generator reads.
type packageJSON struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	License              json.RawMessage   `json:"license"`
	Licenses             []licenseObject   `json:"licenses"`
	Dependencies         map[string]string `json:"dependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
	PeerDependenciesMeta map[string]struct {
		Optional bool `json:"optional"`
	} `json:"peerDependenciesMeta"`
}

// licenseObject is the old form of package.json's licence: {"type": "MIT"}.
type licenseObject struct {
	Type string `json:"type"`
}

// licence is the package's licence as its package.json declares it, "" when
// it declares none.
func (p packageJSON) licence() string {
	var s string
	if json.Unmarshal(p.License, &s) == nil && s != "" {
		return s
	}
	var o licenseObject
	if json.Unmarshal(p.License, &o) == nil && o.Type != "" {
		return o.Type
	}
	var types []string
	for _, l := range p.Licenses {
		types = append(types, l.Type)
	}
	if len(types) > 1 {
		return "(" + strings.Join(types, " OR ") + ")"
	}
	return strings.Join(types, "")
}

// npmNotices returns the notices of the npm packages the frontend in dir
// bundles: its package.json's dependencies and theirs, found the way Node
// finds them in dir/node_modules. Development dependencies (the bundler)
// are not shipped and are left out.
func npmNotices(dir string) ([]about.Notice, error) {
	root, err := readPackageJSON(dir)
	if err != nil {
		return nil, err
	}
	var (
		out  []about.Notice
		errs []error
		seen = map[string]bool{}
	)
	var visit func(from string, deps map[string]bool) error
	visit = func(from string, deps map[string]bool) error {
		for _, name := range sortedKeys(deps) {
			pkgDir, ok := resolve(dir, from, name)
			if !ok {
				if deps[name] {
					return fmt.Errorf("npm package %s (needed by %s) is not in %s: run 'npm ci' in %s", name, packageName(dir, from), filepath.Join(dir, "node_modules"), dir)
				}
				continue
			}
			if seen[pkgDir] {
				continue
			}
			seen[pkgDir] = true
			pkg, err := readPackageJSON(pkgDir)
			if err != nil {
				return err
			}
			n, err := npmNotice(pkgDir, pkg)
			if err != nil {
				errs = append(errs, fmt.Errorf("npm package %s %s: %w", pkg.Name, pkg.Version, err))
			} else {
				out = append(out, n)
			}
			if err := visit(pkgDir, pkg.dependencies(false)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(dir, root.dependencies(true)); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Version < out[j].Version
	})
	// Two copies of one version (nested where their dependants' ranges
	// did not meet) are one library.
	return slices.Compact(out), nil
}

// dependencies maps the names of the packages p needs when it runs to
// whether they must be installed. The project itself (top) declares what
// it bundles; its peers and optional dependencies are its own choice.
func (p packageJSON) dependencies(top bool) map[string]bool {
	deps := map[string]bool{}
	for name := range p.Dependencies {
		deps[name] = true
	}
	if top {
		return deps
	}
	for name := range p.OptionalDependencies {
		deps[name] = false
	}
	// npm installs peers since version 7; a package that names one uses it.
	for name := range p.PeerDependencies {
		deps[name] = !p.PeerDependenciesMeta[name].Optional
	}
	return deps
}

// resolve finds the package name needed by the package in from, as Node
// does: in from's node_modules, then in each enclosing folder's, up to the
// project's (top).
func resolve(top, from, name string) (string, bool) {
	for d := from; ; d = filepath.Dir(d) {
		if filepath.Base(d) != "node_modules" {
			p := filepath.Join(d, "node_modules", filepath.FromSlash(name))
			if fi, err := os.Stat(filepath.Join(p, "package.json")); err == nil && !fi.IsDir() {
				return p, true
			}
		}
		if d == top || len(d) <= len(top) {
			return "", false
		}
	}
}

// packageName names the package in dir for a message.
func packageName(top, dir string) string {
	if dir == top {
		return "package.json"
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil {
		return dir
	}
	return filepath.ToSlash(rel)
}

func readPackageJSON(dir string) (packageJSON, error) {
	var p packageJSON
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return p, fmt.Errorf("no package.json in %s", dir)
	}
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("read %s: %w", filepath.Join(dir, "package.json"), err)
	}
	return p, nil
}

// npmNotice is the notice of the package in dir: its licence as its
// package.json declares it (as the files say when it declares none), and
// its licence and notice files.
func npmNotice(dir string, pkg packageJSON) (about.Notice, error) {
	files, err := readNotices(dir, dir)
	if err != nil {
		return about.Notice{}, err
	}
	declared := pkg.licence()
	if declared == "" {
		return notice(pkg.Name, pkg.Version, about.SourceNPM, files)
	}
	if !hasLicenceFile(files) {
		return about.Notice{}, errors.New("no licence file")
	}
	return about.Notice{Name: pkg.Name, Version: pkg.Version, License: declared, Source: about.SourceNPM, Text: joinTexts(files)}, nil
}

func hasLicenceFile(files []noticeText) bool {
	for _, f := range files {
		if f.IsLicence {
			return true
		}
	}
	return false
}
