package importer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Limits on what one hostile file can make the importer do, at a scale
// that runs in milliseconds. The files of hundreds of MB, and the memory
// they may take, are in hostile_linux_test.go.

func TestLineReader_LongLinesAreCutAndSkipped(t *testing.T) {
	long := strings.Repeat("x", maxRecordBytes+1)
	exact := strings.Repeat("y", maxRecordBytes)
	in := "a\r\n" + exact + "\r\n" + long + "\nb\n" + long + "\r\n" + strings.Repeat("z", 70000) + "\nlast"
	for _, size := range []int{16, 4096, 64 << 10} {
		lr := newLineReader(bufio.NewReaderSize(strings.NewReader(in), size))
		var got []string
		for {
			l, err := lr.readLine()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			desc := fmt.Sprintf("%d:%d", l.n, len(l.text))
			if l.tooLong {
				desc += ":long"
				if len(l.text) != longLinePrefix || l.text[0] != 'x' {
					t.Errorf("a long line keeps %d bytes", len(l.text))
				}
			}
			got = append(got, desc)
		}
		want := []string{"1:1", fmt.Sprintf("2:%d", maxRecordBytes), fmt.Sprintf("3:%d:long", longLinePrefix), "4:1",
			fmt.Sprintf("5:%d:long", longLinePrefix), "6:70000", "7:4"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("buffer %d: lines %q, want %q", size, got, want)
		}
	}
}

