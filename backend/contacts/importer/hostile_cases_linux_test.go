//go:build linux

package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The cases of the hostile-file suite (hostile_linux_test.go runs them):
// for each, the files it makes in the parent and the check of the
// importer's answer that the child runs.

// refused checks that PreviewFile and Read both refuse the file name in
// the case's folder with an error that contains want.
func refused(name, want string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) { refusedAt(filepath.Join(dir, name), want)(t, dir) }
}

func refusedAt(path, want string) func(t *testing.T, dir string) {
	return func(t *testing.T, _ string) {
		_, err := PreviewFile(context.Background(), path, Options{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("PreviewFile: %v, want an error saying %q", err, want)
		}
		t.Logf("answer: %v", err)
		err = Read(context.Background(), path, Options{}, func(Record) error { return nil }, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Read: %v, want an error saying %q", err, want)
		}
	}
}

// cancelled checks that PreviewFile and Read of the file name stop soon
// after their context ends, wait after they start.
func cancelled(name string, wait time.Duration) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, name)
		for _, read := range []struct {
			name string
			fn   func(ctx context.Context) error
		}{
			{"PreviewFile", func(ctx context.Context) error { _, err := PreviewFile(ctx, path, Options{}); return err }},
			{"Read", func(ctx context.Context) error {
				return Read(ctx, path, Options{}, func(Record) error { return nil }, nil)
			}},
		} {
			ctx, cancel := context.WithCancel(context.Background())
			var stopped time.Time
			timer := time.AfterFunc(wait, func() { stopped = time.Now(); cancel() })
			err := read.fn(ctx)
			returned := time.Now()
			timer.Stop()
			cancel()
			if stopped.IsZero() {
				t.Fatalf("%s finished before the cancel: %v", read.name, err)
			}
			late := returned.Sub(stopped)
			t.Logf("%s stopped %v after the cancel", read.name, late)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s: %v, want context.Canceled", read.name, err)
			}
			if late > 100*time.Millisecond {
				t.Errorf("%s stopped %v after the cancel, want within 100 ms", read.name, late)
			}
		}
	}
}

func makeZipBomb(t *testing.T, dir string) {
	buildWorkbook(t, filepath.Join(dir, "bomb.xlsx"), baseWorkbook(t), part{"customXml/item1.xml", []piece{rep("\x00", 3<<30)}})
}

func makeHugeSharedString(t *testing.T, dir string) {
	buildWorkbook(t, filepath.Join(dir, "cell.xlsx"), baseWorkbook(t), part{"xl/sharedStrings.xml", []piece{once(sstHead),
		once("<si><t>Name</t></si><si><t>Phone</t></si><si><t>Ana Souza</t></si><si><t>+1 212 555 0187</t></si>" +
			"<si><t>Ben Carter</t></si><si><t>+1 646 555 0199</t></si><si><t>"),
		rep("A", 300<<20), once("</t></si>" + sstTail)}})
}

func makeLongRandomCell(t *testing.T, dir string) {
	buildWorkbook(t, filepath.Join(dir, "cell.xlsx"), baseWorkbook(t), part{"xl/worksheets/sheet1.xml", []piece{once(sheetHead),
		once(inlineRow(1, "Name", "Phone") + inlineRow(2, "Ana", "+1 212 555 0187") + inlineRow(3, "Ben", randomText(12<<20))),
		once(sheetTail)}})
}

func makeLongRandomRow(t *testing.T, dir string) {
	text := randomText(12 << 20)
	cells := make([]string, 200)
	for i := range cells {
		cells[i] = text[i*60<<10 : (i+1)*60<<10]
	}
	buildWorkbook(t, filepath.Join(dir, "row.xlsx"), baseWorkbook(t), part{"xl/worksheets/sheet1.xml", []piece{once(sheetHead),
		once(inlineRow(1, "Name", "Phone") + inlineRow(2, "Ana", "+1 212 555 0187") + inlineRow(3, cells...)),
		once(sheetTail)}})
}

func makeManyParts(t *testing.T, dir string) {
	parts := make([]part, 20000)
	for i := range parts {
		parts[i] = part{fmt.Sprintf("xl/media/image%d.png", i), nil}
	}
	buildWorkbook(t, filepath.Join(dir, "parts.xlsx"), baseWorkbook(t), parts...)
}

func makeBigSheet(t *testing.T, dir string) {
	var rows strings.Builder
	for i := 2; i < 5000; i++ {
		rows.WriteString(inlineRow(i, fmt.Sprintf("Name %d", i), fmt.Sprintf("+1 212 555 %04d", i%10000)))
	}
	n := (900 << 20) / rows.Len()
	buildWorkbook(t, filepath.Join(dir, "big.xlsx"), baseWorkbook(t), part{"xl/worksheets/sheet1.xml", []piece{once(sheetHead),
		once(inlineRow(1, "Name", "Phone")), rep(rows.String(), n), once(sheetTail)}})
}

