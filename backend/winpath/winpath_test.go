package winpath

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckName_AcceptsOnlyNamesWindowsCanStore(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
		says string // part of the message when refused
	}{
		{"contacts-20261202-090000.csv", true, ""},
		{"campaign-12-20261202-090000.xlsx", true, ""},
		{"José Álvarez – clientes.csv", true, ""},
		{"Name · 2 Dec 2026 0900.csv", true, ""},
		{"Console.csv", true, ""},
		{"COM10.csv", true, ""},
		{"LPT.csv", true, ""},
		{"CONNECT.csv", true, ""},
		{".csv", true, ""},
		{"Name · 2 Dec 2026 09:00.csv", false, `":"`},
		{"report 09:00", false, `":"`},
		{`a\b.csv`, false, `"\\"`},
		{"a/b.csv", false, `"/"`},
		{"what?.csv", false, `"?"`},
		{"*.csv", false, `"*"`},
		{`"quoted".csv`, false, `"\""`},
		{"a<b>.csv", false, `"<"`},
		{"a|b.csv", false, `"|"`},
		{"tab\there.csv", false, "control character"},
		{"line\nbreak.csv", false, "control character"},
		{"report.", false, "end with a dot or a space"},
		{"report.csv ", false, "end with a dot or a space"},
		{"CON", false, "device"},
		{"con.csv", false, "device"},
		{"Nul.tar.gz", false, "device"},
		{"AUX .csv", false, "device"},
		{"PRN.xlsx", false, "device"},
		{"COM1.csv", false, "device"},
		{"com9", false, "device"},
		{"LPT1.csv", false, "device"},
		{"lpt9.xlsx", false, "device"},
		{"COM¹.csv", false, "device"},
		{"CONOUT$.csv", false, "device"},
		{"", false, "empty"},
		{"   ", false, "empty"},
		{"bad\xffutf8.csv", false, "not valid text"},
		{strings.Repeat("a", 251) + ".csv", true, ""},
		{strings.Repeat("a", 252) + ".csv", false, "too long"},
		// Windows counts UTF-16 units: an emoji is two.
		{strings.Repeat("😀", 125) + ".csv", true, ""},
		{strings.Repeat("😀", 126) + ".csv", false, "too long"},
	} {
		err := CheckName(tc.name)
		if tc.ok {
			if err != nil {
				t.Errorf("CheckName(%q) = %v, want nil", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("CheckName(%q) = nil, want an error saying %s", tc.name, tc.says)
			continue
		}
		if !errors.Is(err, ErrName) {
			t.Errorf("CheckName(%q) = %v, not an ErrName", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.says) {
			t.Errorf("CheckName(%q) = %q, want it to say %s", tc.name, err, tc.says)
		}
	}
}

func TestCleanName_MakesNamesValidOnWindows(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"contacts-20261202-090000.csv", 0, "contacts-20261202-090000.csv"},
		{"Name · 2 Dec 2026 09:00", 0, "Name · 2 Dec 2026 09_00"},
		{"Name · 2 Dec 2026 09:00.csv", 0, "Name · 2 Dec 2026 09_00.csv"},
		{`C:\Users\José\list.csv`, 0, "C__Users_José_list.csv"},
		{`<>:"/\|?*.csv`, 0, "_________.csv"},
		{"tab\tand\x00nul", 0, "tab_and_nul"},
		{"report. . .", 0, "report"},
		{"CON", 0, "_CON"},
		{"con.csv", 0, "_con.csv"},
		{"lpt1.xlsx", 0, "_lpt1.xlsx"},
		{"AUX .csv", 0, "_AUX .csv"},
		{"...", 0, ""},
		{"", 0, ""},
		{"bad\xffutf8", 0, "bad_utf8"},
		{strings.Repeat("a", 300) + ".csv", 0, strings.Repeat("a", 251) + ".csv"},
		{strings.Repeat("a", 300), 150, strings.Repeat("a", 150)},
		{strings.Repeat("é", 100) + ".csv", 40, strings.Repeat("é", 36) + ".csv"},
		// Never half of a character: 😀 is two UTF-16 units.
		{strings.Repeat("😀", 30) + ".csv", 41, strings.Repeat("😀", 18) + ".csv"},
		{"report" + strings.Repeat(" ", 40) + "x.csv", 12, "report.csv"},
		{"a.verylongextension", 8, "a.verylo"},
		// A cut that leaves a device name is renamed again.
		{"CONSOLE-LOG.csv", 7, "_CO.csv"},
		// A cut that leaves only a no-break space leaves no name.
		{"\u00a00", 1, ""},
	} {
		got := CleanName(tc.in, tc.max)
		if got != tc.want {
			t.Errorf("CleanName(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if got != "" {
			if err := CheckName(got); err != nil {
				t.Errorf("CleanName(%q, %d) = %q, which CheckName refuses: %v", tc.in, tc.max, got, err)
			}
			if !utf8.ValidString(got) {
				t.Errorf("CleanName(%q, %d) = %q is not valid UTF-8", tc.in, tc.max, got)
			}
		}
		if again := CleanName(got, tc.max); again != got {
			t.Errorf("CleanName is not stable: %q then %q", got, again)
		}
	}
}

func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"Name · 2 Dec 2026 09:00", "con.csv", "a\xff.", strings.Repeat("😀", 200)} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, in string, max int) {
		got := CleanName(in, max)
		if got == "" {
			return
		}
		if err := CheckName(got); err != nil {
			t.Fatalf("CleanName(%q, %d) = %q: %v", in, max, got, err)
		}
		if limit := max; limit > 0 && limit < MaxName && units(got) > limit {
			t.Fatalf("CleanName(%q, %d) = %q is %d units long", in, max, got, units(got))
		}
	})
}