func TestRead_LongRowIsAProblemAndTheRestIsRead(t *testing.T) {
	path := writeFile(t, "x.csv", "name,phone\r\nAna,+1 212 555 0187\r\nBen,"+strings.Repeat("9", 3<<20)+"\r\n"+
		"Cy,\"+1 305\n"+strings.Repeat("5", maxRecordBytes)+" 555 0123\"\nDan,+1 646 555 0199\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3, 4, 5, 6)
	check(t, got[2], Record{Name: "Ana", Phone: "+12125550187"})
	check(t, got[3], Record{Problem: sentence(problemLongRow())})
	check(t, got[4], Record{Problem: sentence(problemOpenQuote)}) // its cell runs into a line too long to join
	check(t, got[5], Record{Problem: sentence(problemLongRow())})
	check(t, got[6], Record{Name: "Dan", Phone: "+16465550199"})
}

func TestRead_LongCellAndTooManyCellsAreProblems(t *testing.T) {
	path := writeFile(t, "x.csv", "name,phone,notes\nAna,+1 212 555 0187,"+strings.Repeat("n", maxCellBytes+1)+"\n"+
		"Ben,+1 646 555 0199"+strings.Repeat(",", maxColumns)+"\nCy,+1 305 555 0123,"+strings.Repeat("n", maxCellBytes)+"\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3, 4)
	check(t, got[2], Record{Problem: sentence(problemLongCell(2))})
	if !strings.HasPrefix(got[2].Problem, "Cell 3 is longer than 256 KB") {
		t.Errorf("problem %q", got[2].Problem)
	}
	check(t, got[3], Record{Problem: sentence(problemManyCols())})
	if got[4].Phone != "+13055550123" || len(got[4].Notes) != maxCellBytes {
		t.Errorf("a cell of exactly maxCellBytes: %q, %d bytes of notes", got[4].Phone, len(got[4].Notes))
	}
}

func TestPreviewFile_ShortensLongCells(t *testing.T) {
	note := strings.Repeat("é", 5000)
	csv := writeFile(t, "x.csv", "name,phone,notes\nAna,+1 212 555 0187,"+note+"\n")
	vcf := writeFile(t, "x.vcf", "BEGIN:VCARD\nFN:Ana\nTEL:+1 212 555 0187\nNOTE:"+note+"\nEND:VCARD\n")
	xlsx := filepath.Join(t.TempDir(), "x.xlsx")
	buildWorkbook(t, xlsx, baseWorkbook(t), part{"xl/worksheets/sheet1.xml", []piece{once(sheetHead),
		once(inlineRow(1, "name", "phone", "notes") + inlineRow(2, "Ana", "+1 212 555 0187", note)), once(sheetTail)}})
	for path, col := range map[string]int{csv: 2, vcf: 5, xlsx: 2} {
		p, err := PreviewFile(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Repeat("é", previewCellRunes) + "…"
		if got := p.Rows[0][col]; got != want {
			t.Errorf("%s: the preview shows %d characters", filepath.Ext(path), utf8.RuneCountInString(got))
		}
		if recs := readAll(t, path, Options{DefaultCountry: "US"}); len(recs) != 1 || recs[0].Notes != note {
			t.Errorf("%s: the import does not keep the whole note", filepath.Ext(path))
		}
	}
}

func TestRead_VCardDropsPhotosSoundsAndKeys(t *testing.T) {
	fold := func(prefix string, n int) string {
		return prefix + "\r\n" + strings.Repeat(" "+strings.Repeat("QUJD", 18)+"\r\n", n)
	}
	path := writeFile(t, "x.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n"+
		fold("PHOTO;ENCODING=b;TYPE=JPEG:/9j/", 20000)+ // 1.4 MB, folded
		fold("item1.LOGO;ENCODING=BASE64:AAAA", 10)+
		"SOUND;ENCODING=b:"+strings.Repeat("A", 2<<20)+"\r\n"+ // one line of 2 MB
		fold("KEY;ENCODING=b:MIIB", 10)+
		fold("X-FACE;ENCODING=b:AAAA", 10)+
		"TEL;TYPE=CELL:+1 212 555 0187\r\nNOTE:keep\r\n  me\r\nEND:VCARD\r\n"+
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ben\r\n"+fold("PHOTO:data:image/jpeg;base64,/9j/", 100)+"TEL:+1 646 555 0199\r\nEND:VCARD\r\n")
	start := time.Now()
	ben := 1 + 3 + 20001 + 11 + 1 + 11 + 11 + 4 // Ana's lines: BEGIN to PHOTO, the binary properties, TEL to END
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 1, ben)
	check(t, got[1], Record{Name: "Ana", Phone: "+12125550187", Notes: "keep me"})
	check(t, got[ben], Record{Name: "Ben", Phone: "+16465550199"})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestRead_VCardLongTextIsACardProblem(t *testing.T) {
	folded := "NOTE:" + strings.Repeat("a", 70) + "\n" + strings.Repeat(" "+strings.Repeat("b", 74)+"\n", (maxRecordBytes/74)+10)
	notes := strings.Repeat("NOTE:short note\n", maxRecordBytes/10)
	path := writeFile(t, "x.vcf", "BEGIN:VCARD\nFN:Ana\nTEL:+1 212 555 0187\n"+folded+"END:VCARD\n"+
		"BEGIN:VCARD\nFN:Ben\nTEL:+1 646 555 0199\n"+notes+"END:VCARD\n"+
		"BEGIN:VCARD\nFN:Cy\nTEL:+1 305 555 0123\nNOTE:"+strings.Repeat("c", maxRecordBytes+1)+"\nEND:VCARD\n"+
		"BEGIN:VCARD\nFN:Dan\nTEL:+1 415 555 0100\nNOTE:"+strings.Repeat("d", maxCellBytes)+"\nEND:VCARD\n"+
		"BEGIN:VCARD\nFN:Eve\nTEL:+1 415 555 0101\nNOTE:"+strings.Repeat("e", maxCellBytes+1)+"\nEND:VCARD\n")
	start := time.Now()
	recs := readAll(t, path, Options{DefaultCountry: "US"})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if len(recs) != 5 {
		t.Fatalf("%d records", len(recs))
	}
	check(t, recs[0], Record{Name: "Ana", Problem: sentence(problemLongLine(4))})
	check(t, recs[1], Record{Name: "Ben", Problem: sentence(problemLongCard())})
	check(t, recs[2], Record{Name: "Cy", Problem: sentence(problemLongLine(recs[2].Line + 3))})
	if recs[3].Name != "Dan" || recs[3].Phone != "+14155550100" || len(recs[3].Notes) != maxCellBytes {
		t.Errorf("a value of exactly maxCellBytes: %q %q, %d bytes of notes", recs[3].Name, recs[3].Phone, len(recs[3].Notes))
	}
	check(t, recs[4], Record{Name: "Eve", Problem: sentence(problemLongValue(recs[4].Line + 3))})
}

func TestRead_VCardUnfoldingIsLinear(t *testing.T) {
	folded := strings.Repeat(" "+strings.Repeat("b", 74)+"\n", 9500) // 700 KB
	note := strings.Repeat(" "+strings.Repeat("n", 74)+"\n", 3000)   // 225 KB
	path := writeFile(t, "x.vcf", "BEGIN:VCARD\nFN:Ana\nTEL:+1 212 555 0187\nX-LONG:a\n"+folded+"NOTE:a\n"+note+"END:VCARD\n")
	start := time.Now()
	recs := readAll(t, path, Options{DefaultCountry: "US"})
	if d := time.Since(start); d > time.Second {
		t.Errorf("unfolding 900 KB took %v", d)
	}
	if len(recs) != 1 || recs[0].Problem != "" || len(recs[0].Notes) != 1+74*3000 {
		t.Fatalf("records = %+v", recs)
	}
}

func TestRead_ManyTagsTakeLinearTime(t *testing.T) {
	var tags []string
	for i := range 30000 {
		tags = append(tags, fmt.Sprintf("t%d", i))
	}
	cell := strings.Join(tags, ";") + ";T1;T29999;* myContacts"
	path := writeFile(t, "x.csv", "name,phone,tags\nAna,+1 212 555 0187,\""+cell+"\"\n")
	start := time.Now()
	recs := readAll(t, path, Options{DefaultCountry: "US"})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("30,000 tags took %v", d)
	}
	if !reflect.DeepEqual(recs[0].Tags, tags) {
		t.Errorf("got %d tags", len(recs[0].Tags))
	}
}

func TestFoldKey_AgreesWithEqualFold(t *testing.T) {
	words := []string{"vip", "VIP", "Vip", "straße", "STRASSE", "ſ", "s", "S", "K", "\u212a", "k", "Σ", "σ", "ς", "é", "É", "\xff", "\xfe", ""}
	for _, a := range words {
		for _, b := range words {
			if (foldKey(a) == foldKey(b)) != strings.EqualFold(a, b) {
				t.Errorf("foldKey(%q) == foldKey(%q) is %v, EqualFold says %v", a, b, foldKey(a) == foldKey(b), strings.EqualFold(a, b))
			}
		}
	}
	// Past tagsScanned tags, duplicates are found by foldKey.
	var cell []string
	for i := range 20 {
		cell = append(cell, fmt.Sprintf("tag%d", i))
	}
	got := splitTags(nil, strings.Join(cell, ",")+",TAG3,Tag19,new")
	if len(got) != 21 || got[20] != "new" {
		t.Errorf("tags = %q", got)
	}
}

func TestRead_DeeplyQuotedCSV(t *testing.T) {
	path := writeFile(t, "x.csv", "name,phone,notes\n"+
		"Ana,+1 212 555 0187,"+strings.Repeat(`"`, 2<<20)+"\n"+
		"Cy,+1 305 555 0123,\"never closed\n"+
		strings.Repeat(`a ""b"" `+strings.Repeat(`""`, 50)+"\n", 999)+ // inside the open cell; then rows of their own
		"Ben,+1 646 555 0199,\"a \"\"quoted\"\" word\"\n")
	start := time.Now()
	recs := readAll(t, path, Options{DefaultCountry: "US"})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if recs[0].Line != 2 || recs[0].Problem != sentence(problemLongRow()) {
		t.Errorf("first = %+v", recs[0])
	}
	last := recs[len(recs)-1]
	check(t, last, Record{Name: "Ben", Phone: "+16465550199", Notes: `a "quoted" word`})
	if len(recs) != 1002 || recs[1].Line != 3 || recs[1].Problem != sentence(problemOpenQuote) || recs[2].Line != 4 || recs[2].Problem != noPhone {
		t.Errorf("%d records: %+v, %+v", len(recs), recs[1], recs[2])
	}
}

func TestRead_UTF16OddByteCount(t *testing.T) {
	le := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(byte(r >> 8))
		}
		return b.String()
	}
	path := writeFile(t, "x.csv", "\xff\xfe"+le("name,phone\nAna,+1 212 555 0187\nBen,+1 646 555 0199")+"\n")
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil || p.Encoding != EncodingUTF16LE || len(p.Rows) != 2 {
		t.Fatalf("preview = %+v, %v", p, err)
	}
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3)
	check(t, got[2], Record{Name: "Ana", Phone: "+12125550187"})
	if got[3].RawPhone != "+1 646 555 0199\ufffd" || !strings.HasPrefix(got[3].Problem, "The number is too ") {
		t.Errorf("the last row, cut in the middle of a character: %+v", got[3])
	}
}

