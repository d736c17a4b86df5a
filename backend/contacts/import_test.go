package contacts

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts/importer"
	"herald/backend/events"
	"herald/backend/store"
	"herald/backend/userfiles"
	"herald/backend/winpath"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImport_ReportsBadRowsAndKeepsGoodOnes(t *testing.T) {
	f := newService(t)
	mustCreate(t, f.svc, Contact{Name: "Known", Phone: "+447911123401", Tags: []string{"old"}})
	path := writeFile(t, "leads.csv", strings.Join([]string{
		"name,phone,email,tags,city",
		"Ana,07911 123402,ana@example.com,\"lead, vip\",Leeds", // line 2
		"No Number,,nobody@example.com,,",                      // line 3: skipped
		"Bad Number,12345,,,",                                  // line 4: failed
		"\"Multi",                                              // line 5: a quoted name over two lines
		"Line\",+447911123403,,,York",                          // line 6
		"Known Again,+44 7911 123401,,new,",                    // line 7: updates
		"Ana Twin,07911123402,,,",                              // line 8: same number as line 2
	}, "\n")+"\n")
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 2 || res.Updated != 1 || res.Skipped != 2 || res.Failed != 1 {
		t.Errorf("counts %+v", res)
	}
	want := []RowProblem{
		{Line: 3, Name: "No Number", Skipped: true, Message: "The row has no phone number. Add one to the file to import this contact."},
		{Line: 4, Name: "Bad Number", Phone: "12345", Message: "The number is too short for United Kingdom (+44). Write it with its country code, like +44 7400 123456."},
		{Line: 8, Name: "Ana Twin", Phone: "07911123402", Skipped: true, Message: duplicateProblem("+447911123402", 2)},
	}
	if !reflect.DeepEqual(res.Errors, want) {
		t.Errorf("errors %+v, want %+v", res.Errors, want)
	}
	page, _ := f.svc.List(Query{Search: "ana"})
	if page.Total != 1 || page.Items[0].CustomFields["city"] != "Leeds" || fmt.Sprint(page.Items[0].Tags) != "[lead vip]" {
		t.Errorf("imported Ana: %+v", page.Items)
	}
	if page, _ := f.svc.List(Query{Tags: []string{"old", "new"}}); page.Total != 1 {
		t.Errorf("the known contact did not get the new tag")
	}
	if page, _ := f.svc.List(Query{}); page.Total != 3 {
		t.Errorf("%d contacts, want 3", page.Total)
	}
	report, err := os.ReadFile(filepath.Join(f.svc.exportDir, res.Report))
	if err != nil || !strings.HasPrefix(string(report), "\ufeffLine,Name,Phone,Outcome,What to do\r\n3,No Number,,Skipped,The row has no phone number.") {
		t.Errorf("report %q: %v", report, err)
	}
	acts, _ := f.activity.List(activity.Query{Search: "leads.csv"})
	if acts.Total != 1 || !strings.Contains(acts.Items[0].Summary, "2 created, 1 updated, 2 skipped, 1 failed") {
		t.Errorf("activity %+v", acts.Items)
	}
}

