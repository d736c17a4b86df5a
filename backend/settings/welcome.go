package settings

import (
	"fmt"
	"strings"
	"time"
	// Windows has no zoneinfo of its own: without this, no time zone the
	// user chooses could be read there.
	_ "time/tzdata"

	"golang.org/x/text/language"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"herald/backend/apperr"
	"herald/backend/events"
)

// Keys of the settings the welcome step asks for, besides DefaultCountry.
const (
	// TimeZone is the IANA zone campaigns are scheduled in and dates are
	// shown in; empty means the computer's.
	TimeZone = "timeZone"
	// Locale is the BCP 47 language of dates and numbers, such as es-MX;
	// empty means the computer's.
	Locale = "locale"
	// welcomed is set once the user has answered the welcome step.
	welcomed = "welcomed"
)

// Preferences are the answers of the welcome step, and whether it was
// answered.
type Preferences struct {
	Country  string `json:"country"`
	TimeZone string `json:"timeZone"`
	Locale   string `json:"locale"`
	Welcomed bool   `json:"welcomed"`
}

// Preferences returns the country, time zone and locale, and whether the
// welcome step was answered.
func (s *Service) Preferences() (Preferences, error) {
	all, err := s.All()
	if err != nil {
		return Preferences{}, err
	}
	return Preferences{Country: all[DefaultCountry], TimeZone: all[TimeZone], Locale: all[Locale], Welcomed: all[welcomed] != ""}, nil
}

// Welcome stores the answers of the welcome step at once (an empty time
// zone or locale stands for the computer's) and remembers that the step
// was answered, so that it is not asked again. As with Set, only answers
// that change a setting are announced and recorded.
func (s *Service) Welcome(p Preferences) error {
	before, err := s.All()
	if err != nil {
		return err
	}
	values := map[string]string{DefaultCountry: p.Country, TimeZone: p.TimeZone, Locale: p.Locale}
	keys := []string{DefaultCountry, TimeZone, Locale}
	for _, key := range keys {
		validate, err := s.validator(key)
		if err != nil {
			return err
		}
		if values[key], err = validate(strings.TrimSpace(values[key])); err != nil {
			return err
		}
	}
	now := time.Now().UTC()
	err = s.db.Transaction(func(tx *gorm.DB) error {
		for _, key := range append(keys, welcomed) {
			value := values[key]
			if key == welcomed {
				value = now.Format(time.RFC3339)
			}
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row{Key: key, Value: value, UpdatedAt: now}).Error; err != nil {
				return fmt.Errorf("save setting %s: %w", key, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.log.Info("welcome step answered")
	var changes []string
	for _, key := range keys {
		if values[key] == before[key] {
			continue
		}
		s.emitter.Emit(events.TopicSettingsChanged, map[string]string{"key": key, "value": values[key]})
		changes = append(changes, describe(key, values[key]))
	}
	if len(changes) == 0 {
		return nil
	}
	if _, err := s.activity.Record("settings", "welcome", "Welcome step answered. "+strings.Join(changes, ". ")); err != nil {
		return err
	}
	return nil
}

// validateZone accepts an IANA zone name Herald can read, or "" for the
// computer's zone.
func validateZone(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	// LoadLocation also takes "Local", and a path-like name would be read
	// from the disk: only names of the zone database are zones here.
	if v == "Local" || strings.Contains(v, "..") || strings.HasPrefix(v, "/") {
		return "", apperr.Invalid("%q is not a time zone. Choose one from the list, such as Europe/Madrid.", v)
	}
	if _, err := time.LoadLocation(v); err != nil {
		return "", apperr.Invalid("%q is not a time zone. Choose one from the list, such as Europe/Madrid.", v)
	}
	return v, nil
}

// validateLocale accepts a BCP 47 language tag, written in its canonical
// form (es-MX), or "" for the computer's language.
func validateLocale(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	tag, err := language.Parse(v)
	if err != nil || len(v) > 35 {
		return "", apperr.Invalid("%q is not a language. Choose one from the list, such as es-MX or en-GB.", v)
	}
	return tag.String(), nil
}

// likelyLocale is the language most people in region write, as a locale
// such as "es-MX" for MX.
func likelyLocale(region string) string {
	r, err := language.ParseRegion(region)
	if err != nil {
		return ""
	}
	tag, err := language.Compose(language.Und, r)
	if err != nil {
		return ""
	}
	base, _ := tag.Base()
	if base.String() == "und" {
		return ""
	}
	return base.String() + "-" + region
}
