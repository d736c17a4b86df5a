package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each file in testdata/licences is a real copy of the licence its name says.
func TestIdentify_RecognisesEachLicenceHeraldShips(t *testing.T) {
	files, err := os.ReadDir("testdata/licences")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("testdata/licences", f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if got := identify(string(b)); got != f.Name() {
			t.Errorf("%s identified as %q", f.Name(), got)
		}
		// A copy rewrapped and re-indented is the same licence.
		rewrapped := strings.Join(strings.Fields(string(b)), "\n   ")
		if got := identify(rewrapped); got != f.Name() {
			t.Errorf("%s rewrapped identified as %q", f.Name(), got)
		}
	}
}

func TestIdentify_LeavesOtherTextsUnknown(t *testing.T) {
	for name, text := range map[string]string{
		"GPL-3.0":  "GNU GENERAL PUBLIC LICENSE Version 3, 29 June 2007. Everyone is permitted to copy and distribute verbatim copies",
		"BSD-4":    "Redistribution and use in source and binary forms, with or without modification, are permitted provided that: Neither the name of the University nor the names of its contributors may be used. All advertising materials mentioning features or use of this software must display the following acknowledgement",
		"MPL-1.1":  "MOZILLA PUBLIC LICENSE Version 1.1 1. Definitions.",
		"a README": "Herald runs a small business's WhatsApp communications.",
	} {
		if got := identify(text); got != "" {
			t.Errorf("%s identified as %q", name, got)
		}
	}
}

func TestModuleNotices_TakesLicencesOfLinkedSubfoldersToo(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "LICENSE", readLicence(t, "MIT"))
	write(t, dir, "PATENTS", "Additional IP Rights Grant (Patents)")
	write(t, dir, "license.go", "package x")
	write(t, dir, "internal/copied/LICENSE.txt", readLicence(t, "Apache-2.0"))
	write(t, dir, "internal/copied/AUTHORS", "Someone <someone@example.com>")
	write(t, dir, "internal/copied/sub/sub.go", "package sub")
	// Not linked: its licence does not travel with the binary.
	write(t, dir, "cmd/tool/LICENSE", readLicence(t, "MPL-2.0"))
	m := &linkedModule{path: "example.com/x", version: "v1.0.0", dir: dir, pkgDirs: map[string]bool{
		dir: true, filepath.Join(dir, "internal", "copied", "sub"): true,
	}}
	files, err := moduleNotices(m)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	want := "LICENSE PATENTS internal/copied/LICENSE.txt internal/copied/AUTHORS"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("files %q, want %q", got, want)
	}
	n, err := notice(m.path, m.version, "go", files)
	if err != nil {
		t.Fatal(err)
	}
	if n.License != "Apache-2.0 AND MIT" {
		t.Errorf("licence %q", n.License)
	}
	if !strings.HasPrefix(n.Text, "==> LICENSE <==\n\nThe MIT License") || !strings.Contains(n.Text, "==> internal/copied/AUTHORS <==\n\nSomeone") {
		t.Errorf("text does not name each file before its text:\n%.300s", n.Text)
	}
}

func TestNotice_FailsWithoutALicenceOrOnAnUnknownOne(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "NOTICE", "Made by someone.")
	files, err := readNotices(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := notice("example.com/x", "v1", "go", files); err == nil || !strings.Contains(err.Error(), "no licence") {
		t.Errorf("a module with only a NOTICE: %v", err)
	}
	write(t, dir, "COPYING", "You may do what you like, on Tuesdays.")
	files, _ = readNotices(dir, dir)
	if _, err := notice("example.com/x", "v1", "go", files); err == nil || !strings.Contains(err.Error(), "COPYING is a licence Herald does not recognise") {
		t.Errorf("a module with an unknown licence: %v", err)
	}
}

func TestNotice_LeavesOutREUSEAnnotationsOfOtherFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "LICENSE", readLicence(t, "MIT"))
	write(t, dir, "go.sum.license", "SPDX-FileCopyrightText: Copyright (c) The Authors\n\nSPDX-License-Identifier: MIT")
	files, err := readNotices(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "LICENSE" || files[0].Licence != "MIT" {
		t.Errorf("notices read: %+v; want LICENSE alone, MIT", files)
	}
}

func readLicence(t *testing.T, id string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata/licences", id))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