func TestOpen_RefusesFolders(t *testing.T) {
	dir := t.TempDir()
	_, err := PreviewFile(context.Background(), dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "is not a regular file but a folder") {
		t.Fatalf("err = %v", err)
	}
	if err := Read(context.Background(), dir, Options{}, func(Record) error { return nil }, nil); err == nil {
		t.Fatal("a folder was read")
	}
}

func TestPreviewFile_StopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{"testdata/simple_contacts.csv", "testdata/cards.vcf", baseWorkbook(t)} {
		if _, err := PreviewFile(ctx, path, Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v", path, err)
		}
		if err := Read(ctx, path, Options{}, func(Record) error { return nil }, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v", path, err)
		}
	}
}

func TestRead_XLSXLongCellIsARowProblem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.xlsx")
	buildWorkbook(t, path, baseWorkbook(t), part{"xl/worksheets/sheet1.xml", []piece{once(sheetHead),
		once(inlineRow(1, "Name", "Phone", "Notes") + inlineRow(2, "Ana", "+1 212 555 0187", strings.Repeat("n", maxCellBytes+1)) +
			inlineRow(3, "Ben", "+1 646 555 0199", "ok")), once(sheetTail)}})
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3)
	check(t, got[2], Record{Problem: sentence(problemLongCell(2))})
	check(t, got[3], Record{Name: "Ben", Phone: "+16465550199", Notes: "ok"})
}

