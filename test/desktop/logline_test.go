//go:build e2e

package desktop

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// logLine is one slog TextHandler line of herald.log.
type logLine struct {
	Raw    string
	Time   time.Time
	Fields map[string]string // unquoted values, including time, level, msg
}

// A key=value pair; values with spaces or quotes are Go-quoted by slog.
var logField = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_.]*)=("(?:[^"\\]|\\.)*"|\S*)`)

// parseLogLine parses `time=… level=… msg=… k=v …`.
func parseLogLine(s string) (logLine, error) {
	l := logLine{Raw: s, Fields: map[string]string{}}
	for _, m := range logField.FindAllStringSubmatch(s, -1) {
		v := m[2]
		if len(v) > 0 && v[0] == '"' {
			u, err := strconv.Unquote(v)
			if err != nil {
				return logLine{}, fmt.Errorf("log line %q: field %s: %w", s, m[1], err)
			}
			v = u
		}
		l.Fields[m[1]] = v
	}
	t, ok := l.Fields["time"]
	if !ok {
		return logLine{}, fmt.Errorf("log line %q has no time", s)
	}
	var err error
	if l.Time, err = time.Parse(time.RFC3339Nano, t); err != nil {
		return logLine{}, fmt.Errorf("log line %q: %w", s, err)
	}
	return l, nil
}

// Int returns an integer field such as since_start_ms.
func (l logLine) Int(key string) (int64, error) {
	v, ok := l.Fields[key]
	if !ok {
		return 0, fmt.Errorf("log line %q has no %s", l.Raw, key)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("log line %q: %s: %w", l.Raw, key, err)
	}
	return n, nil
}
