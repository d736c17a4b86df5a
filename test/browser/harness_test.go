//go:build e2e

// Package browser drives the real UI in headless Chromium against a real
// `herald serve`, one user flow per test.
package browser

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser is started once for the package; each test gets its own tab
// and its own `herald serve` on a fresh data dir.
var (
	heraldBin string
	allocCtx  context.Context
	// workDir is the run's scratch folder, removed at the end.
	workDir string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "herald-browser-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	workDir = tmp
	heraldBin = os.Getenv("HERALD_BIN")
	if heraldBin == "" {
		// Outside `make test`: build the same plain binary the Makefile does.
		heraldBin = filepath.Join(tmp, "herald")
		build := exec.Command("go", "build", "-o", heraldBin, ".")
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build herald: %v\n%s", err, out)
			return 1
		}
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(tmp, "chromium")),
		chromedp.WindowSize(1280, 800),
	)
	var cancel context.CancelFunc
	allocCtx, cancel = chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	return m.Run()
}

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "chromium"
}

// heraldServer is one running `herald serve`.
type heraldServer struct {
	URL     string // http://127.0.0.1:PORT
	Token   string
	DataDir string
	stop    func()
}

// Stop stops herald serve before the test ends, so that another can open
// its data folder.
func (h *heraldServer) Stop() { h.stop() }

var listening = regexp.MustCompile(`^Herald listening on (http://[^/\s]+)/#token=(\S+)$`)

// startHerald runs `herald serve` on a temp data dir until the test ends,
// past the welcome step.
func startHerald(t *testing.T) *heraldServer {
	t.Helper()
	return startHeraldBin(t, heraldBin)
}

// startHeraldBin is startHerald with another build of Herald.
func startHeraldBin(t *testing.T, bin string) *heraldServer {
	t.Helper()
	h := serveHerald(t, bin, t.TempDir())
	// Tests start as a user who answered the welcome step with the guesses
	// of this computer: the country of LANG, the browser's zone and language.
	h.Call(t, "SettingsService", "Welcome", map[string]string{"country": "US"})
	return h
}

// serveHerald runs bin's `herald serve` on the data folder data until the
// test ends or Stop, as a user starts it: a fresh folder opens on the
// welcome step.
func serveHerald(t *testing.T, bin, data string) *heraldServer {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	// A fixed locale, so the first-start default country is known (US).
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start herald serve: %v", err)
	}
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("herald serve did not stop cleanly: %v\n%s", err, stderr.String())
				}
			case <-time.After(15 * time.Second):
				_ = cmd.Process.Kill()
				t.Errorf("herald serve ignored SIGTERM")
			}
		})
	}
	t.Cleanup(stop)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("read first line of herald serve: %v\n%s", err, stderr.String())
	}
	m := listening.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		t.Fatalf("first line %q is not the contract's", line)
	}
	return &heraldServer{URL: m[1], Token: m[2], DataDir: data, stop: stop}
}

// Call invokes a service method over the RPC, as a script would.
func (h *heraldServer) Call(t *testing.T, service, method string, args ...any) json.RawMessage {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	body, _ := json.Marshal(args)
	req, _ := http.NewRequest(http.MethodPost, h.URL+"/rpc/"+service+"/"+method, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.Token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s.%s: %v", service, method, err)
	}
	defer res.Body.Close()
	var out struct {
		Result json.RawMessage `json:"result"`
		Error  string          `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("%s.%s: status %d, %v %s", service, method, res.StatusCode, err, out.Error)
	}
	return out.Result
}

// openApp opens the UI in a new tab the way a user does: the address herald
// serve printed, token in the fragment. It fails the test on any error the
// page logs to its console. setup runs in the tab before the app is opened
// (an emulated time zone, say).
func openApp(t *testing.T, h *heraldServer, route string, setup ...func(tab context.Context) error) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	watchConsole(t, ctx)
	for _, prepare := range setup {
		if err := prepare(ctx); err != nil {
			t.Fatalf("prepare the tab: %v", err)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.URL+"/#token="+h.Token),
		chromedp.WaitVisible(chromedp.CSS(`main#page[data-page]`)),
	); err != nil {
		t.Fatalf("open the app: %v", err)
	}
	if route != "" {
		goTo(t, ctx, route)
	}
	return ctx
}

// watchConsole fails the test for every console error or uncaught exception
// the page reports while the test runs.
func watchConsole(t *testing.T, ctx context.Context) {
	var (
		mu     sync.Mutex
		errors []string
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException) && !refusedInput(m) {
				mu.Lock()
				errors = append(errors, fmt.Sprintf("%s: %s", m.Type, m.Text))
				mu.Unlock()
			}
		}
	}()
	// Registered after the tab's cancel, so it runs before it (cleanups run
	// last-in first-out) while t may still report.
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range errors {
			t.Errorf("page console %s", e)
		}
	})
}

// refused is how Chromium logs an answer with an error status.
var refused = regexp.MustCompile(`status of (404|409|422)\b`)

// refusedInput reports the browser's log line for an RPC the backend refused
// because of what the user asked (invalid input, a conflict, something
// already gone): the page shows those answers in its own words, and a test
// of a form's error message causes one on purpose. Any other status, and any
// error the page itself logs (every error toast does), still fails the test.
func refusedInput(m chromedp.ConsoleMessage) bool {
	return m.Source == "network" && strings.Contains(m.URL, "/rpc/") && refused.MatchString(m.Text)
}

// goTo clicks the sidebar link of page and waits until that page has rendered.
func goTo(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[data-page=%q]`, page))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`main#page[data-page=%q]`, page))),
	); err != nil {
		t.Fatalf("go to %s: %v", page, err)
	}
}

// waitFor polls a JavaScript predicate until it is truthy.
func waitFor(t *testing.T, ctx context.Context, what, predicate string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// screenshot saves the page to ARTIFACTS for a look after a failure.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}
