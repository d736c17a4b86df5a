package contacts

// Pinned here until the packages that use them land, so that parallel work
// does not race on go.mod.
import (
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/text/encoding/charmap"
	_ "golang.org/x/text/encoding/unicode"
)
