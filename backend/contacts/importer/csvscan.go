package importer

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
)

// Why not encoding/csv: after a quote error it has already consumed the rest
// of the record, and an opening quote that is never closed swallows every
// following line up to the next quote or the end of the file, so one broken
// row can lose thousands of good ones. csvScanner parses the same RFC 4180
// dialect (quoted fields, "" inside quotes, multi-line fields, ragged rows)
// but, when a record turns out broken, reports it at its first line and
// starts again on the line after it.

// Limits on one multi-line record: beyond them, an open quote is taken to be
// a stray one rather than a very long note. maxSpanLines is far more lines
// than a note has; the whole record stays within maxRecordBytes.
const maxSpanLines = 200

// Problems of rows that cannot be read, in the words the import report uses.
const (
	problemStrayQuote = "the line has a stray quote (\") that does not end a quoted cell"
	problemOpenQuote  = "the line has a quote (\") that is never closed"
)

// row is one record of a table, before mapping.
type row struct {
	line   int      // first line of the record
	cells  []string // the cells, as many as the row has
	broken string   // why the row could not be read; cells is then nil
}

// csvScanner splits delimited text into rows. It is not safe for concurrent
// use.
//
// Lines are read ahead into a queue while a quoted cell runs over several
// of them; when the record turns out broken, only its first line is
// dropped and the next record starts on the line after it, from the queue.
// Where a quoted cell that runs into a line ends is worked out once per
// line (numberedLine.quoteEnd), whichever record reads it.
type csvScanner struct {
	lr    *lineReader
	delim byte
	ahead []numberedLine // lines read and not yet consumed, from ahead[head]
	head  int
}

func newCSVScanner(r *bufio.Reader, delim byte) *csvScanner {
	return &csvScanner{lr: newLineReader(r), delim: delim}
}

// peek returns the line i places after the next one, reading it if needed.
func (s *csvScanner) peek(i int) (*numberedLine, error) {
	for len(s.ahead)-s.head <= i {
		l, err := s.lr.readLine()
		if err != nil {
			return nil, err
		}
		s.ahead = append(s.ahead, l)
	}
	return &s.ahead[s.head+i], nil
}

// consume drops the next n lines.
func (s *csvScanner) consume(n int) {
	clear(s.ahead[s.head : s.head+n])
	s.head += n
	switch {
	case s.head == len(s.ahead):
		s.ahead, s.head = s.ahead[:0], 0
	case s.head >= 1024 && s.head*2 >= len(s.ahead):
		m := copy(s.ahead, s.ahead[s.head:])
		clear(s.ahead[m:])
		s.ahead, s.head = s.ahead[:m], 0
	}
}

// closeQuote returns the index of the quote that ends a quoted cell whose
// text starts at text[j], or -1 when the cell goes on past the line. "" is
// a quote inside the cell.
func closeQuote(text string, j int) int {
	for {
		k := strings.IndexByte(text[j:], '"')
		if k < 0 {
			return -1
		}
		j += k + 1
		if j < len(text) && text[j] == '"' {
			j++
			continue
		}
		return j - 1
	}
}

// closeOn is closeQuote for a quoted cell that runs into line l from the
// line before, computed once per line.
func closeOn(l *numberedLine) int {
	if l.quoteEnd == 0 {
		l.quoteEnd = closeQuote(l.text, 0) + 1
		if l.quoteEnd == 0 {
			l.quoteEnd = -1
		}
	}
	if l.quoteEnd < 0 {
		return -1
	}
	return l.quoteEnd - 1
}

// unquote appends the text of a quoted cell, "" read as ".
func unquote(b []byte, s string) []byte {
	for {
		k := strings.Index(s, `""`)
		if k < 0 {
			return append(b, s...)
		}
		b = append(b, s[:k+1]...)
		s = s[k+2:]
	}
}

