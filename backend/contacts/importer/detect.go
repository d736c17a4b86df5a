package importer

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file detection looks at: enough for dozens of
// rows, small enough to read instantly.
const sniffSize = 64 << 10

// detectFormat tells the format from the file's first bytes, which are more
// reliable than its name, and falls back to the extension. f is rewound.
func detectFormat(ctx context.Context, f *os.File, path string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("read the start of the file: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("rewind the file: %w", err)
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return FormatXLSX, nil
	}
	if text, _ := decodeSample(head, detectEncoding(head, n == cap(head))); looksLikeVCard(text) {
		return FormatVCard, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".vcf", ".vcard":
		return FormatVCard, nil
	case ".xlsx", ".xlsm":
		return FormatXLSX, nil
	}
	return FormatCSV, nil
}

// looksLikeVCard reports whether the first non-blank line is BEGIN:VCARD.
func looksLikeVCard(text string) bool {
	text = strings.TrimLeft(text, " \t\r\n\ufeff")
	return len(text) >= 11 && strings.EqualFold(text[:11], "BEGIN:VCARD")
}

// detectEncoding names the encoding of a file from its first bytes: a byte
// order mark, else the NUL bytes that UTF-16 puts beside ASCII characters,
// else valid UTF-8, else Windows-1252 (a superset of Latin-1 for text).
// truncated says that the file goes on after head.
func detectEncoding(head []byte, truncated bool) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE
	}
	var even, odd int
	for i, c := range head {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case half > 0 && odd > half/2 && even*4 < odd:
		return EncodingUTF16LE
	case half > 0 && even > half/2 && odd*4 < even:
		return EncodingUTF16BE
	}
	// The sample may end inside a multi-byte character; ignore that tail.
	valid := head
	for i := len(head) - 1; truncated && i >= 0 && i >= len(head)-3; i-- {
		if utf8.RuneStart(head[i]) {
			if !utf8.FullRune(head[i:]) {
				valid = head[:i]
			}
			break
		}
	}
	if utf8.Valid(valid) {
		return EncodingUTF8
	}
	return Encoding1252
}

// decoder returns the decoder for an encoding name. Each decoder also
// removes its byte order mark.
func decoder(enc string) *encoding.Decoder {
	switch enc {
	case EncodingUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case EncodingUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	case Encoding1252:
		return charmap.Windows1252.NewDecoder()
	default:
		return unicode.UTF8BOM.NewDecoder()
	}
}

// decodeSample decodes the start of a file, tolerating a cut-off tail.
func decodeSample(head []byte, enc string) (string, error) {
	out, _, err := transform.Bytes(decoder(enc), head)
	if err != nil {
		return string(out), fmt.Errorf("decode as %s: %w", enc, err)
	}
	return string(out), nil
}

// textFile is an open text file decoded to UTF-8, counting the raw bytes
// read for progress reports. Reading it fails with ctx's error once ctx
// ends: every text reader reads through it, a few KB at a time, so a
// cancel stops them within one such read wherever they are.
type textFile struct {
	f        *os.File
	enc      string
	size     int64
	read     atomic.Int64
	r        *bufio.Reader
	sample   string // the decoded first sniffSize bytes, for detection
	complete bool   // sample holds the whole file
}

// openText detects the encoding (unless given) and returns the decoded text.
func openText(ctx context.Context, f *os.File, enc string) (*textFile, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat: %w", err)
	}
	t := &textFile{f: f, size: st.Size()}
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(ctxReader{ctx, f}, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("read: %w", err)
	}
	head = head[:n]
	if enc == "" {
		enc = detectEncoding(head, int64(n) < t.size)
	}
	t.enc = enc
	t.complete = int64(n) == t.size
	t.sample, _ = decodeSample(head, enc)
	if !t.complete {
		// Drop the last, possibly cut, line so detection sees whole rows.
		if i := strings.LastIndexByte(t.sample, '\n'); i >= 0 {
			t.sample = t.sample[:i+1]
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewind: %w", err)
	}
	t.r = bufio.NewReaderSize(transform.NewReader(countingReader{ctxReader{ctx, f}, &t.read}, decoder(enc)), 64<<10)
	return t, nil
}

func (t *textFile) progress() (int64, int64) { return t.read.Load(), t.size }
func (t *textFile) close() error             { return t.f.Close() }

// countingReader counts the bytes read through it; the count is read from
// another goroutine for progress reports.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ctxReader fails with ctx's error once ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
