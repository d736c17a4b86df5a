//go:build e2e

package dist

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func debPath(t *testing.T) string {
	return file(t, filepath.Join(distDir(t), "herald_"+version(t, "deb")+"_amd64.deb"))
}

func TestDeb_LintsWithoutErrors(t *testing.T) {
	// lintian's tags of level error are what Debian refuses a package for.
	out := run(t, ".", "lintian", "--fail-on", "error", "--no-tag-display-limit", debPath(t))
	if strings.TrimSpace(out) != "" {
		t.Logf("lintian's warnings and notes:\n%s", out)
	}
}

func TestDeb_HoldsTheAppItsMenuEntryAndIcons(t *testing.T) {
	deb := debPath(t)
	field := func(name string) string {
		return strings.TrimSpace(run(t, ".", "dpkg-deb", "--field", deb, name))
	}
	if got := field("Package"); got != "herald" {
		t.Errorf("Package is %q", got)
	}
	if got, want := field("Version"), version(t, "deb"); got != want {
		t.Errorf("Version is %q, want %q", got, want)
	}
	depends := field("Depends")
	for _, want := range []string{"libgtk-3-0", "libwebkit2gtk-4.1-0", "libc6"} {
		if !strings.Contains(depends, want) {
			t.Errorf("Depends lacks %s: %s", want, depends)
		}
	}

	listing := run(t, ".", "dpkg-deb", "--contents", deb)
	files := map[string]string{} // path -> mode
	for _, line := range strings.Split(listing, "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 6 {
			files[strings.TrimPrefix(fields[5], ".")] = fields[0]
		}
	}
	want := []string{"/usr/bin/herald", "/usr/share/applications/herald.desktop",
		"/usr/share/doc/herald/copyright", "/usr/share/doc/herald/changelog.gz", "/usr/share/man/man1/herald.1.gz"}
	for _, size := range []string{"16", "32", "48", "64", "128", "256", "512"} {
		want = append(want, "/usr/share/icons/hicolor/"+size+"x"+size+"/apps/herald.png")
	}
	for _, path := range want {
		if _, ok := files[path]; !ok {
			t.Errorf("the .deb lacks %s", path)
		}
	}
	if mode := files["/usr/bin/herald"]; mode != "-rwxr-xr-x" {
		t.Errorf("/usr/bin/herald has mode %s", mode)
	}
	for path := range files {
		if !strings.HasPrefix(path, "/usr/") && path != "/" {
			t.Errorf("the .deb installs %s, outside /usr", path)
		}
	}

	root := t.TempDir()
	run(t, ".", "dpkg-deb", "-x", deb, root)
	if got, want := strings.TrimSpace(run(t, ".", filepath.Join(root, "usr/bin/herald"), "version")), "herald "+version(t, "app"); got != want {
		t.Errorf("the packaged herald says %q, want %q", got, want)
	}
	entry, err := os.ReadFile(filepath.Join(root, "usr/share/applications/herald.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"Exec=herald", "Icon=herald", "Type=Application", "Name=Herald"} {
		if !strings.Contains(string(entry), line+"\n") {
			t.Errorf("herald.desktop lacks %s", line)
		}
	}
}

func TestTarball_HoldsTheProgramItsDesktopFileAndIcon(t *testing.T) {
	name := "Herald-" + version(t, "file") + "-linux-amd64"
	f, err := os.Open(file(t, filepath.Join(distDir(t), name+".tar.gz")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	got := map[string]int64{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got[h.Name] = h.Mode
	}
	for _, want := range []string{"herald", "herald.desktop", "herald.png", "README.txt"} {
		mode, ok := got[name+"/"+want]
		if !ok {
			t.Errorf("the tarball lacks %s/%s; it holds %v", name, want, got)
		}
		if want == "herald" && mode&0o111 == 0 {
			t.Errorf("herald is not executable in the tarball (mode %o)", mode)
		}
	}
}
