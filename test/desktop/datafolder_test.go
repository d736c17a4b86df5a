//go:build e2e

package desktop

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"herald/test/serve"
)

// TestDesktop_ADataFolderServeHasOpenIsRefusedInAWindow starts the window
// on the data folder a running `herald serve` has open. Two Heralds on one
// database would both send its campaigns; the window must say so instead
// (in a window: a Windows build has no console) and leave the folder alone.
func TestDesktop_ADataFolderServeHasOpenIsRefusedInAWindow(t *testing.T) {
	bin, err := heraldBinary()
	if err != nil {
		t.Fatal(err)
	}
	sess := newSession(t)
	data := t.TempDir()
	srv := serve.Start(t, bin, nil, "--data", data)

	a := startApp(t, bin, sess, data)
	want := "herald: Herald is already running with the data folder " + data
	err = pollUntil(paintDeadline, 50*time.Millisecond, func() (bool, error) {
		out, err := os.ReadFile(a.OutPath)
		if err != nil {
			return false, err
		}
		if !a.Running() {
			return false, fmt.Errorf("herald exited instead of showing why it cannot start:\n%s", out)
		}
		return strings.Contains(string(out), want), nil
	})
	if err != nil {
		t.Fatalf("%v; its output:\n%s", err, tail(a.OutPath, 4<<10))
	}
	shot := filepath.Join(t.TempDir(), "shot.png")
	if err := screenshot(sess.Display, shot); err == nil {
		saveArtifact(t, shot, "desktop-data-in-use.png")
	}

	log, err := os.ReadFile(filepath.Join(data, "herald.log"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), `msg="herald started"`); n != 1 {
		t.Errorf("herald.log shows %d starts, want only herald serve's:\n%s", n, log)
	}
	srv.Must(t, "SettingsService", "Info", nil)

	a.Stop(t)
	if out, _ := os.ReadFile(a.OutPath); strings.Count(string(out), "herald:") != 1 {
		t.Errorf("the refusal was not said exactly once:\n%s", out)
	}
}