// next returns the next row; io.EOF at the end.
func (s *csvScanner) next() (row, error) {
	first, err := s.peek(0)
	if err != nil {
		return row{}, err
	}
	line := first.n
	if first.tooLong {
		s.consume(1)
		return row{line: line, broken: problemLongRow()}, nil
	}
	broken := func(problem string) (row, error) {
		// Read the lines after the first again: they are most likely the
		// rows that the stray quote swallowed.
		s.consume(1)
		return row{line: line, broken: problem}, nil
	}
	var (
		cells []string
		ncell int // cells seen; cells keeps the first maxColumns
		k     int // the line being parsed, as in peek(k)
		size  = len(first.text)
		text  = first.text
		i     = 0
	)
	add := func(c string) {
		if ncell++; ncell <= maxColumns {
			cells = append(cells, c)
		}
	}
	for {
		rest := text[i:]
		if trimmed := strings.TrimLeft(rest, " "); strings.HasPrefix(trimmed, `"`) {
			j := i + len(rest) - len(trimmed) + 1
			startK, startJ := k, j
			end := closeQuote(text, j)
			for end < 0 {
				if k >= maxSpanLines {
					return broken(problemOpenQuote)
				}
				next, err := s.peek(k + 1)
				if errors.Is(err, io.EOF) {
					return broken(problemOpenQuote)
				}
				if err != nil {
					return row{}, err
				}
				if next.tooLong || size+1+len(next.text) > maxRecordBytes {
					return broken(problemOpenQuote)
				}
				k++
				size += 1 + len(next.text)
				text = next.text
				end = closeOn(next)
			}
			var cell string
			if startK == k {
				cell = text[startJ:end]
				if strings.Contains(cell, `""`) {
					cell = string(unquote(nil, cell))
				}
			} else {
				b := unquote(nil, s.ahead[s.head+startK].text[startJ:])
				for m := startK + 1; m < k; m++ {
					b = append(b, '\n')
					b = unquote(b, s.ahead[s.head+m].text)
				}
				b = append(b, '\n')
				cell = string(unquote(b, text[:end]))
			}
			add(cell)
			j = end + 1
			for j < len(text) && text[j] == ' ' {
				j++
			}
			switch {
			case j == len(text):
				return s.done(line, k, cells, ncell)
			case text[j] == s.delim:
				i = j + 1
			default:
				return broken(problemStrayQuote)
			}
			continue
		}
		c := strings.IndexByte(rest, s.delim)
		if c < 0 {
			add(rest)
			return s.done(line, k, cells, ncell)
		}
		add(rest[:c])
		i += c + 1
	}
}

// done consumes a record that ends on line k (as in peek) and checks its
// cells against the limits.
func (s *csvScanner) done(line, k int, cells []string, ncell int) (row, error) {
	s.consume(k + 1)
	if ncell > maxColumns {
		return row{line: line, broken: problemManyCols()}, nil
	}
	for i, c := range cells {
		if len(c) > maxCellBytes {
			return row{line: line, broken: problemLongCell(i)}, nil
		}
	}
	return row{line: line, cells: cells}, nil
}

// delimiters are the candidates detection chooses from, in order of
// preference when they score the same.
func delimiters() [4]byte { return [...]byte{',', ';', '\t', '|'} }

// detectDelimiter picks the candidate that splits the first records of the
// sample into the same number (more than one) of cells most often. Quotes
// are respected, so "Ross, Ross & Co" does not count.
func detectDelimiter(ctx context.Context, sample string) (byte, error) {
	best, bestScore := byte(','), 0
	for _, d := range delimiters() {
		sc := newCSVScanner(bufio.NewReader(strings.NewReader(sample)), d)
		counts := map[int]int{}
		for n := 0; n < 50; n++ {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			r, err := sc.next()
			if err != nil {
				break
			}
			if len(r.cells) > 1 {
				counts[len(r.cells)]++
			}
		}
		score := 0
		for _, c := range counts {
			score = max(score, c)
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best, nil
}
