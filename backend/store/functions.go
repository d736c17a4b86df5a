package store

import (
	"database/sql/driver"
	"fmt"
	"strings"

	sqlite "github.com/glebarez/go-sqlite"
	"gorm.io/gorm"
)

// Function is an SQL function that Herald's queries, views or triggers
// call. The package whose SQL calls it provides it (store.Functions,
// contacts.SQLFunctions), and whoever opens the database passes it to Open:
// a trigger that calls a function its connection lacks fails every write to
// its table, so a program that writes must open the database with every
// package's functions (core does).
type Function struct {
	// Name starts with "herald_", which tells Herald's functions from
	// SQLite's own in the error a missing one gives (missingFunction).
	Name string
	// Args is how many arguments it takes, -1 for any number.
	Args int32
	// Deterministic lets SQLite call it once for equal arguments and use it
	// in indexes: the same arguments always give the same result.
	Deterministic bool
	Fn            func(args []driver.Value) (driver.Value, error)
}

// Functions are the SQL functions of the store package's own SQL
// (HasTagSQL). Open always registers them.
func Functions() []Function {
	return []Function{{Name: hasBitSQL, Args: 2, Deterministic: true, Fn: hasBit}}
}

// functionPrefix starts the name of every Function.
const functionPrefix = "herald_"

// register gives every connection the driver opens from now on the
// functions funcs.
//
// The driver keeps its functions for the whole process, in a registry of
// its own that refuses a name it already has. That registry is the record
// of what is registered: a refusal of a name means a former Open of this
// process registered it, which is as good, since each name is declared in
// one place in Herald's code and stands for one function. Keeping a record
// of our own instead would be a second process-wide state to keep in step
// with the driver's, which cannot be asked or emptied.
//
// The driver's registry has no lock, and every connection it opens reads
// it: an Open that brings a name the process has not registered yet must
// not run beside the opening of another database. Herald opens its
// database once, before anything else, and tests open theirs one at a time;
// after the first Open of a name, later Opens only read the registry.
func register(funcs []Function) error {
	// All are checked before any is registered: the driver cannot forget one.
	seen := make(map[string]bool, len(funcs))
	for _, f := range funcs {
		if !strings.HasPrefix(f.Name, functionPrefix) || f.Fn == nil {
			return fmt.Errorf("register SQL function %q: want a name starting with %s and a function", f.Name, functionPrefix)
		}
		if seen[f.Name] {
			return fmt.Errorf("register SQL function %s: given twice", f.Name)
		}
		seen[f.Name] = true
	}
	for _, f := range funcs {
		fn := f.Fn
		impl := func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) { return fn(args) }
		var err error
		if f.Deterministic {
			err = sqlite.RegisterDeterministicScalarFunction(f.Name, f.Args, impl)
		} else {
			err = sqlite.RegisterScalarFunction(f.Name, f.Args, impl)
		}
		// The driver has no sentinel for a name it already has, only this
		// message; TestOpenTwiceInOneProcess fails if it ever changes.
		if err != nil && err.Error() != fmt.Sprintf("a function named %q is already registered", f.Name) {
			return fmt.Errorf("register SQL function %s: %w", f.Name, err)
		}
	}
	return nil
}

// explainMissingFunctions makes the error of a statement that calls a
// Herald function this process did not register say what to do. SQLite's
// own words ("no such function: herald_ids_add") come from a trigger or
// view the statement never names, and tell nothing of where the function
// comes from.
func explainMissingFunctions(db *gorm.DB) error {
	explain := func(tx *gorm.DB) {
		if tx.Error == nil {
			return
		}
		if name, ok := missingFunction(tx.Error); ok {
			tx.Error = fmt.Errorf("the database calls the SQL function %s, which this program did not register: "+
				"open the database with store.Open and the SQL functions of the package that declares %s (core passes every package's): %w",
				name, name, tx.Error)
		}
	}
	cb := db.Callback()
	const name = "herald:explain_missing_functions"
	for _, err := range []error{
		cb.Create().After("*").Register(name, explain),
		cb.Query().After("*").Register(name, explain),
		cb.Update().After("*").Register(name, explain),
		cb.Delete().After("*").Register(name, explain),
		cb.Raw().After("*").Register(name, explain),
	} {
		if err != nil {
			return fmt.Errorf("install the missing function check: %w", err)
		}
	}
	return nil
}

// missingFunction returns the Herald function an error of SQLite says is
// missing.
func missingFunction(err error) (string, bool) {
	const said = "no such function: "
	msg := err.Error()
	i := strings.Index(msg, said+functionPrefix)
	if i < 0 {
		return "", false
	}
	name := msg[i+len(said):]
	end := strings.IndexFunc(name, func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if end >= 0 {
		name = name[:end]
	}
	return name, true
}
