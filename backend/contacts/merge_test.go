package contacts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// matchBook is a book with the two people of the report, and a
// file whose rows bring their numbers with other people's details.
func matchBook(t *testing.T) (fixture, Contact, Contact, string) {
	t.Helper()
	f := newService(t)
	tom := mustCreate(t, f.svc, Contact{Name: "Tom Baker", Phone: "+447911123401", Company: "Baker & Sons",
		Tags: []string{"customer"}, CustomFields: map[string]string{"nickname": "Tommy"}})
	jose := mustCreate(t, f.svc, Contact{Name: "José Álvarez", Phone: "+447911123402", Email: "jose@example.com"})
	path := writeFile(t, "leads.csv", strings.Join([]string{
		"name,phone,email,company,tags,nickname",
		"Camila Torres,+44 7911 123401,camila@example.com,Torres SA,lead,Cami", // line 2: Tom's number
		"Valentina Ruiz,07911123402,,Ruiz Ltd,,",                               // line 3: José's number
		"New Person,07911123403,new@example.com,,,",                            // line 4
	}, "\n")+"\n")
	return f, tom, jose, path
}

func TestImport_FillOnlyEmptyFieldsIsTheDefault(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 2 || res.Unchanged != 0 {
		t.Errorf("created %d, updated %d, unchanged %d; want 1, 2, 0", res.Created, res.Updated, res.Unchanged)
	}
	got, _ := f.svc.Get(tom.ID)
	if got.Name != "Tom Baker" || got.Company != "Baker & Sons" || got.Email != "camila@example.com" ||
		got.CustomFields["nickname"] != "Tommy" || !slices.Equal(got.Tags, []string{"customer", "lead"}) {
		t.Errorf("Tom after a fill: %+v", got)
	}
	got, _ = f.svc.Get(jose.ID)
	if got.Name != "José Álvarez" || got.Email != "jose@example.com" || got.Company != "Ruiz Ltd" {
		t.Errorf("José after a fill: %+v", got)
	}
	want := []ContactChange{
		{Line: 2, ID: tom.ID, Phone: tom.Phone, Name: "Tom Baker", Fields: []FieldChange{
			{"Email", "", "camila@example.com"}, {"Tags", "customer", "customer, lead"}}},
		{Line: 3, ID: jose.ID, Phone: jose.Phone, Name: "José Álvarez", Fields: []FieldChange{{"Company", "", "Ruiz Ltd"}}},
	}
	if fmt.Sprint(res.Changes) != fmt.Sprint(want) {
		t.Errorf("changes\n%v\nwant\n%v", res.Changes, want)
	}
	report, err := os.ReadFile(filepath.Join(f.svc.exportDir, res.ChangesReport))
	wantReport := "\ufeffLine,Phone,Name,Field,Before,After\r\n" +
		"2,+447911123401,Tom Baker,Email,,camila@example.com\r\n" +
		"2,+447911123401,Tom Baker,Tags,customer,\"customer, lead\"\r\n" +
		"3,+447911123402,José Álvarez,Company,,Ruiz Ltd\r\n"
	if err != nil || string(report) != wantReport {
		t.Errorf("changes report %q (%v), want %q", report, err, wantReport)
	}
	// Tom's tags, one added to those he had, are his in the tags' bits.
	checkBookInStep(t, f.svc)
}

func TestImport_OverwriteTakesTheFilesValues(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{Matches: MatchesOverwrite})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 2 {
		t.Errorf("created %d, updated %d; want 1, 2", res.Created, res.Updated)
	}
	got, _ := f.svc.Get(tom.ID)
	if got.Name != "Camila Torres" || got.Company != "Torres SA" || got.Email != "camila@example.com" ||
		got.CustomFields["nickname"] != "Cami" || !slices.Equal(got.Tags, []string{"customer", "lead"}) {
		t.Errorf("Tom after an overwrite: %+v", got)
	}
	// An empty cell overwrites nothing.
	got, _ = f.svc.Get(jose.ID)
	if got.Name != "Valentina Ruiz" || got.Email != "jose@example.com" || got.Company != "Ruiz Ltd" {
		t.Errorf("José after an overwrite: %+v", got)
	}
	if len(res.Changes) != 2 || fmt.Sprint(res.Changes[0].Fields[0]) != "{Name Tom Baker Camila Torres}" {
		t.Errorf("changes %v", res.Changes)
	}
}