// makeManyStrings writes a workbook with as many shared strings as
// checkWorkbook lets through, all tiny: what costs excelize most memory.
func makeManyStrings(t *testing.T, dir string) {
	head := "<si><t>Name</t></si><si><t>Phone</t></si><si><t>Ana Souza</t></si><si><t>+1 212 555 0187</t></si>" +
		"<si><t>Ben Carter</t></si><si><t>+1 646 555 0199</t></si>"
	buildWorkbook(t, filepath.Join(dir, "strings.xlsx"), baseWorkbook(t), part{"xl/sharedStrings.xml", []piece{once(sstHead), once(head),
		rep("<si><t>x</t></si>", maxSharedStrings-6), once(sstTail)}})
}

func checkManyStrings(t *testing.T, dir string) {
	path := filepath.Join(dir, "strings.xlsx")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3)
	check(t, got[2], Record{Name: "Ana Souza", Phone: "+12125550187"})
}

func makeContactsWorkbook(t *testing.T, dir string) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Name", "Phone", "Email", "Company", "Tags"})
	for i := range 50_000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("Name %d Souza", i), 12125550000 + i%10000, fmt.Sprintf("n%d@example.com", i), "Loja Azul", "vip, lead"})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(filepath.Join(dir, "contacts.xlsx")); err != nil {
		t.Fatal(err)
	}
}

func checkContactsWorkbook(t *testing.T, dir string) {
	path := filepath.Join(dir, "contacts.xlsx")
	if p, err := PreviewFile(context.Background(), path, Options{}); err != nil || len(p.Rows) != previewRows {
		t.Fatalf("preview: %v", err)
	}
	n := 0
	err := Read(context.Background(), path, Options{DefaultCountry: "US"}, func(r Record) error {
		if r.Problem != "" {
			t.Fatalf("line %d: %s", r.Line, r.Problem)
		}
		n++
		return nil
	}, nil)
	if err != nil || n != 50_000 {
		t.Fatalf("read %d rows: %v", n, err)
	}
}

func makeLongLine(t *testing.T, dir string) {
	writeRepeated(t, dir, "long.csv", once("name,phone,notes\nAna,+1 212 555 0187,a\nBen,+1 646 555 0199,"),
		rep("x", 110<<20), once("\nCy,+1 305 555 0123,c\n"))
}

func checkLongLine(t *testing.T, dir string) {
	path := filepath.Join(dir, "long.csv")
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil || len(p.Rows) != 3 {
		t.Fatalf("preview: %v, %d rows", err, len(p.Rows))
	}
	checkPreviewShort(t, p)
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3, 4)
	check(t, got[2], Record{Name: "Ana", Phone: "+12125550187", Notes: "a"})
	check(t, got[3], Record{Problem: sentence(problemLongRow())})
	check(t, got[4], Record{Name: "Cy", Phone: "+13055550123", Notes: "c"})
}

func checkPreviewShort(t *testing.T, p Preview) {
	t.Helper()
	for _, r := range p.Rows {
		for _, c := range r {
			if utf8.RuneCountInString(c) > previewCellRunes+1 {
				t.Fatalf("a preview cell has %d characters", utf8.RuneCountInString(c))
			}
		}
	}
}

func makeHugeLine(t *testing.T, dir string) {
	writeRepeated(t, dir, "line.csv", once("name,phone\n"), rep("y", 500<<20))
}

const gigaRow = "Ana Souza,+1 212 555 0187,ana@example.com,Loja Azul,\"vip,lead\"\n"

func makeGigabyte(t *testing.T, dir string) {
	writeRepeated(t, dir, "giga.csv", once("name,phone,email,company,tags\n"), rep(gigaRow, (1<<30)/len(gigaRow)))
}

func checkGigabyte(t *testing.T, dir string) {
	path := filepath.Join(dir, "giga.csv")
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil || len(p.Rows) != previewRows || p.Rows[0][1] != "+1 212 555 0187" {
		t.Fatalf("preview: %v, %q", err, p.Rows)
	}
	// Reading all 16 million rows takes ~20 s on two cores: read a good
	// many, then cancel, and check that reading stops at once.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stopped time.Time
	rows := 0
	err = Read(ctx, path, Options{DefaultCountry: "US"}, func(r Record) error {
		if r.Problem != "" || r.Phone != "+12125550187" {
			t.Fatalf("line %d: %+v", r.Line, r)
		}
		if rows++; rows == 500_000 {
			stopped = time.Now()
			cancel()
		}
		return nil
	}, nil)
	late := time.Since(stopped)
	t.Logf("read %d rows; stopped %v after the cancel", rows, late)
	if !errors.Is(err, context.Canceled) || late > 100*time.Millisecond {
		t.Fatalf("Read: %v, %v after the cancel", err, late)
	}
}

