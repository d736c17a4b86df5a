package core

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/backup"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/events"
	"herald/backend/templates"
)

// restoreWorld is a running Herald with two contacts, a template and a
// campaign waiting to send, and a backup of that data.
type restoreWorld struct {
	c       *Core
	dir     string
	rec     *events.Recorder
	backups string
	backup  backup.Backup
	camp    int64
}

func newRestoreWorld(t *testing.T) *restoreWorld {
	t.Helper()
	dir := t.TempDir()
	rec := &events.Recorder{}
	c, err := New(Options{DataDir: dir, Version: "test", Emitter: rec})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	w := &restoreWorld{c: c, dir: dir, rec: rec, backups: filepath.Join(dir, "backups")}
	for _, ct := range []contacts.Contact{{Name: "Ana Ruiz", Phone: "+14155552671"}, {Name: "Bo Berg", Phone: "+14155552672"}} {
		if _, err := c.Contacts.Create(ct); err != nil {
			t.Fatal(err)
		}
	}
	tmpl, err := c.Templates.Create(templates.Template{Name: "Hello", Body: "Hi {{first_name}}"})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := c.Campaigns.Create(campaigns.Input{Name: "Spring offer", TemplateID: tmpl.ID, Audience: campaigns.Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	// Not connected: the campaign waits for WhatsApp, as one sending does.
	started, err := c.Campaigns.Start(camp.ID)
	if err != nil || (started.State != campaigns.StateRunning && started.State != campaigns.StateWaiting) {
		t.Fatalf("start: %+v, %v", started, err)
	}
	w.camp = camp.ID
	w.backup = w.write(t)
	return w
}

// write backs up the data as it is now.
func (w *restoreWorld) write(t *testing.T) backup.Backup {
	t.Helper()
	b, err := w.c.Backup.BackupNow()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (w *restoreWorld) names(t *testing.T) string {
	t.Helper()
	page, err := w.c.Contacts.List(contacts.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ct := range page.Items {
		out = append(out, ct.Name)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func (w *restoreWorld) backupFiles(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(w.backups)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestRestore_BringsBackTheBackupsDataAndPausesWhatWasSending(t *testing.T) {
	w := newRestoreWorld(t)
	c := w.c
	// What changes after the backup is what the restore takes back.
	if _, err := c.Contacts.Create(contacts.Contact{Name: "Cy New", Phone: "+14155552673"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Templates.Create(templates.Template{Name: "Later", Body: "Later"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Campaigns.Pause(w.camp); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Campaigns.Cancel(w.camp); err != nil {
		t.Fatal(err)
	}
	got, err := c.Backup.Restore(w.backup.Path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != w.backup.Path || got.Contacts != 2 || got.Templates != 1 || got.Campaigns != 1 || got.Version != "test" || got.SchemaVersion == 0 {
		t.Errorf("Restore = %+v", got)
	}
	if got := w.names(t); got != "Ana Ruiz,Bo Berg" {
		t.Errorf("contacts after the restore: %s", got)
	}
	if page, err := c.Contacts.List(contacts.Query{Search: "bo"}); err != nil || page.Total != 1 {
		t.Errorf("search after the restore: %+v, %v", page, err)
	}
	list, err := c.Templates.List(templates.Query{})
	if err != nil || list.Total != 1 || list.Items[0].Name != "Hello" {
		t.Errorf("templates after the restore: %+v, %v", list, err)
	}
	camp, err := c.Campaigns.Get(w.camp)
	if err != nil || camp.State != campaigns.StatePaused || !strings.Contains(camp.Note, "restore") {
		t.Fatalf("the campaign that was sending: %+v, %v", camp, err)
	}
	// The data replaced is kept as a safety backup, with the contact added
	// after the first backup.
	var safety string
	for _, name := range w.backupFiles(t) {
		if strings.HasSuffix(name, backup.SafetySuffix+".zip") {
			safety = filepath.Join(w.backups, name)
		}
	}
	if safety == "" {
		t.Fatalf("no safety backup among %v", w.backupFiles(t))
	}
	if _, err := backup.Inspect(safety); err != nil {
		t.Errorf("safety backup: %v", err)
	}
	if len(w.rec.Events(TopicRestored)) != 1 {
		t.Error("the UI was not told of the restore")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(w.dir, ".restore-*")); len(leftovers) != 0 {
		t.Errorf("working folders left behind: %v", leftovers)
	}

	// The services go on with the restored data: the paused campaign
	// resumes and sends to both contacts on the simulator.
	connectSimulator(t, c)
	if _, err := c.Campaigns.Resume(w.camp); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the restored campaign completes", func() bool {
		got, err := c.Campaigns.Get(w.camp)
		return err == nil && got.State == campaigns.StateCompleted
	})
	sent, _ := c.Campaigns.Get(w.camp)
	if sent.Stats.Total != 2 || sent.Stats.Failed != 0 {
		t.Errorf("the restored campaign's figures: %+v", sent.Stats)
	}
	if _, err := c.Contacts.Create(contacts.Contact{Name: "Di After", Phone: "+14155552674"}); err != nil {
		t.Errorf("a contact after the restore: %v", err)
	}
}

func TestRestore_RefusesBadFilesChangingNothing(t *testing.T) {
	w := newRestoreWorld(t)
	good, err := os.ReadFile(w.backup.Path)
	if err != nil {
		t.Fatal(err)
	}
	same := func(_ string, data []byte) []byte { return data }
	keep := func(*backup.Manifest) {}
	dir := t.TempDir()
	cases := map[string]struct {
		make func(p string)
		says string
	}{
		"empty file": {func(p string) { _ = os.WriteFile(p, nil, 0o600) }, "empty"},
		"truncated":  {func(p string) { _ = os.WriteFile(p, good[:len(good)/2], 0o600) }, ""},
		"not made by Herald": {func(p string) {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			fw, _ := zw.Create("holiday.jpg")
			_, _ = fw.Write([]byte("a picture"))
			_ = zw.Close()
			_ = os.WriteFile(p, buf.Bytes(), 0o600)
		}, "Herald"},
		"checksum mismatch": {func(p string) {
			rezip(t, w.backup.Path, p, func(name string, data []byte) []byte {
				if name == backup.DatabaseName {
					data = slices.Clone(data)
					data[len(data)-1] ^= 0xff
				}
				return data
			}, keep, false)
		}, ""},
		"database damaged": {func(p string) {
			rezip(t, w.backup.Path, p, func(name string, data []byte) []byte {
				if name == backup.DatabaseName {
					data = slices.Clone(data)
					// Every page but the header's is overwritten.
					for i := 4096; i < len(data); i++ {
						data[i] = 0xA5
					}
				}
				return data
			}, keep, true)
		}, "damaged"},
		"made by a newer Herald": {func(p string) {
			rezip(t, w.backup.Path, p, same, func(m *backup.Manifest) { m.SchemaVersion += 1 }, true)
		}, "newer"},
	}
	before := w.names(t)
	files := w.backupFiles(t)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".zip")
			tc.make(p)
			_, err := w.c.Backup.Restore(p)
			if apperr.KindOf(err) != apperr.KindInvalid {
				t.Fatalf("restore of a bad file: %v", err)
			}
			if !strings.Contains(err.Error(), tc.says) || !strings.HasSuffix(err.Error(), ".") {
				t.Errorf("the refusal says %q", err)
			}
			if got := w.names(t); got != before {
				t.Errorf("contacts changed to %s", got)
			}
			if got := w.backupFiles(t); !slices.Equal(got, files) {
				t.Errorf("backups changed to %v", got)
			}
			camp, _ := w.c.Campaigns.Get(w.camp)
			if camp.State != campaigns.StateRunning && camp.State != campaigns.StateWaiting {
				t.Errorf("the sending campaign is %s", camp.State)
			}
		})
	}
	if len(w.rec.Events(TopicRestored)) != 0 {
		t.Error("a refused file was announced as restored")
	}
}

// A restore killed before it finished leaves its working folder, which the
// next start removes.
func TestNew_RemovesTheWorkingFolderOfAnInterruptedRestore(t *testing.T) {
	dir := t.TempDir()
	left := filepath.Join(dir, restoreWorkPrefix+"123")
	if err := os.MkdirAll(filepath.Join(left, "media"), 0o700); err != nil {
		t.Fatal(err)
	}
	c, err := New(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("the working folder is still there: %v", err)
	}
}

// A backup made on one computer restores on a new one: a Herald on another
// data folder gets the contacts, and the templates and campaigns find
// their media in its own media folder.
func TestRestore_OnANewComputerFindsTheMediaInItsOwnFolder(t *testing.T) {
	w := newRestoreWorld(t)
	picture := filepath.Join(t.TempDir(), "menu.png")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	if err := os.WriteFile(picture, png, 0o600); err != nil {
		t.Fatal(err)
	}
	tmpl, err := w.c.Templates.Create(templates.Template{Name: "Menu", Body: "Today's menu"})
	if err != nil {
		t.Fatal(err)
	}
	if tmpl, err = w.c.Templates.AttachMedia(tmpl.ID, picture); err != nil {
		t.Fatal(err)
	}
	b := w.write(t)

	newDir := filepath.Join(t.TempDir(), "New computer", "Herald")
	fresh, err := New(Options{DataDir: newDir, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.Backup.Restore(b.Path); err != nil {
		t.Fatal(err)
	}
	page, err := fresh.Contacts.List(contacts.Query{})
	if err != nil || page.Total != 2 {
		t.Fatalf("contacts on the new computer: %+v, %v", page, err)
	}
	got, err := fresh.Templates.Get(tmpl.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(newDir, templates.MediaDir, filepath.Base(tmpl.MediaPath))
	if got.MediaPath != want {
		t.Fatalf("the template's media is at %s, want %s", got.MediaPath, want)
	}
	if data, err := os.ReadFile(got.MediaPath); err != nil || !bytes.Equal(data, png) {
		t.Errorf("the media file on the new computer: %v", err)
	}
}

// A restore whose safety backup cannot be made stops there: the data is as
// it was, the campaign goes on, and the activity log says why.
func TestRestore_WithoutASafetyBackupChangesNothing(t *testing.T) {
	w := newRestoreWorld(t)
	if _, err := w.c.Contacts.Create(contacts.Contact{Name: "Cy New", Phone: "+14155552673"}); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), filepath.Base(w.backup.Path))
	if err := copyFile(w.backup.Path, elsewhere); err != nil {
		t.Fatal(err)
	}
	// The backup folder is a file: no backup can be written there.
	if err := os.RemoveAll(w.backups); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.backups, []byte("in the way"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := w.c.Backup.Restore(elsewhere)
	if apperr.KindOf(err) != apperr.KindConflict || !strings.Contains(err.Error(), "your data is as it was") {
		t.Fatalf("Restore without a safety backup: %v", err)
	}
	if got := w.names(t); got != "Ana Ruiz,Bo Berg,Cy New" {
		t.Errorf("contacts: %s", got)
	}
	camp, _ := w.c.Campaigns.Get(w.camp)
	if camp.State != campaigns.StateRunning && camp.State != campaigns.StateWaiting {
		t.Errorf("the sending campaign is %s", camp.State)
	}
	page, err := w.c.Activity.List(activity.Query{Kind: "backups", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var told bool
	for _, e := range page.Items {
		told = told || e.Action == "restore failed"
	}
	if !told {
		t.Errorf("the activity log does not tell of the failed restore: %+v", page.Items)
	}
}

// Closing Herald during a restore ends the restore at its next step and
// closes once it has: the next start finds the data as it was.
func TestClose_EndsARestoreInProgressLeavingTheDataAsItWas(t *testing.T) {
	w := newRestoreWorld(t)
	if _, err := w.c.Contacts.Create(contacts.Contact{Name: "Cy New", Phone: "+14155552673"}); err != nil {
		t.Fatal(err)
	}
	w.c.restoreHalt = "safety"
	ended := make(chan error, 1)
	go func() {
		_, err := w.c.Backup.Restore(w.backup.Path)
		ended <- err
	}()
	waitFor(t, "the restore halted", func() bool {
		log, _ := os.ReadFile(filepath.Join(w.dir, LogFile))
		return strings.Contains(string(log), `msg="restore halted" step=safety`)
	})
	if err := w.c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-ended; err == nil || !strings.Contains(err.Error(), "Herald is closing") {
		t.Fatalf("the restore cut short by a close: %v", err)
	}
	again, err := New(Options{DataDir: w.dir, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	w.c = again
	if got := w.names(t); got != "Ana Ruiz,Bo Berg,Cy New" {
		t.Errorf("contacts after the next start: %s", got)
	}
}
