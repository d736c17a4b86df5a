package core

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/templates"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

// standInPhone is a second simulator standing in for the user's phone. It
// hides that it is a simulator, as the real driver is none.
type standInPhone struct{ whatsapp.Driver }

func phoneIn(dir string) func() (whatsapp.Driver, error) {
	return func() (whatsapp.Driver, error) {
		d := filepath.Join(dir, "stand-in-phone")
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
		sim, err := simulator.New(d, simulator.Config{Seed: 1}, clockwork.NewRealClock())
		if err != nil {
			return nil, err
		}
		return standInPhone{sim}, nil
	}
}

func activeDriver(t *testing.T, c *Core) string {
	t.Helper()
	list, err := c.WhatsApp.Drivers()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Active {
			return d.Name
		}
	}
	t.Fatalf("no active driver in %+v", list)
	return ""
}

func summaries(t *testing.T, c *Core) []string {
	t.Helper()
	page, err := c.Activity.List(activity.Query{Kind: "whatsapp", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range page.Items {
		out = append(out, e.Summary)
	}
	return out
}

func TestWhatsApp_ANewDataFolderPracticesAndASwitchIsRemembered(t *testing.T) {
	dir := t.TempDir()
	c, err := New(Options{DataDir: dir, OpenPhone: phoneIn(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if activeDriver(t, c) != "simulator" {
		t.Fatal("a new data folder does not start in practice mode")
	}
	if _, err := os.Stat(filepath.Join(dir, "stand-in-phone")); !os.IsNotExist(err) {
		t.Fatal("the phone's driver was opened before anyone chose it")
	}
	if p, _ := c.Campaigns.SafePace(); p.DailyCap != campaigns.SafePace(false).DailyCap || p.WarmupCap != 0 {
		t.Fatalf("practice safe pace %+v", p)
	}

	if err := c.WhatsApp.UseDriver("whatsapp"); err != nil {
		t.Fatal(err)
	}
	if st, _ := c.WhatsApp.Status(); st.State != whatsapp.StateDisconnected || st.Phone != "" {
		t.Fatalf("Status after the switch = %+v, want the unlinked phone", st)
	}
	if p, _ := c.Campaigns.SafePace(); p.DailyCap != campaigns.SafePace(true).DailyCap || p.WarmupCap == 0 {
		t.Fatalf("safe pace with the phone %+v, want a real number's", p)
	}
	if _, err := c.WhatsApp.Simulator(); apperr.KindOf(err) != apperr.KindConflict {
		t.Fatalf("Simulator() with the phone = %v, want a conflict", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	again, err := New(Options{DataDir: dir, OpenPhone: phoneIn(dir)})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if activeDriver(t, again) != "whatsapp" {
		t.Fatal("Herald forgot that it uses the phone")
	}
	if !slices.Contains(summaries(t, again), "Switched WhatsApp to “Your phone (WhatsApp)”") {
		t.Fatalf("the switch is not in the activity log: %q", summaries(t, again))
	}
}

func TestWhatsApp_APhoneThatCannotOpenStartsInPracticeModeAndSaysSo(t *testing.T) {
	dir := t.TempDir()
	c, err := New(Options{DataDir: dir, OpenPhone: phoneIn(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WhatsApp.UseDriver("whatsapp"); err != nil {
		t.Fatal(err)
	}
	c.Close()

	broken := func() (whatsapp.Driver, error) { return nil, errors.New("whatsapp.db is damaged") }
	again, err := New(Options{DataDir: dir, OpenPhone: broken})
	if err != nil {
		t.Fatalf("Herald did not start: %v", err)
	}
	defer again.Close()
	if activeDriver(t, again) != "simulator" {
		t.Fatal("Herald did not fall back to practice mode")
	}
	found := false
	for _, s := range summaries(t, again) {
		found = found || strings.Contains(s, "could not open the link to your phone (") && strings.Contains(s, "whatsapp.db is damaged")
	}
	if !found {
		t.Fatalf("the fallback is not explained in the activity log: %q", summaries(t, again))
	}
	err = again.WhatsApp.UseDriver("whatsapp")
	if apperr.KindOf(err) != apperr.KindConflict || !strings.HasPrefix(err.Error(), "Herald could not switch to “Your phone (WhatsApp)”") {
		t.Fatalf("UseDriver with a broken phone = %v", err)
	}
}

func TestWhatsApp_NoSwitchWhileACampaignSends(t *testing.T) {
	dir := t.TempDir()
	c, err := New(Options{DataDir: dir, OpenPhone: phoneIn(dir)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Contacts.Create(contacts.Contact{Name: "Ana Ruiz", Phone: "+14155552671"}); err != nil {
		t.Fatal(err)
	}
	tmpl, err := c.Templates.Create(templates.Template{Name: "Hello", Body: "Hi {{first_name}}"})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := c.Campaigns.Create(campaigns.Input{Name: "Spring offer", TemplateID: tmpl.ID,
		Audience: campaigns.Audience{All: true}, Pace: campaigns.SafePace(false)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Campaigns.Start(camp.ID); err != nil {
		t.Fatal(err)
	}
	err = c.WhatsApp.UseDriver("whatsapp")
	if apperr.KindOf(err) != apperr.KindConflict || !strings.Contains(err.Error(), "“Spring offer” is sending") {
		t.Fatalf("UseDriver while sending = %v, want a refusal naming the campaign", err)
	}
	if activeDriver(t, c) != "simulator" {
		t.Fatal("the refused switch switched")
	}
	if _, err := c.Campaigns.Pause(camp.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.WhatsApp.UseDriver("whatsapp"); err != nil {
		t.Fatalf("UseDriver once the campaign is paused: %v", err)
	}
}

func TestWhatsApp_ChoosingThePhoneOpensTheRealDriverWithoutConnecting(t *testing.T) {
	dir := t.TempDir()
	c, err := New(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.WhatsApp.UseDriver("whatsapp"); err != nil {
		t.Fatalf("UseDriver(whatsapp) with the real driver: %v", err)
	}
	st, _ := c.WhatsApp.Status()
	if st.State != whatsapp.StateDisconnected || st.Phone != "" {
		t.Fatalf("Status = %+v, want an unlinked phone, not connecting by itself", st)
	}
	if p, _ := c.Campaigns.SafePace(); p.DailyCap != campaigns.SafePace(true).DailyCap {
		t.Fatalf("the real driver counts as practice: safe pace %+v", p)
	}
	if err := c.WhatsApp.UseDriver("simulator"); err != nil {
		t.Fatal(err)
	}
}
