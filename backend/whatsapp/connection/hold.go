package connection

// Hold keeps the monitor from handling the driver's events until release:
// they wait, in order, in the driver's queue, and nothing they cause is
// written meanwhile (a restore replaces the data they would be written
// to). It returns once the event being handled, if any, is done. It is a
// function, not a method, because every exported method of Service is
// callable from the UI; release must come before the service stops.
func Hold(s *Service) (release func()) {
	s.held.Lock()
	return s.held.Unlock
}
