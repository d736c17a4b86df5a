package main

import "testing"

func TestDialogFilters_UseWindowsPatterns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// What the pages send today is already in the Windows form.
		{"*.csv;*.tsv;*.txt;*.xlsx;*.vcf", "*.csv;*.tsv;*.txt;*.xlsx;*.vcf"},
		{"*.csv", "*.csv"},
		{"*", "*"},
		// What a page might write, and Windows' dialog would misread.
		{"*.csv; *.tsv", "*.csv;*.tsv"},
		{"*.csv, *.tsv", "*.csv;*.tsv"},
		{".csv,.xlsx", "*.csv;*.xlsx"},
		{"csv;xlsx", "*.csv;*.xlsx"},
		{"*.*", "*"},
		{"contacts*.csv", "contacts*.csv"},
		{" ; ", ""},
		{"", ""},
	} {
		if got := dialogPattern(tc.in); got != tc.want {
			t.Errorf("dialogPattern(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got := wailsFilters([]FileFilter{{DisplayName: "CSV file", Pattern: "*.csv"}, {DisplayName: "Nothing", Pattern: " ; "}})
	if len(got) != 1 || got[0].Pattern != "*.csv" || got[0].DisplayName != "CSV file" {
		t.Errorf("wailsFilters = %+v, want the CSV filter only (an empty one shows no file at all)", got)
	}
}
