package importer

import (
	"context"
	"testing"
)

// BenchmarkRead reads a generated 100k-row CSV (the layout of
// shared/testdata/gen_contacts.go) end to end, phone validation included.
func BenchmarkRead(b *testing.B) {
	const rows = 100_000
	path := writeGenerated(b, rows)
	b.ResetTimer()
	for b.Loop() {
		n := 0
		err := Read(context.Background(), path, Options{DefaultCountry: "US"}, func(r Record) error {
			if r.Problem != "" {
				b.Fatalf("line %d: %s", r.Line, r.Problem)
			}
			n++
			return nil
		}, nil)
		if err != nil || n != rows {
			b.Fatalf("read %d rows: %v", n, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
