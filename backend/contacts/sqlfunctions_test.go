package contacts

import (
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/contacts/internal/search"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
)

// withoutFunctionsEnv names, in the second process of
// TestOpen_WithoutTheContactsFunctions, the database it opens.
const withoutFunctionsEnv = "HERALD_TEST_OPEN_WITHOUT_CONTACT_FUNCTIONS"

// A program that opens herald.db without the contacts package's SQL
// functions (a fresh process, which has none registered) can read it and
// write its other tables; a write to contacts, whose triggers call the
// functions, and a contacts service fail in words that name the functions
// and what to do. The test runs that program as a second process of its own
// test binary, since the functions, once registered, stay for the life of
// the process.
func TestOpen_WithoutTheContactsFunctions(t *testing.T) {
	if path := os.Getenv(withoutFunctionsEnv); path != "" {
		openWithoutFunctions(t, path)
		return
	}
	path := filepath.Join(t.TempDir(), "herald.db")
	svc, closeDB := openService(t, path)
	ana := mustCreate(t, svc, Contact{Name: "Ana Souza", Phone: "07911 123456", Tags: []string{"vip"}})
	closeDB()

	cmd := exec.Command(os.Args[0], "-test.run=^TestOpen_WithoutTheContactsFunctions$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), withoutFunctionsEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestOpen_WithoutTheContactsFunctions") {
		t.Fatalf("the process without the functions: %v\n%s", err, out)
	}

	// The failed writes left the book as it was, and with the functions
	// it takes writes again.
	svc, closeDB = openService(t, path)
	defer closeDB()
	ana.Name = "Ana Lima"
	if _, err := svc.Update(ana); err != nil {
		t.Fatalf("update with the functions: %v", err)
	}
	page, err := svc.List(Query{Search: "lima"})
	if err != nil || page.Total != 1 {
		t.Errorf("search after the update: %+v, %v", page, err)
	}
}

// openService opens the contacts service on the database at path, with
// the package's functions.
func openService(t *testing.T, path string) (*Service, func()) {
	t.Helper()
	db, err := store.Open(path, SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := &events.Recorder{}
	svc, err := NewService(db, activity.NewLog(db, rec, log), rec, log, fixedSettings{"defaultCountry": "GB"}, userfiles.Desktop(t.TempDir()))
	if err != nil {
		store.Close(db)
		t.Fatal(err)
	}
	<-svc.ready
	return svc, func() { store.Close(db) }
}

// openWithoutFunctions is the second process's side of
// TestOpen_WithoutTheContactsFunctions.
func openWithoutFunctions(t *testing.T, path string) {
	db, err := store.Open(path)
	if err != nil {
		t.Fatalf("open without the contacts functions: %v", err)
	}
	defer store.Close(db)
	// The process is fresh: nothing registered the functions behind Open's
	// back.
	for _, f := range SQLFunctions() {
		var n int64
		if err := db.Raw("SELECT count(*) FROM pragma_function_list WHERE name = ?", f.Name).Scan(&n).Error; err != nil || n != 0 {
			t.Fatalf("%s is registered in a process that never asked for it (%v)", f.Name, err)
		}
	}

	var name string
	if err := db.Raw("SELECT name FROM contacts").Scan(&name).Error; err != nil || name != "Ana Souza" {
		t.Errorf("read the contacts: %q, %v", name, err)
	}
	if err := db.Exec("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', ?)", time.Now().UTC()).Error; err != nil {
		t.Errorf("write a setting: %v", err)
	}

	writes := map[string]string{
		"insert": "INSERT INTO contacts (phone, name, created_at, updated_at) VALUES ('+447911000000', 'Bo', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
		"rename": "UPDATE contacts SET name = 'Ana Lima'",
		"delete": "DELETE FROM contacts",
	}
	for what, stmt := range writes {
		err := db.Exec(stmt).Error
		if err == nil {
			t.Errorf("%s a contact: succeeded without the functions its triggers call", what)
			continue
		}
		for _, want := range []string{"SQL function herald_ids_", "did not register", "store.Open"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s a contact: error %q does not say %q", what, err, want)
			}
		}
	}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := &events.Recorder{}
	_, err = NewService(db, activity.NewLog(db, rec, log), rec, log, fixedSettings{}, userfiles.Desktop(t.TempDir()))
	if err == nil || !strings.Contains(err.Error(), "contacts.SQLFunctions()") || !strings.Contains(err.Error(), search.DocSQL) {
		t.Errorf("a contacts service without the functions: %v", err)
	}
}
