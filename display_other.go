//go:build !desktop || !linux

package main

// checkDisplay has nothing to check: Windows and macOS always have a
// desktop, and builds without the desktop tag never open a window.
func checkDisplay() error { return nil }
