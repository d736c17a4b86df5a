package contacts

import (
	"encoding/binary"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/maintenance"
	"herald/backend/contacts/internal/sqlrun"
	"herald/backend/contacts/internal/tagset"
)

// A deep page of a filter whose matches are spread thin over the order
// shown ("fischer" at offset 25,000 by name: one contact in sixteen) used to
// walk the sort's index from the start, ~400,000 rows at 0.4 µs each. The
// orders a list is shown in are therefore also cut into buckets of a few
// thousand contacts (table contact_order, store migration 9): each bucket
// is the key its range of the order starts at and the ids in that range
// (order_ids.go). A deep page counts its matches bucket by bucket (a bit
// test per contact of the book, a few ms at a million), and walks the
// index only from the bucket its offset falls in.
//
// Triggers on contacts keep the buckets in step with every insert, delete
// and change of name or number, whoever writes it. A bulk import drops them
// with the name index and cuts the orders again at its end. A bucket that
// grows to twice the size of a cut (tuning.bucketSize) is cut again after
// the write that grew it.

// orderTriggers are the triggers that keep the buckets in step.
func orderTriggers() map[string]string {
	kinds := orderKinds()
	name, phone := kinds["name"], kinds["phone"]
	change := func(fn string) func(k *orderKind, row string) string {
		return func(k *orderKind, row string) string {
			return fmt.Sprintf("UPDATE contact_order SET ids = %s(ids, %s.id) WHERE id = %s;", fn, row, k.bucketOf(row))
		}
	}
	add, remove := change(idsAddSQL), change(idsRemoveSQL)
	return map[string]string{
		"contacts_order_insert": "AFTER INSERT ON contacts BEGIN " + add(name, "NEW") + add(phone, "NEW") + bumpOrderVersion + "; END",
		"contacts_order_delete": "AFTER DELETE ON contacts BEGIN " + remove(name, "OLD") + remove(phone, "OLD") + bumpOrderVersion + "; END",
		"contacts_order_name": "AFTER UPDATE OF name ON contacts WHEN OLD.name IS NOT NEW.name BEGIN " +
			remove(name, "OLD") + add(name, "NEW") + bumpOrderVersion + "; END",
		"contacts_order_phone": "AFTER UPDATE OF phone ON contacts WHEN OLD.phone IS NOT NEW.phone BEGIN " +
			remove(phone, "OLD") + add(phone, "NEW") + bumpOrderVersion + "; END",
	}
}

// bumpOrderVersion counts a change of the buckets, for orderCache.
const bumpOrderVersion = "UPDATE contact_order_version SET v = v + 1"

// createOrderTriggers creates the triggers, if missing.
func createOrderTriggers(tx *gorm.DB) error {
	var ddl []string
	for name, body := range orderTriggers() {
		ddl = append(ddl, "CREATE TRIGGER IF NOT EXISTS "+name+" "+body)
	}
	return maintenance.Exec(tx, ddl...)
}

