package importer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// numberedLine is one physical line of a text file, without its line
// ending.
type numberedLine struct {
	n    int
	text string
	// tooLong is set for a line longer than maxRecordBytes; text then holds
	// only its first longLinePrefix bytes.
	tooLong bool
	// quoteEnd caches where a quoted CSV cell that runs into this line from
	// the line before ends: 0 not yet known, -1 it does not end on this
	// line, else the index of its closing quote plus one. See closeOn.
	quoteEnd int
}

// lineReader reads physical lines of at most maxRecordBytes. A longer line
// is read and dropped in bufio-sized chunks, never held whole, and comes
// back with tooLong set, so one long line costs neither memory nor the
// lines after it.
type lineReader struct {
	r     *bufio.Reader
	lines int    // physical lines read
	long  []byte // reused buffer for lines longer than r's buffer
}

func newLineReader(r *bufio.Reader) *lineReader { return &lineReader{r: r} }

// readLine returns the next line; io.EOF after the last one.
func (lr *lineReader) readLine() (numberedLine, error) {
	frag, err := lr.r.ReadSlice('\n')
	var text string
	tooLong := false
	switch {
	case err == nil || (errors.Is(err, io.EOF) && len(frag) > 0):
		text = string(trimEOL(frag))
	case errors.Is(err, bufio.ErrBufferFull):
		buf := append(lr.long[:0], frag...)
		for errors.Is(err, bufio.ErrBufferFull) {
			frag, err = lr.r.ReadSlice('\n')
			if !tooLong && len(buf)+len(frag) > maxRecordBytes+2 { // +2: the line ending
				tooLong = true
				buf = buf[:min(len(buf), longLinePrefix)]
			}
			if !tooLong {
				buf = append(buf, frag...)
			}
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return numberedLine{}, err
		}
		if tooLong {
			text = string(buf)
		} else {
			text = string(trimEOL(buf))
			if len(text) > maxRecordBytes {
				tooLong, text = true, text[:longLinePrefix]
			}
		}
		lr.long = buf[:0] // at most about maxRecordBytes, kept for the next long line
	default:
		return numberedLine{}, err
	}
	lr.lines++
	return numberedLine{n: lr.lines, text: text, tooLong: tooLong}, nil
}

// trimEOL removes a trailing "\n" and then a trailing "\r".
func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}
