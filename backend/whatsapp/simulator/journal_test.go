package simulator

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestJournal_TornLastLineIsSkippedAndTheNextLineStartsClean(t *testing.T) {
	dir := t.TempDir()
	torn := `{"id":"a","to":"+4915100000001","text":"hi","at":"2026-01-02T10:00:00Z"}` + "\n" + `{"id":"b","to":"+49`
	if err := os.WriteFile(filepath.Join(dir, JournalFile), []byte(torn), 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := openJournal(journalPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := j.taken("a", false); !ok {
		t.Fatal("complete line a not loaded")
	}
	if _, ok := j.taken("b", false); ok {
		t.Fatal("torn line b counted as sent")
	}
	if wrote, err := j.add(JournalEntry{ID: "c", To: "+4915100000003", Text: "x", At: time.Now()}, false); err != nil || !wrote {
		t.Fatalf("add c = %v, %v", wrote, err)
	}
	if wrote, _ := j.add(JournalEntry{ID: "a"}, false); wrote {
		t.Fatal("add of a known ID wrote a line")
	}
	if err := j.close(); err != nil {
		t.Fatal(err)
	}
	entries, err := ReadJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"a", "c"}) {
		t.Fatalf("journal IDs %v, want [a c]", ids)
	}
}

func TestConfig_ValidateRejectsOutOfRangeSettings(t *testing.T) {
	for name, c := range map[string]Config{
		"rate above 1":   {FailRate: 1.5},
		"negative rate":  {ReplyRate: -0.1},
		"min above max":  {LatencyMinMs: 10, LatencyMaxMs: 5},
		"negative limit": {RateLimitPerSec: -1},
		"negative scan":  {AutoScanSec: -1},
	} {
		if c.Validate() == nil {
			t.Errorf("%s: Validate accepted %+v", name, c)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
}
