package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// FileFilter narrows a file dialog to some kinds of file.
type FileFilter struct {
	DisplayName string `json:"displayName"` // "Contact files (*.csv, *.vcf, *.xlsx)"
	Pattern     string `json:"pattern"`     // "*.csv;*.vcf;*.xlsx"
}

// DialogService opens the operating system's file dialogs. It exists only in
// the desktop window; in a browser the page uploads and downloads instead.
type DialogService struct {
	ctx context.Context
}

func (d *DialogService) ready() error {
	if d.ctx == nil {
		return fmt.Errorf("the window is not open yet")
	}
	return nil
}

// OpenFile asks for a file to read and returns its path, or "" when the
// user cancels.
func (d *DialogService) OpenFile(title string, filters []FileFilter) (string, error) {
	if err := d.ready(); err != nil {
		return "", err
	}
	path, err := runtime.OpenFileDialog(d.ctx, runtime.OpenDialogOptions{Title: title, Filters: wailsFilters(filters)})
	if err != nil {
		return "", fmt.Errorf("open file dialog: %w", err)
	}
	return path, nil
}

// SaveFile asks where to write a file and returns the path, or "" when the
// user cancels.
func (d *DialogService) SaveFile(title, defaultName string, filters []FileFilter) (string, error) {
	if err := d.ready(); err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(d.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, Filters: wailsFilters(filters)})
	if err != nil {
		return "", fmt.Errorf("save file dialog: %w", err)
	}
	return path, nil
}

// OpenFolder asks for a folder and returns its path, or "" when the user
// cancels.
func (d *DialogService) OpenFolder(title string) (string, error) {
	if err := d.ready(); err != nil {
		return "", err
	}
	path, err := runtime.OpenDirectoryDialog(d.ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
	if err != nil {
		return "", fmt.Errorf("open folder dialog: %w", err)
	}
	return path, nil
}

func wailsFilters(filters []FileFilter) []runtime.FileFilter {
	out := make([]runtime.FileFilter, 0, len(filters))
	for _, f := range filters {
		if p := dialogPattern(f.Pattern); p != "" {
			out = append(out, runtime.FileFilter{DisplayName: f.DisplayName, Pattern: p})
		}
	}
	return out
}

// dialogPattern writes a filter's pattern the one way every platform's
// dialog reads: "*.csv;*.tsv". Windows' dialog takes the list as it is (a
// space after the ; becomes part of the next pattern, a comma is no
// separator), GTK adds each part as a glob, and a save dialog on Windows
// appends the first one's extension to a name typed without one. So a
// list written "csv, .tsv; *.xlsx" by a page still filters as meant.
func dialogPattern(pattern string) string {
	var parts []string
	for _, p := range strings.FieldsFunc(pattern, func(r rune) bool { return r == ';' || r == ',' }) {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			continue
		case p == "*.*": // every file on Windows, only names with a dot in GTK
			p = "*"
		case strings.HasPrefix(p, "."):
			p = "*" + p
		case !strings.ContainsAny(p, "*?"):
			p = "*." + p
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ";")
}
