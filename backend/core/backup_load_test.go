package core

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"herald/backend/backup"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/templates"
	"herald/backend/whatsapp/simulator"
)

// contactsFile writes a CSV of n contacts numbered from first, each with
// the tags tags gives its number ("" for none).
func contactsFile(t testing.TB, name string, first, n int, tags func(i int) string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("name,phone,tags\n")
	for i := first; i < first+n; i++ {
		// Valid US numbers, 8,000,000 of them: ten area codes, exchanges
		// 200 to 999.
		area := []int{212, 305, 312, 415, 512, 617, 646, 702, 713, 818}[i%10]
		fmt.Fprintf(&b, "Person %d,+1 %d %03d %04d,%s\n", i, area, 200+(i/100000)%800, (i/10)%10000, tags(i))
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func noTags(int) string { return "" }

// TestBackup_ConsistentWhileACampaignSendsAndAnImportWrites takes a backup
// while a campaign sends at full speed on the simulator and an import of
// 100,000 rows writes, then opens the backup as a data folder of its own:
// the database passes integrity_check, the campaign's recipients are the
// audience it started with, each once, and each recipient's state agrees
// with what it records of its message.
func TestBackup_ConsistentWhileACampaignSendsAndAnImportWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 rows")
	}
	const audience, imported = 5000, 100_000
	dir := t.TempDir()
	c, err := New(Options{DataDir: dir, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if res, err := c.Contacts.Import(contactsFile(t, "first.csv", 0, audience, noTags), contacts.ImportOptions{}); err != nil || res.Created != audience {
		t.Fatalf("first import: %+v, %v", res, err)
	}
	if err := c.WhatsApp.SetSimulator(simulator.Config{Seed: 3}); err != nil {
		t.Fatal(err)
	}
	connectSimulator(t, c)
	tmpl, err := c.Templates.Create(templates.Template{Name: "Hello", Body: "Hi {{first_name}}"})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := c.Campaigns.Create(campaigns.Input{Name: "Everyone", TemplateID: tmpl.ID, Audience: campaigns.Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Campaigns.Start(camp.ID); err != nil {
		t.Fatal(err)
	}
	second := contactsFile(t, "second.csv", audience, imported, noTags)
	importDone := make(chan error, 1)
	go func() {
		_, err := c.Contacts.Import(second, contacts.ImportOptions{})
		importDone <- err
	}()
	book := contacts.NewAPI(c.Contacts)
	waitFor(t, "the import writing and the campaign sending", func() bool {
		n, err := book.Counts()
		got, gerr := c.Campaigns.Get(camp.ID)
		return err == nil && gerr == nil && n.Total > audience && got.Stats.Sent+got.Stats.Delivered+got.Stats.Read > 0
	})
	b, err := c.Backup.BackupNow()
	if err != nil {
		t.Fatal(err)
	}
	during, _ := c.Campaigns.Get(camp.ID)
	if err := <-importDone; err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, LogFile))
		t.Fatalf("the import: %v\n%s", err, log)
	}
	t.Logf("backup of %d contacts while %d of %d were queued", b.Contacts, during.Stats.Queued, during.Stats.Total)

	restored := filepath.Join(t.TempDir(), "restored")
	if _, err := backup.Extract(b.Path, restored); err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{DataDir: restored, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := contacts.WaitReady(ctx, r.Contacts); err != nil {
		t.Fatal(err)
	}
	n, err := contacts.NewAPI(r.Contacts).Counts()
	if err != nil || n.Total < audience || n.Total > audience+imported {
		t.Fatalf("the restored book holds %d contacts (%v)", n.Total, err)
	}
	got, err := r.Campaigns.Get(camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := got.Stats
	if s.Total != audience || s.Queued+s.Sending+s.Sent+s.Delivered+s.Read+s.Failed+s.Skipped+s.Cancelled+s.Unconfirmed != s.Total {
		t.Fatalf("the restored campaign's counts do not add up to its audience of %d: %+v", audience, s)
	}
	seen := map[int64]bool{}
	for offset := 0; ; offset += campaigns.MaxLimit {
		page, err := r.Campaigns.Recipients(camp.ID, campaigns.RecipientQuery{Offset: offset, Limit: campaigns.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, rc := range page.Items {
			if seen[rc.ContactID] {
				t.Fatalf("contact %d is a recipient twice", rc.ContactID)
			}
			seen[rc.ContactID] = true
			if problem := stateProblem(rc); problem != "" {
				t.Fatalf("recipient %+v: %s", rc, problem)
			}
		}
		if len(page.Items) < campaigns.MaxLimit {
			break
		}
	}
	if len(seen) != audience {
		t.Fatalf("%d recipients listed, want %d", len(seen), audience)
	}
}

// stateProblem says how a recipient's state and the times it records of
// its message disagree, "" when they agree.
func stateProblem(rc campaigns.Recipient) string {
	switch rc.State {
	case campaigns.RecipientQueued:
		if rc.SentAt != nil || rc.DeliveredAt != nil {
			return "queued but sent"
		}
	case campaigns.RecipientSent, campaigns.RecipientDelivered, campaigns.RecipientRead:
		if rc.SentAt == nil || rc.MessageID == "" {
			return "gone out without a time or message ID"
		}
		if rc.State == campaigns.RecipientRead && rc.ReadAt == nil {
			return "read without a time"
		}
	case campaigns.RecipientSending, campaigns.RecipientFailed, campaigns.RecipientSkipped,
		campaigns.RecipientCancelled, campaigns.RecipientUnconfirmed:
	default:
		return "in no state Herald knows"
	}
	return ""
}

// Resume arms the daily backup, at its default time on the computer's
// clock, and not before.
func TestBackup_ResumeArmsTheDailyBackup(t *testing.T) {
	c, err := New(Options{DataDir: t.TempDir(), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if st, _ := c.Backup.Status(); st.NextRunAt != nil {
		t.Fatalf("a daily backup armed before Resume: %v", st.NextRunAt)
	}
	if err := c.Resume(); err != nil {
		t.Fatal(err)
	}
	st, err := c.Backup.Status()
	if err != nil || st.NextRunAt == nil || !st.Automatic {
		t.Fatalf("after Resume: %+v, %v", st, err)
	}
	if h, m, _ := st.NextRunAt.Clock(); h != 12 || m != 30 {
		t.Fatalf("the daily backup runs at %s, want 12:30 local", st.NextRunAt.Format("15:04"))
	}
}
