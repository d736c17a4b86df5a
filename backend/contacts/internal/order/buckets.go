package order

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

// Config are the sizes of the orders' buckets and reads. They are an
// Orders' own, so that a test can make them small enough for a few dozen
// contacts to take the paths a big book takes.
type Config struct {
	// BucketSize is how many contacts a bucket gets when an order is cut:
	// reading the index inside one is short. One that grows to twice as
	// big is cut again.
	BucketSize int
	// FirstRun is how many ids the first read of an index takes; each
	// next one takes twice as many, up to maxRun.
	FirstRun int64
}

// DefaultConfig is the Config of a book.
func DefaultConfig() Config {
	return Config{BucketSize: 2048, FirstRun: 1024}
}

// Orders are the list orders of one book.
type Orders struct {
	db     *gorm.DB
	Config Config
	cache  cache
}

// New returns the orders of the book db.
func New(db *gorm.DB, cfg Config) *Orders {
	return &Orders{db: db, Config: cfg}
}

// triggers are the triggers that keep the buckets in step. The store
// migration "list order triggers" creates the same; a test holds the two
// together.
func triggers() map[string]string {
	all := kinds()
	name, phone := all["name"], all["phone"]
	change := func(fn string) func(k *Kind, row string) string {
		return func(k *Kind, row string) string {
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

// bumpOrderVersion counts a change of the buckets, for cache.
const bumpOrderVersion = "UPDATE contact_order_version SET v = v + 1"

// CreateTriggers creates the triggers, if missing: the end of a change
// that dropped them (DropTriggers).
func CreateTriggers(tx *gorm.DB) error {
	var ddl []string
	for name, body := range triggers() {
		ddl = append(ddl, "CREATE TRIGGER IF NOT EXISTS "+name+" "+body)
	}
	return maintenance.Exec(tx, ddl...)
}

// DropTriggers is the DDL that drops the triggers: what is written while
// they are down leaves the orders out of step until RebuildAll.
func DropTriggers() []string {
	var ddl []string
	for name := range triggers() {
		ddl = append(ddl, "DROP TRIGGER IF EXISTS "+name)
	}
	return ddl
}

// Ensure rebuilds the orders whose buckets do not hold every contact once
// (a book from before store migration 9), in tx. The triggers are the
// migrations' to create, and a dropped one is put back by the repair of
// the change that dropped it, before Ensure runs.
func (o *Orders) Ensure(tx *gorm.DB) error {
	var book int64
	if err := tx.Raw("SELECT count(*) FROM contacts").Row().Scan(&book); err != nil {
		return fmt.Errorf("check the list order: %w", err)
	}
	for sort, k := range kinds() {
		var inBuckets, buckets int64
		err := tx.Raw("SELECT coalesce(sum(length(ids)) / 4, 0), count(*) FROM contact_order WHERE sort = ?", k.num).Row().Scan(&inBuckets, &buckets)
		if err != nil {
			return fmt.Errorf("check the list order: %w", err)
		}
		if buckets > 0 && book == inBuckets {
			continue
		}
		if err := o.rebuild(tx, sort); err != nil {
			return err
		}
	}
	return nil
}

// RebuildAll cuts every order into buckets again and brings back their
// triggers, inside tx.
func (o *Orders) RebuildAll(tx *gorm.DB) error {
	for sort := range kinds() {
		if err := o.rebuild(tx, sort); err != nil {
			return err
		}
	}
	return CreateTriggers(tx)
}

// rebuild cuts a sort's order into buckets again, along its index, inside
// tx. The first bucket starts at the lowest key there is.
func (o *Orders) rebuild(tx *gorm.DB, sort string) error {
	k := Of(sort)
	if err := tx.Exec("DELETE FROM contact_order WHERE sort = ?", k.num).Error; err != nil {
		return fmt.Errorf("cut the list order: %w", err)
	}
	if err := tx.Exec(bumpOrderVersion).Error; err != nil {
		return fmt.Errorf("cut the list order: %w", err)
	}
	runs := o.NewReader(sort, false)
	runs.db = tx
	c := bucketWriter{tx: tx, k: k, size: o.Config.BucketSize}
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

// bucketWriter writes ids, met in the order, as buckets of size ids.
type bucketWriter struct {
	tx      *gorm.DB
	k       *Kind
	size    int
	key     string
	keyID   int64
	ids     []byte
	started bool
}

func (c *bucketWriter) add(ids []int64) error {
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
func (c *bucketWriter) flush() error {
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

// Split cuts again the buckets that grew to twice the size of a cut, inside
// the transaction that grew them.
func (o *Orders) Split(tx *gorm.DB) error {
	size := o.Config.BucketSize
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
		for _, k := range kinds() {
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
func splitBucket(tx *gorm.DB, k *Kind, id int64, key string, keyID int64, size int) error {
	conds, args := []string{k.From}, k.Args(key, keyID)
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
		conds, args = append(conds, k.below), append(args, k.Args(next.FirstKey, next.FirstID)...)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	from := "contacts"
	if k.column == "name" {
		from = "contacts INDEXED BY contacts_name"
	}
	ids, err := sqlrun.IDs(tx.Statement.Context, tx.Statement.ConnPool,
		"SELECT id FROM "+from+where+" ORDER BY "+By(k.column, "ASC"), args...)
	if err != nil {
		return fmt.Errorf("split the list order: %w", err)
	}
	if err := tx.Exec("DELETE FROM contact_order WHERE id = ?", id).Error; err != nil {
		return fmt.Errorf("split the list order: %w", err)
	}
	if err := tx.Exec(bumpOrderVersion).Error; err != nil {
		return fmt.Errorf("split the list order: %w", err)
	}
	c := bucketWriter{tx: tx, k: k, size: size, key: key, keyID: keyID}
	if err := c.add(ids); err != nil {
		return err
	}
	return c.flush()
}

// Bucket is one bucket as a page reads it: the key its range starts at,
// and its ids, 4 bytes each.
type Bucket struct {
	Key   string
	KeyID int64
	IDs   []byte
}

// Read reads a sort's buckets in order.
func (o *Orders) Read(k *Kind) ([]Bucket, error) {
	rows, err := o.db.Raw("SELECT first_key, first_id, ids FROM contact_order WHERE sort = ? ORDER BY first_key, first_id", k.num).Rows()
	if err != nil {
		return nil, fmt.Errorf("read the list order: %w", err)
	}
	defer rows.Close()
	var out []Bucket
	for rows.Next() {
		var b Bucket
		if err := rows.Scan(&b.Key, &b.KeyID, &b.IDs); err != nil {
			return nil, fmt.Errorf("read the list order: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// cache keeps each order's buckets as last read, with the count of
// changes (contact_order_version) they were read at: reading them costs
// 5-10 ms at a million contacts, checking the count a few µs.
type cache struct {
	mu      sync.Mutex
	version map[int]int64
	buckets map[int][]Bucket
	book    map[int]int64
}

// buckets returns a sort's buckets, in order, and how many contacts they
// hold. The count is read before the buckets: buckets read after a later
// change are kept under the older count, and read again next time.
func (o *Orders) buckets(k *Kind) ([]Bucket, int64, error) {
	var v int64
	if err := o.db.Raw("SELECT v FROM contact_order_version").Row().Scan(&v); err != nil {
		return nil, 0, fmt.Errorf("read the list order: %w", err)
	}
	c := &o.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.version[k.num]; ok && got == v {
		return c.buckets[k.num], c.book[k.num], nil
	}
	buckets, err := o.Read(k)
	if err != nil {
		return nil, 0, err
	}
	var book int64
	for _, b := range buckets {
		book += int64(len(b.IDs) / 4)
	}
	if c.version == nil {
		c.version, c.buckets, c.book = map[int]int64{}, map[int][]Bucket{}, map[int]int64{}
	}
	c.version[k.num], c.buckets[k.num], c.book[k.num] = v, buckets, book
	return buckets, book, nil
}

// Forget drops the buckets kept in memory, for a book whose rows were all
// replaced at once (a restore): its count of changes may be the one the
// kept buckets were read at.
func (o *Orders) Forget() {
	c := &o.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version, c.buckets, c.book = nil, nil, nil
}

// locate finds the bucket that holds the match at offset, counting from the
// start of the order or, desc, from its end; skip is how many matches of
// that bucket come before it. ok is false when there are not that many.
// A nil set is every contact.
func locate(buckets []Bucket, set tagset.IDSet, desc bool, offset int64) (b int, skip int64, ok bool) {
	var seen int64
	for i := range buckets {
		b = i
		if desc {
			b = len(buckets) - 1 - i
		}
		ids := buckets[b].IDs
		n := int64(len(ids) / 4)
		if set != nil {
			n = 0
			for j := 0; j+4 <= len(ids); j += 4 {
				if set.Has(int64(binary.LittleEndian.Uint32(ids[j:]))) {
					n++
				}
			}
		}
		if seen+n > offset {
			return b, offset - seen, true
		}
		seen += n
	}
	return 0, 0, false
}
