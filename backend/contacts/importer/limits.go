package importer

import (
	"fmt"
	"strconv"
)

// Limits on what one file may make the importer hold or do. Contact files
// come from other people, so each limit is set from what a real contact
// file needs, with room to spare, and says in plain words what was refused.
const (
	// maxRecordBytes bounds one CSV/TSV record (all its lines), one vCard
	// line after unfolding, one vCard card (its photos and keys left out)
	// and the text of one xlsx row. A contact with every field filled in is
	// a few hundred bytes and a long note a few KB: 1 MB is hundreds of
	// times that, yet small enough that a record costs little memory and
	// no time, whatever else the file holds.
	maxRecordBytes = 1 << 20

	// maxCellBytes bounds one cell or vCard value. Excel keeps at most
	// 32,767 characters in a cell and Google Sheets 50,000: at most ~200 KB
	// of UTF-8. A longer cell was not typed by a person.
	maxCellBytes = 256 << 10

	// maxColumns bounds the cells of a row: Excel's own limit (column XFD).
	// It also bounds the preview, which pads its rows to the header row.
	maxColumns = 16384

	// previewCellRunes is how much of a cell the preview shows: enough to
	// recognise a value in a table column; longer cells end with "…".
	previewCellRunes = 200

	// longLinePrefix is how much of a line longer than maxRecordBytes is
	// kept: enough for a vCard property's name and parameters, so that a
	// photo written on one line is recognised and dropped silently.
	longLinePrefix = 4 << 10
)

// Problems of rows that break a limit, in the words the import report uses.
func problemLongRow() string {
	return fmt.Sprintf("the row is longer than %s, far more than any contact needs, so it was not read", sizeWords(maxRecordBytes))
}

func problemLongCard() string {
	return fmt.Sprintf("the card is longer than %s without its photos, far more than any contact needs, so it was not read", sizeWords(maxRecordBytes))
}

func problemManyCols() string {
	return fmt.Sprintf("the row has more than %s cells, more than any spreadsheet allows, so it was not read", countWords(maxColumns))
}

// problemLongCell says that cell i (from 0) of a row is too long.
func problemLongCell(i int) string {
	return fmt.Sprintf("cell %d is longer than %s, more than a spreadsheet cell holds, so the row was not read", i+1, sizeWords(maxCellBytes))
}

// problemLongLine says that line n of a vCard card is too long.
func problemLongLine(n int) string {
	return fmt.Sprintf("line %d of the card is longer than %s, far more than any contact needs, so the card was not read", n, sizeWords(maxRecordBytes))
}

// problemLongValue says that the value on line n of a vCard card is too
// long.
func problemLongValue(n int) string {
	return fmt.Sprintf("line %d of the card holds a value longer than %s, more than a spreadsheet cell holds, so the card was not read", n, sizeWords(maxCellBytes))
}

// sizeWords writes a byte count the way people read it: "1 MB", "256 KB",
// "3.1 GB".
func sizeWords(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GB"}, {1 << 20, "MB"}, {1 << 10, "KB"}} {
		switch {
		case n >= u.size && n%u.size == 0:
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		case n >= u.size:
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// countWords writes a count with thousands separators: "16,384".
func countWords(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// checkCells reports why a row's cells break a limit, or "".
func checkCells(cells []string) string {
	if len(cells) > maxColumns {
		return problemManyCols()
	}
	total := 0
	for i, c := range cells {
		if len(c) > maxCellBytes {
			return problemLongCell(i)
		}
		total += len(c)
	}
	if total > maxRecordBytes {
		return problemLongRow()
	}
	return ""
}

// shorten cuts a cell for the preview to previewCellRunes characters.
func shorten(s string) string {
	if len(s) <= previewCellRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == previewCellRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// shortenAll shortens every cell of a preview row in place.
func shortenAll(cells []string) []string {
	for i, c := range cells {
		cells[i] = shorten(c)
	}
	return cells
}
