package core

import "herald/backend/whatsapp"

// phone is how Herald reaches the user's own phone: open makes the driver
// the first time the user chooses it (never at start-up in practice mode,
// so a Herald that never links a phone never touches the network for it),
// and bindings are services a test build binds to drive a fake phone.
type phone struct {
	open     func() (whatsapp.Driver, error)
	bindings []Binding
}
