package contacts

import "gorm.io/gorm"

// rebuildOrdersTask is the run-time schema change (internal/maintenance)
// of an import that writes without the orders' triggers
// (dropOrderTriggers): a start after a crash rebuilds the orders. Its name
// is stored, so it stays as it is.
const rebuildOrdersTask = "cut list orders"

// dropOrderTriggers drops the triggers for an import of many rows into a
// bigger book, which rebuildOrders ends.
func (s *Service) dropOrderTriggers() error {
	s.ordered.Store(false)
	return s.db.Transaction(func(tx *gorm.DB) error {
		return s.schema.Begin(tx, rebuildOrdersTask)
	})
}

// writeWithoutOrderTriggers is dropOrderTriggers for a write that ends
// with the returned function, which rebuilds the orders (rebuildOrders).
func (s *Service) writeWithoutOrderTriggers() (resume func(), err error) {
	if err := s.dropOrderTriggers(); err != nil {
		return nil, err
	}
	return func() {
		if err := s.rebuildOrders(); err != nil {
			s.log.Error("rebuild the list orders", "err", err)
		}
	}, nil
}

// rebuildOrders cuts the orders into buckets again and brings their
// triggers back, ending rebuildOrdersTask.
func (s *Service) rebuildOrders() error {
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if err := s.orders.RebuildAll(tx); err != nil {
			return err
		}
		return s.schema.Done(tx, rebuildOrdersTask)
	})
	if err == nil {
		s.ordered.Store(true)
	}
	return err
}

// ensureOrder rebuilds the orders when the buckets do not hold every
// contact once (order.Orders.Ensure).
func (s *Service) ensureOrder() error {
	err := s.db.Transaction(s.orders.Ensure)
	if err == nil {
		s.ordered.Store(true)
	}
	return err
}
