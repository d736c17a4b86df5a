package contacts

import (
	"path/filepath"
	"strings"
	"testing"

	"herald/backend/activity"
	"herald/backend/store"
)

// An import that never ended (the process was killed) is told at the next
// start, with the rows its committed chunks hold, once; an import that
// ended leaves no trace of this kind.
func TestNewService_TellsOfAnImportThatNeverEnded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := store.Open(path, SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	open := func() *Service { return bookOn(t, db, "GB") }
	svc := open()
	ended, err := svc.beginRun("done.csv", svc.now())
	if err != nil {
		t.Fatal(err)
	}
	svc.endRun(ended)
	killed, err := svc.beginRun("clientes.csv", svc.now())
	if err != nil {
		t.Fatal(err)
	}
	if err := commitChunk(db, killed, &runChunk{rows: 85000}); err != nil {
		t.Fatal(err)
	}
	open()
	open()
	page, err := activity.NewService(db).List(activity.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var told []string
	for _, e := range page.Items {
		if e.Action == "import interrupted" {
			told = append(told, e.Summary)
		}
	}
	if len(told) != 1 || !strings.HasPrefix(told[0], "Import of clientes.csv stopped after 85,000 rows") || !strings.Contains(told[0], "import the file again") {
		t.Errorf("activity tells %q; want one entry for clientes.csv at 85,000 rows", told)
	}
}
