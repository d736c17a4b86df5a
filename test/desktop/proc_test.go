//go:build e2e

package desktop

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// procStat is the part of /proc/<pid>/stat the tests need.
type procStat struct {
	Pid   int
	Comm  string
	State byte
	PPid  int
}

// readStat parses /proc/<pid>/stat. The command name is in parentheses and
// may itself contain spaces or parentheses, so fields are split after the
// last ')'.
func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, fmt.Errorf("read stat of pid %d: %w", pid, err)
	}
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return procStat{}, fmt.Errorf("pid %d: malformed stat %q", pid, b)
	}
	rest := strings.Fields(string(b[end+1:]))
	if len(rest) < 2 {
		return procStat{}, fmt.Errorf("pid %d: short stat %q", pid, b)
	}
	ppid, err := strconv.Atoi(rest[1])
	if err != nil {
		return procStat{}, fmt.Errorf("pid %d: ppid %q: %w", pid, rest[1], err)
	}
	return procStat{Pid: pid, Comm: string(b[open+1 : end]), State: rest[0][0], PPid: ppid}, nil
}

// processTree returns root and all its live descendants, root first. WebKit
// runs the page in WebKitWebProcess and networking in WebKitNetworkProcess,
// both children of the app, so the app's real footprint is the whole tree.
func processTree(root int) ([]procStat, error) {
	entries, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		return nil, fmt.Errorf("list /proc: %w", err)
	}
	children := map[int][]procStat{}
	var rootStat *procStat
	for _, e := range entries {
		pid, err := strconv.Atoi(filepath.Base(e))
		if err != nil {
			continue
		}
		st, err := readStat(pid)
		if err != nil {
			continue // exited while we looked
		}
		if pid == root {
			rootStat = &st
		}
		children[st.PPid] = append(children[st.PPid], st)
	}
	if rootStat == nil {
		return nil, fmt.Errorf("pid %d is not running", root)
	}
	tree := []procStat{*rootStat}
	for i := 0; i < len(tree); i++ {
		kids := children[tree[i].Pid]
		sort.Slice(kids, func(a, b int) bool { return kids[a].Pid < kids[b].Pid })
		tree = append(tree, kids...)
	}
	return tree, nil
}

// procMemory is one process's memory in KiB.
type procMemory struct {
	procStat
	RSS int64 // VmRSS: resident pages, shared libraries counted in full
	PSS int64 // Pss: shared pages divided among the processes sharing them
}

// readMemory reads VmRSS from /proc/<pid>/status and Pss from
// /proc/<pid>/smaps_rollup. RSS is what task managers show; summing RSS over
// the tree counts shared libraries (GTK, WebKit) once per process, so PSS is
// reported next to it as the honest total.
func readMemory(st procStat) (procMemory, error) {
	m := procMemory{procStat: st}
	var err error
	if m.RSS, err = kibField(fmt.Sprintf("/proc/%d/status", st.Pid), "VmRSS:"); err != nil {
		return m, err
	}
	if m.PSS, err = kibField(fmt.Sprintf("/proc/%d/smaps_rollup", st.Pid), "Pss:"); err != nil {
		return m, err
	}
	return m, nil
}

// kibField returns the value of a "Key:   1234 kB" line.
func kibField(path, key string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == key {
			n, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s: %s %q: %w", path, key, fields[1], err)
			}
			return n, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	return 0, fmt.Errorf("%s has no %s line", path, key)
}
