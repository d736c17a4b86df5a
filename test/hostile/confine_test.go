//go:build e2e

package hostile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const contactsCSV = "Name,Phone\nAna López,+34600000001\nBruno Díaz,+34600000002\n"

func TestBrowserMode_ReadsOnlyUploads(t *testing.T) {
	h, data := start(t)
	secret := filepath.Join(t.TempDir(), "id_ed25519.csv")
	if err := os.WriteFile(secret, []byte("Name,Phone\nPRIVATE KEY,+34600000009\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	upload := h.Upload(t, "clientes.csv", []byte(contactsCSV))
	// A link planted among the uploads that leads out of them.
	link := filepath.Join(filepath.Dir(upload), "link.csv")
	if err := os.Symlink(secret, link); err != nil {
		t.Fatal(err)
	}
	relative, err := filepath.Rel(data, upload)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/etc/passwd", secret, link, relative, "uploads/../../etc/passwd",
		filepath.Join(data, "uploads", "..", "herald.db"), "/dev/zero", filepath.Join(data, "herald.db")} {
		for _, method := range []string{"PreviewImport", "Import"} {
			msg := refused(t, h, "ContactService", method, path, map[string]any{})
			if !strings.Contains(msg, "status 422") || !strings.Contains(msg, "reads only files sent to it") {
				t.Errorf("%s(%q): %s; want the browser-mode refusal", method, path, msg)
			}
			if strings.Contains(msg, "PRIVATE KEY") || strings.Contains(msg, "root:") {
				t.Errorf("%s(%q) leaked the file: %s", method, path, msg)
			}
		}
	}
	// A backup named as Herald names them, but outside the backup folder
	// and the uploads, is neither checked nor restored.
	outside := filepath.Join(t.TempDir(), "Herald-backup-2026-01-02-030405.zip")
	if err := os.WriteFile(outside, []byte("PRIVATE KEY"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{outside, secret, filepath.Join(data, "backups", "..", "herald.db"), "/dev/zero"} {
		for _, method := range []string{"Inspect", "Restore"} {
			msg := refused(t, h, "BackupService", method, path)
			if !strings.Contains(msg, "reads only files sent to it") || strings.Contains(msg, "PRIVATE KEY") {
				t.Errorf("BackupService.%s(%q): %s; want a refusal", method, path, msg)
			}
		}
	}
	var tmpl struct {
		ID int64 `json:"id"`
	}
	h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{"name": "Welcome", "body": "Hello {{name}}"})
	if msg := refused(t, h, "TemplateService", "AttachMedia", tmpl.ID, secret); !strings.Contains(msg, "reads only files sent to it") {
		t.Errorf("AttachMedia(a file outside the uploads): %s", msg)
	}
	var preview struct {
		Rows [][]string `json:"rows"`
	}
	h.Must(t, "ContactService", "PreviewImport", &preview, upload, map[string]any{})
	if len(preview.Rows) != 2 || preview.Rows[0][0] != "Ana López" {
		t.Errorf("preview of the upload: %q", preview.Rows)
	}
}

func TestBrowserMode_ExportsOnlyNewFilesOfItsExportsFolder(t *testing.T) {
	h, data := start(t)
	var res struct {
		Created int64 `json:"created"`
	}
	h.Must(t, "ContactService", "Import", &res, h.Upload(t, "clientes.csv", []byte(contactsCSV)), map[string]any{})
	if res.Created != 2 {
		t.Fatalf("import created %d contacts, want 2", res.Created)
	}
	var n int64
	h.Must(t, "ContactService", "Export", &n, "contactos.csv", map[string]any{})
	if got := string(h.Download(t, "contactos.csv")); n != 2 || !strings.Contains(got, "Ana López") || !strings.Contains(got, "+34600000002") {
		t.Errorf("export of %d rows downloads as %q", n, got)
	}
	// Someone else's spreadsheet, which an export must never overwrite.
	theirs := filepath.Join(t.TempDir(), "budget.csv")
	if err := os.WriteFile(theirs, []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{theirs, "../budget.csv", "sub/budget.csv", filepath.Join(data, "exports", "x.csv")} {
		if msg := refused(t, h, "ContactService", "Export", target, map[string]any{}); !strings.Contains(msg, "status 422") {
			t.Errorf("Export(%q): %s; want a refusal", target, msg)
		}
	}
	var tmpl, camp struct {
		ID int64 `json:"id"`
	}
	h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{"name": "Spring", "body": "Hi {{name}}"})
	h.Must(t, "CampaignService", "Create", &camp, map[string]any{"name": "Spring", "templateId": tmpl.ID, "audience": map[string]any{"all": true}})
	if msg := refused(t, h, "CampaignService", "Export", camp.ID, theirs); !strings.Contains(msg, "status 422") {
		t.Errorf("CampaignService.Export(%q): %s; want a refusal", theirs, msg)
	}
	if data, _ := os.ReadFile(theirs); string(data) != "theirs" {
		t.Errorf("the file outside now holds %q", data)
	}
	// An export over an earlier one is refused, and the earlier one stays.
	if msg := refused(t, h, "ContactService", "Export", "contactos.csv", map[string]any{"search": "Ana"}); !strings.Contains(msg, "status 409") ||
		!strings.Contains(msg, "already a file named contactos.csv") {
		t.Errorf("Export over an existing export: %s", msg)
	}
	if got := string(h.Download(t, "contactos.csv")); !strings.Contains(got, "Bruno Díaz") {
		t.Errorf("the earlier export was replaced: %q", got)
	}
}