func TestOpen_RefusesBadWorkbooks(t *testing.T) {
	base := baseWorkbook(t)
	tests := []struct {
		name  string
		parts []part
		want  string
	}{
		{"big part", []part{{"customXml/item1.xml", []piece{rep("<a>", 6<<20)}}}, "unzips to 18 MB, more than 16 MB"},
		{"many big parts", []part{{"xl/media/a.bin", []piece{once(randomText(12 << 20))}}, {"xl/media/b.bin", []piece{once(randomText(12 << 20))}},
			{"xl/media/c.bin", []piece{once(randomText(12 << 20))}}}, "besides the sheets unzip to more than 32 MB"},
		{"filler sheet", []part{{"xl/worksheets/sheet2.xml", []piece{rep(" ", 200<<20)}}}, "a ratio no real data has"},
		{"many elements", []part{{"xl/styles.xml", []piece{once("<styleSheet>"), rep("<xf/>", maxInMemoryElements), once("</styleSheet>")}}},
			"more than 400,000 XML elements"},
		{"doctype", []part{{"xl/worksheets/sheet1.xml", []piece{once(`<!DOCTYPE x [<!ENTITY a "b">]>`), once(sheetHead[55:] + sheetTail)}}},
			"an XML directive (<!D…)"},
		{"utf-16", []part{{"xl/sharedStrings.xml", []piece{once(`<?xml version="1.0" encoding="UTF-16"?><sst/>`)}}}, `written in "UTF-16"`},
		{"late declaration", []part{{"xl/worksheets/sheet1.xml", []piece{once(sheetHead), once("<?xml\tencoding='ISO-2022-JP'?>"), once(sheetTail)}}},
			`written in "ISO-2022-JP"`},
		{"deep", []part{{"xl/worksheets/sheet1.xml", []piece{rep("<a>", 65)}}}, "more than 64 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.xlsx")
			buildWorkbook(t, path, base, tt.parts...)
			_, err := PreviewFile(context.Background(), path, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	notZip := writeFile(t, "old.xlsx", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"+strings.Repeat("\x00", 4096))
	if _, err := PreviewFile(context.Background(), notZip, Options{}); !errors.Is(err, errNotWorkbook) {
		t.Errorf("an OLE file: %v", err)
	}
}

func TestXMLScan_Chunks(t *testing.T) {
	big := strings.Repeat("x", maxXMLChunk/2)
	tests := []struct {
		part, xml, want string
	}{
		// Rows of 2 MB are fine; a row's stretch runs to the next row.
		{"xl/worksheets/sheet1.xml", "<w><d><row><c>" + big + "</c></row><row><c>" + big + "</c></row></d></w>", ""},
		{"xl/worksheets/sheet1.xml", "<w><d><row><c>" + big + "</c></row><x>" + big + "</x><x>" + big + "</x><row/></d></w>", "a row of more than 4 MB (the 1st)"},
		// A row nested in a cell does not start a new stretch.
		{"xl/worksheets/sheet1.xml", "<w><d><row><c><is><t>" + big + "<row/>" + big + "<row/>" + big + "</t></is></c></row></d></w>", "a row of more than"},
		// Only the end of sheetData, the row's parent, ends it.
		{"xl/worksheets/sheet1.xml", "<w><d><row><c><sheetData/>" + big + "<sheetData></sheetData>" + big + big + "</c></row></d></w>", "a row of more than"},
		{"xl/worksheets/sheet1.xml", "<w><sheetData><row>" + big + "</row></sheetData><x>" + big + "</x><y>" + big + "</y></w>", ""},
		// Text, comments and CDATA are tokens; markup inside them is not.
		{"xl/worksheets/sheet1.xml", "<w><!-- <row> " + big + big + " --></w>", "an XML token of more than 4 MB"},
		{"xl/worksheets/sheet1.xml", "<w><![CDATA[<a>" + big + "]]><b/>" + big + "<![CDATA[" + big + "]]></w>", ""},
		{"xl/worksheets/sheet1.xml", "<w a=\"" + big + big + "\"/>", "an XML token of more than 4 MB"},
		{"xl/worksheets/sheet1.xml", "<w a='>" + big + "'><row/><c>" + big + big + "</c></w>", "a row of more than"},
		// A shared string runs to its end tag, nested ones included.
		{"xl/sharedStrings.xml", "<sst><si><t>" + big + "</t></si><si><t>" + big + "</t></si></sst>", ""},
		{"xl/sharedStrings.xml", "<sst><si><t>" + big + "<si/>" + big + "<si/>" + big + "</t></si></sst>", "a shared string (the text of a cell) of more than 4 MB (the 1st)"},
		{"xl/sharedStrings.xml", "<sst><si/><x:si><x:t>" + big + "<b/>" + big + "<b/>" + big + "</x:t></x:si></sst>", "(the 2nd)"},
	}
	for i, tt := range tests {
		sc := newXMLScan(tt.part)
		var err error
		for s := tt.xml; s != "" && err == nil; {
			n := min(len(s), 1000+i)
			err = sc.feed([]byte(s[:n]))
			s = s[n:]
		}
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("case %d: err = %v, want %q", i, err, tt.want)
		}
	}
	sc := newXMLScan("xl/sharedStrings.xml")
	chunk := []byte(strings.Repeat("<si/>", 100000))
	var err error
	for n := 0; n <= maxSharedStrings/100000 && err == nil; n++ {
		err = sc.feed(chunk)
	}
	if err == nil || !strings.Contains(err.Error(), "more than 2,000,000 strings") {
		t.Errorf("2,100,000 shared strings: %v", err)
	}
}
