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

func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"simple_contacts.csv", "broken_rows.csv", "semicolon_de.csv", "utf16le_bom.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a,\"b\nc\"\"\n\"d,e"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.csv", data, "") })
}

func FuzzReadVCard(f *testing.F) {
	for _, name := range []string{"contacts.vcf", "cards.vcf"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCARD\nTEL;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:=\n=3\n BEGIN:VCARD\nEND:VCARD"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.vcf", data, FormatVCard) })
}
