package importer

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func bufioReader(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) }

func TestRead_GoogleContactsExport(t *testing.T) {
	got := byLine(t, readAll(t, "testdata/google_contacts.csv", Options{DefaultCountry: "GB"}), 2, 4, 5, 6)
	m := got[2]
	check(t, m, Record{Name: "Mariana Costa", Phone: "+5511987654321", Email: "mariana@padariacosta.example",
		Company: "Padaria Costa", Notes: "Orders bread on Fridays", Tags: []string{"Customers", "VIP"},
		OtherPhones: []OtherPhone{{Label: "Work", Number: "+551134567890"}},
		Note:        "Chose the mobile +55 11 98765 4321 over the landline +55 11 3456 7890 for WhatsApp; the other number is kept on the contact."})
	if m.Custom["Nickname"] != "Mari" || m.Custom["Birthday"] != "1985-03-14" || len(m.Custom) != 4 {
		t.Errorf("custom fields = %q", m.Custom)
	}
	check(t, got[4], Record{Name: "Tom Becker", Phone: "+12125550143", Tags: []string{"starred"},
		OtherPhones: []OtherPhone{{Label: "Home", Number: "+16465550172"}},
		Note:        "Chose the home number +1 212 555 0143 over the home number +1 646 555 0172 for WhatsApp; the other number is kept on the contact."})
	check(t, got[5], Record{Name: "Aisha Bello", Phone: "+442079460958", Email: "aisha@bello.example",
		Company: "Bello Fabrics", Tags: []string{"Suppliers", "customers"}})
	check(t, got[6], Record{Name: "Nobody Here", Skip: true, Problem: noPhone})
}

func TestRead_OldGoogleExport(t *testing.T) {
	got := byLine(t, readAll(t, "testdata/google_old.csv", Options{DefaultCountry: "BR"}), 2)
	check(t, got[2], Record{Name: "Carlos Mendes", Phone: "+5511912345678", Email: "carlos@mendes.example",
		Company: "Mendes Ltda", Notes: "Met at the fair", Tags: []string{"Leads"},
		OtherPhones: []OtherPhone{{Label: "Home", Number: "+551133334444"}},
		Note:        "Chose the mobile +55 11 91234 5678 over the landline +55 11 3333 4444 for WhatsApp; the other number is kept on the contact."})
	if len(got[2].Custom) != 0 {
		t.Errorf("custom = %q, want none", got[2].Custom)
	}
}

func TestRead_OutlookExportWithBOM(t *testing.T) {
	p, err := PreviewFile(context.Background(), "testdata/outlook_contacts.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Encoding != EncodingUTF8 || p.Headers[0] != "Title" {
		t.Fatalf("encoding %q, first header %q", p.Encoding, p.Headers[0])
	}
	got := byLine(t, readAll(t, "testdata/outlook_contacts.csv", Options{DefaultCountry: "US"}), 2, 3, 4)
	check(t, got[2], Record{Name: "John Smith", Phone: "+12065550199", Email: "john.smith@contoso.example",
		Company: "Contoso Ltd", Notes: "Prefers WhatsApp, mornings", Tags: []string{"Customers", "VIP"},
		OtherPhones: []OtherPhone{{Label: "Business Phone", Number: "+12065550100"}},
		Note:        "Chose the mobile +1 206 555 0199 over the business phone +1 206 555 0100 for WhatsApp; the other number is kept on the contact."})
	if got[2].Custom["Business Fax"] != "(206) 555-0110" || got[2].Custom["Job Title"] != "Manager" {
		t.Errorf("custom = %q", got[2].Custom)
	}
	check(t, got[3], Record{Name: "Ana García", Phone: "+14255550123", Email: "ana@fabrikam.example",
		Company: "Fabrikam", Tags: []string{"Suppliers", "Wholesale"}})
	check(t, got[4], Record{Name: "Li Na", Email: "li.na@example.com", Notes: "No number yet",
		Tags: []string{"Customers"}, Skip: true, Problem: noPhone})
}

