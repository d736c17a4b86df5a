//go:build e2e

// Package desktop runs the real desktop binary (build/bin/herald, built by
// `make build`) on a private Xvfb display with a private D-Bus session bus,
// and checks what a user would see: the window paints the app, and a second
// launch hands over to the first. Its benchmarks measure start-up time,
// memory and binary size.
//
// Everything here needs Xvfb, dbus-daemon and ImageMagick's `import`, so the
// files carry the e2e build tag and plain `go test ./...` skips them:
//
//	go test -tags e2e ./test/desktop/ -args -herald=/abs/path/build/bin/herald
//	go test -tags e2e -run '^$' -bench Desktop -benchtime 1x ./test/desktop/
package desktop
