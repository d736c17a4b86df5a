//go:build e2e

// Package serve runs `herald serve` as a child process for the end-to-end
// tests and calls its RPC as a script would.
package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is one running `herald serve` process.
type Server struct {
	URL   string
	Token string

	cmd    *exec.Cmd
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, once done
	stderr *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listening = regexp.MustCompile(`^Herald listening on (http://[^/\s]+)/#token=(\S+)$`)

// client has a short timeout: a call never hangs the test on a process
// that is being killed.
var client = &http.Client{Timeout: 20 * time.Second}

// Main runs the tests of an end-to-end package with *bin set to the
// Herald to test (Binary), and exits with their status.
func Main(m *testing.M, bin *string) {
	os.Exit(run(m, bin))
}

func run(m *testing.M, bin *string) int {
	b, cleanup, err := Binary()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer cleanup()
	*bin = b
	return m.Run()
}

// Binary is the Herald to test: $HERALD_BIN as `make test` builds it, or,
// outside make, the plain binary built into a temporary folder that
// cleanup removes.
func Binary() (bin string, cleanup func(), err error) {
	if bin = os.Getenv("HERALD_BIN"); bin != "" {
		return bin, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "herald-e2e-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	bin = filepath.Join(tmp, "herald")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("build herald: %v\n%s", err, out)
	}
	return bin, cleanup, nil
}

// Start runs `bin serve args…` on a free loopback port, with env added to
// this process's environment, and waits for the address it prints. The
// process is killed when the test ends, if it still runs.
func Start(t *testing.T, bin string, env []string, args ...string) *Server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(append(os.Environ(), "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES="), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{cmd: cmd, done: make(chan struct{}), stderr: &lockedBuffer{}}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start herald serve: %v", err)
	}
	lines := bufio.NewReader(stdout)
	first := make(chan string, 1)
	go func() {
		line, _ := lines.ReadString('\n')
		first <- line
		_, _ = io.Copy(io.Discard, lines)
		// Wait only after stdout is drained, as exec requires.
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() { s.Kill(t) })
	select {
	case line := <-first:
		m := listening.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			s.Kill(t)
			t.Fatalf("first line %q of herald serve is not the contract's\n%s", line, s.stderr.String())
		}
		s.URL, s.Token = m[1], m[2]
	case <-time.After(30 * time.Second):
		s.Kill(t)
		t.Fatalf("herald serve printed no address in 30 s\n%s", s.stderr.String())
	}
	return s
}

// Stderr is what the process has written to its standard error so far.
func (s *Server) Stderr() string { return s.stderr.String() }

// Kill ends the process with SIGKILL, as a crash or a power button would
// end Herald without a chance to clean up, and waits until it is gone.
func (s *Server) Kill(t *testing.T) {
	t.Helper()
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("herald serve (pid %d) survived SIGKILL", s.cmd.Process.Pid)
	}
}

// Stop asks the process to quit (SIGTERM) and expects a clean exit.
func (s *Server) Stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("herald serve did not stop cleanly: %v\n%s", s.err, s.stderr.String())
		}
	case <-time.After(15 * time.Second):
		s.Kill(t)
		t.Errorf("herald serve ignored SIGTERM")
	}
}

// Call invokes a service method over the RPC and decodes its result into
// out (when not nil).
func (s *Server) Call(service, method string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	body, err := json.Marshal(args)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/rpc/"+service+"/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.Token)
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s.%s: %w", service, method, err)
	}
	defer res.Body.Close()
	var answer struct {
		Result json.RawMessage `json:"result"`
		Error  string          `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		return fmt.Errorf("%s.%s: status %d: %w", service, method, res.StatusCode, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s.%s: status %d: %s", service, method, res.StatusCode, answer.Error)
	}
	if out != nil && len(answer.Result) > 0 {
		if err := json.Unmarshal(answer.Result, out); err != nil {
			return fmt.Errorf("%s.%s: decode %s: %w", service, method, answer.Result, err)
		}
	}
	return nil
}

// Upload sends data as a file named name, as the browser's file picker
// does, and returns the path the services take for it.
func (s *Server) Upload(t *testing.T, name string, data []byte) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/upload?name="+url.QueryEscape(name), bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.Token)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	defer res.Body.Close()
	var answer struct {
		Result string `json:"result"`
		Error  string `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("upload %s: status %d, %q: %v", name, res.StatusCode, answer.Error, err)
	}
	return answer.Result
}

