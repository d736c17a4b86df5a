package dist

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// installerScript is the NSIS script make dist builds the Windows installer from.
var installerScript = filepath.Join("..", "..", "build", "windows", "installer", "herald.nsi")

// removal is one Delete or RMDir of an NSIS script, its path with the
// script's !defines filled in.
type removal struct {
	Line      int
	Command   string // "Delete" or "RMDir"
	Path      string
	Recursive bool
}

var (
	defineLine = regexp.MustCompile(`^!define\s+(\w+)\s+"([^"]*)"`)
	defineUse  = regexp.MustCompile(`\$\{(\w+)\}`)
)

// removals lists every Delete and RMDir in an NSIS script, install and
// uninstall sections and functions alike.
func removals(script string) ([]removal, error) {
	defines := map[string]string{}
	var out []removal
	sc := bufio.NewScanner(strings.NewReader(script))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if m := defineLine.FindStringSubmatch(line); m != nil {
			defines[m[1]] = m[2]
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		cmd := fields[0]
		if !strings.EqualFold(cmd, "Delete") && !strings.EqualFold(cmd, "RMDir") {
			continue
		}
		r := removal{Line: n, Command: cmd}
		var args []string
		for _, f := range fields[1:] {
			switch strings.ToLower(f) {
			case "/r":
				r.Recursive = true
			case "/rebootok":
			default:
				args = append(args, f)
			}
		}
		if len(args) != 1 {
			return nil, fmt.Errorf("line %d: %s with %d paths, want one: %s", n, cmd, len(args), line)
		}
		path := strings.Trim(args[0], `"`)
		for i := 0; i < 5 && defineUse.MatchString(path); i++ {
			path = defineUse.ReplaceAllStringFunc(path, func(use string) string {
				if v, ok := defines[use[2:len(use)-1]]; ok {
					return v
				}
				return use
			})
		}
		r.Path = path
		out = append(out, r)
	}
	return out, sc.Err()
}

// removalRule says why r could delete something that is not the program's:
// "" when it is safe. The program is $INSTDIR's files, the shortcuts, and
// WebView2's cache; the user's data (%AppData%\Herald) and anything else in
// the profile are never the installer's to delete, whatever the case of a
// name (Windows' file names are case-insensitive).
func removalRule(r removal) string {
	p := strings.ToLower(strings.ReplaceAll(r.Path, "/", `\`))
	if strings.Contains(p, "..") {
		return "climbs out of its folder"
	}
	if strings.HasPrefix(p, "$appdata") {
		return "deletes under $APPDATA, where the user's data lives"
	}
	if r.Recursive {
		if p == `$localappdata\herald\webview2` {
			return ""
		}
		return "deletes a whole folder other than WebView2's cache"
	}
	if strings.EqualFold(r.Command, "RMDir") {
		// Without /r, RMDir removes only an empty folder.
		if p == `$instdir` || p == `$localappdata\herald` {
			return ""
		}
		return "removes a folder it did not make"
	}
	for _, root := range []string{`$instdir\`, `$smprograms\`, `$desktop\`} {
		if strings.HasPrefix(p, root) && !strings.ContainsAny(p[len(root):], `\*?`) {
			return ""
		}
	}
	return "deletes a file outside the program's folder and shortcuts"
}

func TestInstallerScript_NeverDeletesTheUsersData(t *testing.T) {
	script, err := os.ReadFile(installerScript)
	if err != nil {
		t.Fatal(err)
	}
	found, err := removals(string(script))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range found {
		if why := removalRule(r); why != "" {
			t.Errorf("%s line %d: %s %q %s", installerScript, r.Line, r.Command, r.Path, why)
		}
		seen[strings.ToLower(r.Path)] = true
	}
	// The parser must see the uninstaller's work, or the rule above checks nothing.
	for _, want := range []string{`$instdir\herald.exe`, `$instdir\uninstall.exe`, `$smprograms\herald.lnk`,
		`$desktop\herald.lnk`, `$localappdata\herald\webview2`} {
		if !seen[want] {
			t.Errorf("the script never removes %s: the uninstaller leaves it behind, or this test no longer reads the script", want)
		}
	}
}

func TestInstallerScript_InstallsForTheUserAlone(t *testing.T) {
	script, err := os.ReadFile(installerScript)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`RequestExecutionLevel user`,
		`InstallDir "$LOCALAPPDATA\Programs\Herald"`,
		`Target amd64-unicode`,
		`WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"`,
		`WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon"`,
		`WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher"`,
		`CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk"`,
		`CreateShortcut "$DESKTOP\${PRODUCT}.lnk"`,
	} {
		if !strings.Contains(string(script), want) {
			t.Errorf("%s lacks %s", installerScript, want)
		}
	}
	if regexp.MustCompile(`(?i)\bHKLM\b[^\n]*\bWriteReg|WriteReg\w*\s+HKLM`).Match(script) {
		t.Error("the installer writes to HKLM, which needs an administrator")
	}
}

// The rule must catch what would lose a user's data, or the test above
// cannot fail.
func TestRemovalRule_CatchesWhatWouldDeleteData(t *testing.T) {
	bad := `!define PRODUCT_EXECUTABLE "herald.exe"
!define DATA "$APPDATA\Herald"
RMDir /r "$AppData\${PRODUCT_EXECUTABLE}"
RMDir /r "${DATA}"
Delete "$APPDATA\HERALD\herald.db"
RMDir /r "$INSTDIR"
RMDir /r /REBOOTOK "$LOCALAPPDATA\Herald"
Delete "$INSTDIR\..\..\Roaming\Herald\herald.db"
Delete "$INSTDIR\*.*"
Delete "$PROFILE\herald.db"
RMDir "$DOCUMENTS\Herald"
`
	found, err := removals(bad)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 9 {
		t.Fatalf("found %d removals in the bad script, want 9: %+v", len(found), found)
	}
	for _, r := range found {
		if removalRule(r) == "" {
			t.Errorf("line %d: %s %q passes the rule", r.Line, r.Command, r.Path)
		}
	}
	if found[0].Path != `$AppData\herald.exe` || !found[0].Recursive {
		t.Errorf("defines are not filled in: %+v", found[0])
	}
}
