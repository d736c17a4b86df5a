//go:build e2e

package desktop

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"herald/backend/core"
	"herald/backend/settings"
)

// app is one running desktop herald.
type app struct {
	Pid     int
	DataDir string
	Started time.Time // taken just before the process was started
	LogPath string    // <data>/herald.log, written by the app
	OutPath string    // the process's stdout and stderr

	proc   *os.Process
	exited chan error // receives cmd.Wait's result once, then is closed
	done   chan struct{}
	err    error // cmd.Wait's result, valid after done is closed
}

// startApp starts bin (no arguments: the desktop window) in sess with its
// data in dataDir, and stops it when tb ends.
func startApp(tb testing.TB, bin string, sess session, dataDir string) *app {
	tb.Helper()
	out, err := os.CreateTemp(tb.TempDir(), "herald-*.out")
	if err != nil {
		tb.Fatalf("make the herald output file: %v", err)
	}
	defer out.Close()
	cmd := exec.Command(bin)
	cmd.Dir = dataDir
	cmd.Env = sess.env(dataDir)
	// A file, not a pipe: WebKit's helper processes inherit stdout and
	// stderr, and with a pipe cmd.Wait would wait for them too.
	cmd.Stdout = out
	cmd.Stderr = out
	a := &app{
		DataDir: dataDir,
		LogPath: filepath.Join(dataDir, "herald.log"),
		OutPath: out.Name(),
		exited:  make(chan error, 1),
		done:    make(chan struct{}),
	}
	a.Started = time.Now()
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", bin, err)
	}
	a.proc, a.Pid = cmd.Process, cmd.Process.Pid
	go func() {
		a.err = cmd.Wait()
		a.exited <- a.err
		close(a.done)
	}()
	tb.Cleanup(func() { a.Stop(tb) })
	return a
}

// Running reports whether the process has not exited yet.
func (a *app) Running() bool {
	select {
	case <-a.done:
		return false
	default:
		return true
	}
}

// WaitExit waits up to deadline for the process to exit by itself and
// returns its exit code.
func (a *app) WaitExit(deadline time.Duration) (int, error) {
	select {
	case <-a.done:
	case <-time.After(deadline):
		return 0, fmt.Errorf("herald (pid %d) still running after %v", a.Pid, deadline)
	}
	var exitErr *exec.ExitError
	switch {
	case a.err == nil:
		return 0, nil
	case errors.As(a.err, &exitErr):
		return exitErr.ExitCode(), nil
	default:
		return 0, fmt.Errorf("wait for herald (pid %d): %w", a.Pid, a.err)
	}
}

// Stop ends the app with SIGTERM (Wails shuts down cleanly on it), kills it
// if it hangs, and makes sure it has been reaped. Stopping twice is fine.
func (a *app) Stop(tb testing.TB) {
	tb.Helper()
	if !a.Running() {
		return
	}
	stopProcess(tb, "herald", a.proc, a.exited, 15*time.Second)
	<-a.done
}

// WaitForLog polls herald.log until a line with msg="<msg>" appears and
// returns it parsed. It gives up early, with the app's output, if the
// process exits first.
func (a *app) WaitForLog(msg string, deadline time.Duration) (logLine, error) {
	var found logLine
	err := pollUntil(deadline, 25*time.Millisecond, func() (bool, error) {
		lines, err := a.LogLines()
		if err != nil {
			return false, err
		}
		for _, l := range lines {
			if l.Fields["msg"] == msg {
				found = l
				return true, nil
			}
		}
		if !a.Running() {
			return false, fmt.Errorf("herald exited (%v) before logging %q; its output:\n%s\nherald.log:\n%s",
				a.err, msg, tail(a.OutPath, 4<<10), tail(a.LogPath, 4<<10))
		}
		return false, nil
	})
	if err != nil {
		return logLine{}, fmt.Errorf("wait for %q in %s: %w", msg, a.LogPath, err)
	}
	return found, nil
}

// LogLines reads and parses herald.log; a log that does not exist yet has
// no lines.
func (a *app) LogLines() ([]logLine, error) {
	b, err := os.ReadFile(a.LogPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read herald.log: %w", err)
	}
	raw := strings.Split(string(b), "\n")
	// The last piece is "" or a line still being written: skip it.
	raw = raw[:len(raw)-1]
	var lines []logLine
	for _, s := range raw {
		l, err := parseLogLine(s)
		if err != nil {
			continue
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// alive reports whether a process with this pid exists (and is not a zombie).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	st, err := readStat(pid)
	return err == nil && st.State != 'Z'
}

// welcomedDataDir is a new data folder whose welcome step is answered with
// the computer's guesses, for a test of a window that is past it.
func welcomedDataDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	c, err := core.New(core.Options{DataDir: dir, Version: "test", Mode: core.ModeDesktop, LocaleCountry: "US"})
	if err != nil {
		tb.Fatalf("prepare the data folder: %v", err)
	}
	err = c.Settings.Welcome(settings.Preferences{Country: "US"})
	if cerr := c.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		tb.Fatalf("answer the welcome step in %s: %v", dir, err)
	}
	return dir
}
