//go:build !unix

package importer

// openNonBlocking: opening a file does not wait on these systems.
const openNonBlocking = 0
