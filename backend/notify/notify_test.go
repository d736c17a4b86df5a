package notify

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/notify/smtptest"
)

func TestSendTest_GoesThroughSTARTTLSWithALoginAndSaysWhatIsWrongInPlainWords(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true, User: "shop", Password: "s3cret"})
	cfg := r.config()
	cfg.User, cfg.Password = "shop", "s3cret"
	res, err := r.svc.SendTest(cfg)
	if err != nil {
		t.Fatalf("SendTest: %v", err)
	}
	got := r.mails(1)
	if len(res.To) != 2 || got[0].Subject != "Herald: test email" || strings.Join(got[0].To, " ") != "owner@shop.example night@shop.example" ||
		got[0].From != "herald@shop.example" || !strings.Contains(got[0].Body, "test email from Herald") {
		t.Errorf("SendTest = %+v; the server took %+v", res, got[0])
	}
	r.waitActivity("notices", "test sent")

	for _, c := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"wrong password", func(c *Config) { c.Password = "guess" }, "refused the user name or password"},
		{"wrong port", func(c *Config) { c.Port = 1 }, "Nothing answers at 127.0.0.1 port 1"},
		{"TLS on a STARTTLS port", func(c *Config) { c.Security = SecurityTLS }, "does not speak TLS from the start"},
	} {
		in := cfg
		c.edit(&in)
		_, err := r.svc.SendTest(in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: SendTest = %v, want %q", c.name, err, c.want)
		}
	}
	// A certificate no authority this computer knows signed.
	r.engine.roots = nil
	if _, err := r.svc.SendTest(cfg); err == nil || !strings.Contains(err.Error(), "is not trusted") {
		t.Errorf("a self-signed certificate: SendTest = %v", err)
	}
	if n := len(r.server.Mails()); n != 1 {
		t.Errorf("%d mails arrived, want the one test", n)
	}
	// A name no server answers to, without asking the network.
	dns := &net.DNSError{Err: "no such host", Name: "smtp.nowhere.example", IsNotFound: true}
	if got := plain(fmt.Errorf("dial: %w", dns), Config{Host: "smtp.nowhere.example", Port: 587}); !strings.Contains(got, "could not find the mail server “smtp.nowhere.example”") {
		t.Errorf("an unknown server reads %q", got)
	}
}

func TestSendTest_LogsInOverTLSFromTheFirstByte(t *testing.T) {
	r := newRig(t, smtptest.Options{TLS: true, User: "shop", Password: "s3cret"})
	cfg := r.config()
	cfg.Security, cfg.User, cfg.Password = SecurityTLS, "shop", "s3cret"
	if _, err := r.svc.SendTest(cfg); err != nil {
		t.Fatalf("SendTest: %v", err)
	}
	if m := r.mails(1)[0]; m.Subject != "Herald: test email" {
		t.Errorf("the server took %q", m.Subject)
	}
	cfg.Password = "guess"
	if _, err := r.svc.SendTest(cfg); err == nil || !strings.Contains(err.Error(), "refused the user name or password") {
		t.Errorf("a wrong password over TLS: %v", err)
	}
}

