package core

import (
	"io"
	"log/slog"
	"testing"
	"time"
)

func TestConfirmWindow_ReadsADurationAndIgnoresAnythingElse(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for value, want := range map[string]time.Duration{
		"": 0, "5s": 5 * time.Second, "2m30s": 150 * time.Second, "ten minutes": 0, "-5s": 0, "0": 0,
	} {
		t.Setenv(ConfirmWindowEnv, value)
		if got := confirmWindow(log); got != want {
			t.Errorf("%s=%q gives %s, want %s", ConfirmWindowEnv, value, got, want)
		}
	}
}
