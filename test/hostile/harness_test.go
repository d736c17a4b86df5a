//go:build e2e

// Package hostile tries `herald serve` as an attacker holding its token
// would, and as a user would whose browser goes away mid-call: paths
// outside Herald's own folders, files that never end, requests abandoned
// while Herald works on them.
package hostile

import (
	"strings"
	"testing"

	"herald/test/serve"
)

var heraldBin string

func TestMain(m *testing.M) {
	serve.Main(m, &heraldBin)
}

// start runs `herald serve` on a fresh data folder, returned with it.
func start(t *testing.T) (*serve.Server, string) {
	t.Helper()
	data := t.TempDir()
	return serve.Start(t, heraldBin, nil, "--data", data), data
}

// refused calls a method that must fail, and returns its message.
func refused(t *testing.T, h *serve.Server, service, method string, args ...any) string {
	t.Helper()
	err := h.Call(service, method, nil, args...)
	if err == nil {
		t.Fatalf("%s.%s(%v) succeeded, want a refusal", service, method, args)
	}
	return err.Error()
}

// activity returns the summaries of the activity log, newest first.
func activity(t *testing.T, h *serve.Server) []string {
	t.Helper()
	var page struct {
		Items []struct {
			Summary string `json:"summary"`
		} `json:"items"`
	}
	h.Must(t, "ActivityService", "List", &page, map[string]any{"limit": 100})
	var out []string
	for _, e := range page.Items {
		out = append(out, e.Summary)
	}
	return out
}

func containsAny(list []string, part string) bool {
	for _, s := range list {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}
