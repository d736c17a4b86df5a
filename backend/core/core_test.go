package core

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"herald/backend/events"
)

func TestNew_CreatesPrivateDataDirWithDatabaseAndLog(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Herald")
	rec := &events.Recorder{}
	c, err := New(Options{DataDir: dir, Version: "test", Mode: "browser", Emitter: rec, LocaleCountry: "GB"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("data dir: %v, mode %v", err, st.Mode().Perm())
	}
	for _, f := range []string{DatabaseFile, LogFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s missing: %v", f, err)
		}
	}
	if info := c.Settings.Info(); info.DataDir != dir || info.Mode != "browser" {
		t.Errorf("Info = %+v", info)
	}
	if list, err := c.Settings.Licenses(); err != nil || len(list) < 50 || list[0].Name != "Go standard library" || list[0].Text == "" {
		t.Errorf("Licenses() = %d notices, %v", len(list), err)
	}
	if err := c.Settings.Set("defaultCountry", "DE"); err != nil {
		t.Fatal(err)
	}
	if len(rec.Events(events.TopicActivity)) != 1 {
		t.Error("a settings change did not reach the activity log's listeners")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	log, _ := os.ReadFile(filepath.Join(dir, LogFile))
	if len(log) == 0 {
		t.Error("nothing logged")
	}
}

func TestBindings_AreUniquePointersToStructs(t *testing.T) {
	c, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seen := map[string]bool{}
	for _, b := range c.Bindings() {
		typ := reflect.TypeOf(b.Service)
		if typ.Kind() != reflect.Pointer || typ.Elem().Kind() != reflect.Struct || reflect.ValueOf(b.Service).IsNil() {
			t.Errorf("%s is %v", b.Name, typ)
		}
		if seen[b.Name] {
			t.Errorf("%s bound twice", b.Name)
		}
		seen[b.Name] = true
	}
}

func TestNew_RefusesADataDirAnotherHeraldHasOpen(t *testing.T) {
	// Spaces and accents, as in C:\Users\José Álvarez\AppData\Roaming\Herald.
	dir := filepath.Join(t.TempDir(), "José Álvarez", "Herald")
	first, err := New(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	second, err := New(Options{DataDir: dir})
	if err == nil {
		second.Close()
		t.Fatal("a second Herald opened the data folder the first has open")
	}
	if !errors.Is(err, ErrDataDirInUse) || !strings.Contains(err.Error(), "Herald is already running with the data folder "+dir) {
		t.Errorf("second New: %v", err)
	}
	// The refused one wrote nothing: the log is the first one's.
	log, _ := os.ReadFile(filepath.Join(dir, LogFile))
	if n := strings.Count(string(log), "herald started"); n != 1 {
		t.Errorf("herald.log says %d starts, want 1:\n%s", n, log)
	}
	other, err := New(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("another data folder: %v", err)
	}
	other.Close()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	// The lock file stays behind; only a held lock keeps a Herald out.
	if _, err := os.Stat(filepath.Join(dir, LockFile)); err != nil {
		t.Fatal(err)
	}
	again, err := New(Options{DataDir: dir})
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	again.Close()
}

// The data folder on Windows is %AppData%\Herald, and %AppData% holds the
// user's name: C:\Users\José Álvarez\AppData\Roaming. Herald must start in
// such a folder (spaces, accents, and the # and % a SQLite URI reads).
func TestDefaultDataDir_WithSpacesAndAccentsInTheUserName(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("sets XDG_CONFIG_HOME, which only Linux reads")
	}
	for _, user := range []string{"José Álvarez", "C#Dev", "100% Ana", "Zoë O'Brien-Łukasz 山田"} {
		config := filepath.Join(t.TempDir(), "Users", user, "AppData", "Roaming")
		t.Setenv("XDG_CONFIG_HOME", config)
		dir, err := DefaultDataDir()
		if err != nil || dir != filepath.Join(config, "Herald") {
			t.Errorf("DefaultDataDir() = %q, %v; want Herald in %q", dir, err, config)
			continue
		}
		c, err := New(Options{DataDir: dir})
		if err != nil {
			t.Errorf("start in %q: %v", dir, err)
			continue
		}
		if err := c.Close(); err != nil {
			t.Error(err)
		}
		for _, f := range []string{DatabaseFile, LogFile, LockFile} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s is not in %q: %v", f, dir, err)
			}
		}
	}
}
