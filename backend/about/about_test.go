package about

import (
	"runtime"
	"strings"
	"testing"
)

func TestNotices_CarryTheLicenceOfEachBundledLibrary(t *testing.T) {
	list, err := Notices()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Notice{}
	for _, n := range list {
		if n.Name == "" || n.License == "" || strings.TrimSpace(n.Text) == "" {
			t.Errorf("incomplete notice %+v", n)
		}
		if n.Source != SourceGo && n.Source != SourceNPM {
			t.Errorf("%s: source %q", n.Name, n.Source)
		}
		if _, dup := byName[n.Source+" "+n.Name+" "+n.Version]; dup {
			t.Errorf("%s %s listed twice", n.Name, n.Version)
		}
		byName[n.Source+" "+n.Name+" "+n.Version] = n
		byName[n.Source+" "+n.Name] = n
	}
	for _, want := range []struct{ source, name, licence, phrase string }{
		{SourceGo, GoStdlib, "BSD-3-Clause", "The Go Authors"},
		{SourceGo, "gorm.io/gorm", "MIT", "Permission is hereby granted"},
		{SourceGo, "github.com/wailsapp/wails/v2", "Apache-2.0 AND MIT", "Lea Anthony"},
		{SourceGo, "github.com/glebarez/sqlite", "MIT", "Permission is hereby granted"},
		{SourceGo, "golang.org/x/sys", "BSD-3-Clause", "Additional IP Rights Grant (Patents)"},
		{SourceNPM, "bootstrap", "MIT", "The Bootstrap Authors"},
		{SourceNPM, "chart.js", "MIT", "Chart.js Contributors"},
		{SourceNPM, "jquery", "MIT", "OpenJS Foundation"},
	} {
		n, ok := byName[want.source+" "+want.name]
		if !ok {
			t.Errorf("no notice for %s", want.name)
			continue
		}
		if n.License != want.licence || !strings.Contains(n.Text, want.phrase) {
			t.Errorf("%s: licence %q (want %q), text without %q:\n%.200s", want.name, n.License, want.licence, want.phrase, n.Text)
		}
	}
	if v := byName[SourceGo+" "+GoStdlib].Version; v == "" || !strings.Contains(runtime.Version(), v) {
		t.Errorf("Go standard library version %q, built with %s", v, runtime.Version())
	}
}
