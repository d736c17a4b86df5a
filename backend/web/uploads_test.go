package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is the time of uploads in a test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var t0 = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// send uploads body as name and answers the status and the path or the
// error message.
func send(t *testing.T, srv *httptest.Server, name string, body io.Reader) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/upload?name="+name, body)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Result, Error string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("upload %s: %d, answer not JSON: %v", name, res.StatusCode, err)
	}
	return res.StatusCode, out.Result + out.Error
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func TestUploads_OverTheQuotaTheOldestPastTheirGraceMakeRoom(t *testing.T) {
	clock := &fakeClock{t: t0}
	srv := serveOn(t, Options{Token: token, Log: discardLog(), UploadDir: t.TempDir(), UploadQuota: 1000, Now: clock.Now})
	body := strings.Repeat("x", 400)

	_, a := send(t, srv, "a.csv", strings.NewReader(body))
	clock.Set(t0.Add(20 * time.Minute))
	_, b := send(t, srv, "b.csv", strings.NewReader(body))
	if !exists(a) || !exists(b) {
		t.Fatalf("a and b, 800 of 1000 bytes, were not both stored: %q %q", a, b)
	}
	// 800 of 1000 bytes are taken: a, 30 minutes old, makes room for c;
	// b, 10 minutes old, may still be in the middle of its import.
	clock.Set(t0.Add(30 * time.Minute))
	status, c := send(t, srv, "c.csv", strings.NewReader(body))
	if status != http.StatusOK {
		t.Fatalf("c: %d %s", status, c)
	}
	if exists(a) || !exists(b) || !exists(c) {
		t.Errorf("after c: a kept %v, b kept %v, c kept %v; want only b and c", exists(a), exists(b), exists(c))
	}
	status, msg := send(t, srv, "d.csv", strings.NewReader(body))
	if status != http.StatusInsufficientStorage || !strings.Contains(msg, "no room for this file") {
		t.Errorf("d, with b and c in their grace: %d %q, want 507 saying there is no room", status, msg)
	}
	if !exists(b) || !exists(c) {
		t.Error("a refused upload swept an upload in its grace")
	}
	status, msg = send(t, srv, "huge.csv", strings.NewReader(strings.Repeat("x", 1001)))
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "larger than the 1 MB kept for uploads") {
		t.Errorf("a file over the quota: %d %q", status, msg)
	}
	// Without a size, the quota cannot be kept before the file is in.
	status, msg = send(t, srv, "unsized.csv", io.MultiReader(strings.NewReader("x")))
	if status != http.StatusLengthRequired || msg == "" {
		t.Errorf("an upload without a size: %d %q", status, msg)
	}
}

func TestUploads_AnUploadUnderWayHoldsItsRoomAndIsNeverSwept(t *testing.T) {
	clock := &fakeClock{t: t0}
	u := newUploads(Options{UploadDir: t.TempDir(), UploadQuota: 1000, Now: clock.Now, Log: discardLog()})
	arriving, err := u.reserve(600)
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(t0.Add(48 * time.Hour))
	u.sweep(clock.Now())
	if _, err := u.reserve(600); !errors.Is(err, errNoRoom) {
		t.Errorf("a second 600 bytes next to 600 arriving: %v, want errNoRoom", err)
	}
	if !exists(arriving) {
		t.Fatal("an upload under way was swept")
	}
	u.release(arriving, false)
	if exists(arriving) {
		t.Error("a failed upload left its folder")
	}
	if _, err := u.reserve(600); err != nil {
		t.Errorf("once the first is gone: %v", err)
	}
}

func TestUploads_SweptAtStartAndOnTheTimerUntilClose(t *testing.T) {
	dir := t.TempDir()
	old, recent := filepath.Join(dir, "old"), filepath.Join(dir, "recent")
	for path, at := range map[string]time.Time{old: t0.Add(-48 * time.Hour), recent: t0.Add(-time.Hour)} {
		if err := os.MkdirAll(path, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	clock := &fakeClock{t: t0}
	ticks := make(chan time.Time)
	srv, s := startServer(t, Options{Token: token, Log: discardLog(), UploadDir: dir, Now: clock.Now, SweepTicks: ticks}, DefaultLimits())
	if exists(old) || !exists(recent) {
		t.Errorf("at start: the two-day-old upload kept %v, the hour-old one kept %v", exists(old), exists(recent))
	}
	_, a := send(t, srv, "a.csv", strings.NewReader("name\n"))

	// The sweeper takes a tick only once it has swept at the one before:
	// the second of two equal ticks is sent once the first is swept.
	tick := func(at time.Time) { ticks <- at; ticks <- at }
	tick(t0.Add(23 * time.Hour))
	if !exists(a) || !exists(recent) {
		t.Fatal("swept uploads younger than a day")
	}
	tick(t0.Add(25 * time.Hour))
	if exists(a) || exists(recent) {
		t.Errorf("a day later: a kept %v, recent kept %v", exists(a), exists(recent))
	}
	s.Close()
	select {
	case ticks <- t0:
		t.Error("still sweeping after Close")
	default:
	}
}
