//go:build unix

package importer

import "syscall"

// openNonBlocking makes opening a named pipe return at once instead of
// waiting for a writer, so that openRegular can refuse it. It changes
// nothing for regular files.
const openNonBlocking = syscall.O_NONBLOCK
