package sheet

import (
	"errors"

	"golang.org/x/sys/windows"
)

// sharingViolation reports whether err is Windows refusing a file another
// process has open without sharing it: Go maps only ERROR_ACCESS_DENIED to
// fs.ErrPermission.
func sharingViolation(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
