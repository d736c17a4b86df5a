package core

import (
	"log/slog"
	"os"
	"time"
)

// ConfirmWindowEnv names the environment variable that, set to a Go
// duration ("5s"), replaces campaigns.DefaultConfirmWindow: how long a
// message Herald was sending when it stopped waits for a receipt, on a
// driver that cannot say whether it took it, before it is marked
// unconfirmed. It is for the crash test, which cannot wait ten minutes
// after each kill; it is no setting for users, and a value that is not a
// positive duration is ignored.
const ConfirmWindowEnv = "HERALD_CONFIRM_WINDOW"

// confirmWindow reads ConfirmWindowEnv; 0 means the campaigns' default.
func confirmWindow(log *slog.Logger) time.Duration {
	v := os.Getenv(ConfirmWindowEnv)
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		log.Warn("ignoring "+ConfirmWindowEnv+": not a positive duration such as 30s", "value", v)
		return 0
	}
	log.Info("messages in doubt after a stop wait for a receipt for "+d.String(), "env", ConfirmWindowEnv)
	return d
}
