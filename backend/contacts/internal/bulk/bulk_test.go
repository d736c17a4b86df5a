package bulk

import (
	"slices"
	"strings"
	"testing"
)

// A big file into a book no bigger goes in bulk; a big enough file into a
// much bigger book goes without the orders' triggers; a small one neither.
func TestFor(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		size, existing int64
		want           Plan
	}{
		{MinRows * bytesPerRowGuess, 0, Plan{Bulk: true, Empty: true, Rows: MinRows}},
		{MinRows * bytesPerRowGuess, MinRows, Plan{Bulk: true, Rows: MinRows}},
		{MinRows * bytesPerRowGuess, MinRows + 1, Plan{WithoutTriggers: true, Rows: MinRows}},
		{RebuildMinRows * bytesPerRowGuess, RebuildMinRows * rebuildRatio, Plan{WithoutTriggers: true, Rows: RebuildMinRows}},
		{RebuildMinRows * bytesPerRowGuess, RebuildMinRows*rebuildRatio + 1, Plan{Rows: RebuildMinRows}},
		{(RebuildMinRows - 1) * bytesPerRowGuess, 0, Plan{Empty: true, Rows: RebuildMinRows - 1}},
	} {
		if got := For(c.size, c.existing); got != c.want {
			t.Errorf("For(%d, %d) = %+v, want %+v", c.size, c.existing, got, c.want)
		}
	}
}

// Down takes the name index and the orders' triggers down.
func TestDown(t *testing.T) {
	t.Parallel()
	ddl := Down()
	if !slices.Contains(ddl, "DROP INDEX IF EXISTS contacts_name") {
		t.Errorf("Down keeps the name index: %q", ddl)
	}
	triggers := 0
	for _, stmt := range ddl {
		if strings.HasPrefix(stmt, "DROP TRIGGER IF EXISTS contacts_order_") {
			triggers++
		}
	}
	if triggers == 0 {
		t.Errorf("Down keeps the orders' triggers: %q", ddl)
	}
}
