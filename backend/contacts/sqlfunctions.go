package contacts

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"herald/backend/contacts/internal/order"
	"herald/backend/contacts/internal/search"
	"herald/backend/contacts/internal/tagset"
	"herald/backend/store"
)

// SQLFunctions are the SQL functions the contact book's SQL calls, those of
// each of its packages: the view of search documents (internal/search),
// the tags' bitmaps (internal/tagset) and the triggers that keep the list
// orders in step (internal/order). Whoever
// opens the database passes them to store.Open; without them a write to
// contacts fails, once the triggers exist, with an error that says so.
func SQLFunctions() []store.Function {
	return slices.Concat(search.SQLFunctions(), tagset.SQLFunctions(), order.SQLFunctions())
}

// checkSQLFunctions tells, before the service writes anything, whether db's
// connections have the SQL functions the package needs: without them the
// first write to contacts would fail, far from where the mistake was made.
func checkSQLFunctions(db *gorm.DB) error {
	var names []string
	for _, f := range SQLFunctions() {
		names = append(names, f.Name)
	}
	var have []string
	if err := db.Raw("SELECT DISTINCT name FROM pragma_function_list WHERE name IN ?", names).Scan(&have).Error; err != nil {
		return fmt.Errorf("list the database's SQL functions: %w", err)
	}
	var missing []string
	for _, n := range names {
		if !slices.Contains(have, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the database was opened without the contacts package's SQL functions (%s): open it with store.Open(path, contacts.SQLFunctions()...)",
			strings.Join(missing, ", "))
	}
	return nil
}
