package contacts

import "gorm.io/gorm"

// cutTask is the run-time schema change (internal/maintenance) of an
// import that writes without the orders' triggers (suspendOrder): a start
// after a crash cuts the orders again.
const cutTask = "cut list orders"

// suspendOrder drops the triggers for an import of many rows into a bigger
// book, which resumeOrder ends.
func (s *Service) suspendOrder() error {
	s.ordered.Store(false)
	return s.db.Transaction(func(tx *gorm.DB) error {
		return s.schema.Begin(tx, cutTask)
	})
}

// pauseOrder is suspendOrder for a write that ends with the returned
// function, which cuts the orders again (resumeOrder).
func (s *Service) pauseOrder() (resume func(), err error) {
	if err := s.suspendOrder(); err != nil {
		return nil, err
	}
	return func() {
		if err := s.resumeOrder(); err != nil {
			s.log.Error("cut the list order again", "err", err)
		}
	}, nil
}

// resumeOrder cuts the orders again and brings their triggers back.
func (s *Service) resumeOrder() error {
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if err := s.orders.RebuildAll(tx); err != nil {
			return err
		}
		return s.schema.Done(tx, cutTask)
	})
	if err == nil {
		s.ordered.Store(true)
	}
	return err
}

// ensureOrder creates the triggers and cuts the orders again when the
// buckets do not hold every contact once (order.Orders.Ensure).
func (s *Service) ensureOrder() error {
	err := s.db.Transaction(s.orders.Ensure)
	if err == nil {
		s.ordered.Store(true)
	}
	return err
}