func TestImport_SkipLeavesMatchingContactsAlone(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	res, err := f.svc.Import(path, ImportOptions{Matches: MatchesSkip})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 0 || res.Unchanged != 2 || len(res.Changes) != 0 || res.ChangesReport != "" {
		t.Errorf("result %+v", res)
	}
	for _, c := range []Contact{tom, jose} {
		got, _ := f.svc.Get(c.ID)
		if !sameContent(got, c) || !got.UpdatedAt.Equal(c.UpdatedAt) {
			t.Errorf("%s changed: %+v", c.Name, got)
		}
	}
	if _, err := f.svc.Import(path, ImportOptions{Matches: "replace"}); err == nil || !strings.Contains(err.Error(), "fill empty fields, overwrite, or skip") {
		t.Errorf("an unknown choice: %v", err)
	}
}

// An opt-out in the file is taken whatever the choice but skip, and an
// import never opts a person back in.
func TestImport_OptOutIsOnlyEverSet(t *testing.T) {
	for _, mode := range []string{MatchesFill, MatchesOverwrite} {
		f := newService(t)
		in := mustCreate(t, f.svc, Contact{Name: "In", Phone: "+447911123401"})
		out := mustCreate(t, f.svc, Contact{Name: "Out", Phone: "+447911123402", OptedOut: true})
		path := writeFile(t, "a.csv", "name,phone,opted out\nIn,+447911123401,yes\nOut,+447911123402,no\n")
		if _, err := f.svc.Import(path, ImportOptions{Matches: mode}); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Get(in.ID); !got.OptedOut {
			t.Errorf("%s: the file's opt-out was not taken", mode)
		}
		if got, _ := f.svc.Get(out.ID); !got.OptedOut {
			t.Errorf("%s: the import opted a person back in", mode)
		}
	}
}