func TestRead_DelimitersEncodingsAndLanguages(t *testing.T) {
	tests := []struct {
		file, region, enc, delim string
		want                     Record
	}{
		{"semicolon_de.csv", "DE", EncodingUTF8, ";", Record{Line: 2, Name: "Klaus Weber", Phone: "+4915123456789", Tags: []string{"Kunden"}}},
		{"french.csv", "FR", EncodingUTF8, ";", Record{Line: 2, Name: "Élodie Durand", Phone: "+33612345678",
			Email: "elodie@example.fr", Company: "Boulangerie Durand", Tags: []string{"clients", "vip"},
			Notes: "Livraison le mardi", OptedOut: true, Custom: map[string]string{"Ville": "Lyon"}}},
		{"tab_es.tsv", "MX", EncodingUTF8, "\t", Record{Line: 2, Name: "Lucía Gómez", Phone: "+525512345678", Email: "lucia@example.mx"}},
		{"pipe.txt", "PT", EncodingUTF8, "|", Record{Line: 2, Name: "Rui Alves", Phone: "+351912345678", Tags: []string{"a", "b"}}},
		{"utf16le_bom.csv", "BR", EncodingUTF16LE, ",", Record{Line: 2, Name: "João Conceição", Phone: "+5511987654321",
			Company: "Padaria São Jorge", Notes: "Entrega às terças"}},
		{"utf16be_nobom.csv", "BR", EncodingUTF16BE, ",", Record{Line: 2, Name: "João Conceição", Phone: "+5511987654321",
			Company: "Padaria São Jorge", Notes: "Entrega às terças"}},
		{"windows1252.csv", "DE", Encoding1252, ";", Record{Line: 2, Name: "Jürgen Größ", Phone: "+4915123456789",
			Company: "Müller & Söhne – Café", Notes: "Grüße €"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			p, err := PreviewFile(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != FormatCSV || p.Encoding != tt.enc || p.Delimiter != tt.delim {
				t.Fatalf("detected %s/%s/%q, want csv/%s/%q", p.Format, p.Encoding, p.Delimiter, tt.enc, tt.delim)
			}
			recs := readAll(t, path, Options{DefaultCountry: tt.region})
			if len(recs) < 1 {
				t.Fatal("no records")
			}
			check(t, recs[0], tt.want)
		})
	}
}

func TestPreviewFile_CSV(t *testing.T) {
	p, err := PreviewFile(context.Background(), "testdata/simple_contacts.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Mapping, ","); got != "name,phone,email,company,tags,custom:city" {
		t.Errorf("mapping = %s", got)
	}
	if len(p.Rows) != 7 || p.Rows[3][0] != `Daniel "Danny" Ross` || len(p.Sheets) != 0 {
		t.Errorf("rows = %q, sheets = %q", p.Rows, p.Sheets)
	}
	if !containsFold(p.Targets, "custom:city") || !containsFold(p.Targets, OptedOut) {
		t.Errorf("targets = %q", p.Targets)
	}
	// Ragged rows are padded to the headers.
	p, err = PreviewFile(context.Background(), "testdata/broken_rows.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Rows {
		if len(r) != len(p.Headers) {
			t.Fatalf("row %q has %d cells for %d headers", r, len(r), len(p.Headers))
		}
	}
}

func TestDetectEncoding(t *testing.T) {
	tests := map[string]string{
		"\xef\xbb\xbfname":     EncodingUTF8,
		"\xff\xfen\x00a\x00":   EncodingUTF16LE,
		"\xfe\xff\x00n\x00a":   EncodingUTF16BE,
		"n\x00a\x00m\x00e\x00": EncodingUTF16LE,
		"\x00n\x00a\x00m\x00e": EncodingUTF16BE,
		"José":                 EncodingUTF8,
		"Jos\xe9":              Encoding1252,
		"":                     EncodingUTF8,
	}
	for in, want := range tests {
		if got := detectEncoding([]byte(in), false); got != want {
			t.Errorf("detectEncoding(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDetectEncoding_SampleCutInsideACharacter(t *testing.T) {
	if got := detectEncoding([]byte("José Gómez\xc3"), true); got != EncodingUTF8 {
		t.Errorf("got %s, want utf-8", got)
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := map[string]byte{
		"a,b,c\n1,2,3\n":                  ',',
		"a;b;c\n1;2,5;3\n":                ';',
		"a\tb\n1\t2\n":                    '\t',
		"a|b\n1|2\n":                      '|',
		"\"x;y\",b\n\"1;2\",3\n\"z;w\",4": ',',
		"just one column\nno delimiter\n": ',',
	}
	for in, want := range tests {
		if got, err := detectDelimiter(context.Background(), in); err != nil || got != want {
			t.Errorf("detectDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectFormat_ByContentThenExtension(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"cards.txt", "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", FormatVCard},
		{"book.bin", "PK\x03\x04rest", FormatXLSX},
		{"empty.vcf", "", FormatVCard},
		{"list.csv", "name,phone\n", FormatCSV},
		{"utf16.dat", "\xff\xfeB\x00E\x00G\x00I\x00N\x00:\x00V\x00C\x00A\x00R\x00D\x00", FormatVCard},
	}
	for _, tt := range tests {
		f, err := os.Open(writeFile(t, tt.name, tt.content))
		if err != nil {
			t.Fatal(err)
		}
		got, err := detectFormat(context.Background(), f, tt.name)
		f.Close()
		if err != nil || got != tt.want {
			t.Errorf("detectFormat(%s) = %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
}
