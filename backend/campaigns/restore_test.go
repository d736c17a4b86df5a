package campaigns

import (
	"path/filepath"
	"testing"
	"time"

	"gorm.io/gorm"
)

// A suspended engine sends nothing and fires no schedule; PauseRestored
// pauses what the data left sending, and Restart arms what is scheduled
// again without resuming the paused.
func TestSuspend_SendsNothingUntilRestartAndRestoredCampaignsStayPaused(t *testing.T) {
	w := newWorld(t)
	w.addContacts(20)
	in := w.start(quiet())
	tpl := w.template("Hello")
	sending, err := in.Create(Input{Name: "Sending", TemplateID: tpl, Audience: Audience{All: true}, Pace: Pace{PerMinute: 1}})
	if err != nil {
		t.Fatal(err)
	}
	in.Start(sending.ID)
	eventually(t, "the first message", func() bool { return w.sent(sending.ID) == 1 })
	later, err := in.Create(Input{Name: "Later", TemplateID: tpl, Audience: Audience{All: true},
		Schedule: Schedule{At: t0.Add(2 * time.Hour).Format(time.RFC3339)}})
	if err != nil {
		t.Fatal(err)
	}

	in.e.Suspend()
	if in.e.running(sending.ID) || in.e.timer.count() != 0 {
		t.Fatalf("after Suspend: dispatcher running %v, %d jobs armed", in.e.running(sending.ID), in.e.timer.count())
	}
	w.clock.Advance(3 * time.Hour)
	if n := w.sent(sending.ID); n != 1 || in.state(t, later.ID) != StateScheduled {
		t.Fatalf("while suspended: %d sent, the scheduled one is %s", n, in.state(t, later.ID))
	}

	var announce func()
	if err := w.db.Transaction(func(tx *gorm.DB) (err error) {
		announce, err = in.e.PauseRestored(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	announce()
	got, _ := in.Get(sending.ID)
	if got.State != StatePaused || got.Note != restoredNote {
		t.Fatalf("after PauseRestored: %s, %q", got.State, got.Note)
	}
	if err := in.e.Restart(); err != nil {
		t.Fatal(err)
	}
	// The schedule missed while suspended starts now; the paused one stays.
	eventually(t, "the missed schedule starts", func() bool {
		st := in.state(t, later.ID)
		return st == StateRunning || st == StateCompleted
	})
	w.clock.Advance(time.Hour)
	if n := w.sent(sending.ID); n != 1 || in.state(t, sending.ID) != StatePaused {
		t.Fatalf("after Restart: %d sent, %s", n, in.state(t, sending.ID))
	}
}

// RebaseMedia points a campaign's media, stored by a Herald on another
// computer, at the file of the same name in this media folder.
func TestRebaseMedia_PointsIntoThisMediaFolder(t *testing.T) {
	w := newWorld(t)
	w.addContacts(1)
	in := w.start(quiet())
	c, err := in.Create(Input{Name: "Menu", TemplateID: w.template("Hello"), Audience: Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.Exec("UPDATE campaigns SET media_path = ? WHERE id = ?", `C:\Users\Ana\AppData\Roaming\Herald\media\menu-1.png`, c.ID).Error; err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(w.dir, "media")
	if err := w.db.Transaction(func(tx *gorm.DB) error { return RebaseMedia(tx, dir) }); err != nil {
		t.Fatal(err)
	}
	var got string
	w.db.Raw("SELECT media_path FROM campaigns WHERE id = ?", c.ID).Scan(&got)
	if got != filepath.Join(dir, "menu-1.png") {
		t.Errorf("media_path %q", got)
	}
}