// Rows of one file with the same number are told as duplicates of the
// first, by the lines where they start, and not merged into it.
func TestImport_DuplicatesInOneFileAreToldByLine(t *testing.T) {
	f := newService(t)
	path := writeFile(t, "dups.csv", strings.Join([]string{
		"name,phone,notes",
		"Maria González,+447911123401,",     // line 2
		"Ana,+447911123402,\"two",           // line 3, over two lines
		"lines\"",                           // line 4
		"Dup Maria,07911 123401,",           // line 5: line 2's number
		"\"Dup",                             // line 6, over two lines
		"Ana\",+44 7911 123402,",            // line 7
		"Dup Maria Again,+447911123401,new", // line 8
	}, "\n")+"\n")
	res, err := f.svc.Import(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 2 || res.Updated != 0 || res.Skipped != 3 {
		t.Errorf("created %d, updated %d, skipped %d; want 2, 0, 3", res.Created, res.Updated, res.Skipped)
	}
	var got []string
	for _, p := range res.Errors {
		got = append(got, fmt.Sprintf("%d:%s", p.Line, p.Message))
	}
	want := []string{
		"5:" + duplicateProblem("+447911123401", 2),
		"6:" + duplicateProblem("+447911123402", 3),
		"8:" + duplicateProblem("+447911123401", 2),
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%q\nwant\n%q", got, want)
	}
	if page, _ := f.svc.List(Query{Search: "dup"}); page.Total != 0 {
		t.Errorf("a duplicate row was merged: %+v", page.Items)
	}
	report, _ := os.ReadFile(filepath.Join(f.svc.exportDir, res.Report))
	if !strings.Contains(string(report), "\r\n6,\"Dup\r\nAna\",+44 7911 123402,Skipped,\"This row has the same number (+447911123402) as line 3") {
		t.Errorf("report %q", report)
	}
}

func TestE164Key_TellsNumbersApart(t *testing.T) {
	keys := map[uint64]string{}
	for _, n := range []string{"+447911123401", "+4407911123401", "+1212", "+12120", "+999999999999999"} {
		k, ok := e164Key(n)
		if !ok {
			t.Fatalf("%s has no key", n)
		}
		if other, ok := keys[k]; ok {
			t.Errorf("%s and %s share a key", n, other)
		}
		keys[k] = n
	}
	for _, n := range []string{"", "+", "447911123401", "+0123", "+44 7911", "+1234567890123456"} {
		if _, ok := e164Key(n); ok {
			t.Errorf("%q has a key", n)
		}
	}
}

func TestPreviewMatches_CountsAndShowsEachChoice(t *testing.T) {
	f, tom, jose, path := matchBook(t)
	// A fourth row repeats Tom's number.
	data, _ := os.ReadFile(path)
	path = writeFile(t, "more.csv", string(data)+"Tom Again,+447911123401,,,,\n")
	before, _ := f.svc.List(Query{})
	got, err := f.svc.PreviewMatches(path, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Rows != 3 || got.Matches != 2 || got.Duplicates != 1 || got.FillChanges != 2 || got.OverwriteChanges != 2 || len(got.Items) != 2 {
		t.Fatalf("preview %+v", got)
	}
	first := got.Items[0]
	if first.Line != 2 || first.ID != tom.ID || first.Name != "Tom Baker" ||
		fmt.Sprint(first.Fill) != "[{Email  camila@example.com} {Tags customer customer, lead}]" ||
		fmt.Sprint(first.Overwrite) != "[{Name Tom Baker Camila Torres} {Email  camila@example.com} {Company Baker & Sons Torres SA} {Tags customer customer, lead} {nickname Tommy Cami}]" {
		t.Errorf("first match %+v", first)
	}
	if second := got.Items[1]; second.Line != 3 || second.ID != jose.ID || fmt.Sprint(second.Fill) != "[{Company  Ruiz Ltd}]" {
		t.Errorf("second match %+v", second)
	}
	after, _ := f.svc.List(Query{})
	if after.Total != before.Total {
		t.Errorf("the preview wrote contacts")
	}
	// The same file with nothing new for anyone.
	again := writeFile(t, "same.csv", "name,phone\nTom Baker,+447911123401\n")
	if got, err := f.svc.PreviewMatches(again, ImportOptions{}); err != nil || got.Matches != 1 || got.FillChanges != 0 || got.OverwriteChanges != 0 || len(got.Items[0].Fill) != 0 {
		t.Errorf("nothing new: %+v %v", got, err)
	}
}

// Into an empty book an import changes no one: the file is not read.
func TestPreviewMatches_AnEmptyBookMatchesNothing(t *testing.T) {
	f := newService(t)
	got, err := f.svc.PreviewMatches(writeFile(t, "a.csv", "name,phone\nA,+447911123401\nB,+447911123401\n"), ImportOptions{})
	if err != nil || got.Rows != 0 || got.Matches != 0 || got.Duplicates != 0 || got.Items == nil {
		t.Errorf("preview %+v %v", got, err)
	}
}

// A check whose caller went away stops and says so.
func TestPreviewMatches_StopsWhenItsCallerGoesAway(t *testing.T) {
	f, _, _, path := matchBook(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := WithContext(f.svc, ctx).PreviewMatches(path, ImportOptions{})
	if err != nil || !got.Cancelled || got.Matches != 0 {
		t.Errorf("a stopped check: %+v %v", got, err)
	}
}

// The writer reads, of the contacts it merges into, every field a merge
// reads or writes, as stored, as the rest of the package reads them.
func TestWriterLookup_ReadsEveryField(t *testing.T) {
	f := newService(t)
	full := mustCreate(t, f.svc, Contact{Name: "Ana Full", Phone: "+447911123401", Email: "ana@example.com", Company: "Co",
		Notes: "a note", Tags: []string{"lead", "vip"}, CustomFields: map[string]string{"city": "Porto"},
		OtherPhones: []OtherPhone{{Label: "work", Number: "+447911123499"}}})
	bare := mustCreate(t, f.svc, Contact{Phone: "+447911123402"})
	if _, err := f.svc.SetOptedOut([]int64{full.ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	phones := []string{full.Phone, bare.Phone, "+447911123403"}
	want, err := lookupPhones(f.svc.db, phones)
	if err != nil {
		t.Fatal(err)
	}
	tx := f.svc.db.Begin()
	defer tx.Rollback()
	got, err := newWriter(tx, f.svc.now(), writeImport, nil).lookup(phones)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 || want[full.Phone].OptedOutAt == nil || want[full.Phone].CustomFields["city"] != "Porto" || len(want[full.Phone].OtherPhones) != 1 {
		t.Fatalf("the book holds %+v", want)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the writer read\n%+v\nthe book holds\n%+v", got, want)
	}
}
