package notify

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"herald/backend/apperr"
	"herald/backend/usertext"
)

// The security of the connection to the mail server.
const (
	SecurityTLS      = "tls"      // TLS from the first byte, usually port 465
	SecurityStartTLS = "starttls" // plain, then STARTTLS, usually port 587
	SecurityNone     = "none"     // no encryption, for a server on this computer or network
)

// Switches say which notices go out by email.
type Switches struct {
	Finished     bool `json:"finished"`
	Stopped      bool `json:"stopped"`
	BackupFailed bool `json:"backupFailed"`
	Daily        bool `json:"daily"`
}

// Config is the email notices' settings. Password is only ever written:
// an empty one keeps the password kept already, and reading gives
// HasPassword and where it is kept instead.
type Config struct {
	Host     string   `json:"host"`
	Port     int      `json:"port"`
	Security string   `json:"security"`
	User     string   `json:"user"`
	Password string   `json:"password,omitempty"`
	From     string   `json:"from"`
	To       []string `json:"to"`
	Notices  Switches `json:"notices"`
	// DailyAt is the daily summary's time, "HH:MM" on the computer's clock.
	DailyAt string `json:"dailyAt"`
	// Desktop turns the window's notifications on.
	Desktop bool `json:"desktop"`
	// ForgetPassword removes the kept password (Save only).
	ForgetPassword bool `json:"forgetPassword,omitempty"`

	HasPassword bool `json:"hasPassword"`
	// PasswordKept says, in words, where the password is kept.
	PasswordKept string `json:"passwordKept"`
}

// defaults is the configuration before the user saved any: every notice
// on, so that filling in the mail server is all it takes.
func defaults() Config {
	return Config{Port: 587, Security: SecurityStartTLS, To: []string{}, DailyAt: "08:00", Desktop: true,
		Notices: Switches{Finished: true, Stopped: true, BackupFailed: true}}
}

// emailReady reports whether mail can go: a server, a sender and someone
// to write to.
func (c Config) emailReady() bool {
	return c.Host != "" && c.From != "" && len(c.To) > 0
}

var timeOfDay = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// clean trims c and says what is wrong with it in plain words.
func (c Config) clean() (Config, error) {
	c.Host = strings.TrimSpace(usertext.Clean(c.Host))
	c.User = strings.TrimSpace(usertext.Clean(c.User))
	c.From = strings.TrimSpace(usertext.Clean(c.From))
	c.Security = strings.ToLower(strings.TrimSpace(c.Security))
	c.DailyAt = strings.TrimSpace(c.DailyAt)
	var to []string
	for _, list := range c.To {
		for _, a := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			if a = strings.TrimSpace(a); a != "" {
				to = append(to, a)
			}
		}
	}
	c.To = to
	if c.To == nil {
		c.To = []string{}
	}
	switch c.Security {
	case SecurityTLS, SecurityStartTLS, SecurityNone:
	case "":
		c.Security = SecurityStartTLS
	default:
		return c, apperr.Invalid("Choose the connection's security: TLS, STARTTLS or none (not “%s”).", c.Security)
	}
	if strings.ContainsAny(c.Host, " /:@") {
		return c, apperr.Invalid("“%s” is not a mail server's name: write only the name, such as smtp.example.com.", c.Host)
	}
	if c.Port == 0 {
		c.Port = map[string]int{SecurityTLS: 465, SecurityStartTLS: 587, SecurityNone: 25}[c.Security]
	}
	if c.Port < 1 || c.Port > 65535 {
		return c, apperr.Invalid("The port must be a number from 1 to 65535 (often 587 with STARTTLS, 465 with TLS).")
	}
	if c.From != "" {
		if _, err := mail.ParseAddress(c.From); err != nil {
			return c, apperr.Invalid("The sender “%s” is not an email address.", c.From)
		}
	}
	for _, a := range c.To {
		if _, err := mail.ParseAddress(a); err != nil {
			return c, apperr.Invalid("“%s” is not an email address.", a)
		}
	}
	if c.DailyAt == "" {
		c.DailyAt = "08:00"
	}
	if !timeOfDay.MatchString(c.DailyAt) {
		return c, apperr.Invalid("The daily summary's time must be like 08:00 (not “%s”).", c.DailyAt)
	}
	return c, nil
}

// configRow is the notice_config table's one row.
type configRow struct {
	ID             int64 `gorm:"primaryKey"`
	Config         string
	Password       string
	ActivityCursor int64
	UpdatedAt      time.Time
}

func (configRow) TableName() string { return "notice_config" }

// config reads the settings as saved, without the password.
func (e *Engine) config() (Config, error) {
	var r configRow
	if err := e.db.Take(&r, 1).Error; err != nil {
		return Config{}, fmt.Errorf("read the email settings: %w", err)
	}
	c := defaults()
	if strings.TrimSpace(r.Config) != "" && r.Config != "{}" {
		if err := json.Unmarshal([]byte(r.Config), &c); err != nil {
			return Config{}, fmt.Errorf("read the email settings: %w", err)
		}
	}
	c.Password, c.ForgetPassword = "", false
	c.HasPassword, c.PasswordKept = e.secrets.kept()
	if c.To == nil {
		c.To = []string{}
	}
	return c, nil
}

// Settings returns the email and desktop notices' settings; the password
// is never returned, only whether there is one and where it is kept.
func (s *Service) Settings() (Config, error) { return s.e.config() }

// Status is how the email notices are doing: how many wait to go and, when
// the last try failed, why.
type Status struct {
	Waiting int64  `json:"waiting"`
	Failure string `json:"failure"`
}

// Status tells whether mail is going out.
func (s *Service) Status() (Status, error) {
	var st Status
	if err := s.e.db.Raw("SELECT count(*) FROM notice_outbox WHERE state = ?", statePending).Scan(&st.Waiting).Error; err != nil {
		return st, fmt.Errorf("count the emails waiting: %w", err)
	}
	s.e.mu.Lock()
	st.Failure = s.e.failure
	s.e.mu.Unlock()
	return st, nil
}

// Save stores the settings (a new password when one is given) and returns
// them as Settings does.
func (s *Service) Save(in Config) (Config, error) {
	e := s.e
	c, err := in.clean()
	if err != nil {
		return Config{}, err
	}
	switch {
	case in.ForgetPassword:
		if err := e.secrets.forget(); err != nil {
			return Config{}, err
		}
	case in.Password != "":
		if err := e.secrets.keep(in.Password); err != nil {
			return Config{}, err
		}
	}
	c.Password, c.ForgetPassword, c.HasPassword, c.PasswordKept = "", false, false, ""
	body, err := json.Marshal(c)
	if err != nil {
		return Config{}, fmt.Errorf("save the email settings: %w", err)
	}
	if err := e.db.Exec("UPDATE notice_config SET config = ?, updated_at = ? WHERE id = 1", string(body), e.clock.Now().UTC()).Error; err != nil {
		return Config{}, fmt.Errorf("save the email settings: %w", err)
	}
	summary := "Turned email notices off"
	if c.emailReady() {
		summary = fmt.Sprintf("Email notices go to %s through %s", strings.Join(c.To, ", "), c.Host)
	}
	_, _ = e.activity.Record("notices", "settings", summary)
	e.mu.Lock()
	e.scheduleDailyLocked(c)
	e.mu.Unlock()
	e.poke()
	return e.config()
}
