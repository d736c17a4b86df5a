# Herald: `make run` opens the desktop app, `make test` runs every test.
# Every target installs what it needs when it is missing (apt-get, npm ci).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

# One version: the tag vX.Y.Z on this commit, else wails.json's
# productVersion plus the commit (scripts/version.sh; HERALD_VERSION overrides).
VERSION   ?= $(shell scripts/version.sh app 2>/dev/null || echo dev)
LDFLAGS   := -w -s -X main.version=$(VERSION)
TAGS      := desktop,production,webkit2_41
WAILS     := go run github.com/wailsapp/wails/v2/cmd/wails@v2.16.0
BIN       := build/bin/herald
SERVE_BIN := build/bin/herald-serve
# herald serve with the linked-phone driver over a fake WhatsApp and
# FakePhoneService bound: for browser tests only, never shipped.
SERVE_FAKE_BIN := build/bin/herald-serve-fakewhatsapp
# Where make dist puts the packages.
DIST      := dist
# Short fuzz runs in `make test`; raise for a real hunt: make fuzz FUZZTIME=5m
FUZZTIME  ?= 10s
ARTIFACTS := $(CURDIR)/artifacts

FRONTEND_SRC := $(shell find frontend/src frontend/wailsjs frontend/index.html frontend/vite.config.js frontend/public -type f 2>/dev/null)

.PHONY: run serve build test test-go test-browser test-desktop test-crash test-hostile test-dist check-bindings bindings fuzz bench bench-go bench-campaigns bench-desktop system-build system-test system-dist frontend clean dist dist-windows dist-linux dist-macos whatsapp-live

