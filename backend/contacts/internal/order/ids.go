package order

import (
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math"

	"herald/backend/store"
)

// A bucket of a list order holds its contacts' ids, 4 bytes each,
// little-endian, in no order (NULL for none); the triggers that keep the
// buckets in step add and remove ids with these SQL functions.
const (
	idsAddSQL    = "herald_ids_add"
	idsRemoveSQL = "herald_ids_remove"
)

// SQLFunctions are the SQL functions the list orders' triggers call.
func SQLFunctions() []store.Function {
	return []store.Function{
		{Name: idsAddSQL, Args: 2, Deterministic: true, Fn: idsAdd},
		{Name: idsRemoveSQL, Args: 2, Deterministic: true, Fn: idsRemove},
	}
}

// bucketIDs is a bucket's ids as an SQL function is given them: 4 bytes
// each, little-endian.
func bucketIDs(v driver.Value) []byte {
	b, _ := v.([]byte)
	return b
}

// bucketID is a contact id as an SQL function is given it.
func bucketID(v driver.Value) (uint32, error) {
	id, ok := v.(int64)
	if !ok || id < 0 || id > math.MaxUint32 {
		return 0, fmt.Errorf("contact id %v out of range for the list order", v)
	}
	return uint32(id), nil
}

// idsAdd is herald_ids_add(ids, id): a bucket's ids with id added, once.
func idsAdd(args []driver.Value) (driver.Value, error) {
	b := bucketIDs(args[0])
	id, err := bucketID(args[1])
	if err != nil {
		return nil, err
	}
	if indexOfID(b, id) >= 0 {
		return b, nil
	}
	return binary.LittleEndian.AppendUint32(append(make([]byte, 0, len(b)+4), b...), id), nil
}

// idsRemove is herald_ids_remove(ids, id): a bucket's ids without id.
func idsRemove(args []driver.Value) (driver.Value, error) {
	b := bucketIDs(args[0])
	id, err := bucketID(args[1])
	if err != nil {
		return nil, err
	}
	i := indexOfID(b, id)
	if i < 0 {
		return b, nil
	}
	if len(b) == 4 {
		// NULL: the driver cannot read back an empty blob.
		return nil, nil
	}
	out := append(make([]byte, 0, len(b)), b...)
	copy(out[i:i+4], out[len(out)-4:])
	return out[:len(out)-4], nil
}

// indexOfID returns the byte offset of id in a bucket's ids, -1 if absent.
func indexOfID(b []byte, id uint32) int {
	for i := 0; i+4 <= len(b); i += 4 {
		if binary.LittleEndian.Uint32(b[i:]) == id {
			return i
		}
	}
	return -1
}
