package importer

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook creates a workbook the way people have them: numbers typed
// as numbers, one in scientific format, a date, an empty row, two sheets.
func writeWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Clientes"))
	rows := [][]any{
		{"Nome", "Celular", "Cliente desde", "Etiquetas"},
		{"Ana Souza", 5511987654321, 45306, "vip, atacado"},
		{"Bruno Lima", 4915123456789.0, nil, nil},
		{},
		{"Carla Dias", "(11) 91234-5678", nil, "vip"},
		{"Sem Telefone", nil, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("Clientes", cell, &r))
	}
	sci, err := f.NewStyle(&excelize.Style{NumFmt: 11}) // 0.00E+00
	must(err)
	must(f.SetCellStyle("Clientes", "B3", "B3", sci))
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle("Clientes", "C2", "C2", date))
	_, err = f.NewSheet("Outra")
	must(err)
	must(f.SetSheetRow("Outra", "A1", &[]any{"Name", "Phone"}))
	must(f.SetSheetRow("Outra", "A2", &[]any{"Dan", 447911123456}))
	path := filepath.Join(t.TempDir(), "clientes.xlsx")
	must(f.SaveAs(path))
	return path
}

func TestRead_XLSXNumbersReadAsDigits(t *testing.T) {
	path := writeWorkbook(t)
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatXLSX || p.Sheet != "Clientes" || len(p.Sheets) != 2 || p.Rows[1][1] != "4915123456789" {
		t.Fatalf("preview = %+v", p)
	}
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "BR"}), 2, 3, 5, 6)
	check(t, got[2], Record{Name: "Ana Souza", Phone: "+5511987654321", Tags: []string{"vip", "atacado"}})
	if since := got[2].Custom["Cliente desde"]; since == "45306" || since == "" {
		t.Errorf("the date shows as %q, want it formatted", since)
	}
	check(t, got[3], Record{Name: "Bruno Lima", Phone: "+4915123456789"})
	check(t, got[5], Record{Name: "Carla Dias", Phone: "+5511912345678", Tags: []string{"vip"}})
	check(t, got[6], Record{Name: "Sem Telefone", Skip: true, Problem: noPhone})
}

func TestRead_XLSXOtherSheet(t *testing.T) {
	path := writeWorkbook(t)
	got := byLine(t, readAll(t, path, Options{Sheet: "Outra", DefaultCountry: "US"}), 2)
	check(t, got[2], Record{Name: "Dan", Phone: "+447911123456"})
	if _, err := PreviewFile(context.Background(), path, Options{Sheet: "Nope"}); err == nil {
		t.Fatal("a missing sheet was accepted")
	}
}