func TestJoin_BuildsWindowsPaths(t *testing.T) {
	for _, tc := range []struct {
		elem []string
		want string
	}{
		{[]string{`C:\Users\José Álvarez\AppData\Local`, "Herald", "WebView2"}, `C:\Users\José Álvarez\AppData\Local\Herald\WebView2`},
		{[]string{`C:\Users\x\AppData\Local\`, "Herald"}, `C:\Users\x\AppData\Local\Herald`},
		{[]string{`\\server\share\profile`, "Herald"}, `\\server\share\profile\Herald`},
		{[]string{`C:\`, "Herald"}, `C:\Herald`},
		{[]string{"", "Herald"}, "Herald"},
	} {
		if got := Join(tc.elem...); got != tc.want {
			t.Errorf("Join(%q) = %q, want %q", tc.elem, got, tc.want)
		}
	}
}

func TestOverlap_ComparesFoldersTheWindowsWay(t *testing.T) {
	const data = `C:\Users\José Álvarez\AppData\Roaming\Herald`
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{data, data, true},
		{data, `c:\users\JOSÉ ÁLVAREZ\appdata\roaming\herald`, true},
		{data, `C:/Users/José Álvarez/AppData/Roaming/Herald/`, true},
		{data, `C:\Users\José Álvarez\AppData\Roaming\\Herald\.`, true},
		{data, `C:\Users\José Álvarez\AppData\Local\..\Roaming\Herald`, true},
		{data, `C:\Users\José Álvarez\AppData\Roaming\Herald.`, true},
		{data, data + `\WebView2`, true},
		{data + `\WebView2`, data, true},
		{data, `C:\Users\José Álvarez\AppData\Roaming`, true},
		{data, `C:\Users\José Álvarez\AppData\Local\Herald\WebView2`, false},
		{data, `C:\Users\José Álvarez\AppData\Roaming\Herald2`, false},
		{data, `C:\Users\José Álvarez\AppData\Roaming\herald.exe`, false},
		{data, `D:\Users\José Álvarez\AppData\Roaming\Herald`, false},
		{data, "", false},
	} {
		if got := Overlap(tc.a, tc.b); got != tc.want {
			t.Errorf("Overlap(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
