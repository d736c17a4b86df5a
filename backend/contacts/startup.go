package contacts

import (
	"context"
	"fmt"

	"herald/backend/contacts/internal/bulk"
	"herald/backend/contacts/internal/maintenance"
	"herald/backend/contacts/internal/order"
)

// TopicPreparing is the event that says the contact book is being prepared
// (payload true) or is ready (false); see open.
const TopicPreparing = "contacts:preparing"

// open finishes what an interrupted import left undone: it tells the
// activity log of imports that never ended, and repairs the run-time schema
// changes a crash cut short (internal/maintenance: indexes an import
// dropped, list orders it left out of step). A rebuild on a big book takes a
// while, so it runs in the background, with the window up and saying so
// (Preparing and TopicPreparing), instead of keeping Herald from opening;
// the book's methods wait for it. An empty book, a new data folder among
// them, has nothing worth a word: it is set up at once.
func (s *Service) open() error {
	if err := s.reportInterruptedImports(); err != nil {
		return err
	}
	unfinished, err := s.schema.Unfinished()
	if err != nil {
		return err
	}
	var someone bool
	if err := s.db.Raw("SELECT EXISTS (SELECT 1 FROM contacts)").Scan(&someone).Error; err != nil {
		return fmt.Errorf("open the contact book: %w", err)
	}
	prepare := func() error { return s.prepareBook(unfinished) }
	if !someone || len(unfinished) == 0 {
		defer close(s.ready)
		return prepare()
	}
	s.log.Warn("an import was interrupted, or the search index changed: preparing the contacts in the background")
	s.preparing.Store(true)
	s.emitter.Emit(TopicPreparing, true)
	go func() {
		if err := prepare(); err != nil {
			s.log.Error("prepare the contacts", "err", err)
			s.readyErr = fmt.Errorf("prepare the contacts: %w", err)
		} else {
			s.log.Info("contacts prepared")
		}
		s.preparing.Store(false)
		close(s.ready)
		s.emitter.Emit(TopicPreparing, false)
	}()
	return nil
}

// prepareBook repairs the run-time schema changes of unfinished, then
// brings the list orders in step.
func (s *Service) prepareBook(unfinished []string) error {
	if err := s.schema.Repair(unfinished); err != nil {
		return err
	}
	return s.ensureOrder()
}

// registerTasks registers the book's run-time schema changes, in the order
// a start repairs them: a bulk import's rebuild rebuilds the orders too.
func (s *Service) registerTasks() {
	s.schema.Register(maintenance.Task{Name: rebuildTask, Down: bulk.Down,
		Repair: func() error { return s.endBulk(true, false) }})
	s.schema.Register(maintenance.Task{Name: rebuildOrdersTask, Down: order.DropTriggers, Repair: func() error {
		s.log.Warn("an import was interrupted; rebuilding the list orders")
		return s.rebuildOrders()
	}})
}

// Preparing reports whether Herald is still preparing the contacts after an
// interrupted import; the UI says so until TopicPreparing says false.
func (s *Service) Preparing() (bool, error) {
	return s.preparing.Load(), nil
}

// awaitReady waits until the book is prepared, or the call's context ends.
func (s *Service) awaitReady() error {
	return WaitReady(s.ctx(), s)
}

// WaitReady waits until s has finished preparing the contacts (see open),
// or ctx ends. Core waits for it before sending campaigns and before
// closing the database. It is a function, not a method, because every
// exported method of Service is callable from the UI.
func WaitReady(ctx context.Context, s *Service) error {
	// Ready is ready, whatever the caller's context says.
	select {
	case <-s.ready:
		return s.readyErr
	default:
	}
	select {
	case <-s.ready:
		return s.readyErr
	case <-ctx.Done():
		return ctx.Err()
	}
}
