# Herald: `make run` opens the desktop app, `make test` runs every test.
# Every target installs what it needs when it is missing (apt-get, npm ci).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -w -s -X main.version=$(VERSION)
TAGS      := desktop,production,webkit2_41
WAILS     := go run github.com/wailsapp/wails/v2/cmd/wails@v2.16.0
BIN       := build/bin/herald
SERVE_BIN := build/bin/herald-serve
# Short fuzz runs in `make test`; raise for a real hunt: make fuzz FUZZTIME=5m
FUZZTIME  ?= 10s
ARTIFACTS := $(CURDIR)/artifacts

FRONTEND_SRC := $(shell find frontend/src frontend/wailsjs frontend/index.html frontend/vite.config.js frontend/public -type f 2>/dev/null)

.PHONY: run serve build test test-go test-browser test-desktop test-crash check-bindings bindings fuzz bench bench-go bench-campaigns bench-desktop system-build system-test frontend clean

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
	go build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

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
	@$(MAKE) --no-print-directory test-crash test-browser test-desktop

test-go:
	@unformatted=$$(gofmt -l *.go backend test); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	go vet -tags e2e ./test/...
	GOOS=windows GOARCH=amd64 go vet -tags desktop,production ./...
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go build -o /dev/null .
	go test -count=1 ./...

test-browser: $(SERVE_BIN) | system-test
	HERALD_BIN=$(CURDIR)/$(SERVE_BIN) ARTIFACTS=$(ARTIFACTS) go test -count=1 -tags e2e ./test/browser/

# A campaign's `herald serve` killed (SIGKILL) a dozen times mid-send: every
# recipient gets exactly one message (test/crash). CRASH_SEED=N repeats a run.
test-crash: $(SERVE_BIN)
	HERALD_BIN=$(CURDIR)/$(SERVE_BIN) go test -count=1 -tags e2e -timeout 5m ./test/crash/

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
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html artifacts
