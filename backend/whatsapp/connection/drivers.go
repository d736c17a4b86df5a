package connection

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"herald/backend/apperr"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/switcher"
)

// DriverKey is the settings row holding the name of the driver in use, so
// that Herald starts on the one the user chose last.
const DriverKey = "whatsappDriver"

// TopicDriver is the event announcing a switch of driver; its payload is
// the new Drivers list.
const TopicDriver = "whatsapp:driver"

// Driver names, as UseDriver takes them and the settings keep them.
const (
	// DriverSimulator is practice mode, where nothing reaches a real phone.
	DriverSimulator = "simulator"
	// DriverWhatsApp is the user's own phone, linked as a device.
	DriverWhatsApp = "whatsapp"
)

// Switch is the Driver as a choice between several: what the Service's
// driver stands for when the user can choose.
type Switch interface {
	Choices() []switcher.Choice
	Active() string
	Current() whatsapp.Driver
	Use(name string) error
}

// settleWait bounds how long UseDriver waits for the monitor to report the
// new driver's state, so that Status right after it tells the new state.
const settleWait = 2 * time.Second

// LoadDriverChoice returns the name of the driver chosen last, or the
// simulator when none was: a new data folder starts in practice mode.
func LoadDriverChoice(db *gorm.DB) (string, error) {
	var r settingRow
	err := db.Where("key = ?", DriverKey).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && r.Value == "") {
		return DriverSimulator, nil
	}
	if err != nil {
		return "", fmt.Errorf("read the WhatsApp connection in use: %w", err)
	}
	return r.Value, nil
}

// SaveDriverChoice remembers name as the driver to start on.
func SaveDriverChoice(db *gorm.DB, name string) error {
	err := db.Clauses(clause.OnConflict{UpdateAll: true}).
		Create(&settingRow{Key: DriverKey, Value: name, UpdatedAt: time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("remember the WhatsApp connection in use: %w", err)
	}
	return nil
}

// Drivers lists the ways Herald can reach WhatsApp ("simulator": practice,
// "whatsapp": your phone), the one in use marked active.
func (s *Service) Drivers() ([]switcher.Choice, error) {
	if s.sw == nil {
		return []switcher.Choice{}, nil
	}
	return s.sw.Choices(), nil
}

// UseDriver switches to the driver called name: the current one is
// disconnected (a linked phone stays linked), the new one is connected if
// it is paired, and the choice is kept for the next start. It is refused
// while a campaign is sending, whose next messages would otherwise go out
// through another account.
func (s *Service) UseDriver(name string) error {
	if s.sw == nil {
		return apperr.Conflict("This Herald has only one way to reach WhatsApp.")
	}
	name = strings.TrimSpace(name)
	choices := s.sw.Choices()
	var choice *switcher.Choice
	names := make([]string, 0, len(choices))
	for i, c := range choices {
		names = append(names, "“"+c.Name+"”")
		if c.Name == name {
			choice = &choices[i]
		}
	}
	if choice == nil {
		return apperr.Invalid("There is no WhatsApp connection called “%s”. Choose %s.", name, strings.Join(names, " or "))
	}
	// One switch at a time: the check below must still hold when it happens.
	s.switching.Lock()
	defer s.switching.Unlock()
	if s.sw.Active() == name {
		return nil
	}
	if err := s.refuseWhileSending(choice.Label); err != nil {
		return err
	}
	if err := s.sw.Use(name); err != nil {
		s.log.Error("whatsapp: switch driver", "to", name, "err", err)
		return &wrapped{&apperr.Error{Kind: apperr.KindConflict,
			Msg: fmt.Sprintf("Herald could not switch to “%s”: %s", choice.Label, plainCause(err))}, err}
	}
	s.log.Info("whatsapp: switched driver", "to", name)
	saveErr := SaveDriverChoice(s.db, name)
	_, _ = s.activity.Record("whatsapp", "driver", fmt.Sprintf("Switched WhatsApp to “%s”", choice.Label))
	s.emitter.Emit(TopicDriver, s.sw.Choices())
	// A paired driver reconnects by itself, as it does when Herald starts.
	if s.driver.Paired() {
		if err := s.driver.Connect(s.ctx); err != nil {
			s.log.Warn("whatsapp: connect after the switch", "err", err)
		}
	}
	s.settle(settleWait)
	return saveErr
}

// refuseWhileSending says which campaigns are sending, if any.
func (s *Service) refuseWhileSending(to string) error {
	if s.sending == nil {
		return nil
	}
	names, err := s.sending()
	if err != nil {
		return fmt.Errorf("check for campaigns sending: %w", err)
	}
	switch len(names) {
	case 0:
		return nil
	case 1:
		return apperr.Conflict("The campaign “%s” is sending. Pause it, or wait until it is done, before switching to “%s”.", names[0], to)
	default:
		return apperr.Conflict("%d campaigns are sending (“%s” and others). Pause them, or wait until they are done, before switching to “%s”.", len(names), names[0], to)
	}
}

// settle waits until the status the monitor reports is the driver's own,
// or at most d: after a switch the new driver's state reaches the monitor
// through the events, and Status must not tell the old one meanwhile.
func (s *Service) settle(d time.Duration) {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		same := sameStatus(s.status, s.driver.Status())
		changed := s.changedCh
		s.mu.Unlock()
		if same {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			return
		case <-s.ctx.Done():
			return
		}
	}
}

func sameStatus(a, b whatsapp.Status) bool {
	return a.State == b.State && a.Phone == b.Phone && a.LastError == b.LastError &&
		(a.Since.Equal(b.Since) || b.Since.IsZero())
}

// plainCause is an error's own words for the user, without Go's chain of
// "open …:" prefixes when it carries a plain message.
func plainCause(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Msg
	}
	return err.Error()
}

// current is the driver in use: the switch's active one, or the only one.
func (s *Service) current() whatsapp.Driver {
	if s.sw != nil {
		return s.sw.Current()
	}
	return s.driver
}
