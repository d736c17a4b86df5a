package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// fuzzRead reads arbitrary bytes as a file and checks the promises every
// Record makes: a line ≥ 1, lines in file order, a Problem, in a sentence,
// whenever the record is skipped or has no phone number, and its other
// numbers apart from the one chosen.
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
		if p := r.Problem; p != "" && (!strings.HasSuffix(p, ".") || strings.ToUpper(p[:1]) != p[:1]) {
			t.Fatalf("problem is not a sentence: %q", p)
		}
		for _, o := range r.OtherPhones {
			if o.Number == "" || o.Number == r.Phone {
				t.Fatalf("other number %+v beside %q", o, r.Phone)
			}
		}
		return nil
	}, nil)
	_, _ = PreviewFile(context.Background(), path, Options{Format: format})
}

// The seeds are small on purpose: the fuzzer minimises every new input, and
// big seeds make it spend the whole run doing that.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("name,phone,tags\nAna,+1 212 555 0187,\"a,b\"\nBen,bad,\n"))
	f.Add([]byte("Name;Mobile\r\nKlaus;0151 23456789\r\n\"x;\"y\"\n"))
	f.Add([]byte("\xff\xfen\x00,\x00p\x00\n\x00"))
	f.Add([]byte("Phone 1 - Label,Phone 1 - Value\nMobile,+44 7911 123456 ::: 1\n"))
	f.Add([]byte("a,\"b\nc\"\"\n\"d,e"))
	f.Add([]byte("Name,Phone 1 - Label,Phone 1 - Value,Business Phone\nAna,* Work,020 7946 0958 ::: 12,+44 7911 123456\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.csv", data, "") })
}

func FuzzReadVCard(f *testing.F) {
	f.Add([]byte("BEGIN:VCARD\nFN:A\nTEL;TYPE=CELL:+1 212 555 0187\nCATEGORIES:a\\,b,c\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\nFN:A\nTEL;TYPE=WORK,VOICE:+1 212 555 0187\nTEL;HOME:x\nTEL:+1 212 555 0187\nEND:VCARD\n"))
	f.Add([]byte("BEGIN:VCARD\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Mu=F1oz;Jos=\n=E9\nNOTE:x\n  y\nEND:VCARD"))
	f.Add([]byte("BEGIN:VCARD\nTEL;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:=\n=3\n BEGIN:VCARD\nEND:VCARD"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.vcf", data, FormatVCard) })
}

// FuzzXLSX reads workbooks: whole files (zip structure, compression), or
// the worksheet and shared strings XML of a small workbook made by excelize,
// stored uncompressed with correct checksums, so that mutations reach the
// XML checks and excelize's decoding instead of failing the zip's CRC.
func FuzzXLSX(f *testing.F) {
	book := fuzzWorkbook(f)
	parts := map[string][]byte{}
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "docProps/") || strings.HasPrefix(zf.Name, "xl/theme/") {
			continue // not needed to read cells: a smaller seed is fuzzed better
		}
		rc, _ := zf.Open()
		parts[zf.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	f.Add(zipParts(f, parts, nil, zip.Deflate), []byte(nil), []byte(nil))
	f.Add([]byte(nil), parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"])
	f.Add([]byte(nil), []byte(`<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>Phone</t></is></c></row>`+
		`<row><c><v>5511987654321</v></c></row></sheetData></worksheet>`), []byte(`<sst><si><t>a</t></si></sst>`))
	f.Fuzz(func(t *testing.T, file, sheet, sst []byte) {
		if len(sheet)+len(sst) > 0 {
			file = zipParts(t, parts, map[string][]byte{"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sst}, zip.Store)
		}
		fuzzRead(t, "f.xlsx", file, FormatXLSX)
	})
}

// fuzzWorkbook is a small workbook made by excelize: a header, a number
// typed as a number, a shared string, a date.
func fuzzWorkbook(f *testing.F) []byte {
	x := excelize.NewFile()
	defer x.Close()
	for i, row := range [][]any{{"Name", "Phone", "Since"}, {"Ana", 5511987654321, 45306}, {"Ben", "+1 646 555 0199", nil}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			f.Fatal(err)
		}
	}
	style, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	x.SetCellStyle("Sheet1", "C2", "C2", style)
	buf, err := x.WriteToBuffer()
	if err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// zipParts zips parts, with those of replace in their place (an empty one
// left as it was).
func zipParts(t testing.TB, parts, replace map[string][]byte, method uint16) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		data := parts[name]
		if r := replace[name]; len(r) > 0 {
			data = r
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
