package importer

import (
	"context"
	"strings"
	"testing"
)

func TestRead_VCardVersions(t *testing.T) {
	got := byLine(t, readAll(t, "testdata/contacts.vcf", Options{DefaultCountry: "US"}), 1, 9, 15)
	check(t, got[1], Record{Name: "Chinedu Okafor", Phone: "+2348031234567", Email: "chinedu@example.com", Company: "Okafor Logistics"})
	check(t, got[9], Record{Name: "Lena Fischer", Phone: "+491605556677", Tags: []string{"customer", "vip"}})
	check(t, got[15], Record{Name: "Lucía Gómez", Phone: "+573001234567"})
}

func TestRead_VCardQuotedPrintableFoldingAndEscapes(t *testing.T) {
	got := byLine(t, readAll(t, "testdata/cards.vcf", Options{DefaultCountry: "ES"}), 1, 9, 21, 26)
	check(t, got[1], Record{Name: "José Muñoz", Phone: "+34612345678", Notes: "Cliente desde 2019,\npaga en efectivo €",
		OtherPhones: []OtherPhone{{Label: "Home", Number: "+34911234567"}},
		Note:        "Chose the mobile +34 612 34 56 78 over the landline +34 911 23 45 67 for WhatsApp; the other number is kept on the contact."})
	check(t, got[9], Record{Name: "Sophie Martin", Phone: "+33612345678", Email: "sophie@martin.example",
		Company: "Martin, Fils & Cie", Tags: []string{"clients", "VIP"},
		Notes: "Première ligne\nDeuxième ligne avec une très longue phrase qui est repliée sur deux lignes"})
	check(t, got[21], Record{Name: "No Phone Person", Email: "nobody@example.com", Skip: true, Problem: noPhone})
	check(t, got[26], Record{Name: "Bad Number", RawPhone: "tel:12345",
		Problem: "The number is too short for Spain (+34). Write it with its country code, like +34 612 34 56 78."})
}

func TestRead_VCardWithoutEndOrWithCRLF(t *testing.T) {
	path := writeFile(t, "x.vcf", "BEGIN:VCARD\r\nFN:A\r\nTEL:+44 7911 123456\r\nBEGIN:VCARD\r\nFN:B\r\nTEL;TYPE=HOME:+1 212 555 0187\r\n")
	got := byLine(t, readAll(t, path, Options{}), 1, 4)
	check(t, got[1], Record{Name: "A", Phone: "+447911123456"})
	check(t, got[4], Record{Name: "B", Phone: "+12125550187"})
}

func TestPreviewFile_VCard(t *testing.T) {
	p, err := PreviewFile(context.Background(), "testdata/cards.vcf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatVCard || len(p.Headers) != 0 || p.Mapping != nil || len(p.Rows) != 4 {
		t.Fatalf("preview = %+v", p)
	}
	if got := strings.Join(p.Rows[0][:2], "|"); got != "José Muñoz|+34 612 34 56 78" {
		t.Errorf("first row = %q", p.Rows[0])
	}
}

func TestSplitEscapedAndUnescape(t *testing.T) {
	if got := strings.Join(splitEscaped(`a\;b;c\,d;e\\`, ';'), "|"); got != `a;b|c,d|e\` {
		t.Errorf("splitEscaped = %q", got)
	}
	if got := unescape(`x\ny\Nz\`); got != "x\ny\nz\\" {
		t.Errorf("unescape = %q", got)
	}
	if got := string(decodeQP("=C3=A9=3D=ZZ=4")); got != "é==ZZ=4" {
		t.Errorf("decodeQP = %q", got)
	}
}
