package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// fuzzRead reads arbitrary bytes as a file and checks the promises every
// Record makes: a line ≥ 1, lines in file order, and a Problem whenever the
// record is skipped or has no phone number.
func fuzzRead(t *testing.T, name string, data []byte, format string) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	last := 0
	_ = Read(context.Background(), path, Options{Format: format, DefaultCountry: "US"}, func(r Record) error {
		if r.Line < 1 || r.Line < last {
			t.Fatalf("line %d after line %d", r.Line, last)
		}
		last = r.Line
		if (r.Skip || r.Phone == "") && r.Problem == "" {
			t.Fatalf("record without phone or skipped has no problem: %+v", r)
		}
		return nil
	}, nil)
	_, _ = PreviewFile(path, Options{Format: format})
}

// The seeds are small on purpose: the fuzzer minimises every new input, and
// big seeds make it spend the whole run doing that.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("name,phone,tags\nAna,+1 212 555 0187,\"a,b\"\nBen,bad,\n"))
	f.Add([]byte("Name;Mobile\r\nKlaus;0151 23456789\r\n\"x;\"y\"\n"))
	f.Add([]byte("\xff\xfen\x00,\x00p\x00\n\x00"))
	f.Add([]byte("Phone 1 - Label,Phone 1 - Value\nMobile,+44 7911 123456 ::: 1\n"))
	f.Add([]byte("a,\"b\nc\"\"\n\"d,e"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.csv", data, "") })
}

func FuzzReadVCard(f *testing.F) {
	f.Add([]byte("BEGIN:VCARD\nFN:A\nTEL;TYPE=CELL:+1 212 555 0187\nCATEGORIES:a\\,b,c\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Mu=F1oz;Jos=\n=E9\nNOTE:x\n  y\nEND:VCARD"))
	f.Add([]byte("BEGIN:VCARD\nTEL;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:=\n=3\n BEGIN:VCARD\nEND:VCARD"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.vcf", data, FormatVCard) })
}
