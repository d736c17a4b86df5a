//go:build !windows

package sheet

// sharingViolation is a Windows refusal; other systems have no such lock
// on an open file.
func sharingViolation(error) bool { return false }