func TestSave_KeepsThePasswordInTheKeychainOrSaysItIsInTheDatabase(t *testing.T) {
	r := newRig(t, smtptest.Options{})
	cfg := r.config()
	cfg.Password = "pw"
	got, err := r.svc.Save(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasPassword || got.Password != "" || !strings.Contains(got.PasswordKept, r.dir) {
		t.Errorf("without a keychain: %+v", got)
	}
	if len(got.To) != 2 || got.To[1] != "night@shop.example" {
		t.Errorf("recipients = %q", got.To)
	}
	r.close()
	r.keychain = &memKeychain{}
	r.open()
	got, err = r.svc.Save(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var inDB string
	r.db.Raw("SELECT password FROM notice_config").Scan(&inDB)
	if !got.HasPassword || got.PasswordKept != "The password is kept in this computer's keychain." || inDB != "" {
		t.Errorf("with a keychain: %+v, database holds %q", got, inDB)
	}
	cfg.Password, cfg.ForgetPassword = "", true
	if got, _ = r.svc.Save(cfg); got.HasPassword {
		t.Errorf("after forgetting: %+v", got)
	}
	cfg.Port = 70000
	if _, err := r.svc.Save(cfg); err == nil || !strings.Contains(err.Error(), "port must be") {
		t.Errorf("port 70000: %v", err)
	}
}

// finish records what the campaigns engine records when campaign id
// finishes.
func (r *rig) finish(id int64, name string) activity.Entry {
	r.campaigns.mu.Lock()
	done := start
	r.campaigns.out[id] = campaigns.Outcome{OptedOut: 2, Campaign: campaigns.Campaign{ID: id, Name: name, State: campaigns.StateCompleted,
		FinishedAt: &done, Stats: campaigns.Stats{Total: 100, Sent: 10, Delivered: 50, Read: 30, Replied: 7, Failed: 6, Skipped: 4}}}
	r.campaigns.mu.Unlock()
	e, err := r.log.RecordRef("campaigns", "completed", "Campaign “"+name+"” completed", "", activity.CampaignRef(id))
	if err != nil {
		r.t.Fatal(err)
	}
	return e
}

func TestNotices_AFinishedCampaignIsMailedOnceWithItsFigures(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	r.save(r.config())
	r.finish(7, "Spring <sale>")
	m := r.mails(1)[0]
	for _, want := range []string{"Campaign “Spring <sale>” finished", "Sent:                90", "Delivered:           80", "Read:                30",
		"Replied:             7", "Failed:              6", "Skipped:             4", "Opted out during it: 2"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the mail lacks %q:\n%s", want, m.Body)
		}
	}
	if m.Subject != "Herald: campaign “Spring <sale>” finished" || len(m.To) != 2 || m.MessageID == "" {
		t.Errorf("mail %q to %q, id %q", m.Subject, m.To, m.MessageID)
	}
	r.waitActivity("notices", "emailed")
	if d := r.desktop.Events(TopicDesktop); len(d) != 1 || d[0].Payload.(Desktop).ID != "campaign:7" {
		t.Errorf("desktop notifications: %+v", d)
	}
	// A restart reads the log again from where it stopped: nothing twice.
	r.close()
	r.open()
	r.finish(8, "Next")
	if got := r.mails(2); got[1].Subject != "Herald: campaign “Next” finished" {
		t.Errorf("after a restart the second mail is %q", got[1].Subject)
	}
	r.waitActivity("notices", "emailed")
	if n := len(r.server.Mails()); n != 2 || r.outbox(stateSent) != 2 {
		t.Errorf("%d mails, %d sent in the outbox; want 2", n, r.outbox(stateSent))
	}
}

func TestNotices_RetriedWhileTheServerIsDownAndDeliveredWhenItIsBack(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	r.save(r.config())
	r.server.Down()
	r.finish(3, "Night run")
	failed := r.waitActivity("notices", "email failed")
	if !strings.Contains(failed.Summary, "Nothing answers at 127.0.0.1") {
		t.Errorf("the failure reads %q", failed.Summary)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Down for a second try too, which comes twice as late as the first.
	if err := r.clock.WaitDeadline(ctx, start.Add(firstRetry)); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(firstRetry)
	if err := r.clock.WaitDeadline(ctx, start.Add(3*firstRetry)); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.svc.Status(); st.Waiting != 1 || !strings.Contains(st.Failure, "Nothing answers") {
		t.Errorf("Status = %+v", st)
	}
	// A mail server that is down does not hold anything else up: the new
	// mail is tried at once, and put off to its first retry.
	r.finish(4, "Day run")
	if err := r.clock.WaitDeadline(ctx, start.Add(2*firstRetry)); err != nil {
		t.Fatal(err)
	}
	if err := r.server.Up(); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(2 * firstRetry)
	got := r.mails(2)
	subjects := got[0].Subject + " | " + got[1].Subject
	if !strings.Contains(subjects, "Night run") || !strings.Contains(subjects, "Day run") {
		t.Errorf("mails: %s", subjects)
	}
	if e := r.waitActivity("notices", "emailed"); !strings.Contains(e.Summary+subjects, "Night run") {
		t.Errorf("emailed: %q", e.Summary)
	}
	r.close()
	if n := len(r.server.Mails()); n != 2 {
		t.Errorf("%d mails, want 2", n)
	}
}

func TestNotices_AMailQueuedBeforeACrashGoesOnceAfterTheRestart(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	r.save(r.config())
	r.server.Down()
	r.finish(5, "Before the crash")
	r.waitActivity("notices", "email failed")
	r.close()
	if err := r.server.Up(); err != nil {
		t.Fatal(err)
	}
	// The next start is after the retry's time.
	r.clock.Advance(time.Hour)
	r.open()
	m := r.mails(1)[0]
	r.waitActivity("notices", "emailed")
	var id string
	r.db.Raw("SELECT message_id FROM notice_outbox").Scan(&id)
	if !strings.Contains(m.MessageID, id) || !strings.Contains(m.Subject, "Before the crash") {
		t.Errorf("mail %q with id %q, outbox id %q", m.Subject, m.MessageID, id)
	}
	r.close()
	if n := len(r.server.Mails()); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
}

func TestNotices_ACampaignWaitingForWhatsAppIsToldOnlyAfterTheGrace(t *testing.T) {
	r := newRig(t, smtptest.Options{})
	cfg := r.config()
	cfg.Security = SecurityNone
	if _, err := r.svc.Save(cfg); err != nil {
		t.Fatal(err)
	}
	r.campaigns.out[1] = campaigns.Outcome{Campaign: campaigns.Campaign{ID: 1, Name: "Flaky"}}
	r.campaigns.out[2] = campaigns.Outcome{Campaign: campaigns.Campaign{ID: 2, Name: "Stuck"}}
	record := func(id int64, action string) activity.Entry {
		e, err := r.log.RecordRef("campaigns", action, "x", "", activity.CampaignRef(id))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	first := record(1, "waiting")
	last := record(2, "waiting")
	record(1, "resumed")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// The grace runs from the entry's time, which the activity log takes
	// from the computer's clock.
	if err := r.clock.WaitDeadline(ctx, first.At.Add(DefaultGrace)); err != nil {
		t.Fatal(err)
	}
	if r.outbox(stateHeld) != 2 || len(r.server.Mails()) != 0 {
		t.Fatalf("before the grace: %d held, %d mails", r.outbox(stateHeld), len(r.server.Mails()))
	}
	r.clock.Advance(last.At.Add(DefaultGrace).Sub(r.clock.Now()))
	m := r.mails(1)[0]
	if m.Subject != "Herald: campaign “Stuck” is waiting for WhatsApp" {
		t.Errorf("mail %q", m.Subject)
	}
	r.waitActivity("notices", "emailed")
	if r.outbox(stateDropped) != 1 {
		t.Errorf("the campaign that resumed: %d dropped, want 1", r.outbox(stateDropped))
	}
}

func TestNotices_AProblemStopAndABackupFailureAreMailedAndShown(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	r.save(r.config())
	r.campaigns.out[9] = campaigns.Outcome{Campaign: campaigns.Campaign{ID: 9, Name: "Big"}}
	// The user's own pause tells nobody; Herald's, for a ban, does.
	if _, err := r.log.RecordRef("campaigns", "paused", "Paused campaign “Big”", "", activity.CampaignRef(9)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.log.RecordRef("campaigns", "paused", "Campaign “Big” paused because WhatsApp has banned this number for now",
		campaigns.StoppedDetail, activity.CampaignRef(9)); err != nil {
		t.Fatal(err)
	}
	m := r.mails(1)[0]
	if m.Subject != "Herald: campaign “Big” stopped" || !strings.Contains(m.Body, "banned this number") {
		t.Errorf("mail %q: %s", m.Subject, m.Body)
	}
	r.backupFailed("the disk is full")
	m = r.mails(2)[1]
	if m.Subject != "Herald: a backup failed" || !strings.Contains(m.Body, "the disk is full") {
		t.Errorf("mail %q: %s", m.Subject, m.Body)
	}
	d := r.desktop.Events(TopicDesktop)
	if len(d) != 2 || d[0].Payload.(Desktop).ID != "campaign:9" || d[1].Payload.(Desktop).ID != "settings:backup" {
		t.Errorf("desktop notifications: %+v", d)
	}
}

func TestNotices_TheDailySummaryGoesAtItsTimeOnceADay(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	cfg := r.config()
	cfg.Notices = Switches{Daily: true}
	cfg.DailyAt = "08:00"
	if _, err := r.svc.Save(cfg); err != nil {
		t.Fatal(err)
	}
	r.finish(1, "Morning")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := r.clock.WaitDeadline(ctx, start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(time.Hour)
	m := r.mails(1)[0]
	if m.Subject != "Herald: your daily summary, Mon 2 Mar" || !strings.Contains(m.Body, "Campaign “Morning” completed") {
		t.Errorf("mail %q: %s", m.Subject, m.Body)
	}
	if err := r.clock.WaitDeadline(ctx, start.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(24 * time.Hour)
	if m := r.mails(2)[1]; m.Subject != "Herald: your daily summary, Tue 3 Mar" {
		t.Errorf("second day: %q: %s", m.Subject, m.Body)
	}
}

func TestNotices_TheDailySummaryFollowsTheUsersTimeZone(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	// Eight in the morning in New York is 13:00 UTC on 2 March; the
	// computer's clock reads UTC.
	r.zone.Store("America/New_York")
	cfg := r.config()
	cfg.Notices = Switches{Daily: true}
	cfg.DailyAt = "08:00"
	r.save(cfg)
	r.finish(1, "Morning")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	newYork := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
	if err := r.clock.WaitDeadline(ctx, newYork); err != nil {
		t.Fatalf("the summary is not due at 08:00 in New York: %v", err)
	}
	r.clock.Advance(newYork.Sub(r.clock.Now()))
	m := r.mails(1)[0]
	if m.Subject != "Herald: your daily summary, Mon 2 Mar" || !strings.Contains(m.Body, "day up to Mon 2 Mar 2026 08:00") {
		t.Errorf("mail %q: %s", m.Subject, m.Body)
	}
	// A new zone moves the next summary once the settings' change is in
	// the activity log: eight in Tokyo is 23:00 UTC.
	r.zone.Store("Asia/Tokyo")
	if _, err := r.log.Record("settings", "changed", "Time zone: Asia/Tokyo"); err != nil {
		t.Fatal(err)
	}
	tokyo := time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)
	if err := r.clock.WaitDeadline(ctx, tokyo); err != nil {
		t.Fatalf("the summary is not due at 08:00 in Tokyo: %v", err)
	}
	r.clock.Advance(tokyo.Sub(r.clock.Now()))
	if m := r.mails(2)[1]; m.Subject != "Herald: your daily summary, Tue 3 Mar" {
		t.Errorf("in Tokyo: %q: %s", m.Subject, m.Body)
	}
}

// backupFailed records what the backups record when one fails.
func (r *rig) backupFailed(why string) activity.Entry {
	r.t.Helper()
	e, err := r.log.RecordDetail("backups", "failed", "Backup failed", why)
	if err != nil {
		r.t.Fatal(err)
	}
	return e
}

func TestNotices_ABackupFailureLoggedWhileTheNoticesAreDownIsMailedOnceAfterTheRestart(t *testing.T) {
	r := newRig(t, smtptest.Options{StartTLS: true})
	cfg := r.config()
	cfg.Notices = Switches{BackupFailed: true}
	r.save(cfg)
	// The backup logs its failure after the notices stopped: a crash in
	// between loses nothing, the entry is read at the next start.
	r.engine.Stop()
	r.backupFailed("the backup folder is not writable")
	r.close()
	r.open()
	m := r.mails(1)[0]
	if m.Subject != "Herald: a backup failed" || !strings.Contains(m.Body, "the backup folder is not writable") {
		t.Errorf("mail %q: %s", m.Subject, m.Body)
	}
	r.waitActivity("notices", "emailed")
	r.close()
	r.open()
	// Its own switch: off, a failure is shown but not mailed.
	cfg.Notices = Switches{Finished: true}
	r.save(cfg)
	r.backupFailed("the disk is full")
	r.finish(2, "After")
	if got := r.mails(2); got[1].Subject != "Herald: campaign “After” finished" {
		t.Errorf("the second mail is %q", got[1].Subject)
	}
	r.waitActivity("notices", "emailed")
	if n := len(r.server.Mails()); n != 2 {
		t.Errorf("%d mails, want the one backup failure and the finished campaign", n)
	}
	d := r.desktop.Events(TopicDesktop)
	if len(d) != 2 || d[0].Payload.(Desktop).ID != "settings:backup" || d[0].Payload.(Desktop).Body != "the disk is full" {
		t.Errorf("desktop notifications after the restart: %+v", d)
	}
}

func TestStop_DoesNotWaitOnAMailServerThatHoldsAMail(t *testing.T) {
	r := newRig(t, smtptest.Options{})
	cfg := r.config()
	cfg.Security = SecurityNone
	r.save(cfg)
	r.server.Hold()
	r.finish(1, "Held")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := r.server.WaitHeld(ctx, 1); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() {
		r.close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-ctx.Done():
		t.Fatal("Stop waited on the mail server")
	}
	// The server never took it: the next start sends it, once.
	r.server.Release(false)
	r.open()
	if m := r.mails(1)[0]; m.Subject != "Herald: campaign “Held” finished" {
		t.Errorf("mail %q", m.Subject)
	}
	r.waitActivity("notices", "emailed")
	if n := len(r.server.Mails()); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
}
