package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// licenceFile matches the names of files that hold a licence; their text
// decides the licence id.
var licenceFile = regexp.MustCompile(`(?i)^(.*[-_.])?(licen[cs]e|copying|unlicense)([-_.].*)?$`)

// noticeFile matches the other files a licence asks to keep with the code:
// attributions, patent grants and the authors a copyright line points to.
var noticeFile = regexp.MustCompile(`(?i)^(notice|patents|authors|copyright)([-_.].*)?$`)

// licence is one way of recognising a licence's text. Texts are compared
// lower-cased with white space collapsed, so line breaks and indentation of
// a copy do not matter.
type licence struct {
	id string
	// all must each appear; none must not.
	all, none []string
}

// licences are the licences Herald recognises, most specific first: a BSD
// text would also match a shorter rule, and Apache's appendix may quote
// other licences. An unknown text stops the generator, so that a new
// dependency's licence is looked at by a person before it ships.
var licences = []licence{
	{id: "Apache-2.0", all: []string{"apache license", "version 2.0", "terms and conditions for use, reproduction, and distribution"}},
	{id: "MPL-2.0", all: []string{"mozilla public license", "version 2.0", `"covered software" means`}},
	// GPL-3.0 (go.mau.fi/libsignal, which whatsmeow needs) asks that a
	// program distributed with it be under GPL-3.0 terms as a whole: listed
	// truthfully here, and a decision for whoever releases Herald.
	{id: "GPL-3.0", all: []string{"gnu general public license version 3, 29 june 2007", "terms and conditions"}},
	{id: "CC-BY-4.0", all: []string{"creative commons attribution 4.0 international"}},
	{id: "OFL-1.1", all: []string{"sil open font license", "version 1.1"}},
	{id: "CC0-1.0", all: []string{"cc0 1.0 universal"}},
	{id: "Unlicense", all: []string{"this is free and unencumbered software released into the public domain"}},
	{id: "BSD-3-Clause", all: []string{"redistribution and use in source and binary forms", "neither the name"}, none: []string{"all advertising materials"}},
	{id: "BSD-3-Clause", all: []string{"redistribution and use in source and binary forms", "the names of its contributors may not be used"}, none: []string{"all advertising materials"}},
	{id: "BSD-2-Clause", all: []string{"redistribution and use in source and binary forms", "redistributions in binary form must reproduce"}, none: []string{"all advertising materials", "endorse or promote"}},
	{id: "MIT", all: []string{"permission is hereby granted, free of charge, to any person obtaining a copy", "the above copyright notice and this permission notice shall be included"}},
	{id: "ISC", all: []string{"permission to use, copy, modify, and", "distribute this software for any purpose with or without fee is hereby granted", "copyright notice and this permission notice appear in all copies"}},
	{id: "Zlib", all: []string{"this software is provided 'as-is'", "altered source versions must be plainly marked"}},
	// SQLite's dedication: SPDX has no id for the public domain.
	{id: "LicenseRef-Public-Domain", all: []string{"has been dedicated to the public domain"}},
}

var space = regexp.MustCompile(`\s+`)

// identify returns the SPDX id of a licence text, or "" when Herald does not
// recognise it.
func identify(text string) string {
	t := space.ReplaceAllString(strings.ToLower(text), " ")
	// Curly quotes and Markdown emphasis in some copies.
	t = strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'", "*", "", "_", "").Replace(t)
rules:
	for _, l := range licences {
		for _, s := range l.all {
			if !strings.Contains(t, s) {
				continue rules
			}
		}
		for _, s := range l.none {
			if strings.Contains(t, s) {
				continue rules
			}
		}
		return l.id
	}
	return ""
}

// noticeText is one file's text, as it travels with the binary.
type noticeText struct {
	// Path is the file's path inside the library ("LICENSE",
	// "internal/typescriptify/LICENSE.txt").
	Path string
	Text string
	// IsLicence is true for a licence file, false for a notice or authors
	// file.
	IsLicence bool
	// Licence is a licence file's id; "" when Herald does not recognise it.
	Licence string
}

// readNotices reads the licence and notice files directly in dir, naming
// them by their path under root.
func readNotices(root, dir string) ([]noticeText, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []noticeText
	for _, e := range entries {
		name := e.Name()
		isLicence := licenceFile.MatchString(name)
		if e.IsDir() || !(isLicence || noticeFile.MatchString(name)) || isSource(name) || isSidecar(name) {
			continue
		}
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return nil, err
		}
		n := noticeText{Path: filepath.ToSlash(rel), Text: cleanText(b), IsLicence: isLicence}
		if isLicence {
			n.Licence = identify(n.Text)
		}
		out = append(out, n)
	}
	// Licences first: the authors and notices a licence points to follow it.
	sort.SliceStable(out, func(i, j int) bool { return out[i].IsLicence && !out[j].IsLicence })
	return out, nil
}

// isSidecar tells a REUSE annotation of another file (go.sum.license: the
// copyright and SPDX id of go.sum) from a licence: it holds no licence
// text, and the library's own licence file is beside it.
func isSidecar(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".license") && len(lower) > len(".license")
}

// isSource tells a program file that happens to be named like a notice
// (license.go, copyright_test.go) from a notice.
func isSource(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".go", ".js", ".mjs", ".cjs", ".ts", ".json", ".c", ".h", ".s":
		return true
	}
	return false
}

// cleanText makes a file's text stable across checkouts: LF line ends, valid
// UTF-8, no trailing blank lines.
func cleanText(b []byte) string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	// Leading spaces stay: they centre some licences' titles.
	return strings.TrimRight(strings.TrimLeft(s, "\n"), " \t\n")
}

// joinTexts is the text of a library with several files: each under its
// path, so a reader knows which part of the code it covers.
func joinTexts(files []noticeText) string {
	if len(files) == 1 {
		return files[0].Text
	}
	var b strings.Builder
	for i, f := range files {
		if i > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "==> %s <==\n\n%s", f.Path, f.Text)
	}
	return b.String()
}

// expression joins the distinct licence ids of a library's files with AND
// (files beside each other cover different parts of the code). It fails on
// a licence file Herald does not recognise, so that a new dependency's
// licence is read by a person before it ships.
func expression(files []noticeText) (string, error) {
	seen := map[string]bool{}
	var ids []string
	for _, f := range files {
		if f.IsLicence && f.Licence == "" {
			return "", fmt.Errorf("%s is a licence Herald does not recognise: read it, and add it to the licences in backend/about/gen/licence.go", f.Path)
		}
		if f.Licence != "" && !seen[f.Licence] {
			seen[f.Licence] = true
			ids = append(ids, f.Licence)
		}
	}
	if len(ids) == 0 {
		return "", errors.New("no licence file")
	}
	sort.Strings(ids)
	return strings.Join(ids, " AND "), nil
}
