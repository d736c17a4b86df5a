// Package settings keeps the user's preferences in the database and tells the
// UI where Herald keeps its data.
package settings

import (
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"herald/backend/about"
	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/usertext"
)

// Keys of the settings that exist.
const (
	// DefaultCountry is the ISO 3166 region used for phone numbers written
	// without a country code.
	DefaultCountry = "defaultCountry"
	// OptOutWords are the replies, separated by commas, that opt a contact
	// out of every future campaign; empty means Herald's own list.
	OptOutWords = "optOutWords"
)

// fallbackCountry is used when the OS locale names no country.
const fallbackCountry = "US"

type row struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (row) TableName() string { return "settings" }

// Info says where Herald keeps its data and how it runs.
type Info struct {
	DataDir  string `json:"dataDir"`
	Database string `json:"database"`
	LogFile  string `json:"logFile"`
	// ExportsDir is where exports go when the UI names no folder.
	ExportsDir string `json:"exportsDir"`
	Version    string `json:"version"`
	Mode       string `json:"mode"`
}

// Country is a region Herald can parse phone numbers for.
type Country struct {
	Code        string `json:"code"`
	CallingCode int    `json:"callingCode"`
	// Locale is the language most people there write dates and numbers
	// in, such as es-MX; "" when unknown.
	Locale string `json:"locale"`
}

// Service reads and changes settings.
type Service struct {
	db       *gorm.DB
	activity *activity.Log
	emitter  events.Emitter
	log      *slog.Logger
	info     Info
	licenses func() ([]about.Notice, error)
}

// NewService returns the settings service and, on first start, stores the
// defaults (the default country taken from localeCountry when it names one).
// licenses gives the notices of the bundled libraries; nil gives none.
func NewService(db *gorm.DB, act *activity.Log, emitter events.Emitter, log *slog.Logger, info Info, localeCountry string, licenses func() ([]about.Notice, error)) (*Service, error) {
	s := &Service{db: db, activity: act, emitter: emitter, log: log, info: info, licenses: licenses}
	country := strings.ToUpper(localeCountry)
	if validateCountry(country) != nil {
		country = fallbackCountry
	}
	// DoNothing keeps whatever the user chose on an earlier start.
	err := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&row{Key: DefaultCountry, Value: country, UpdatedAt: time.Now().UTC()}).Error
	if err != nil {
		return nil, fmt.Errorf("store default settings: %w", err)
	}
	return s, nil
}

// Get returns the value of key.
func (s *Service) Get(key string) (string, error) {
	if _, err := s.validator(key); err != nil {
		return "", err
	}
	var r row
	err := s.db.Where("key = ?", key).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return r.Value, nil
}

// All returns every setting.
func (s *Service) All() (map[string]string, error) {
	var rows []row
	if err := s.db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Value
	}
	return out, nil
}

// Set validates and stores value under key, and records the change.
func (s *Service) Set(key, value string) error {
	validate, err := s.validator(key)
	if err != nil {
		return err
	}
	// Control characters go first (usertext): a NUL would cut the value
	// short, and an opt-out word with one in it could never match.
	value, err = validate(strings.TrimSpace(usertext.Clean(value)))
	if err != nil {
		return err
	}
	old, err := s.Get(key)
	if err != nil {
		return err
	}
	if old == value {
		return nil
	}
	err = s.db.Clauses(clause.OnConflict{UpdateAll: true}).
		Create(&row{Key: key, Value: value, UpdatedAt: time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	s.log.Info("setting changed", "key", key)
	s.emitter.Emit(events.TopicSettingsChanged, map[string]string{"key": key, "value": value})
	if _, err := s.activity.Record("settings", "changed", describe(key, value)); err != nil {
		return err
	}
	return nil
}

// Info says where the data lives.
func (s *Service) Info() Info { return s.info }

// Licenses returns the licence notices of every library bundled into
// Herald, with their full texts.
func (s *Service) Licenses() ([]about.Notice, error) {
	if s.licenses == nil {
		return []about.Notice{}, nil
	}
	list, err := s.licenses()
	if err != nil {
		return nil, fmt.Errorf("read the licences of the bundled libraries: %w", err)
	}
	return list, nil
}

// Countries lists the regions phone numbers can be parsed for.
func (s *Service) Countries() []Country {
	regions := phonenumbers.GetSupportedRegions()
	out := make([]Country, 0, len(regions))
	for code := range regions {
		out = append(out, Country{Code: code, CallingCode: phonenumbers.GetCountryCodeForRegion(code), Locale: likelyLocale(code)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// validator returns the check (and normaliser) for key's values.
func (s *Service) validator(key string) (func(string) (string, error), error) {
	switch key {
	case DefaultCountry:
		return func(v string) (string, error) {
			v = strings.ToUpper(v)
			return v, validateCountry(v)
		}, nil
	case TimeZone:
		return validateZone, nil
	case Locale:
		return validateLocale, nil
	case OptOutWords:
		return func(v string) (string, error) {
			var words []string
			for _, w := range strings.Split(v, ",") {
				if w = strings.Join(strings.Fields(w), " "); w != "" {
					words = append(words, w)
				}
			}
			if len(v) > 2000 {
				return "", apperr.Invalid("Keep the opt-out words under 2,000 characters.")
			}
			return strings.Join(words, ", "), nil
		}, nil
	}
	if validate, ok := s.inboxValidator(key); ok {
		return validate, nil
	}
	return nil, apperr.Invalid("There is no setting called %q.", key)
}

func validateCountry(code string) error {
	if len(code) != 2 || !phonenumbers.GetSupportedRegions()[code] {
		return apperr.Invalid("%q is not a country Herald knows. Use a two-letter code such as US, GB or DE.", code)
	}
	return nil
}

func describe(key, value string) string {
	switch key {
	case DefaultCountry:
		return fmt.Sprintf("Default country for phone numbers set to %s (+%d)", value, phonenumbers.GetCountryCodeForRegion(value))
	case TimeZone:
		if value == "" {
			return "Time zone set to the computer's"
		}
		return "Time zone set to " + value
	case Locale:
		if value == "" {
			return "Dates and numbers written in the computer's language"
		}
		return "Dates and numbers written as in " + value
	case OptOutWords:
		if value == "" {
			return "Opt-out words reset to Herald's own list"
		}
		return "Opt-out words set to " + value
	}
	if words, ok := describeInbox(key, value); ok {
		return words
	}
	return fmt.Sprintf("%s set to %s", key, value)
}
