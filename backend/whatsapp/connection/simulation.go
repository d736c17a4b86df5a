package connection

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"herald/backend/apperr"
	"herald/backend/events"
	"herald/backend/whatsapp/simulator"
)

// SimulatorKey is the settings row holding the simulator's Config as JSON.
const SimulatorKey = "simulator"

// Simulation is what the simulator offers beyond whatsapp.Driver: the scan
// a real phone would do, and its settings.
type Simulation interface {
	SimulateScan() error
	Config() simulator.Config
	SetConfig(simulator.Config) error
}

// settingRow is a row of the settings table.
type settingRow struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (settingRow) TableName() string { return "settings" }

// LoadSimulatorConfig returns the simulator's settings as stored, or the
// defaults when none are (or what is stored no longer makes sense).
func LoadSimulatorConfig(db *gorm.DB) (simulator.Config, error) {
	var r settingRow
	err := db.Where("key = ?", SimulatorKey).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return simulator.DefaultConfig(), nil
	}
	if err != nil {
		return simulator.Config{}, fmt.Errorf("read simulator settings: %w", err)
	}
	cfg := simulator.DefaultConfig()
	if json.Unmarshal([]byte(r.Value), &cfg) != nil || cfg.Validate() != nil {
		return simulator.DefaultConfig(), nil
	}
	return cfg, nil
}

// simulation returns the driver as a simulator, or a plain error outside
// practice mode.
func (s *Service) simulation() (Simulation, error) {
	sim, ok := s.current().(Simulation)
	if !ok || (s.sw != nil && s.sw.Active() != DriverSimulator) {
		return nil, apperr.Conflict("Herald is using your phone, not the simulator: switch to practice mode on the WhatsApp page first.")
	}
	return sim, nil
}

// SimulateScan completes a pending QR or code pairing, as scanning with the
// phone would (simulator only).
func (s *Service) SimulateScan() error {
	sim, err := s.simulation()
	if err != nil {
		return err
	}
	if err := sim.SimulateScan(); err != nil {
		s.log.Debug("simulate scan", "err", err)
		return apperr.Conflict("There is no QR code or pairing code waiting to be scanned. Connect first.")
	}
	return nil
}

// Simulator returns the simulator's settings (simulator only).
func (s *Service) Simulator() (simulator.Config, error) {
	sim, err := s.simulation()
	if err != nil {
		return simulator.Config{}, err
	}
	return sim.Config(), nil
}

// SetSimulator checks cfg, applies it at once and keeps it for the next
// start (simulator only).
func (s *Service) SetSimulator(cfg simulator.Config) error {
	sim, err := s.simulation()
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return apperr.Invalid("%s.", capitalise(err.Error()))
	}
	value, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("save simulator settings: %w", err)
	}
	err = s.db.Clauses(clause.OnConflict{UpdateAll: true}).
		Create(&settingRow{Key: SimulatorKey, Value: string(value), UpdatedAt: time.Now().UTC()}).Error
	if err != nil {
		return fmt.Errorf("save simulator settings: %w", err)
	}
	if err := sim.SetConfig(cfg); err != nil {
		return apperr.Invalid("%s.", capitalise(err.Error()))
	}
	s.emitter.Emit(events.TopicSettingsChanged, map[string]string{"key": SimulatorKey, "value": string(value)})
	_, _ = s.activity.RecordDetail("settings", "changed", "Simulation settings changed", string(value))
	return nil
}
