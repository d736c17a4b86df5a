//go:build e2e

package crash

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDataFolder_OneHeraldAtATimeAndNoStaleLockAfterAKill: a second
// `herald serve` on the folder a running one has open is refused in plain
// words (both would send every campaign), and once the first is killed,
// with no chance to clean up, a new one starts on the same folder.
func TestDataFolder_OneHeraldAtATimeAndNoStaleLockAfterAKill(t *testing.T) {
	data := t.TempDir()
	first := startServer(t, data)

	out, err := exec.Command(heraldBin, "serve", "--addr", "127.0.0.1:0", "--data", data).CombinedOutput()
	if err == nil {
		t.Fatalf("a second herald serve started on the same data folder:\n%s", out)
	}
	if want := "herald: Herald is already running with the data folder " + data; !strings.Contains(string(out), want) {
		t.Errorf("the second herald serve said:\n%s\nwant %q", out, want)
	}
	first.Must(t, "SettingsService", "Info", nil)

	first.Kill(t)
	again := startServer(t, data)
	again.Must(t, "SettingsService", "Info", nil)
	again.Stop(t)
}
