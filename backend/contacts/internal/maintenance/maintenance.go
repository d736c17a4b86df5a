// Package maintenance is the one way the contact book changes its own
// schema at run time. Every table, index and trigger is created by a
// numbered migration (backend/store); a few are taken down for a while
// because keeping them in step costs more than building them again: a bulk
// import drops the name index and the list orders' triggers, and builds
// its search index beside the book before it takes the book's place; an
// import into a much bigger book drops the triggers and cuts the orders
// again after.
//
// A task puts back what the migrations created, declared the same way
// (a test in the contacts package compares the two).
//
// Such a change spans many transactions, and a crash may come at any point
// of it. So a change is a Task: Begin marks it in the maintenance table in
// the same transaction that takes the schema down, and Done clears the mark
// in the transaction that puts the schema back. A task whose mark is found
// when the database is opened was cut short; Repair runs the repair
// registered for it, which puts the schema back and calls Done. Between
// Begin and Done the book is whole in its rows: only what is built from
// them (an index, a trigger's buckets, the full-text index) is missing, so
// a repair always rebuilds from the rows.
//
// A task's name is stored in the database, and migrations mark tasks too
// (a migration that changes the search documents marks the rebuild), so
// the names never change.
package maintenance

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Task is one kind of run-time schema change. Down is the DDL Begin runs
// once the mark is set; Repair finishes the change after a crash, from the
// rows, and ends with Done.
type Task struct {
	Name   string
	Down   func() []string
	Repair func() error
}

// Schema keeps the tasks of one database.
type Schema struct {
	db    *gorm.DB
	now   func() time.Time
	tasks []Task
}

// New returns the run-time schema changes of db, none registered yet.
func New(db *gorm.DB, now func() time.Time) *Schema {
	return &Schema{db: db, now: now}
}

// Register adds t. Repair runs the repairs in the order they were
// registered.
func (s *Schema) Register(t Task) {
	s.tasks = append(s.tasks, t)
}

func (s *Schema) task(name string) (Task, error) {
	for _, t := range s.tasks {
		if t.Name == name {
			return t, nil
		}
	}
	return Task{}, fmt.Errorf("no run-time schema task %q is registered", name)
}

// Begin marks the task name under way and runs its Down DDL, in tx: the
// schema is never down without the mark that gets it back up.
func (s *Schema) Begin(tx *gorm.DB, name string) error {
	t, err := s.task(name)
	if err != nil {
		return err
	}
	if err := tx.Exec("INSERT OR REPLACE INTO maintenance (task, since) VALUES (?, ?)", name, s.now()).Error; err != nil {
		return fmt.Errorf("mark %s: %w", name, err)
	}
	if t.Down == nil {
		return nil
	}
	return Exec(tx, t.Down()...)
}

// Done clears the mark of the task name, in tx: the transaction that has
// put the schema back.
func (s *Schema) Done(tx *gorm.DB, name string) error {
	if err := tx.Exec("DELETE FROM maintenance WHERE task = ?", name).Error; err != nil {
		return fmt.Errorf("clear the mark of %s: %w", name, err)
	}
	return nil
}

// Pending tells whether the task name is marked under way.
func (s *Schema) Pending(name string) (bool, error) {
	var n int64
	if err := s.db.Raw("SELECT count(*) FROM maintenance WHERE task = ?", name).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("check for %s left undone: %w", name, err)
	}
	return n > 0, nil
}

// Unfinished lists the registered tasks marked under way, in the order
// they were registered.
func (s *Schema) Unfinished() ([]string, error) {
	var out []string
	for _, t := range s.tasks {
		pending, err := s.Pending(t.Name)
		if err != nil {
			return nil, err
		}
		if pending {
			out = append(out, t.Name)
		}
	}
	return out, nil
}

// Repair runs the repair of each task of names, in order, and stops at the
// first that fails: a later repair may count on an earlier one.
func (s *Schema) Repair(names []string) error {
	for _, name := range names {
		t, err := s.task(name)
		if err != nil {
			return err
		}
		if t.Repair == nil {
			return fmt.Errorf("run-time schema task %q has no repair", name)
		}
		if err := t.Repair(); err != nil {
			return fmt.Errorf("repair %s: %w", name, err)
		}
	}
	return nil
}

// Exec runs ddl in tx, in order.
func Exec(tx *gorm.DB, ddl ...string) error {
	for _, stmt := range ddl {
		if err := tx.Exec(stmt).Error; err != nil {
			return fmt.Errorf("change the schema (%.60s): %w", stmt, err)
		}
	}
	return nil
}