// Download fetches a file of the exports folder, as the browser's download
// of an export does.
func (s *Server) Download(t *testing.T, name string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/download/"+url.PathEscape(name), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.Token)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("download %s: %v", name, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("download %s: status %d, %s: %v", name, res.StatusCode, data, err)
	}
	return data
}

// ContactsCSV is a contact file of n people, "Person i" with a UK mobile
// number each, for tests that import something big.
func ContactsCSV(n int) []byte {
	var csv bytes.Buffer
	csv.WriteString("Name,Phone\n")
	for i := range n {
		fmt.Fprintf(&csv, "Person %d,+447911%06d\n", i, i)
	}
	return csv.Bytes()
}

// Await follows the server's live events and closes the channel it
// returns at the first event of topic whose JSON payload satisfies until.
func (s *Server) Await(t *testing.T, topic string, until func(data []byte) bool) <-chan struct{} {
	t.Helper()
	res, err := http.Get(s.URL + "/events?token=" + url.QueryEscape(s.Token))
	if err != nil {
		t.Fatalf("follow events: %v", err)
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		t.Fatalf("follow events: status %d", res.StatusCode)
	}
	t.Cleanup(func() { res.Body.Close() })
	seen := make(chan struct{})
	go func() {
		lines := bufio.NewScanner(res.Body)
		current := ""
		for lines.Scan() {
			line := lines.Text()
			if name, ok := strings.CutPrefix(line, "event: "); ok {
				current = name
				continue
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok && current == topic && until([]byte(data)) {
				close(seen)
				return
			}
		}
	}()
	return seen
}

// RowsPast is an Await condition: a progress payload whose rows passed n.
func RowsPast(n int64) func([]byte) bool {
	return func(data []byte) bool {
		var p struct {
			Rows int64 `json:"rows"`
		}
		return json.Unmarshal(data, &p) == nil && p.Rows > n
	}
}

// Must is Call, failing the test on an error.
func (s *Server) Must(t *testing.T, service, method string, out any, args ...any) {
	t.Helper()
	if err := s.Call(service, method, out, args...); err != nil {
		t.Fatalf("%v\n%s", err, s.stderr.String())
	}
}

// WaitUntil polls cond every few milliseconds until it holds, failing the
// test after timeout. cond's error stops the wait at once.
func WaitUntil(t *testing.T, what string, timeout time.Duration, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting until %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting until %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Connect tunes the simulator with the given settings, pairs it by a
// simulated QR scan and waits until WhatsApp is connected.
func (s *Server) Connect(t *testing.T, simulator map[string]any) {
	t.Helper()
	var cfg map[string]any
	s.Must(t, "WhatsAppService", "Simulator", &cfg)
	for key, value := range simulator {
		cfg[key] = value
	}
	s.Must(t, "WhatsAppService", "SetSimulator", nil, cfg)
	s.Must(t, "WhatsAppService", "Connect", nil)
	s.awaitState(t, "qr", "a QR code to scan")
	s.Must(t, "WhatsAppService", "SimulateScan", nil)
	s.awaitState(t, "connected", "WhatsApp is connected")
}

func (s *Server) awaitState(t *testing.T, state, what string) {
	t.Helper()
	WaitUntil(t, what, 10*time.Second, func() (bool, error) {
		var st struct {
			State string `json:"state"`
		}
		err := s.Call("WhatsAppService", "Status", &st)
		return st.State == state, err
	})
}
