//go:build e2e

package crash

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"herald/backend/core"
	"herald/test/serve"
)

// dataSet is what a Herald holds, as its API tells it: enough to tell the
// data before a restore from the backup's, and a mix of both from either.
type dataSet struct {
	Contacts  int64
	Extras    int64
	Templates int64
	Campaign  string
}

func readDataSet(t *testing.T, h *serve.Server, campaign int64) dataSet {
	t.Helper()
	var page struct {
		Total int64 `json:"total"`
	}
	var d dataSet
	// List waits while the contacts are being prepared after a kill.
	h.Must(t, "ContactService", "List", &page, map[string]any{"limit": 1})
	d.Contacts = page.Total
	h.Must(t, "ContactService", "List", &page, map[string]any{"search": "extra", "limit": 1})
	d.Extras = page.Total
	h.Must(t, "TemplateService", "List", &page, map[string]any{"limit": 1})
	d.Templates = page.Total
	var camp struct {
		State string `json:"state"`
	}
	h.Must(t, "CampaignService", "Get", &camp, campaign)
	d.Campaign = camp.State
	return d
}

// A restore killed at each of its steps leaves Herald starting with the
// data it had or with the backup's, whole, never a mix: the contacts, the
// full-text index, the templates and the campaigns all agree.
func TestRestoreKilledAtEachStepLeavesTheOldDataOrTheRestoredWhole(t *testing.T) {
	for _, step := range []string{"migrated", "safety", "media", "copied", "committed"} {
		t.Run(step, func(t *testing.T) {
			data := t.TempDir()
			h := startServer(t, data)
			h.Must(t, "ContactService", "Import", nil, h.Upload(t, "clientes.csv", serve.ContactsCSV(3000)), map[string]any{})
			var tmpl struct {
				ID int64 `json:"id"`
			}
			h.Must(t, "TemplateService", "Create", &tmpl, map[string]any{"name": "Hello", "body": "Hi {{first_name}}"})
			var camp struct {
				ID    int64  `json:"id"`
				State string `json:"state"`
			}
			h.Must(t, "CampaignService", "Create", &camp, map[string]any{"name": "Spring", "templateId": tmpl.ID,
				"audience": map[string]any{"all": true}})
			// WhatsApp is not connected: the campaign waits to send.
			h.Must(t, "CampaignService", "Start", &camp, camp.ID)
			var b struct {
				Path string `json:"path"`
			}
			h.Must(t, "BackupService", "BackupNow", &b)
			restored := dataSet{Contacts: 3000, Extras: 0, Templates: 1, Campaign: "paused"}

			extras := strings.ReplaceAll(string(serve.ContactsCSV(2000)), "Person", "Extra")
			extras = strings.ReplaceAll(extras, "+447911", "+447922")
			h.Must(t, "ContactService", "Import", nil, h.Upload(t, "extra.csv", []byte(extras)), map[string]any{})
			h.Must(t, "TemplateService", "Create", nil, map[string]any{"name": "Later", "body": "Later"})
			h.Must(t, "CampaignService", "Cancel", nil, camp.ID)
			old := readDataSet(t, h, camp.ID)
			if old != (dataSet{Contacts: 5000, Extras: 2000, Templates: 2, Campaign: "cancelled"}) {
				t.Fatalf("the data before the restore: %+v", old)
			}
			h.Stop(t)

			h = serve.Start(t, heraldBin, []string{core.RestoreHaltEnv + "=" + step}, "--data", data)
			go func() { _ = h.Call("BackupService", "Restore", nil, b.Path) }()
			serve.WaitUntil(t, "the restore halts at "+step, 60*time.Second, func() (bool, error) {
				log, err := os.ReadFile(filepath.Join(data, core.LogFile))
				return strings.Contains(string(log), `msg="restore halted" step=`+step), err
			})
			h.Kill(t)

			h = startServer(t, data)
			got := readDataSet(t, h, camp.ID)
			// A kill once the rows are in place leaves the backup's data; one
			// before, the old.
			want := old
			if step == "committed" {
				want = restored
			}
			if got != want {
				t.Errorf("after a kill at %s: %+v, want %+v (the old data %+v, the restored %+v)", step, got, want, old, restored)
			}
			h.Stop(t)
		})
	}
}