// dropOrderTriggers is the DDL that drops the triggers.
func dropOrderTriggers() []string {
	var ddl []string
	for name := range orderTriggers() {
		ddl = append(ddl, "DROP TRIGGER IF EXISTS "+name)
	}
	return ddl
}

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
		if err := s.cutOrders(tx); err != nil {
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
// buckets do not hold every contact once (a book from before store
// migration 9, or one a bulk import was writing when it stopped).
func (s *Service) ensureOrder() error {
	err := s.db.Transaction(func(tx *gorm.DB) error {
		if err := createOrderTriggers(tx); err != nil {
			return err
		}
		var book int64
		if err := tx.Raw("SELECT count(*) FROM contacts").Row().Scan(&book); err != nil {
			return fmt.Errorf("check the list order: %w", err)
		}
		for sort, k := range orderKinds() {
			var held, buckets int64
			err := tx.Raw("SELECT coalesce(sum(length(ids)) / 4, 0), count(*) FROM contact_order WHERE sort = ?", k.num).Row().Scan(&held, &buckets)
			if err != nil {
				return fmt.Errorf("check the list order: %w", err)
			}
			if buckets > 0 && book == held {
				continue
			}
			if err := s.cutOrder(tx, sort); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		s.ordered.Store(true)
	}
	return err
}

// cutOrders cuts every order again and brings back their triggers, inside
// tx.
func (s *Service) cutOrders(tx *gorm.DB) error {
	for sort := range orderKinds() {
		if err := s.cutOrder(tx, sort); err != nil {
			return err
		}
	}
	return createOrderTriggers(tx)
}

// cutOrder cuts a sort's order into buckets again, along its index, inside
// tx. The first bucket starts at the lowest key there is.
func (s *Service) cutOrder(tx *gorm.DB, sort string) error {
	k := orderOf(sort)
	if err := tx.Exec("DELETE FROM contact_order WHERE sort = ?", k.num).Error; err != nil {
		return fmt.Errorf("cut the list order: %w", err)
	}
	if err := tx.Exec(bumpOrderVersion).Error; err != nil {
		return fmt.Errorf("cut the list order: %w", err)
	}
	runs := s.newIndexRuns(sort, false)
	runs.db = tx
	c := orderCutter{tx: tx, k: k, size: s.tuning.bucketSize}
	for {
		ids, err := runs.next()
		if err != nil {
			return fmt.Errorf("cut the list order: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		if err := c.add(ids); err != nil {
			return err
		}
	}
	return c.flush()
}

// orderCutter writes ids, met in the order, as buckets of size ids.
type orderCutter struct {
	tx      *gorm.DB
	k       *orderKind
	size    int
	key     string
	keyID   int64
	ids     []byte
	started bool
}

func (c *orderCutter) add(ids []int64) error {
	for _, id := range ids {
		if len(c.ids) == 4*c.size {
			if err := c.flush(); err != nil {
				return err
			}
			if err := c.tx.Raw("SELECT "+c.k.column+" FROM contacts WHERE id = ?", id).Row().Scan(&c.key); err != nil {
				return fmt.Errorf("cut the list order: %w", err)
			}
			c.keyID = c.k.keyID(id)
		}
		c.ids = binary.LittleEndian.AppendUint32(c.ids, uint32(id))
	}
	return nil
}

// flush writes the bucket being filled, and always one bucket per order.
func (c *orderCutter) flush() error {
	if len(c.ids) == 0 && c.started {
		return nil
	}
	c.started = true
	var ids any // NULL for none: the driver cannot read back an empty blob
	if len(c.ids) > 0 {
		ids = append([]byte{}, c.ids...)
	}
	err := c.tx.Exec("INSERT INTO contact_order (sort, first_key, first_id, ids) VALUES (?, ?, ?, ?)",
		c.k.num, c.key, c.keyID, ids).Error
	if err != nil {
		return fmt.Errorf("cut the list order: %w", err)
	}
	c.ids = c.ids[:0]
	return nil
}

// splitOrder cuts again the buckets that grew to twice the size of a cut,
// inside the transaction that grew them.
func (s *Service) splitOrder(tx *gorm.DB) error {
	size := s.tuning.bucketSize
	type big struct {
		ID, Sort, FirstID int64
		FirstKey          string
	}
	var bigs []big
	err := tx.Raw("SELECT id, sort, first_key, first_id FROM contact_order WHERE length(ids) >= ?", 4*2*size).Scan(&bigs).Error
	if err != nil {
		return fmt.Errorf("check the list order: %w", err)
	}
	for _, b := range bigs {
		for _, k := range orderKinds() {
			if int64(k.num) != b.Sort {
				continue
			}
			if err := splitBucket(tx, k, b.ID, b.FirstKey, b.FirstID, size); err != nil {
				return err
			}
		}
	}
	return nil
}

// splitBucket reads the range of one bucket along the index and writes it
// back as buckets of size ids, the first keeping its key. (The first
// bucket's key is the lowest there is, so its range starts there too.)
func splitBucket(tx *gorm.DB, k *orderKind, id int64, key string, keyID int64, size int) error {
	conds, args := []string{k.from}, k.args(key, keyID)
	var next struct {
		FirstKey string
		FirstID  int64
	}
	res := tx.Raw(`SELECT first_key, first_id FROM contact_order WHERE sort = ? AND first_key >= ? AND (first_key, first_id) > (?, ?)
		ORDER BY first_key, first_id LIMIT 1`, k.num, key, key, keyID).Scan(&next)
	if res.Error != nil {
		return fmt.Errorf("split the list order: %w", res.Error)
	}
	if res.RowsAffected > 0 {
		conds, args = append(conds, k.below), append(args, k.args(next.FirstKey, next.FirstID)...)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	from := "contacts"
	if k.column == "name" {
		from = "contacts INDEXED BY contacts_name"
	}
	ids, err := sqlrun.IDs(tx.Statement.Context, tx.Statement.ConnPool,
		"SELECT id FROM "+from+where+" ORDER BY "+orderBy(k.column, "ASC"), args...)
	if err != nil {
		return fmt.Errorf("split the list order: %w", err)
	}
	if err := tx.Exec("DELETE FROM contact_order WHERE id = ?", id).Error; err != nil {
		return fmt.Errorf("split the list order: %w", err)
	}
	if err := tx.Exec(bumpOrderVersion).Error; err != nil {
		return fmt.Errorf("split the list order: %w", err)
	}
	c := orderCutter{tx: tx, k: k, size: size, key: key, keyID: keyID}
	if err := c.add(ids); err != nil {
		return err
	}
	return c.flush()
}

// orderBucket is one bucket as a page reads it.
type orderBucket struct {
	key   string
	keyID int64
	ids   []byte
}

// readOrder reads a sort's buckets in order.
func (s *Service) readOrder(k *orderKind) ([]orderBucket, error) {
	rows, err := s.db.Raw("SELECT first_key, first_id, ids FROM contact_order WHERE sort = ? ORDER BY first_key, first_id", k.num).Rows()
	if err != nil {
		return nil, fmt.Errorf("read the list order: %w", err)
	}
	defer rows.Close()
	var out []orderBucket
	for rows.Next() {
		var b orderBucket
		if err := rows.Scan(&b.key, &b.keyID, &b.ids); err != nil {
			return nil, fmt.Errorf("read the list order: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// orderCache keeps each order's buckets as last read, with the count of
// changes (contact_order_version) they were read at: reading them costs
// 5-10 ms at a million contacts, checking the count a few µs.
type orderCache struct {
	mu      sync.Mutex
	version map[int]int64
	buckets map[int][]orderBucket
	book    map[int]int64
}

// orderBuckets returns a sort's buckets, in order, and how many contacts
// they hold. The count is read before the buckets: buckets read after a
// later change are kept under the older count, and read again next time.
func (s *Service) orderBuckets(k *orderKind) ([]orderBucket, int64, error) {
	var v int64
	if err := s.db.Raw("SELECT v FROM contact_order_version").Row().Scan(&v); err != nil {
		return nil, 0, fmt.Errorf("read the list order: %w", err)
	}
	c := &s.orders
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.version[k.num]; ok && got == v {
		return c.buckets[k.num], c.book[k.num], nil
	}
	buckets, err := s.readOrder(k)
	if err != nil {
		return nil, 0, err
	}
	var book int64
	for _, b := range buckets {
		book += int64(len(b.ids) / 4)
	}
	if c.version == nil {
		c.version, c.buckets, c.book = map[int]int64{}, map[int][]orderBucket{}, map[int]int64{}
	}
	c.version[k.num], c.buckets[k.num], c.book[k.num] = v, buckets, book
	return buckets, book, nil
}

// locate finds the bucket that holds the match at offset, counting from the
// start of the order or, desc, from its end; skip is how many matches of
// that bucket come before it. ok is false when there are not that many.
func locate(buckets []orderBucket, set tagset.IDSet, desc bool, offset int64) (b int, skip int64, ok bool) {
	var seen int64
	for i := range buckets {
		b = i
		if desc {
			b = len(buckets) - 1 - i
		}
		var n int64
		ids := buckets[b].ids
		for j := 0; j+4 <= len(ids); j += 4 {
			if set.Has(int64(binary.LittleEndian.Uint32(ids[j:]))) {
				n++
			}
		}
		if seen+n > offset {
			return b, offset - seen, true
		}
		seen += n
	}
	return 0, 0, false
}
