package importer

import (
	"context"
	"fmt"
	"os"
)

// openCSV opens a delimited text file as a table.
func openCSV(ctx context.Context, f *os.File, opts Options) (source, error) {
	text, err := openText(ctx, f, opts.Encoding)
	if err != nil {
		return nil, err
	}
	delim := byte(0)
	if opts.Delimiter != "" {
		delim = opts.Delimiter[0]
	} else if delim, err = detectDelimiter(ctx, text.sample); err != nil {
		return nil, err
	}
	meta := Preview{Format: FormatCSV, Encoding: text.enc, Delimiter: string(delim)}
	t, err := newTable(ctx, newCSVScanner(text.r, delim), meta, opts.Mapping)
	if err != nil {
		return nil, fmt.Errorf("read the header row: %w", err)
	}
	t.prog, t.closer = text.progress, text.close
	return t, nil
}
