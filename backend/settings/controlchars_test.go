package settings

import (
	"path/filepath"
	"testing"
)

// A NUL in a setting's value is removed, with the other control
// characters, instead of cutting the value short.
func TestSet_ControlCharactersAreRemoved(t *testing.T) {
	f := open(t, filepath.Join(t.TempDir(), "h.db"), "GB")
	if err := f.svc.Set(OptOutWords, "STOP,\x00 unsub\x00scribe, quit"); err != nil {
		t.Fatal(err)
	}
	if got, err := f.svc.Get(OptOutWords); err != nil || got != "STOP, unsubscribe, quit" {
		t.Errorf("opt-out words %q, %v", got, err)
	}
}
