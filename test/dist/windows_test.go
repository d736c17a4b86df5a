//go:build e2e

package dist

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/pe"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tc-hib/winres"
	winversion "github.com/tc-hib/winres/version"
)

func setupPath(t *testing.T) string {
	return file(t, filepath.Join(distDir(t), "Herald-"+version(t, "file")+"-windows-amd64-setup.exe"))
}

// installedExe is the herald.exe the installer would install, taken out of
// it with 7-Zip, which reads NSIS installers.
func installedExe(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	run(t, ".", "7zz", "e", "-y", "-bso0", "-o"+out, setupPath(t), "herald.exe")
	return file(t, filepath.Join(out, "herald.exe"))
}

func TestWindowsInstaller_IsAWindowsProgramHoldingHerald(t *testing.T) {
	setup := setupPath(t)
	f, err := pe.Open(setup)
	if err != nil {
		t.Fatalf("the installer is not a Windows program: %v", err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("the installer is for machine %#x, want x64 (NSIS Target amd64-unicode)", f.Machine)
	}
	if sub := subsystem(f); sub != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("the installer's subsystem is %d, want the GUI's", sub)
	}

	listing := run(t, ".", "7zz", "l", "-slt", setup)
	files := map[string]bool{}
	for _, line := range strings.Split(listing, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "Path = "); ok {
			files[name] = true
		}
	}
	for _, want := range []string{"herald.exe", "README.txt", "uninstall.exe"} {
		if !files[want] {
			t.Errorf("the installer does not hold %s; it holds %v", want, files)
		}
	}

	// The installer's own file properties name Herald and its version.
	info := versionInfo(t, setup)
	if got := info["ProductVersion"]; got != version(t, "app") {
		t.Errorf("the installer's ProductVersion is %q, want %q", got, version(t, "app"))
	}
	if got := info["ProductName"]; got != "Herald" {
		t.Errorf("the installer's ProductName is %q", got)
	}
}

func TestWindowsProgram_IsAnX64GUIProgramWithVersionResources(t *testing.T) {
	exe := installedExe(t)
	f, err := pe.Open(exe)
	if err != nil {
		t.Fatalf("herald.exe is not a Windows program: %v", err)
	}
	defer f.Close()
	if _, ok := f.OptionalHeader.(*pe.OptionalHeader64); !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("herald.exe is not PE32+ x86-64 (machine %#x)", f.Machine)
	}
	if sub := subsystem(f); sub != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("herald.exe's subsystem is %d, want the GUI's (%d): a console window would open behind Herald", sub, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}

	info := versionInfo(t, exe)
	for key, want := range map[string]string{
		"ProductName":      "Herald",
		"ProductVersion":   version(t, "app"),
		"FileVersion":      version(t, "numeric"),
		"OriginalFilename": "herald.exe",
		"CompanyName":      "Herald",
	} {
		if got := info[key]; got != want {
			t.Errorf("herald.exe's %s is %q, want %q", key, got, want)
		}
	}
	if got, want := info["fixed"], version(t, "numeric")+".0"; got != want {
		t.Errorf("herald.exe's numeric file version is %s, want %s", got, want)
	}

	res := resources(t, exe)
	if res.Count() == 0 || res.Get(winres.RT_GROUP_ICON, winres.Name("APP"), 0) == nil {
		t.Error("herald.exe carries no app icon")
	}
	manifest := res.Get(winres.RT_MANIFEST, winres.ID(1), 0x409)
	for _, want := range []string{"app.herald.desktop", "permonitorv2", "Microsoft.Windows.Common-Controls"} {
		if !bytes.Contains(bytes.ToLower(manifest), bytes.ToLower([]byte(want))) {
			t.Errorf("herald.exe's manifest lacks %s:\n%s", want, manifest)
		}
	}
}

func TestWindowsZip_HoldsTheSameProgramAndAReadme(t *testing.T) {
	path := file(t, filepath.Join(distDir(t), "Herald-"+version(t, "file")+"-windows-amd64.zip"))
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	got := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 2 || got["herald.exe"] == nil || got["README.txt"] == nil {
		t.Fatalf("the zip holds %d files, want herald.exe and README.txt", len(got))
	}
	installed, err := os.ReadFile(installedExe(t))
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(installed) != sha256.Sum256(got["herald.exe"]) {
		t.Error("the zip's herald.exe is not the installer's")
	}
	readme := string(got["README.txt"])
	if !strings.Contains(readme, "Herald "+version(t, "app")) || !strings.Contains(readme, `%AppData%\Herald`) {
		t.Errorf("the README does not name the version and the data folder:\n%s", readme)
	}
	if strings.Count(readme, "\r\n") != strings.Count(readme, "\n") {
		t.Error("the README's lines do not all end in CRLF, as Notepad on older Windows needs")
	}
}

func subsystem(f *pe.File) uint16 {
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return h.Subsystem
	case *pe.OptionalHeader32:
		return h.Subsystem
	}
	return 0
}

func resources(t *testing.T, path string) *winres.ResourceSet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := winres.LoadFromEXE(f)
	if err != nil {
		t.Fatalf("read the resources of %s: %v", path, err)
	}
	return rs
}

// versionInfo is the main string table of a program's version resource
// (what Explorer's Details tab shows), plus "fixed": the numeric file version.
func versionInfo(t *testing.T, path string) map[string]string {
	t.Helper()
	var data []byte
	resources(t, path).WalkType(winres.RT_VERSION, func(_ winres.Identifier, _ uint16, d []byte) bool {
		data = d
		return false
	})
	if data == nil {
		t.Fatalf("%s has no version resource", filepath.Base(path))
	}
	vi, err := winversion.FromBytes(data)
	if err != nil {
		t.Fatalf("read the version resource of %s: %v", path, err)
	}
	out := map[string]string{}
	for k, v := range vi.Table().GetMainTranslation() {
		out[k] = v
	}
	v := vi.FileVersion
	out["fixed"] = fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3])
	return out
}
