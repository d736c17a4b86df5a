package store

import (
	"database/sql/driver"
	"path/filepath"
	"strings"
	"testing"
)

// A process opens many databases (tests do, one after the other): every
// Open after the first that registered a function must succeed too, and
// every database must have the function.
func TestOpenTwiceInOneProcess(t *testing.T) {
	twice := Function{Name: "herald_test_twice", Args: 1, Deterministic: true,
		Fn: func(args []driver.Value) (driver.Value, error) { return args[0], nil }}
	for i := range 3 {
		db, err := Open(filepath.Join(t.TempDir(), "herald.db"), twice)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var got int64
		if err := db.Raw("SELECT herald_test_twice(?)", 41+i).Scan(&got).Error; err != nil || got != int64(41+i) {
			t.Errorf("open %d: herald_test_twice gave %d, %v", i, got, err)
		}
		if err := Close(db); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpen_RefusesFunctionsItCannotRegister(t *testing.T) {
	id := func(args []driver.Value) (driver.Value, error) { return nil, nil }
	for name, funcs := range map[string][]Function{
		"not named herald_": {{Name: "lower2", Args: 1, Fn: id}},
		"no function":       {{Name: "herald_test_nil", Args: 1}},
		"given twice":       {{Name: "herald_test_dup", Args: 1, Fn: id}, {Name: "herald_test_dup", Args: 2, Fn: id}},
		"store's own again": {{Name: hasBitSQL, Args: 2, Fn: id}},
	} {
		if db, err := Open(filepath.Join(t.TempDir(), "herald.db"), funcs...); err == nil {
			Close(db)
			t.Errorf("%s: opened without complaint", name)
		}
	}
}

// A trigger calling a function this process never registered fails the
// write that fires it, in words that name the function and what to do.
func TestOpen_ExplainsAMissingFunction(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	for _, stmt := range []string{
		`CREATE TABLE t (x INTEGER)`,
		`CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN SELECT herald_test_never(NEW.x); END`,
	} {
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	err = db.Exec(`INSERT INTO t (x) VALUES (1)`).Error
	if err == nil {
		t.Fatal("a write whose trigger calls an unregistered function succeeded")
	}
	for _, want := range []string{"SQL function herald_test_never", "did not register", "store.Open", "no such function: herald_test_never"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// SQLite's own functions keep SQLite's words.
	err = db.Exec(`SELECT no_such_thing(1)`).Error
	if err == nil || strings.Contains(err.Error(), "did not register") {
		t.Errorf("a typo in SQL gave %v", err)
	}
}

func TestClose_FreesTheMemoryOpenHeld(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	h, ok := db.Config.Plugins[heldMemoryName].(*heldMemory)
	if !ok || len(h.blocks) != 9 {
		t.Fatalf("the database holds %v, want a block of each class from 1 KB to 256 KB", h)
	}
	if err := Close(db); err != nil {
		t.Fatal(err)
	}
	if len(h.blocks) != 0 {
		t.Errorf("Close left %d blocks held", len(h.blocks))
	}
}
