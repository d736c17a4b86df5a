//go:build !fakewhatsapp

package core

import (
	"testing"

	"herald/backend/whatsapp/whatsmeow"
)

// privateDataDir names the phone's session file without importing the
// phone driver; the two names must stay one.
func TestSessionFileIsThePhoneDriversOwn(t *testing.T) {
	if sessionFile != whatsmeow.SessionFile {
		t.Errorf("core narrows %q, the phone driver keeps its keys in %q", sessionFile, whatsmeow.SessionFile)
	}
}
