package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// An .xlsx workbook is a zip of XML parts. excelize reads every part into
// memory when it opens the workbook, except the worksheets and the shared
// strings table (the text of the cells) when they are larger than
// maxInMemoryXML: those it unzips to temporary files and streams. It
// decodes some parts whole (styles, the calculation chain, the workbook's
// list of sheets) into Go values many times the size of their XML, and its
// XML decoder holds a whole token, and a whole row or shared string, in
// memory. checkWorkbook therefore reads the zip's central directory and
// the parts before excelize sees the workbook, and refuses one that would
// make excelize hold more than a couple of hundred MB, or unzip more than a
// real contact workbook has.
const (
	// maxWorkbookBytes bounds the unzipped size of all parts (excelize's
	// UnzipSizeLimit; its default is 16 GB). A million contacts take about
	// 100 MB of sheet XML and, with a name, e-mail and company each, up to
	// 150 MB of shared strings; Excel's largest sheet (1,048,576 rows) of
	// ten columns about 450 MB. 1 GB holds that, and is the most excelize
	// writes to temporary files for one workbook.
	maxWorkbookBytes = 1 << 30

	// maxInMemoryXML is the size above which excelize streams a worksheet
	// or the shared strings table from a temporary file (its
	// UnzipXMLSizeLimit; its default is 16 MB). Below it excelize decodes
	// the shared strings table whole, at up to 30 times its size (measured:
	// 4 MB of one-letter strings → 116 MB peak, 16 MB → 398 MB); streaming
	// costs nothing noticeable.
	maxInMemoryXML = 4 << 20

	// maxInMemoryPart bounds each other part, which excelize always keeps
	// in memory. A contact workbook's styles, theme and relations take a
	// few KB; styles bloated to Excel's limit of 64,000 formats ~10 MB.
	maxInMemoryPart = 16 << 20

	// maxInMemoryBytes bounds all the parts excelize keeps in memory
	// together: the largest styles and room for a few pictures.
	maxInMemoryBytes = 32 << 20

	// maxInMemoryElements bounds the XML elements of the parts excelize
	// keeps in memory. Those it decodes cost up to ~400 bytes an element
	// (measured: 16 MB of empty <xf/> styles → 1.3 GB peak), so the limit
	// keeps them under ~160 MB; styles bloated to Excel's 64,000 formats
	// have ~300,000 elements, a contact workbook's other parts a few
	// thousand.
	maxInMemoryElements = 400_000

	// maxCompressionRatio bounds how much better than maxInMemoryXML-sized
	// parts may compress (below that size, a part costs little whatever its
	// ratio). Sheet XML of real data compresses 9 to 20 times (measured:
	// 100,000 generated contacts 9–12×, one row repeated 18×, empty
	// formatted cells 13×); deflate cannot do better than 1,032 times,
	// which is what a part of filler (a zip bomb) gets.
	maxCompressionRatio = 100

	// maxCentralDirectory bounds the zip's list of parts. archive/zip
	// loads the list whole, ~250 bytes of memory per part; each part takes
	// ~100 bytes of it, so 1 MB lists ~10,000 parts, where a workbook has
	// dozens (a few thousand with many pictures).
	maxCentralDirectory = 1 << 20

	// maxXMLChunk bounds, in a worksheet or the shared strings table, any
	// one XML token (text, tag, comment) and what excelize decodes in one
	// go: a row (from its <row> to the next) or a shared string (<si>).
	// It is four times the text a row may have (maxRecordBytes), to leave
	// room for the markup around each cell and for escapes (&amp;). A
	// single cell over it cannot come from a spreadsheet program: Excel
	// keeps at most 32,767 characters in a cell.
	maxXMLChunk = 4 * maxRecordBytes

	// maxXMLDepth bounds how deep elements nest: a cell's text is 6 deep
	// (worksheet, sheetData, row, c, is, t), extensions a few more; the XML
	// decoder keeps a record of each open element.
	maxXMLDepth = 64

	// maxSharedStrings bounds the shared strings table: a million contacts
	// with two text columns of distinct values (name and e-mail, numbers
	// typed as numbers). excelize indexes a large table at ~120 bytes a
	// string (measured: 2 million one-letter strings → 246 MB peak and
	// 5 s; 4 million → 454 MB).
	maxSharedStrings = 2_000_000
)

// errNotWorkbook is the answer for a file that is not an .xlsx zip.
var errNotWorkbook = problemf("the file is not an Excel workbook (.xlsx) that Herald can read: it may be an old .xls file or protected by a password; save it as .xlsx or CSV and try again")

// refuse explains why a workbook is not read.
func refuse(format string, args ...any) error {
	return problemf("the workbook is not read: "+format+". No contact workbook needs that: the file may be damaged, "+
		"or made to exhaust the memory of programs that open it. To import its contacts, open it in a spreadsheet "+
		"program and save the sheet as CSV", args...)
}

