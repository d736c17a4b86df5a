package importer

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readAll reads every record of a file.
func readAll(t testing.TB, path string, opts Options) []Record {
	t.Helper()
	var out []Record
	err := Read(context.Background(), path, opts, func(r Record) error {
		out = append(out, r)
		return nil
	}, nil)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return out
}

// byLine indexes records by line for readable assertions.
func byLine(t *testing.T, recs []Record, lines ...int) map[int]Record {
	t.Helper()
	got := map[int]Record{}
	var gotLines []int
	for _, r := range recs {
		got[r.Line] = r
		gotLines = append(gotLines, r.Line)
	}
	if !reflect.DeepEqual(gotLines, lines) {
		t.Fatalf("record lines = %v, want %v", gotLines, lines)
	}
	return got
}

// check compares the fields of a record that a test cares about.
func check(t *testing.T, r Record, want Record) {
	t.Helper()
	want.Line = r.Line
	if want.Custom == nil && len(r.Custom) > 0 {
		want.Custom = r.Custom // not under test
	}
	if want.RawPhone == "" {
		want.RawPhone = r.RawPhone // not under test
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("line %d:\n got  %+v\n want %+v", r.Line, r, want)
	}
}

// writeGenerated writes n contacts in the layout of
// shared/testdata/gen_contacts.go: name, phone, email, company, tags.
func writeGenerated(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "contacts.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := rand.New(rand.NewSource(1))
	first := []string{"Ana", "Ben", "Chen", "Daniel", "Eve", "Fatima", "Gustavo", "Hana", "Ivan", "José"}
	last := []string{"Souza", "Carter", "Wei", "Ross", "Martin", "Noor", "Lima", "Sato", "Petrov", "Álvarez"}
	areas := []int{212, 305, 312, 415, 512, 617, 646, 702, 713, 818}
	tags := []string{"customer", "lead", "supplier", "vip", "wholesale", "newsletter"}
	var b strings.Builder
	b.WriteString("name,phone,email,company,tags\n")
	for i := 0; i < n; i++ {
		fn, ln := first[r.Intn(len(first))], last[r.Intn(len(last))]
		area := areas[i%len(areas)]
		phone := fmt.Sprintf("(%d) %03d-%04d", area, 200+(i/10000)%800, i%10000)
		if i%4 == 0 {
			phone = fmt.Sprintf("+1 %d %03d %04d", area, 200+(i/10000)%800, i%10000)
		}
		fmt.Fprintf(&b, "%s %s %d,%s,%s.%s%d@example.com,%s Ltd,\"%s,%s\"\n", fn, ln, i, phone, fn, ln, i, ln,
			tags[r.Intn(len(tags))], tags[r.Intn(len(tags))])
		if b.Len() > 1<<20 {
			f.WriteString(b.String())
			b.Reset()
		}
	}
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
	return path
}

// generatedPhone is the E.164 number writeGenerated puts in row i.
func generatedPhone(i int) string {
	areas := []int{212, 305, 312, 415, 512, 617, 646, 702, 713, 818}
	return fmt.Sprintf("+1%d%03d%04d", areas[i%len(areas)], 200+(i/10000)%800, i%10000)
}