func makeDeepQuotes(t *testing.T, dir string) {
	writeRepeated(t, dir, "quotes.csv",
		once("name,phone,notes\n"),
		once("Ana,+1 212 555 0187,"), rep(`"`, 10_000_000), once("\n"), // a cell of 10 million quotes: too long
		rep(strings.Repeat(`"`, 999)+"\n", 20_000),               // each opens a quoted cell that the next closes
		rep(`a,"b""c""d`+strings.Repeat(`""`, 500)+"\n", 20_000), // never closed
		rep(`"`+strings.Repeat(`""`, 5000)+`,`+"\n", 2_000),
		rep(`"`+strings.Repeat(`""`, 100)+"\n", 50_000), // one cell over 200 lines, never closed
		once("Ben,+1 646 555 0199,end\n"))
}

func checkDeepQuotes(t *testing.T, dir string) {
	path := filepath.Join(dir, "quotes.csv")
	if _, err := PreviewFile(context.Background(), path, Options{}); err != nil {
		t.Fatal(err)
	}
	var first, last Record
	n := 0
	err := Read(context.Background(), path, Options{DefaultCountry: "US"}, func(r Record) error {
		if n++; n == 1 {
			first = r
		}
		last = r
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Line != 2 || first.Problem != sentence(problemLongRow()) {
		t.Errorf("the line of 10 million quotes: %+v", first)
	}
	if last.Name != "Ben" || last.Phone != "+16465550199" {
		t.Errorf("the last row: %+v", last)
	}
	t.Logf("%d records", n)
}

// utf16LE encodes s as UTF-16LE.
func utf16LE(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

func makeUTF16Odd(t *testing.T, dir string) {
	writeRepeated(t, dir, "utf16.csv",
		once("\xff\xfe"+utf16LE("name,phone\nJoão,+55 11 98765 4321\n")),
		rep(utf16LE("ç"), 30<<20),                                      // a 60 MB line
		once(utf16LE("\nAna,+1 212 555 0187\nBen,+1 646 555 019")+"9"), // odd: the last character lacks its second byte
	)
}

func checkUTF16Odd(t *testing.T, dir string) {
	path := filepath.Join(dir, "utf16.csv")
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil || p.Encoding != EncodingUTF16LE {
		t.Fatalf("preview: %v, %+v", err, p)
	}
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3, 4, 5)
	check(t, got[2], Record{Name: "João", Phone: "+5511987654321"})
	check(t, got[3], Record{Problem: sentence(problemLongRow())})
	check(t, got[4], Record{Name: "Ana", Phone: "+12125550187"})
	if got[5].Name != "Ben" || got[5].Phone != "" || got[5].Problem == "" {
		t.Errorf("the cut last row: %+v", got[5])
	}
}

func makeVCardLongLines(t *testing.T, dir string) {
	writeRepeated(t, dir, "long.vcf",
		once("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nTEL:+1 212 555 0187\r\nNOTE:"), rep("n", 100<<20), once("\r\nEND:VCARD\r\n"),
		once("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben\r\nPHOTO;ENCODING=b;TYPE=JPEG:"), rep("QUJD", 25<<20),
		once("\r\nTEL:+1 646 555 0199\r\nEND:VCARD\r\n"),
		once("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nTEL:+1 305 555 0123\r\nEND:VCARD\r\n"))
}

func checkVCardLongLines(t *testing.T, dir string) {
	path := filepath.Join(dir, "long.vcf")
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil || len(p.Rows) != 3 {
		t.Fatalf("preview: %v, %q", err, p.Rows)
	}
	checkPreviewShort(t, p)
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 1, 7, 13)
	check(t, got[1], Record{Name: "Ana", Problem: sentence(problemLongLine(5))})
	check(t, got[7], Record{Name: "Ben", Phone: "+16465550199"})
	check(t, got[13], Record{Name: "Cy", Phone: "+13055550123"})
}

// makeFoldedPhoto writes a card whose base64 photo of size bytes is folded
// at 75 characters, then a second card.
func makeFoldedPhoto(size int) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		line := " " + strings.Repeat("QUJD", 18) + "\r\n"
		writeRepeated(t, dir, "photo.vcf",
			once("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n"), rep(line, size/72),
			once("TEL;TYPE=CELL:+1 212 555 0187\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Ben\r\nTEL:+1 646 555 0199\r\nEND:VCARD\r\n"))
	}
}

func checkFoldedPhoto(within time.Duration) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, "photo.vcf")
		start := time.Now()
		p, err := PreviewFile(context.Background(), path, Options{})
		if err != nil || len(p.Rows) != 2 || p.Rows[0][1] != "+1 212 555 0187" {
			t.Fatalf("preview: %v, %q", err, p.Rows)
		}
		recs := readAll(t, path, Options{DefaultCountry: "US"})
		if len(recs) != 2 || recs[0].Phone != "+12125550187" || recs[1].Phone != "+16465550199" {
			t.Fatalf("records = %+v", recs)
		}
		if d := time.Since(start); d > within {
			t.Errorf("took %v, want under %v", d, within)
		}
	}
}

func makeFIFO(t *testing.T, dir string) {
	if err := syscall.Mkfifo(filepath.Join(dir, "contacts.csv"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func makeDirectory(t *testing.T, dir string) {
	if err := os.Mkdir(filepath.Join(dir, "contacts.csv"), 0o700); err != nil {
		t.Fatal(err)
	}
}
