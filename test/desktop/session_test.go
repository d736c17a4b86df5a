//go:build e2e

package desktop

import (
	"os"
	"strings"
	"testing"
	"time"
)

// session is a private desktop session: an X display and a D-Bus session
// bus that belong to one test and die with it.
type session struct {
	Display string // ":N"
	BusAddr string // DBUS_SESSION_BUS_ADDRESS
}

// newSession starts Xvfb and a session bus for tb.
//
// The private bus is not optional. Wails' SingleInstanceLock on Linux claims
// the D-Bus name org.wails_app_app_herald_desktop.SingleInstance on the
// session bus; with no bus it silently does nothing (a second launch opens a
// second window), and on a developer's real desktop the test app would find
// the developer's running Herald and hand over to it instead of starting.
func newSession(tb testing.TB) session {
	tb.Helper()
	display := startDaemon(tb, 30*time.Second, "Xvfb",
		"-displayfd", "3", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
	bus := startDaemon(tb, 30*time.Second, "dbus-daemon",
		"--session", "--nofork", "--nopidfile", "--print-address=3")
	return session{Display: ":" + display, BusAddr: bus}
}

// env is the environment for a herald process in this session: the test's
// own environment minus anything that could reach the user's real desktop.
func (s session) env(dataDir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "GDK_BACKEND", "HERALD_DATA":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"DISPLAY="+s.Display,
		"GDK_BACKEND=x11",
		"DBUS_SESSION_BUS_ADDRESS="+s.BusAddr,
		"HERALD_DATA="+dataDir,
	)
}