## run: build and open the desktop app
run:
	@if [ "$$(uname)" = Linux ] && [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display here to open the Herald window on: run 'make serve' and open the address it prints in a browser."; exit 1; fi
	@$(MAKE) --no-print-directory build
	./$(BIN)

## serve: build and run Herald for a browser (prints the address with its token)
serve: $(SERVE_BIN)
	./$(SERVE_BIN) serve

## build: the desktop binary in build/bin/
build: $(BIN)

$(BIN): frontend/dist/index.html $(shell find . -name '*.go' -not -path './test/*' -not -path './frontend/*') go.mod go.sum backend/web/shim.js build/appicon.png | system-build
	go build -buildmode=pie -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

# The browser-mode binary needs no GTK: plain `go build`.
$(SERVE_BIN): frontend/dist/index.html $(shell find . -name '*.go' -not -path './test/*' -not -path './frontend/*') go.mod go.sum backend/web/shim.js
	go build -ldflags "$(LDFLAGS)" -o $(SERVE_BIN) .

frontend: frontend/dist/index.html

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run --silent build
	@touch frontend/dist/.gitkeep

system-build:
	@scripts/ensure-system.sh gtk

system-test:
	@scripts/ensure-system.sh gtk xvfb chromium imagemagick

system-dist:
	@scripts/ensure-system.sh gtk packaging

## dist: every package this machine can build, into dist/ (the version in each name)
dist: dist-windows dist-linux

## dist-windows: the Windows x64 installer and portable zip, cross-built here
dist-windows: frontend/dist/index.html | system-dist
	scripts/dist/windows.sh $(DIST)

## dist-linux: the .deb and the .tar.gz of the Linux desktop app
# Built afresh each time, so the binary always carries this commit's version.
dist-linux: frontend/dist/index.html | system-dist
	go build -buildmode=pie -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o build/bin/dist/herald .
	scripts/dist/linux.sh build/bin/dist/herald $(DIST)

## dist-macos: on a Mac, build/bin/Herald.app and dist/Herald-<version>-macos-universal.dmg
# No apt-get here: it runs on a macOS release runner.
dist-macos: frontend/dist/index.html
	scripts/dist/macos.sh

## bindings: regenerate frontend/wailsjs from the bound Go services
bindings:
	@tmp=$$(mktemp -d); HERALD_DATA=$$tmp $(WAILS) generate module >/dev/null; rm -rf $$tmp

## check-bindings: fail when the committed bindings differ from the Go services
check-bindings: bindings
	@git diff --exit-code --stat -- frontend/wailsjs || { echo "frontend/wailsjs is out of date: run 'make bindings' and commit it."; exit 1; }
	@if [ -n "$$(git ls-files --others --exclude-standard frontend/wailsjs)" ]; then echo "new generated bindings are not committed: run 'make bindings' and commit them."; exit 1; fi

.PHONY: notices check-notices

## notices: regenerate backend/about/notices.json, the licences of every library Herald bundles
notices: frontend/node_modules/.package-lock.json
	go run ./backend/about/gen -tags $(TAGS) -frontend frontend -out backend/about/notices.json

## check-notices: fail when the committed notices differ from the libraries Herald bundles
check-notices: notices
	@git diff --exit-code --stat -- backend/about/notices.json || { echo "backend/about/notices.json is out of date: run 'make notices' and commit it."; exit 1; }

## test: every test — backend, fuzz, crash, browser, desktop smoke
test: system-test check-bindings check-notices
	@$(MAKE) --no-print-directory test-go fuzz $(BIN) $(SERVE_BIN)
	@$(MAKE) --no-print-directory test-crash test-hostile test-browser test-desktop test-dist

# The root package's tests read the built frontend (words shown to people).
test-go: frontend/dist/index.html
	@unformatted=$$(gofmt -l *.go backend test); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	go vet -tags fakewhatsapp ./...
	go vet -tags e2e ./test/...
	GOOS=windows GOARCH=amd64 go vet -tags desktop,production ./...
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go build -o /dev/null .
	go test -count=1 ./...

$(SERVE_FAKE_BIN): frontend/dist/index.html $(shell find . -name '*.go' -not -path './test/*' -not -path './frontend/*') go.mod go.sum backend/web/shim.js
	go build -tags fakewhatsapp -ldflags "$(LDFLAGS)" -o $(SERVE_FAKE_BIN) .

test-browser: $(SERVE_BIN) $(SERVE_FAKE_BIN) | system-test
	HERALD_BIN=$(CURDIR)/$(SERVE_BIN) HERALD_FAKE_BIN=$(CURDIR)/$(SERVE_FAKE_BIN) ARTIFACTS=$(ARTIFACTS) go test -count=1 -tags e2e -timeout 20m ./test/browser/

## whatsapp-live: link a real phone in this terminal and send one message (TO=+number; WHATSAPP_PHONE=+number for a pairing code; HERALD_DATA=folder); never part of make test
whatsapp-live:
	go run ./cmd/whatsapp-live $(if $(LOGOUT),-logout)

# A campaign's `herald serve` killed (SIGKILL) a dozen times mid-send: every
# recipient gets exactly one message; and on a simulator that cannot tell,
# like the linked phone, none gets two (test/crash). CRASH_SEED=N repeats a run.
test-crash: $(SERVE_BIN)
	HERALD_BIN=$(CURDIR)/$(SERVE_BIN) go test -count=1 -tags e2e -timeout 5m ./test/crash/

# herald serve tried as a token holder would: paths outside its folders,
# files that never end, calls abandoned mid-way (test/hostile).
test-hostile: $(SERVE_BIN)
	HERALD_BIN=$(CURDIR)/$(SERVE_BIN) go test -count=1 -tags e2e -timeout 5m ./test/hostile/

# The packages make dist builds: the Windows installer and programs checked
# for what they are and hold, the .deb linted, unpacked and run through the
# desktop smoke test and a browser test; under CI (root) the .deb is also
# installed, upgraded to a higher version over real data, and removed.
DEB_ROOT  := $(ARTIFACTS)/deb-root
NEXT_DIST := $(ARTIFACTS)/dist-next
test-dist: dist | system-test
	rm -rf $(NEXT_DIST) $(DEB_ROOT)
	HERALD_VERSION=$$(scripts/version.sh next) $(MAKE) --no-print-directory dist-linux DIST=$(NEXT_DIST)
	dpkg-deb -x $(DIST)/herald_$$(scripts/version.sh deb)_amd64.deb $(DEB_ROOT)
	DIST_DIR=$(CURDIR)/$(DIST) NEXT_DIST_DIR=$(NEXT_DIST) go test -count=1 -tags e2e -timeout 10m ./test/dist/
	HERALD_BIN=$(DEB_ROOT)/usr/bin/herald ARTIFACTS=$(ARTIFACTS)/deb go test -count=1 -tags e2e -run 'TestDesktop_WindowDrawsTheApp' ./test/desktop/
	HERALD_BIN=$(DEB_ROOT)/usr/bin/herald ARTIFACTS=$(ARTIFACTS)/deb go test -count=1 -tags e2e -run 'TestShell_EveryPageOpensFromTheSidebar' ./test/browser/

test-desktop: $(BIN) | system-test
	HERALD_BIN=$(CURDIR)/$(BIN) ARTIFACTS=$(ARTIFACTS) go test -count=1 -tags e2e ./test/desktop/

## fuzz: each fuzz target for FUZZTIME
fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

## bench: every benchmark; figures go to BENCHMARKS.md
bench: bench-go bench-campaigns bench-desktop

# Campaign benchmarks run whole campaigns (up to 100,000 messages) once
# each, in bench-campaigns rather than at bench-go's default benchtime.
bench-go:
	go test -run '^$$' -bench . -skip '^BenchmarkCampaign' -benchmem ./backend/...

bench-campaigns:
	go test -run '^$$' -bench '^BenchmarkCampaign' -benchtime 1x -timeout 30m ./backend/campaigns/

bench-desktop: $(BIN) | system-test
	HERALD_BIN=$(CURDIR)/$(BIN) go test -count=1 -tags e2e -run '^$$' -bench Desktop -benchtime 1x ./test/desktop/

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html artifacts $(DIST)
