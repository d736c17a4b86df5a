package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Builders of hostile files. Every file is made by the test in a temporary
// folder: a workbook of gigabytes or a 1 GB text file comes from a few KB
// repeated, so nothing big is committed and making one takes well under a
// second or two.

// piece is data repeated times over.
type piece struct {
	data  []byte
	times int
}

// part is one part of a workbook built by buildWorkbook.
type part struct {
	name   string
	pieces []piece
}

// baseWorkbook saves a small valid workbook made by excelize: a header
// and rows of contacts, strings in the shared strings table.
func baseWorkbook(t testing.TB, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if len(rows) == 0 {
		rows = [][]any{{"Name", "Phone"}, {"Ana Souza", "+1 212 555 0187"}, {"Ben Carter", "+1 646 555 0199"}}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "base.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// buildWorkbook writes to path the parts of the workbook at base, with
// parts added, or replacing those of the same name. Each piece is
// deflated once and its deflated bytes repeated, so a part of gigabytes
// (a zip bomb) takes a fraction of a second to write.
func buildWorkbook(t testing.TB, path, base string, parts ...part) {
	t.Helper()
	zr, err := zip.OpenReader(base)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	replaced := map[string]bool{}
	for _, p := range parts {
		replaced[p.name] = true
	}
	for _, zf := range zr.File {
		if replaced[zf.Name] {
			continue
		}
		w, err := zw.CreateRaw(&zf.FileHeader)
		if err != nil {
			t.Fatal(err)
		}
		r, err := zf.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range parts {
		writeRawPart(t, zw, p)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeRawPart deflates each piece of p on its own (a fresh compressor
// refers to nothing before it) and writes it times over, then the final
// empty block. A small piece is first repeated into a block of about 1 MB,
// so that it compresses as it would in one stream.
func writeRawPart(t testing.TB, zw *zip.Writer, p part) {
	t.Helper()
	type chunk struct {
		deflated []byte
		times    int
	}
	var crc uint32
	var size, csize uint64
	var chunks []chunk
	add := func(data []byte, times int) {
		if times == 0 {
			return
		}
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write(data)
		fw.Flush() // ends on a byte boundary without a final block
		chunks = append(chunks, chunk{b.Bytes(), times})
		for range times {
			crc = crc32.Update(crc, crc32.IEEETable, data)
		}
		size += uint64(len(data)) * uint64(times)
		csize += uint64(b.Len()) * uint64(times)
	}
	for _, pc := range p.pieces {
		per := max(1, min(pc.times, (1<<20)/max(1, len(pc.data))))
		add(bytes.Repeat(pc.data, per), pc.times/per)
		add(pc.data, pc.times%per)
	}
	final := []byte{0x03, 0x00} // an empty final block
	csize += uint64(len(final))
	w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: csize, UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chunks {
		for range c.times {
			if _, err := w.Write(c.deflated); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Write(final)
}

// writeRepeated writes to a new file in dir the pieces, each repeated.
func writeRepeated(t testing.TB, dir, name string, pieces ...piece) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range pieces {
		data := p.data
		times := p.times
		// Write in blocks of about 1 MB.
		if len(data) < 1<<20 && times > 1 {
			per := max(1, (1<<20)/len(data))
			block := bytes.Repeat(data, per)
			for ; times >= per; times -= per {
				if _, err := f.Write(block); err != nil {
					t.Fatal(err)
				}
			}
		}
		for range times {
			if _, err := f.Write(data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func once(s string) piece { return piece{[]byte(s), 1} }

func rep(s string, n int) piece { return piece{[]byte(s), n} }

// sheetXML and sstXML wrap rows and shared strings in their part's XML.
const (
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
	sstHead   = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	sstTail = `</sst>`
)

// inlineRow is a sheet row of inline strings.
func inlineRow(n int, cells ...string) string {
	var b strings.Builder
	b.WriteString(`<row r="` + strconv.Itoa(n) + `">`)
	for i, c := range cells {
		col, _ := excelize.ColumnNumberToName(i + 1)
		b.WriteString(`<c r="` + col + strconv.Itoa(n) + `" t="inlineStr"><is><t>` + c + `</t></is></c>`)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// randomText is n random lower-case letters: text that does not compress
// much, as a cell of real data would not.
func randomText(n int) string {
	r := rand.New(rand.NewSource(1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.Intn(26))
	}
	return string(b)
}
