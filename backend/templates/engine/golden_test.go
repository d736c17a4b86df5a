package engine

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestRender_MatchesGoldenOutput pins what a realistic campaign sends to its
// first contacts. A diff here means an upgrade would change the text of a
// resend or a preview already shown: update the file (go test -update) only
// when that is intended.
func TestRender_MatchesGoldenOutput(t *testing.T) {
	tmpl := mustCompile(t, benchBody)
	now := time.Date(2025, time.March, 4, 9, 30, 0, 0, time.UTC)
	var b strings.Builder
	for i, c := range benchContacts(8) {
		out, err := tmpl.Render(Context{Contact: c, Now: now, Seed: Seed(1, int64(i))})
		if err != nil {
			t.Fatalf("contact %d: %v", i, err)
		}
		fmt.Fprintf(&b, "--- contact %d\n%s\n", i, out)
	}
	path := filepath.Join("testdata", "render.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("render differs from %s:\n%s", path, b.String())
	}
}
