//go:build e2e

package crash

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"herald/test/serve"
)

// An import killed midway keeps the rows committed before the kill, and the
// next start says so in the activity log, with how far it got; importing
// the file again finishes it without a duplicate.
func TestImportKilledMidwayIsToldAfterRestartAndFinishedByImportingAgain(t *testing.T) {
	const rows = 200000
	data := t.TempDir()
	h := startServer(t, data)
	csv := serve.ContactsCSV(rows)
	file := h.Upload(t, "clientes.csv", csv)
	progress := h.Await(t, "import:progress", serve.RowsPast(20000))
	go func() { _ = h.Call("ContactService", "Import", nil, file, map[string]any{}) }()
	// Rows are committed 5,000 at a time: past 20,000 read, some are.
	select {
	case <-progress:
	case <-time.After(60 * time.Second):
		t.Fatal("the import did not get past 20,000 rows in a minute")
	}
	h.Kill(t)

	h = startServer(t, data)
	var summary string
	serve.WaitUntil(t, "the activity log tells of the import", 30*time.Second, func() (bool, error) {
		var page struct {
			Items []struct {
				Action  string `json:"action"`
				Summary string `json:"summary"`
			} `json:"items"`
		}
		err := h.Call("ActivityService", "List", &page, map[string]any{"limit": 20})
		for _, e := range page.Items {
			if e.Action == "import interrupted" {
				summary = e.Summary
			}
		}
		return summary != "", err
	})
	m := regexp.MustCompile(`^Import of clientes\.csv stopped after ([\d,]+) rows .*import the file again to finish`).FindStringSubmatch(summary)
	if m == nil {
		t.Fatalf("activity entry %q", summary)
	}
	told, _ := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
	var page struct {
		Total int64 `json:"total"`
	}
	// List waits while the contacts are being prepared after the kill.
	h.Must(t, "ContactService", "List", &page, map[string]any{"limit": 1})
	if told < 10000 || told != page.Total {
		t.Errorf("the activity log says %d rows were imported; the book has %d contacts", told, page.Total)
	}
	var preparing bool
	h.Must(t, "ContactService", "Preparing", &preparing)
	if preparing {
		t.Error("still preparing after List answered")
	}
	// The rows imported before the kill are found again, with nothing new.
	var res struct {
		Created   int64 `json:"created"`
		Unchanged int64 `json:"unchanged"`
	}
	h.Must(t, "ContactService", "Import", &res, h.Upload(t, "clientes.csv", csv), map[string]any{})
	h.Must(t, "ContactService", "List", &page, map[string]any{"limit": 1})
	if res.Created != rows-told || res.Unchanged != told || page.Total != rows {
		t.Errorf("importing again created %d and found %d unchanged, leaving %d contacts; want %d, %d and %d", res.Created, res.Unchanged, page.Total, rows-told, told, rows)
	}
	h.Stop(t)
}

// A brand-new data folder has nothing to repair and nothing to warn of.
func TestNewDataFolder_StartsWithoutAWarning(t *testing.T) {
	data := t.TempDir()
	h := startServer(t, data)
	h.Must(t, "SettingsService", "Info", nil)
	h.Stop(t)
	log, err := os.ReadFile(filepath.Join(data, "herald.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(log), "\n") {
		if strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") {
			t.Errorf("herald.log of a new data folder: %s", line)
		}
	}
}
