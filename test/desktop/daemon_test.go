//go:build e2e

package desktop

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startDaemon runs a helper daemon (Xvfb, dbus-daemon) that announces where
// it listens by writing one line to file descriptor 3 once it is ready, and
// returns that line. Reading the announcement instead of guessing a fixed
// display or socket means parallel runs never collide and nothing has to
// sleep while the daemon starts. The daemon is stopped when tb ends.
func startDaemon(tb testing.TB, ready time.Duration, name string, args ...string) string {
	tb.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		tb.Fatalf("%s: make the ready pipe: %v", name, err)
	}
	defer r.Close()
	// A file, not a pipe: cmd.Wait would otherwise also wait for anything
	// the daemon spawns (D-Bus activated services) that inherits stderr.
	stderr, err := os.CreateTemp(tb.TempDir(), name+"-*.stderr")
	if err != nil {
		w.Close()
		tb.Fatalf("%s: make a stderr file: %v", name, err)
	}
	defer stderr.Close()
	cmd := exec.Command(name, args...)
	cmd.ExtraFiles = []*os.File{w} // becomes fd 3 in the child
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	// Its own process group: a ^C on `go test` must not reach it before the
	// cleanup below has stopped the app that draws on it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		tb.Fatalf("start %s: %v", name, err)
	}
	// Only the child holds the write end now, so the read below ends with
	// EOF if the daemon dies before announcing itself.
	w.Close()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	tb.Cleanup(func() { stopProcess(tb, name, cmd.Process, exited, 10*time.Second) })

	if err := r.SetReadDeadline(time.Now().Add(ready)); err != nil {
		tb.Fatalf("%s: set a deadline on the ready pipe: %v", name, err)
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	line = strings.TrimSpace(line)
	if err != nil || line == "" {
		tb.Fatalf("%s did not announce itself within %v (read %q, err %v); its stderr:\n%s",
			name, ready, line, err, tail(stderr.Name(), 4<<10))
	}
	return line
}

// stopProcess asks p to stop with SIGTERM, kills it if it has not exited
// within grace, and waits until it has been reaped (exited is fed by the
// goroutine that owns cmd.Wait). Failing to reap is a test failure: a
// leaked window or display would poison the next run.
func stopProcess(tb testing.TB, name string, p *os.Process, exited <-chan error, grace time.Duration) {
	tb.Helper()
	select {
	case <-exited:
		return // already gone and reaped
	default:
	}
	if err := p.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		tb.Errorf("%s (pid %d): SIGTERM: %v", name, p.Pid, err)
	}
	select {
	case <-exited:
		return
	case <-time.After(grace):
	}
	tb.Errorf("%s (pid %d) ignored SIGTERM for %v; killing it", name, p.Pid, grace)
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		tb.Errorf("%s (pid %d): kill: %v", name, p.Pid, err)
	}
	select {
	case <-exited:
	case <-time.After(grace):
		tb.Errorf("%s (pid %d) was not reaped %v after SIGKILL", name, p.Pid, grace)
	}
}

// tail returns the last max bytes of a file, for error messages.
func tail(path string, max int64) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	if int64(len(b)) > max {
		b = b[int64(len(b))-max:]
	}
	return string(b)
}

// errNotReady is what the polling loops wrap when a condition never held.
var errNotReady = errors.New("condition not met before the deadline")

// pollUntil checks cond every interval until it returns true, returns an
// error, or the deadline passes. It is the only way tests here wait.
func pollUntil(deadline time.Duration, interval time.Duration, cond func() (bool, error)) error {
	end := time.Now().Add(deadline)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		ok, err := cond()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("after %v: %w", deadline, errNotReady)
		}
		<-tick.C
	}
}