// checkWorkbook reads the zip's central directory and the parts, and
// refuses a workbook beyond the limits above. It stops when ctx ends.
func checkWorkbook(ctx context.Context, f *os.File, size int64) error {
	dir, err := centralDirectorySize(f, size)
	if err != nil {
		return err
	}
	if dir > maxCentralDirectory {
		return refuse("its list of parts takes %s, more than %s", sizeWords(dir), sizeWords(maxCentralDirectory))
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return errNotWorkbook
	}
	var total, inMemory int64
	for _, zf := range zr.File {
		n := int64(min(zf.UncompressedSize64, 1<<62))
		total += n
		if total > maxWorkbookBytes {
			return refuse("its parts unzip to more than %s", sizeWords(maxWorkbookBytes))
		}
		stream := streamedPart(zf.Name)
		if !stream && n > maxInMemoryPart {
			return refuse("its part %q unzips to %s, more than %s", zf.Name, sizeWords(n), sizeWords(maxInMemoryPart))
		}
		if n > maxInMemoryXML && n > int64(min(zf.CompressedSize64, 1<<62))*maxCompressionRatio {
			return refuse("its part %q unzips to %s from %s, a ratio no real data has", zf.Name, sizeWords(n), sizeWords(int64(zf.CompressedSize64)))
		}
		if !stream || n <= maxInMemoryXML {
			if inMemory += n; inMemory > maxInMemoryBytes {
				return refuse("its parts besides the sheets unzip to more than %s", sizeWords(maxInMemoryBytes))
			}
		}
	}
	elements := 0
	buf := make([]byte, 64<<10)
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		if streamedPart(zf.Name) {
			err = scanPart(ctx, zf, buf)
		} else {
			err = countElements(ctx, zf, buf, &elements)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// streamedPart reports whether excelize may stream the part from a
// temporary file: worksheets and the shared strings table, named as
// excelize matches them.
func streamedPart(name string) bool {
	name = strings.ToLower(strings.ReplaceAll(name, `\`, "/"))
	return strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
}

// centralDirectorySize returns how many bytes archive/zip reads as the
// zip's list of parts (from the directory's offset to the end of the
// file), from the end-of-directory record, without reading the list.
func centralDirectorySize(f io.ReaderAt, size int64) (int64, error) {
	const endLen, locatorLen = 22, 20
	tail := min(size, endLen+65535+locatorLen)
	buf := make([]byte, tail)
	if _, err := f.ReadAt(buf, size-tail); err != nil && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("read the workbook: %w", err)
	}
	end := bytes.LastIndex(buf, []byte("PK\x05\x06"))
	if end < 0 || len(buf)-end < endLen {
		return 0, errNotWorkbook
	}
	offset := int64(binary.LittleEndian.Uint32(buf[end+16:]))
	if offset == 0xFFFFFFFF && end >= locatorLen && bytes.HasPrefix(buf[end-locatorLen:], []byte("PK\x06\x07")) {
		// Zip64: the offset is in the zip64 end record the locator points to.
		at := int64(binary.LittleEndian.Uint64(buf[end-locatorLen+8:]))
		rec := make([]byte, 56)
		if at < 0 || at > size-56 {
			return 0, errNotWorkbook
		}
		if _, err := f.ReadAt(rec, at); err != nil || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
			return 0, errNotWorkbook
		}
		offset = int64(binary.LittleEndian.Uint64(rec[48:]))
	}
	if offset < 0 || offset > size {
		return 0, errNotWorkbook
	}
	return size - offset, nil
}

// countElements adds to *n the start tags of a part that excelize keeps in
// memory (a '<' and a name: binary parts count a few by chance) and
// refuses the workbook when they pass maxInMemoryElements.
func countElements(ctx context.Context, zf *zip.File, buf []byte, n *int) error {
	return readPart(ctx, zf, buf, func(p []byte, prev byte) error {
		for i := bytes.IndexByte(p, '<'); i >= 0 && i < len(p); {
			if i+1 < len(p) && startsName(p[i+1]) {
				if *n++; *n > maxInMemoryElements {
					return refuse("its parts besides the sheets have more than %s XML elements", countWords(maxInMemoryElements))
				}
			}
			k := bytes.IndexByte(p[i+1:], '<')
			if k < 0 {
				break
			}
			i += k + 1
		}
		if prev == '<' && len(p) > 0 && startsName(p[0]) {
			if *n++; *n > maxInMemoryElements {
				return refuse("its parts besides the sheets have more than %s XML elements", countWords(maxInMemoryElements))
			}
		}
		return nil
	})
}

// startsName reports whether c may start an XML name.
func startsName(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// readPart unzips a part in chunks of buf, calling fn with each chunk and
// the last byte of the chunk before (0 for the first), and stops when ctx
// ends.
func readPart(ctx context.Context, zf *zip.File, buf []byte, fn func(p []byte, prev byte) error) error {
	rc, err := zf.Open()
	if err != nil {
		return errNotWorkbook
	}
	defer rc.Close()
	prev := byte(0)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := rc.Read(buf)
		if n > 0 {
			if err := fn(buf[:n], prev); err != nil {
				return err
			}
			prev = buf[n-1]
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return problemf("the workbook is damaged (its part %s cannot be unzipped): save it again from your spreadsheet program", zf.Name)
		}
	}
}
