package contacts

import (
	"context"
	"fmt"
)

// Hold stops the book's writers that run for long, for a restore that
// replaces the book: it cancels a running import and its match preview,
// waits for them and for an undo to end, and refuses new imports until
// release. It is a function, not a method, because every exported method
// of Service is callable from the UI.
func Hold(s *Service) (release func()) {
	s.matching.CancelAll()
	// An undo holds importMu until it is done.
	s.importMu.Lock()
	s.held = true
	if s.cancelImport != nil {
		s.cancelImport()
	}
	s.importMu.Unlock()
	s.importing.Wait()
	// A preparation of the book holds transactions of its own.
	_ = WaitReady(context.Background(), s)
	return func() {
		s.importMu.Lock()
		s.held = false
		s.importMu.Unlock()
	}
}

// Reload makes s read the book its database now holds, after every row
// was replaced at once (a restore): it forgets the list orders it kept in
// memory and repairs what the new rows' marks say a crash cut short
// (internal/maintenance), before it returns.
func Reload(s *Service) error {
	s.orders.Forget()
	s.ordered.Store(false)
	if err := s.reportInterruptedImports(); err != nil {
		return err
	}
	unfinished, err := s.schema.Unfinished()
	if err != nil {
		return fmt.Errorf("reload the contact book: %w", err)
	}
	if err := s.prepareBook(unfinished); err != nil {
		return fmt.Errorf("reload the contact book: %w", err)
	}
	return nil
}
