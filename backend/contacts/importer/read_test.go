package importer

import (
	"context"
	"errors"
	"testing"
)

func TestRead_KeepsFileOrderAcrossWorkers(t *testing.T) {
	const n = 5000
	path := writeGenerated(t, n)
	recs := readAll(t, path, Options{DefaultCountry: "US"})
	if len(recs) != n {
		t.Fatalf("%d records, want %d", len(recs), n)
	}
	for i, r := range recs {
		if r.Line != i+2 || r.Phone != generatedPhone(i) || r.Problem != "" {
			t.Fatalf("record %d = %+v, want line %d phone %s", i, r, i+2, generatedPhone(i))
		}
	}
}

func TestRead_StopsWhenFnFails(t *testing.T) {
	path := writeGenerated(t, 2000)
	stop := errors.New("stop")
	calls := 0
	err := Read(context.Background(), path, Options{DefaultCountry: "US"}, func(Record) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	}, nil)
	if !errors.Is(err, stop) || calls != 10 {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
}

func TestRead_StopsWhenContextEnds(t *testing.T) {
	path := writeGenerated(t, 2000)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := Read(ctx, path, Options{DefaultCountry: "US"}, func(Record) error {
		calls++
		if calls == 5 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) || calls >= 2000 {
		t.Fatalf("err = %v after %d calls", err, calls)
	}
}

func TestRead_ReportsProgressToTheEnd(t *testing.T) {
	path := writeGenerated(t, 3000)
	var last, total int64
	err := Read(context.Background(), path, Options{DefaultCountry: "US"}, func(Record) error { return nil },
		func(d, t int64) { last, total = d, t })
	if err != nil || total == 0 || last != total {
		t.Fatalf("err %v, last report %d of %d", err, last, total)
	}
}

func TestRead_MissingFileAndBadOptions(t *testing.T) {
	noop := func(Record) error { return nil }
	if err := Read(context.Background(), "testdata/nope.csv", Options{}, noop, nil); err == nil {
		t.Error("a missing file was read")
	}
	for _, o := range []Options{{Format: "pdf"}, {Encoding: "ebcdic"}, {Delimiter: ":"}, {Mapping: []string{"custom: "}}} {
		if err := Read(context.Background(), "testdata/simple_contacts.csv", o, noop, nil); err == nil {
			t.Errorf("options %+v were accepted", o)
		}
	}
}

func TestRead_EmptyFile(t *testing.T) {
	path := writeFile(t, "empty.csv", "")
	if recs := readAll(t, path, Options{}); len(recs) != 0 {
		t.Fatalf("records = %+v", recs)
	}
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil || len(p.Headers) != 0 || len(p.Rows) != 0 {
		t.Fatalf("preview = %+v, %v", p, err)
	}
}
