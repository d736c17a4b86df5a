//go:build e2e

package dist

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the driver Herald's store uses, opened read-only here

	"herald/backend/store"
	"herald/test/serve"
)

const installedBin = "/usr/bin/herald"

// nextDeb is the .deb of a later release, built by make test-dist from the
// same code with a higher version (NEXT_DIST_DIR).
func nextDeb(t *testing.T) (path, appVersion, debVersion string) {
	t.Helper()
	dir := os.Getenv("NEXT_DIST_DIR")
	if dir == "" {
		t.Fatal("NEXT_DIST_DIR is not set: run these tests with `make test-dist`")
	}
	next := version(t, "next")
	debVersion = versionOf(t, "deb", next)
	return file(t, filepath.Join(dir, "herald_"+debVersion+"_amd64.deb")), versionOf(t, "app", next), debVersion
}

// apt installs or removes packages as a person would, noninteractively.
func apt(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("apt-get", append([]string{"-y", "-q", "--no-install-recommends"}, args...)...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("apt-get %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func installedVersion(t *testing.T) string {
	t.Helper()
	out, _ := exec.Command("dpkg-query", "--show", "--showformat", "${db:Status-Status} ${Version}", "herald").Output()
	return strings.TrimSpace(string(out))
}

// TestDeb_InstallUpgradeAndRemoveKeepTheUsersData installs the package
// system-wide, so it runs only where that is expected: as root under CI.
func TestDeb_InstallUpgradeAndRemoveKeepTheUsersData(t *testing.T) {
	if os.Getenv("CI") != "true" || os.Geteuid() != 0 {
		t.Skip("installs the .deb system-wide: runs as root with CI=true (make test in CI)")
	}
	if v := installedVersion(t); strings.HasPrefix(v, "installed") {
		t.Fatalf("herald is already installed (%s): this test would replace it", v)
	}
	deb := debPath(t)
	next, nextApp, nextDebVersion := nextDeb(t)
	t.Cleanup(func() { _ = exec.Command("apt-get", "-y", "-q", "purge", "herald").Run() })

	// apt-get, not dpkg -i: it must find the runtime libraries the package depends on.
	apt(t, "install", deb)
	if got, want := strings.TrimSpace(run(t, ".", installedBin, "version")), "herald "+version(t, "app"); got != want {
		t.Fatalf("the installed herald says %q, want %q", got, want)
	}

	// The user's data in their default folder, as a person would have it:
	// contacts, a template and a campaign that has sent.
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=", "HERALD_DATA="}
	data := filepath.Join(home, ".config", "Herald")
	s := serve.Start(t, installedBin, env)
	s.Connect(t, map[string]any{"latencyMinMs": 1, "latencyMaxMs": 5, "failRate": 0, "notOnWhatsAppRate": 0,
		"disconnectRate": 0, "rateLimitPerSec": 0, "autoScanSec": 0})
	for _, c := range []map[string]any{
		{"name": "Ana Souza", "phone": "+12025550101"},
		{"name": "Bo Chen", "phone": "+12025550102"},
		{"name": "Chloé Martin", "phone": "+12025550103"},
	} {
		s.Must(t, "ContactService", "Create", nil, c)
	}
	var tmpl struct {
		ID int64 `json:"id"`
	}
	s.Must(t, "TemplateService", "Create", &tmpl, map[string]any{"name": "Upgrade", "body": "Hi {{first_name}}, we moved."})
	var c campaign
	s.Must(t, "CampaignService", "Create", &c, map[string]any{
		"name": "Before the upgrade", "templateId": tmpl.ID, "audience": map[string]any{"all": true},
		"pace": map[string]any{"perMinute": 0, "minDelaySec": 0, "maxDelaySec": 0}})
	s.Must(t, "CampaignService", "Start", &c, c.ID)
	awaitCompleted(t, s, c.ID)
	s.Stop(t)

	apt(t, "install", next)
	if got := installedVersion(t); got != "installed "+nextDebVersion {
		t.Fatalf("after the upgrade dpkg has %q, want version %s", got, nextDebVersion)
	}
	if got, want := strings.TrimSpace(run(t, ".", installedBin, "version")), "herald "+nextApp; got != want {
		t.Fatalf("the upgraded herald says %q, want %q", got, want)
	}
	s = serve.Start(t, installedBin, env)
	var contacts struct {
		Total int64 `json:"total"`
	}
	s.Must(t, "ContactService", "List", &contacts, map[string]any{"limit": 10})
	var templates struct {
		Total int64 `json:"total"`
	}
	s.Must(t, "TemplateService", "List", &templates, map[string]any{"limit": 10})
	var after campaign
	s.Must(t, "CampaignService", "Get", &after, c.ID)
	s.Stop(t)
	if contacts.Total != 3 || templates.Total != 1 {
		t.Errorf("after the upgrade: %d contacts and %d templates, want 3 and 1", contacts.Total, templates.Total)
	}
	if after.State != "completed" || after.Stats.Sent+after.Stats.Delivered+after.Stats.Read != 3 {
		t.Errorf("after the upgrade the campaign is %s with %+v, want completed with 3 sent", after.State, after.Stats)
	}
	if got, want := schemaVersion(t, filepath.Join(data, "herald.db")), store.LatestVersion(); got != want {
		t.Errorf("after the upgrade the database is at schema %d, want %d", got, want)
	}

	before := tree(t, data)
	apt(t, "remove", "herald")
	if _, err := os.Stat(installedBin); !os.IsNotExist(err) {
		t.Errorf("%s is still there after removing the package (%v)", installedBin, err)
	}
	for _, path := range []string{"/usr/share/applications/herald.desktop", "/usr/share/icons/hicolor/256x256/apps/herald.png"} {
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s is still there after removing the package", path)
		}
	}
	afterRemove := tree(t, data)
	if len(afterRemove) == 0 || len(afterRemove) != len(before) {
		t.Errorf("the data folder held %d files before removing the package and %d after", len(before), len(afterRemove))
	}
	for name, sum := range before {
		if afterRemove[name] != sum {
			t.Errorf("%s changed or went when the package was removed", name)
		}
	}
}

type campaign struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
	Stats struct {
		Total     int `json:"total"`
		Sent      int `json:"sent"`
		Delivered int `json:"delivered"`
		Read      int `json:"read"`
		Failed    int `json:"failed"`
	} `json:"stats"`
}

func awaitCompleted(t *testing.T, s *serve.Server, id int64) {
	t.Helper()
	serve.WaitUntil(t, "the campaign completes", 60*time.Second, func() (bool, error) {
		var c campaign
		err := s.Call("CampaignService", "Get", &c, id)
		return c.State == "completed", err
	})
}

func schemaVersion(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRow("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		t.Fatalf("read the schema version of %s: %v", path, err)
	}
	return v
}

// tree is every file under dir with a checksum of its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(content)
		out[path] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