func TestImport_UsesTheMappingTheUserSaved(t *testing.T) {
	f := newServiceIn(t, "DE")
	content := "Full Name;Mobile;Group\nKlaus Weber;0151 23456789;Kunden\n"
	prev, err := f.svc.PreviewImport(writeFile(t, "a.csv", content), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if prev.Delimiter != ";" || prev.SavedMapping || len(prev.Mapping) != 3 {
		t.Fatalf("preview %+v", prev)
	}
	// The user maps Group to a custom field instead of tags, and saves it.
	mapping := []string{"name", "phone", "custom:Team"}
	if _, err := f.svc.Import(writeFile(t, "a.csv", content), ImportOptions{Options: withMapping(mapping), SaveMapping: true}); err != nil {
		t.Fatal(err)
	}
	prev, _ = f.svc.PreviewImport(writeFile(t, "b.csv", "Full Name;Mobile;Group\nJonas;0151 23456780;Lieferanten\n"), ImportOptions{})
	if !prev.SavedMapping || fmt.Sprint(prev.Mapping) != fmt.Sprint(mapping) {
		t.Errorf("second preview %+v", prev)
	}
	if _, err := f.svc.Import(writeFile(t, "b.csv", "Full Name;Mobile;Group\nJonas;0151 23456780;Lieferanten\n"), ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	page, _ := f.svc.List(Query{Search: "jonas"})
	if page.Total != 1 || page.Items[0].CustomFields["Team"] != "Lieferanten" || page.Items[0].Phone != "+4915123456780" {
		t.Errorf("second import ignored the saved mapping: %+v", page.Items)
	}
}

func TestImport_ReadsTheSharedSamples(t *testing.T) {
	for name, country := range map[string]string{"simple_contacts.csv": "US", "semicolon_de.csv": "DE", "contacts.vcf": "US"} {
		t.Run(name, func(t *testing.T) {
			f := newServiceIn(t, country)
			res, err := f.svc.Import(filepath.Join("importer", "testdata", name), ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Created == 0 {
				t.Errorf("nothing imported: %+v", res)
			}
		})
	}
}

// cancelOnProgress cancels the import at its first progress event.
type cancelOnProgress struct{ svc *Service }

func (c *cancelOnProgress) Emit(topic string, _ any) {
	if topic == TopicImportProgress && c.svc != nil {
		c.svc.CancelImport()
	}
}

func TestImport_CancelKeepsWhatWasImported(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "herald.db"), SQLFunctions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	em := &cancelOnProgress{}
	svc, err := NewService(db, activity.NewLog(db, &events.Recorder{}, log), em, log, fixedSettings{"defaultCountry": "GB"}, userfiles.Desktop(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	em.svc = svc
	var sb strings.Builder
	sb.WriteString("name,phone\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "P%d,+4479%08d\n", i, 11000000+i)
	}
	res, err := svc.Import(writeFile(t, "big.csv", sb.String()), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Cancelled || res.Created >= 20000 {
		t.Fatalf("result %+v, want a cancelled, partial import", res)
	}
	page, _ := svc.List(Query{})
	if page.Total != res.Created {
		t.Errorf("%d contacts stored, result says %d created", page.Total, res.Created)
	}
	// A new import can start once the last one stopped.
	em.svc = nil
	if _, err := svc.Import(writeFile(t, "small.csv", "name,phone\nA,+447911123401\n"), ImportOptions{}); err != nil {
		t.Errorf("import after a cancel: %v", err)
	}
}

func withMapping(m []string) importer.Options { return importer.Options{Mapping: m} }

// Importing the same file again finds every number known and changes
// nothing: the rows are counted as unchanged and not rewritten.
func TestImport_SameFileAgainRewritesNothing(t *testing.T) {
	f := newService(t)
	path := writeFile(t, "a.csv", "name,phone,tags\nAna,+447911123401,vip\nBo,+447911123402,\n")
	if _, err := f.svc.Import(path, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := f.svc.List(Query{})
	f.svc.now = func() time.Time { return time.Now().UTC().Add(time.Hour) }
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil || res.Created != 0 || res.Updated != 0 || res.Unchanged != 2 {
		t.Fatalf("second import %+v %v", res, err)
	}
	after, _ := f.svc.List(Query{})
	for i := range before.Items {
		if !after.Items[i].UpdatedAt.Equal(before.Items[i].UpdatedAt) {
			t.Errorf("%s was rewritten", after.Items[i].Name)
		}
	}
	// A row that does add something is still written.
	res, _ = f.svc.Import(writeFile(t, "b.csv", "name,phone,tags\nAna,+447911123401,new\n"), ImportOptions{})
	if page, _ := f.svc.List(Query{Tags: []string{"vip", "new"}}); res.Updated != 1 || page.Total != 1 {
		t.Errorf("an import that adds a tag: %+v, tagged %d", res, page.Total)
	}
}

func TestImportReportName_IsValidOnWindows(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"leads", "leads"},
		{"José Álvarez clientes", "José_Álvarez_clientes"},
		{"Name · 2 Dec 2026 09:00", "Name_·_2_Dec_2026_09_00"},
		{"CON", "_CON"},
		{strings.Repeat("é", 50), strings.Repeat("é", 40)},
		// A cut inside a character made a name the browser could not ask for.
		{strings.Repeat("ab", 19) + "éé", strings.Repeat("ab", 19) + "éé"},
		{strings.Repeat("ab", 19) + "x😀", strings.Repeat("ab", 19) + "x"},
	} {
		got := safeBase(tc.in)
		if got != tc.want {
			t.Errorf("safeBase(%q) = %q, want %q", tc.in, got, tc.want)
		}
		name := "import-problems-" + got + "-20261202-090000.csv"
		if err := winpath.CheckName(name); err != nil || !utf8.ValidString(name) {
			t.Errorf("report name %q: %v", name, err)
		}
	}
}

// A file Herald cannot take is refused in the importer's plain words,
// without the paths and layers of Go's wrapped errors.
func TestPreviewImport_RefusesABadFileInPlainWords(t *testing.T) {
	f := newService(t)
	path := filepath.Join(t.TempDir(), "clientes.xlsx")
	if err := os.WriteFile(path, []byte("PK\x03\x04 not a workbook"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.PreviewImport(path, ImportOptions{})
	want := "Herald could not read clientes.xlsx: the file is not an Excel workbook"
	if apperr.KindOf(err) != apperr.KindInvalid || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), filepath.Dir(path)) {
		t.Errorf("PreviewImport = %v, want %q… without the folder", err, want)
	}
}
