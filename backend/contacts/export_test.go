package contacts

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"herald/backend/activity"
	"herald/backend/apperr"
)

func TestExport_CSVNeutralisesFormulasAndKeepsPhonesUsable(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "=HYPERLINK(\"http://evil\",\"x\")", Phone: "+447911123401", Company: "+cmd|' /C calc'!A0",
		Notes: "@SUM(1)", Tags: []string{"-vip"}, CustomFields: map[string]string{"city": "-5 degrees", "plain": "ok"},
		OtherPhones: []OtherPhone{{Number: "+44 7911 123409"}, {Label: "Work", Number: "1"}}})
	mustCreate(t, f.svc, Contact{Name: "Bo", Phone: "+447911123402"})
	path := filepath.Join(t.TempDir(), "out.csv")
	n, err := f.svc.Export(path, Query{})
	if err != nil || n != 2 {
		t.Fatalf("Export = %d, %v", n, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The byte-order mark and CRLF are for Excel on Windows (see sheet.NewCSV).
	text, bom := strings.CutPrefix(string(data), "\ufeff")
	if !bom || !strings.HasSuffix(text, "\r\n") {
		t.Errorf("the export does not start with a BOM and end with CRLF: %q", data)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], ",")
	if head != "Name,Phone,Other phones,Email,Company,Tags,Notes,Opted out,Opted out at,Opted out reason,Created,Updated,city,plain" {
		t.Errorf("header %s", head)
	}
	r := rows[1]
	for i, want := range map[int]string{0: `'=HYPERLINK("http://evil","x")`, 1: "+447911123401", 2: "'+447911123409; Work: 1",
		4: "'+cmd|' /C calc'!A0", 5: "'-vip", 6: "'@SUM(1)", 12: "'-5 degrees", 13: "ok"} {
		if r[i] != want {
			t.Errorf("column %s = %q, want %q", rows[0][i], r[i], want)
		}
	}
	page, _ := f.activity.List(activity.Query{Search: "Exported"})
	if page.Total != 1 {
		t.Error("export not in the activity log")
	}
}

func TestExport_XLSXKeepsPhonesAsTextAndHonoursTheFilter(t *testing.T) {
	f := newService(t)
	a := mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123401", Tags: []string{"vip"}})
	mustCreate(t, f.svc, Contact{Name: "Bo", Phone: "+447911123402", Tags: []string{"vip"}})
	mustCreate(t, f.svc, Contact{Name: "Cy", Phone: "+447911123403"})
	dir := f.svc.exportDir
	n, err := f.svc.Export("vip.xlsx", Query{Tags: []string{"vip"}, Limit: 1, Offset: 1})
	if err != nil || n != 2 {
		t.Fatalf("Export = %d, %v (paging must be ignored)", n, err)
	}
	book, err := excelize.OpenFile(filepath.Join(dir, "vip.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, _ := book.GetRows("Sheet1")
	if len(rows) != 3 || rows[1][1] != "+447911123401" {
		t.Fatalf("rows %v", rows)
	}
	typ, _ := book.GetCellType("Sheet1", "B2")
	if typ == excelize.CellTypeNumber || typ == excelize.CellTypeFormula {
		t.Errorf("phone cell type %v, want text", typ)
	}
	n, err = f.svc.Export("one.csv", Query{IDs: []int64{a.ID}})
	if err != nil || n != 1 {
		t.Errorf("export of a selection = %d, %v", n, err)
	}
	if _, err := f.svc.Export("x.pdf", Query{}); err == nil {
		t.Error("exported to .pdf")
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a refused export left a file")
	}
}

func TestExport_ANameWindowsRefusesIsRefusedInPlainWords(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123401"})
	for _, name := range []string{"Name · 2 Dec 2026 09:00.csv", "CON.csv", `..\contacts.csv`} {
		_, err := f.svc.Export(name, Query{})
		if apperr.KindOf(err) != apperr.KindInvalid || !strings.Contains(err.Error(), "cannot export to that name") {
			t.Errorf("Export(%q) = %v, want a message for the user", name, err)
		}
	}
	if left, _ := os.ReadDir(f.svc.exportDir); len(left) != 0 {
		t.Errorf("refused exports left %d files", len(left))
	}
}

// An export whose caller went away (a browser closing its request; the
// window's Cancel, which CancelExport does through the same context) writes
// no file and says so.
func TestExport_CancelledWritesNoFile(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "Ana", Phone: "+447911123401"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	_, err := WithContext(f.svc, ctx).Export(filepath.Join(dir, "out.csv"), Query{})
	if apperr.KindOf(err) != apperr.KindConflict || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("Export after the caller left = %v, want a plain cancellation", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("files left behind: %v", left)
	}
	// Nothing runs: CancelExport has nothing to stop, and exports go on.
	f.svc.CancelExport()
	if n, err := f.svc.Export(filepath.Join(dir, "out.csv"), Query{}); err != nil || n != 1 {
		t.Errorf("Export after CancelExport with none running = %d, %v", n, err)
	}
}
