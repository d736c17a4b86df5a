package importer

import (
	"bufio"
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
// a stray one rather than a very long note.
const (
	maxSpanLines = 200
	maxSpanBytes = 1 << 20
)

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

type numberedLine struct {
	n    int
	text string
}

// csvScanner splits delimited text into rows. It is not safe for concurrent
// use.
type csvScanner struct {
	r       *bufio.Reader
	delim   byte
	lines   int            // physical lines read from r
	pending []numberedLine // lines to read again after a broken record
}

func newCSVScanner(r *bufio.Reader, delim byte) *csvScanner {
	return &csvScanner{r: r, delim: delim}
}

// readLine returns the next physical line without its line ending.
func (s *csvScanner) readLine() (numberedLine, error) {
	if len(s.pending) > 0 {
		l := s.pending[0]
		s.pending = s.pending[1:]
		return l, nil
	}
	text, err := s.r.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && text != "") {
		return numberedLine{}, err
	}
	s.lines++
	text = strings.TrimSuffix(text, "\n")
	text = strings.TrimSuffix(text, "\r")
	return numberedLine{n: s.lines, text: text}, nil
}

// next returns the next row; io.EOF at the end.
func (s *csvScanner) next() (row, error) {
	first, err := s.readLine()
	if err != nil {
		return row{}, err
	}
	var (
		cells []string
		span  []numberedLine // continuation lines, kept to re-read them
		size  int
		text  = first.text
		i     = 0
	)
	broken := func(problem string) (row, error) {
		// Read the continuation lines again: they are most likely the rows
		// that the stray quote swallowed.
		s.pending = append(span, s.pending...)
		return row{line: first.n, broken: problem}, nil
	}
	for {
		rest := text[i:]
		if trimmed := strings.TrimLeft(rest, " "); strings.HasPrefix(trimmed, `"`) {
			var b strings.Builder
			j := i + len(rest) - len(trimmed) + 1
			for {
				k := strings.IndexByte(text[j:], '"')
				if k < 0 {
					b.WriteString(text[j:])
					b.WriteByte('\n')
					next, err := s.readLine()
					if errors.Is(err, io.EOF) || len(span) >= maxSpanLines || size > maxSpanBytes {
						if err == nil {
							s.pending = append([]numberedLine{next}, s.pending...)
						}
						return broken(problemOpenQuote)
					}
					if err != nil {
						return row{}, err
					}
					span = append(span, next)
					size += len(next.text)
					text, j = next.text, 0
					continue
				}
				b.WriteString(text[j : j+k])
				j += k + 1
				if j < len(text) && text[j] == '"' {
					b.WriteByte('"')
					j++
					continue
				}
				for j < len(text) && text[j] == ' ' {
					j++
				}
				break
			}
			cells = append(cells, b.String())
			switch {
			case j == len(text):
				return row{line: first.n, cells: cells}, nil
			case text[j] == s.delim:
				i = j + 1
			default:
				return broken(problemStrayQuote)
			}
			continue
		}
		k := strings.IndexByte(rest, s.delim)
		if k < 0 {
			cells = append(cells, rest)
			return row{line: first.n, cells: cells}, nil
		}
		cells = append(cells, rest[:k])
		i += k + 1
	}
}

// delimiters are the candidates detection chooses from, in order of
// preference when they score the same.
var delimiters = [...]byte{',', ';', '\t', '|'}

// detectDelimiter picks the candidate that splits the first records of the
// sample into the same number (more than one) of cells most often. Quotes
// are respected, so "Ross, Ross & Co" does not count.
func detectDelimiter(sample string) byte {
	best, bestScore := byte(','), 0
	for _, d := range delimiters {
		sc := newCSVScanner(bufio.NewReader(strings.NewReader(sample)), d)
		counts := map[int]int{}
		for n := 0; n < 50; n++ {
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
	return best
}
