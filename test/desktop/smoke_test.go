//go:build e2e

package desktop

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	paintDeadline = 60 * time.Second // start to "ui painted"
	shotDeadline  = 30 * time.Second // "ui painted" to a screenshot that passes
)

// TestDesktop_WindowDrawsTheApp starts the real desktop binary and checks
// that the window on the screen shows the app's dark UI, not a blank, flat
// or error page, and that nothing was logged at ERROR.
func TestDesktop_WindowDrawsTheApp(t *testing.T) {
	bin, err := heraldBinary()
	if err != nil {
		t.Fatal(err)
	}
	sess := newSession(t)
	// Past the welcome step: its dialog darkens the window this test looks for.
	a := startApp(t, bin, sess, welcomedDataDir(t))
	painted, err := a.WaitForLog("ui painted", paintDeadline)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ui painted %v after start (%s)", painted.Time.Sub(a.Started).Round(time.Millisecond), painted.Raw)

	// "ui painted" fires two frames after the first page rendered, which can
	// be before X has the pixels and before the icon web font has loaded
	// (icons then pop in a moment later). So: screenshot until the picture
	// passes the check and is identical to the previous one, i.e. settled.
	shot := filepath.Join(t.TempDir(), "shot.png")
	var stats, prev shotStats
	var verdict error
	shots := 0
	err = pollUntil(shotDeadline, 250*time.Millisecond, func() (bool, error) {
		prev = stats
		shots++
		if err := screenshot(sess.Display, shot); err != nil {
			return false, err
		}
		if stats, err = analyse(shot); err != nil {
			return false, err
		}
		verdict = looksLikeTheApp(stats)
		if verdict == nil && stats.Pixels != prev.Pixels {
			verdict = errors.New("screen still changing")
		}
		return verdict == nil, nil
	})
	saved := saveArtifact(t, shot, "desktop-smoke.png")
	t.Logf("screenshot %d: %v", shots, stats)
	if errors.Is(err, errNotReady) {
		t.Fatalf("%v; last verdict: %v; screenshot at %s", err, verdict, saved)
	}
	if err != nil {
		t.Fatal(err)
	}

	lines, err := a.LogLines()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if l.Fields["level"] == "ERROR" {
			t.Errorf("herald.log has an error: %s", l.Raw)
		}
	}

	a.Stop(t)
	if alive(a.Pid) {
		t.Errorf("herald (pid %d) still exists after Stop", a.Pid)
	}
}

// TestDesktop_SecondLaunchHandsOverToFirst starts Herald twice on the same
// data: the second must hand over to the first (Wails' SingleInstanceLock,
// over D-Bus) and exit by itself, and the first must keep running.
func TestDesktop_SecondLaunchHandsOverToFirst(t *testing.T) {
	bin, err := heraldBinary()
	if err != nil {
		t.Fatal(err)
	}
	sess := newSession(t)
	data := t.TempDir()
	first := startApp(t, bin, sess, data)
	if _, err := first.WaitForLog("ui painted", paintDeadline); err != nil {
		t.Fatal(err)
	}
	// Precondition, so a failure below says which half broke: the first
	// instance owns the lock's bus name.
	if err := busNameOwned(sess.BusAddr, singleInstanceBusName); err != nil {
		t.Fatalf("the first instance does not hold the single-instance lock: %v", err)
	}

	second := startApp(t, bin, sess, data)
	code, err := second.WaitExit(20 * time.Second)
	if err != nil {
		t.Fatalf("second launch did not hand over and exit: %v; its output:\n%s", err, tail(second.OutPath, 4<<10))
	}
	t.Logf("second launch exited with code %d after %v", code, time.Since(second.Started).Round(time.Millisecond))
	// Wails ends a handed-over second launch with os.Exit(1); herald's own
	// errors also exit 1 but print "herald: …" first, so tell them apart.
	out, err := os.ReadFile(second.OutPath)
	if err != nil {
		t.Fatalf("read the second launch's output: %v", err)
	}
	if code != 1 || strings.Contains(string(out), "herald:") {
		t.Errorf("second launch exited with code %d, want 1 after handing over; its output:\n%s", code, out)
	}

	if !first.Running() || !alive(first.Pid) {
		t.Fatalf("first instance (pid %d) is gone after the second launch; its output:\n%s", first.Pid, tail(first.OutPath, 4<<10))
	}
	if err := busNameOwned(sess.BusAddr, singleInstanceBusName); err != nil {
		t.Errorf("the first instance lost the single-instance lock: %v", err)
	}
	// The first window was told, so it came forward.
	if _, err := first.WaitForLog("second launch handed over to this window", 10*time.Second); err != nil {
		t.Errorf("the first instance never heard of the second launch: %v", err)
	}
}

// singleInstanceBusName is the name Wails v2 derives on Linux from the
// UniqueId "app.herald.desktop" (see SetupSingleInstance in
// wails/v2/internal/frontend/desktop/linux/single_instance.go).
const singleInstanceBusName = "org.wails_app_app_herald_desktop.SingleInstance"

// busNameOwned asks the bus whether someone owns name.
func busNameOwned(busAddr, name string) error {
	out, err := exec.Command("dbus-send", "--bus="+busAddr, "--print-reply", "--dest=org.freedesktop.DBus",
		"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:"+name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("dbus-send NameHasOwner %s: %w: %s", name, err, out)
	}
	if !strings.Contains(string(out), "boolean true") {
		return fmt.Errorf("%s has no owner on the session bus", name)
	}
	return nil
}

// saveArtifact copies the screenshot to <repo>/artifacts/<name> for people
// and CI to look at, and returns where it ended up.
func saveArtifact(t *testing.T, src, name string) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Errorf("save %s: %v", name, err)
		return src
	}
	dir := filepath.Join(root, "artifacts")
	b, err := os.ReadFile(src)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	dst := filepath.Join(dir, name)
	if err == nil {
		err = os.WriteFile(dst, b, 0o644)
	}
	if err != nil {
		t.Errorf("save the screenshot as %s: %v", dst, err)
		return src
	}
	t.Logf("screenshot saved: %s", dst)
	return dst
}
