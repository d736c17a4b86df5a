package backup

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"herald/backend/internal/fakeclock"
)

// statuses is an Emitter that hands the test each status the service
// emits.
type statuses chan Status

func (c statuses) Emit(topic string, payload any) {
	if st, ok := payload.(Status); ok && topic == TopicChanged {
		c <- st
	}
}

// waitMade waits until the service says a backup ended, and returns its
// status.
func (c statuses) waitMade(t *testing.T) Status {
	t.Helper()
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case st := <-c:
			if !st.Running && (st.LastBackupAt != nil || st.LastError != "") {
				return st
			}
		case <-timeout.C:
			t.Fatal("no backup was made")
		}
	}
}

type scheduled struct {
	*Service
	clock  *fakeclock.Clock
	events statuses
	data   testData
}

// startService starts a backup service over d at now (UTC), daily backups
// on.
func startService(t *testing.T, d testData, now time.Time) scheduled {
	t.Helper()
	clock := fakeclock.New(now)
	events := make(statuses, 64)
	s, err := New(Deps{Source: d.source(), Emitter: events, Clock: clock, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if err := Start(s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Stop(s) })
	return scheduled{s, clock, events, d}
}

// waitArmed waits until a timer due at at is armed.
func (s scheduled) waitArmed(t *testing.T, at time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.clock.WaitDeadline(ctx, at); err != nil {
		t.Fatal(err)
	}
}

// advanceTo moves the clock to at once a timer due then is armed.
func (s scheduled) advanceTo(t *testing.T, at time.Time) {
	t.Helper()
	s.waitArmed(t, at)
	s.clock.Advance(at.Sub(s.clock.Now()))
}

func (s scheduled) names(t *testing.T) []string {
	t.Helper()
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range list {
		out = append(out, b.Name)
	}
	return out
}

var friday = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

func TestDailyBackupsRunAtTheirTimeAndKeepTheNewest(t *testing.T) {
	d := newTestData(t)
	s := startService(t, d, friday)
	set, _ := s.Settings()
	set.Keep = 2
	if _, err := s.SetSettings(set); err != nil {
		t.Fatal(err)
	}
	folder := Folder(s.Service)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	// Files Herald did not make, and the backup a restore made, stay.
	for _, name := range []string{"notes.txt", "Herald-backup-2025-12-01-090000-before-restore.zip", "Herald-backup-old.zip"} {
		if err := os.WriteFile(filepath.Join(folder, name), []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := s.Status(); st.NextRunAt == nil || !st.NextRunAt.Equal(time.Date(2026, 1, 2, 12, 30, 0, 0, time.UTC)) {
		t.Fatalf("next run %v, want today 12:30", st.NextRunAt)
	}
	for day := range 4 {
		due := time.Date(2026, 1, 2+day, 12, 30, 0, 0, time.UTC)
		s.waitArmed(t, due)
		s.clock.Advance(due.Add(-time.Second).Sub(s.clock.Now()))
		if n := len(s.names(t)); n != min(day, 2)+1 {
			t.Fatalf("day %d: %d backups listed before 12:30", day, n)
		}
		s.advanceTo(t, due)
		st := s.events.waitMade(t)
		if st.LastError != "" || !st.LastBackupAt.Equal(due) {
			t.Fatalf("day %d: %+v", day, st)
		}
	}
	got := s.names(t)
	want := []string{"Herald-backup-2026-01-05-123000.zip", "Herald-backup-2026-01-04-123000.zip", "Herald-backup-2025-12-01-090000-before-restore.zip"}
	if len(got) != len(want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("listed %v, want %v", got, want)
		}
	}
	for _, name := range []string{"notes.txt", "Herald-backup-old.zip"} {
		if _, err := os.Stat(filepath.Join(folder, name)); err != nil {
			t.Fatalf("%s was deleted: %v", name, err)
		}
	}
}

func TestAMissedBackupRunsSoonAfterOpening(t *testing.T) {
	d := newTestData(t)
	lastWeek := friday.AddDate(0, 0, -7)
	twoDaysAgo := time.Date(2025, 12, 31, 12, 30, 0, 0, time.UTC)
	st := state{Settings: defaultSettings(), Since: lastWeek, LastAttemptAt: &twoDaysAgo, LastBackupAt: &twoDaysAgo}
	data, _ := json.Marshal(st)
	if err := os.WriteFile(filepath.Join(d.dir, StateFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := startService(t, d, friday)
	if status, _ := s.Status(); !status.Stale == (friday.Sub(twoDaysAgo) >= StaleDays*24*time.Hour) {
		t.Fatalf("stale %v two days after the last backup", status.Stale)
	}
	s.advanceTo(t, friday.Add(CatchUpDelay))
	made := s.events.waitMade(t)
	if !made.LastBackupAt.Equal(friday.Add(CatchUpDelay)) {
		t.Fatalf("the missed backup was made at %v", made.LastBackupAt)
	}
	if names := s.names(t); len(names) != 1 {
		t.Fatalf("listed %v", names)
	}
}

func TestANewDataFolderHasMissedNothing(t *testing.T) {
	d := newTestData(t)
	afterTheTime := friday.Add(5 * time.Hour) // 15:00, past 12:30
	s := startService(t, d, afterTheTime)
	if jobs := s.sched.s.Jobs(); len(jobs) != 1 || jobs[0].Name() != "daily backup" {
		t.Fatalf("jobs %v, want the daily backup alone", jobs)
	}
	if st, _ := s.Status(); st.Stale || st.LastBackupAt != nil {
		t.Fatalf("a new folder's status %+v", st)
	}
	// The same folder opened again the next afternoon missed the 12:30.
	if err := Stop(s.Service); err != nil {
		t.Fatal(err)
	}
	again := startService(t, d, afterTheTime.Add(24*time.Hour))
	if jobs := again.sched.s.Jobs(); len(jobs) != 2 {
		t.Fatalf("%d jobs the next day, want the daily and the missed backup", len(jobs))
	}
}

func TestStaleAfterDaysWithoutABackup(t *testing.T) {
	d := newTestData(t)
	s := startService(t, d, friday)
	s.clock.Advance(StaleDays * 24 * time.Hour)
	st, _ := s.Status()
	if !st.Stale {
		t.Fatalf("no warning after %d days of a folder without backups", StaleDays)
	}
	set, _ := s.Settings()
	set.Automatic = false
	if _, err := s.SetSettings(set); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BackupNow(); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Status(); st.Stale || st.NextRunAt != nil {
		t.Fatalf("after a backup with the daily ones off: %+v", st)
	}
}

func TestBackupNowDuringABackupWaitsForIt(t *testing.T) {
	d := newTestData(t)
	counting, release := make(chan struct{}), make(chan struct{})
	src := d.source()
	src.Counts = func() (Counts, error) {
		counting <- struct{}{}
		<-release
		return Counts{Contacts: 1}, nil
	}
	s, err := New(Deps{Source: src, Clock: fakeclock.New(friday), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		b   Backup
		err error
	}
	results := make(chan result, 2)
	call := func() {
		b, err := s.BackupNow()
		results <- result{b, err}
	}
	go call()
	<-counting
	go call()
	for joined := 0; joined == 0; {
		s.mu.Lock()
		joined = s.joined
		s.mu.Unlock()
		runtime.Gosched()
	}
	close(release)
	first, second := <-results, <-results
	if first.err != nil || second.err != nil || first.b.Path != second.b.Path {
		t.Fatalf("two calls during one backup: %+v and %+v", first, second)
	}
	if list, _ := s.List(); len(list) != 1 {
		t.Fatalf("%d backups made, want 1", len(list))
	}
}

func TestDamagedSettingsAreSetAsideAndBackupsGoOn(t *testing.T) {
	d := newTestData(t)
	p := filepath.Join(d.dir, StateFile)
	if err := os.WriteFile(p, []byte(`{"settings": {"automatic": tr`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startService(t, d, friday)
	set, err := s.Settings()
	if err != nil || !set.Automatic || set.Time != "12:30" || set.Keep != 7 {
		t.Fatalf("settings after a damaged file: %+v, %v", set, err)
	}
	if kept, err := os.ReadFile(p + ".damaged"); err != nil || string(kept) != `{"settings": {"automatic": tr` {
		t.Fatalf("the damaged file was not set aside: %q, %v", kept, err)
	}
	if _, err := s.BackupNow(); err != nil {
		t.Fatal(err)
	}
}

func TestAStartRemovesWhatAnUnfinishedBackupLeft(t *testing.T) {
	d := newTestData(t)
	folder := filepath.Join(d.dir, DefaultFolder)
	left := []string{filepath.Join(folder, partPrefix+"Herald-backup-2026-01-01-123000.zip"), filepath.Join(d.dir, workPrefix+"123", DatabaseName)}
	kept := []string{filepath.Join(folder, "Herald-backup-2026-01-01-120000.zip"), filepath.Join(folder, ".part-of-something-else")}
	for _, p := range append(left, kept...) {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	startService(t, d, friday)
	for _, p := range left {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there (%v)", p, err)
		}
	}
	if _, err := os.Stat(filepath.Dir(left[1])); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the working folder is still there (%v)", err)
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
