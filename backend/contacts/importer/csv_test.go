package importer

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

func TestRead_SimpleCSV(t *testing.T) {
	recs := readAll(t, "testdata/simple_contacts.csv", Options{DefaultCountry: "US"})
	got := byLine(t, recs, 2, 3, 4, 5, 6, 7, 8)
	check(t, got[2], Record{Name: "Ana Souza", Phone: "+5511912345678", Email: "ana@example.com", Company: "Loja Azul",
		Tags: []string{"customer", "vip"}, Custom: map[string]string{"city": "São Paulo"}})
	check(t, got[3], Record{Name: "Ben Carter", Phone: "+12125550187", Email: "ben@example.com", Company: "Carter Plumbing",
		Tags: []string{"supplier"}})
	check(t, got[5], Record{Name: `Daniel "Danny" Ross`, Phone: "+16465550199", Email: "danny@example.com",
		Company: "Ross, Ross & Co", Tags: []string{"customer"}})
	check(t, got[6], Record{Name: "Eve Martin", Email: "eve@example.com", Tags: []string{"lead"},
		Problem: "This is not a phone number. Write it with its country code, like +1 201 555 0123."})
}

func TestRead_ReportsBadRowsAndKeepsGoodOnes(t *testing.T) {
	recs := readAll(t, "testdata/broken_rows.csv", Options{DefaultCountry: "US"})
	got := byLine(t, recs, 2, 4, 5, 6, 7, 9, 11, 12, 13)
	check(t, got[2], Record{Name: "Ana Souza", Phone: "+5511912345678", Email: "ana@example.com", Notes: "Two-line\nnote"})
	check(t, got[4], Record{Name: `Ben "Benny" Carter`, Phone: "+12125550187", Email: "ben@example.com",
		Notes: "bare quotes inside a cell are kept"})
	check(t, got[5], Record{Problem: sentence(problemStrayQuote)})
	check(t, got[6], Record{Problem: sentence(problemStrayQuote)})
	check(t, got[7], Record{Name: "Eve Martin", Phone: "+33612345678", Email: "eve@example.com", Notes: `quotes "inside" quotes`})
	check(t, got[9], Record{Name: "Fay Short", Phone: "+447911123456"})
	check(t, got[11], Record{Name: "Gus NoPhone", Email: "gus@example.com", Skip: true, Problem: noPhone})
	check(t, got[12], Record{Name: "Hal Bad", Email: "hal@example.com", Problem: "The number is too short for United States (+1). Write it with its country code, like +1 201 555 0123."})
	check(t, got[13], Record{Name: "Ivy Long", Phone: "+4915123456789", Email: "ivy@example.com", Notes: "note"})
}

func TestRead_UnclosedQuoteAtEndIsReportedAlone(t *testing.T) {
	path := writeFile(t, "x.csv", "name,phone\nAna,\"+1 212 555 0187\nBen,+1 646 555 0199\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 3)
	check(t, got[2], Record{Problem: sentence(problemOpenQuote)})
	check(t, got[3], Record{Name: "Ben", Phone: "+16465550199"})
}

// encoding/csv cannot resume after an unclosed quote: everything after it
// is lost in one error. This is why csvScanner exists.
func TestEncodingCSV_UnclosedQuoteSwallowsTheRest(t *testing.T) {
	r := csv.NewReader(strings.NewReader("name,phone\nAna,\"+1 212\nBen,+1 646\nCy,+1 305\n"))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var rows int
	for {
		_, err := r.Read()
		if err != nil {
			break
		}
		rows++
	}
	if rows != 2 { // the header and one giant broken record
		t.Fatalf("encoding/csv read %d records; the reason for csvScanner has changed", rows)
	}
}

func TestRead_LineNumbersCountMultiLineFields(t *testing.T) {
	path := writeFile(t, "x.csv", "name,notes,phone\r\nAna,\"a\r\nb\r\nc\",+1 212 555 0187\r\nBen,,+1 646 555 0199\r\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 2, 5)
	check(t, got[2], Record{Name: "Ana", Notes: "a\nb\nc", Phone: "+12125550187"})
}

func TestCSVScanner_RaggedAndQuotedCells(t *testing.T) {
	sc := newCSVScanner(bufioReader("a,\"b,c\",\"d\"\"e\"\nf\n g , \"h\" ,\n"), ',')
	want := [][]string{{"a", "b,c", `d"e`}, {"f"}, {" g ", "h", ""}}
	for i, w := range want {
		r, err := sc.next()
		if err != nil || strings.Join(r.cells, "|") != strings.Join(w, "|") || r.line != i+1 {
			t.Fatalf("row %d = %+v, %v; want %q", i, r, err, w)
		}
	}
}

func TestRead_HeaderlessFileStartsAtLine1(t *testing.T) {
	p, err := PreviewFile(context.Background(), "testdata/no_header.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Headers, "|") != "Column 1|Column 2|Column 3" || strings.Join(p.Mapping, "|") != "name|phone|email" {
		t.Fatalf("headers %q mapping %q", p.Headers, p.Mapping)
	}
	got := byLine(t, readAll(t, "testdata/no_header.csv", Options{DefaultCountry: "DE"}), 1, 2)
	check(t, got[1], Record{Name: "Klaus Weber", Phone: "+4915123456789", Email: "klaus@example.com"})
}

func TestRead_GivenMappingOverridesSuggestion(t *testing.T) {
	opts := Options{DefaultCountry: "US", Mapping: []string{"custom:Who", Phone}}
	got := byLine(t, readAll(t, "testdata/simple_contacts.csv", opts), 2, 3, 4, 5, 6, 7, 8)
	check(t, got[3], Record{Phone: "+12125550187", Custom: map[string]string{"Who": "Ben Carter"}})
	if _, err := PreviewFile(context.Background(), "testdata/simple_contacts.csv", Options{Mapping: []string{"bogus"}}); err == nil {
		t.Fatal("an unknown mapping target was accepted")
	}
}
