package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// frontend lays out a project the way npm does: a nested copy where two
// dependants' version ranges do not meet, a peer, a dev dependency.
func frontend(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mit := readLicence(t, "MIT")
	write(t, dir, "package.json", `{"dependencies": {"app-lib": "^1"}, "devDependencies": {"bundler": "^1"}}`)
	write(t, dir, "node_modules/app-lib/package.json", `{"name": "app-lib", "version": "1.0.0", "license": "MIT",
		"dependencies": {"util": "^2"}, "peerDependencies": {"@scope/peer": "^1", "absent-peer": "^1"},
		"peerDependenciesMeta": {"absent-peer": {"optional": true}}, "optionalDependencies": {"absent-optional": "^1"}}`)
	write(t, dir, "node_modules/app-lib/LICENSE", mit)
	write(t, dir, "node_modules/app-lib/node_modules/util/package.json", `{"name": "util", "version": "2.1.0", "license": {"type": "ISC"}}`)
	write(t, dir, "node_modules/app-lib/node_modules/util/license", readLicence(t, "ISC"))
	write(t, dir, "node_modules/util/package.json", `{"name": "util", "version": "1.0.0", "license": "MIT"}`)
	write(t, dir, "node_modules/util/LICENSE", mit)
	write(t, dir, "node_modules/@scope/peer/package.json", `{"name": "@scope/peer", "version": "3.0.0", "dependencies": {"util": "^1"}}`)
	write(t, dir, "node_modules/@scope/peer/LICENSE.md", readLicence(t, "BSD-3-Clause"))
	write(t, dir, "node_modules/bundler/package.json", `{"name": "bundler", "version": "9.0.0", "license": "MIT"}`)
	write(t, dir, "node_modules/bundler/LICENSE", mit)
	return dir
}

func TestNpmNotices_FollowTheProductionDependenciesAsNodeFindsThem(t *testing.T) {
	list, err := npmNotices(frontend(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range list {
		got = append(got, n.Name+"@"+n.Version+" "+n.License)
		if n.Source != "npm" || n.Text == "" {
			t.Errorf("%s: source %q, text %d bytes", n.Name, n.Source, len(n.Text))
		}
	}
	// The peer's licence is read from its file: its package.json names none.
	want := "@scope/peer@3.0.0 BSD-3-Clause, app-lib@1.0.0 MIT, util@1.0.0 MIT, util@2.1.0 ISC"
	if strings.Join(got, ", ") != want {
		t.Errorf("notices\n %s\nwant\n %s", strings.Join(got, ", "), want)
	}
}

func TestNpmNotices_FailWhenAPackageHasNoLicenceFile(t *testing.T) {
	dir := frontend(t)
	write(t, dir, "node_modules/app-lib/node_modules/util/README.md", "ISC")
	if err := os.Remove(filepath.Join(dir, "node_modules/app-lib/node_modules/util/license")); err != nil {
		t.Fatal(err)
	}
	_, err := npmNotices(dir)
	if err == nil || !strings.Contains(err.Error(), "npm package util 2.1.0: no licence file") {
		t.Errorf("error %v, want one naming util 2.1.0", err)
	}
}

func TestNpmNotices_FailWhenADependencyIsNotInstalled(t *testing.T) {
	dir := frontend(t)
	if err := os.Remove(filepath.Join(dir, "node_modules/@scope/peer/package.json")); err != nil {
		t.Fatal(err)
	}
	_, err := npmNotices(dir)
	if err == nil || !strings.Contains(err.Error(), "@scope/peer (needed by node_modules/app-lib) is not in") {
		t.Errorf("error %v, want one naming the missing peer", err)
	}
}
