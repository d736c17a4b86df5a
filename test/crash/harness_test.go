//go:build e2e

// Package crash kills a `herald serve` that is sending a campaign, again and
// again, and proves from the simulator's journal that every recipient got
// exactly one message.
package crash

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
)

var heraldBin string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	heraldBin = os.Getenv("HERALD_BIN")
	if heraldBin == "" {
		// Outside `make test`: build the same plain binary the Makefile does.
		tmp, err := os.MkdirTemp("", "herald-crash-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(tmp)
		heraldBin = filepath.Join(tmp, "herald")
		build := exec.Command("go", "build", "-o", heraldBin, ".")
		build.Dir = "../.."
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build herald: %v\n%s", err, out)
			return 1
		}
	}
	return m.Run()
}

// server is one running `herald serve` process.
type server struct {
	cmd    *exec.Cmd
	url    string
	token  string
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

// startServer runs `herald serve` on dataDir and waits for its address.
func startServer(t *testing.T, dataDir string) *server {
	t.Helper()
	cmd := exec.Command(heraldBin, "serve", "--addr", "127.0.0.1:0", "--data", dataDir)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan struct{}), stderr: &lockedBuffer{}}
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
	t.Cleanup(func() { s.kill(t) })
	select {
	case line := <-first:
		m := listening.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			s.kill(t)
			t.Fatalf("first line %q of herald serve is not the contract's\n%s", line, s.stderr.String())
		}
		s.url, s.token = m[1], m[2]
	case <-time.After(30 * time.Second):
		s.kill(t)
		t.Fatalf("herald serve printed no address in 30 s\n%s", s.stderr.String())
	}
	return s
}

// kill ends the process with SIGKILL, as a crash or a power button would
// end Herald without a chance to clean up, and waits until it is gone.
func (s *server) kill(t *testing.T) {
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

// stop asks the process to quit (SIGTERM) and expects a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		if s.err != nil {
			t.Errorf("herald serve did not stop cleanly: %v\n%s", s.err, s.stderr.String())
		}
	case <-time.After(15 * time.Second):
		s.kill(t)
		t.Errorf("herald serve ignored SIGTERM")
	}
}

// call invokes a service method over the RPC and decodes its result into
// out (when not nil).
func (s *server) call(service, method string, out any, args ...any) error {
	if args == nil {
		args = []any{}
	}
	body, err := json.Marshal(args)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, s.url+"/rpc/"+service+"/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
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

// must is call, failing the test on an error.
func (s *server) must(t *testing.T, service, method string, out any, args ...any) {
	t.Helper()
	if err := s.call(service, method, out, args...); err != nil {
		t.Fatalf("%v\n%s", err, s.stderr.String())
	}
}

// waitUntil polls cond every few milliseconds until it holds, failing the
// test after timeout. cond's error stops the wait at once.
func waitUntil(t *testing.T, what string, timeout time.Duration, cond func() (bool, error)) {
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

// journalLines counts the lines of the simulator's journal: the messages
// the simulated server has accepted so far. It reads the file the running
// process appends to, without parsing it.
func journalLines(dataDir string) (int, error) {
	data, err := os.ReadFile(filepath.Join(dataDir, "simulator.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	return bytes.Count(data, []byte("\n")), err
}

// awaitAppend returns as soon as the simulator's journal grows: the server
// has just accepted a message. It polls the file's size, which costs a
// stat(2), every 50 µs.
func awaitAppend(dataDir string, timeout time.Duration) error {
	path := filepath.Join(dataDir, "simulator.jsonl")
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	before := size()
	deadline := time.Now().Add(timeout)
	for size() == before {
		if time.Now().After(deadline) {
			return fmt.Errorf("the journal did not grow in %s", timeout)
		}
		time.Sleep(50 * time.Microsecond)
	}
	return nil
}
