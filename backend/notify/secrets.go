package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/zalando/go-keyring"
	"gorm.io/gorm"
)

// Keychain keeps the mail password outside the database: the operating
// system's keychain (Keychain on macOS, the Credential Manager on Windows,
// the Secret Service on Linux).
type Keychain interface {
	Set(password string) error
	Get() (string, error)
	Delete() error
}

// keychainWait bounds a call to the system's keychain: on a Linux without
// a desktop session the Secret Service may never answer.
const keychainWait = 3 * time.Second

// errNoAnswer is a keychain that did not answer in time.
var errNoAnswer = errors.New("the keychain did not answer")

// osKeychain is the system's keychain, with one entry per data folder.
type osKeychain struct{ user string }

// systemKeychain is the system's keychain entry for the database at path.
func systemKeychain(path string) Keychain {
	sum := sha256.Sum256([]byte(path))
	return osKeychain{user: "smtp-" + hex.EncodeToString(sum[:8])}
}

const keychainService = "Herald email notices"

func (k osKeychain) Set(password string) error {
	return within(func() error { return keyring.Set(keychainService, k.user, password) })
}

func (k osKeychain) Get() (string, error) {
	var pw string
	err := within(func() error {
		var err error
		pw, err = keyring.Get(keychainService, k.user)
		return err
	})
	return pw, err
}

func (k osKeychain) Delete() error {
	err := within(func() error { return keyring.Delete(keychainService, k.user) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// within runs f, giving up on it after keychainWait.
func within(f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timeout := time.NewTimer(keychainWait)
	defer timeout.Stop()
	select {
	case err := <-done:
		return err
	case <-timeout.C:
		return errNoAnswer
	}
}

// secrets keeps the password in the keychain, or in the database when no
// keychain answers; the database's copy, when there is one, is the one
// used.
type secrets struct {
	db       *gorm.DB
	keychain Keychain
	database string
	// silent is set once the keychain has not answered in time: it is not
	// asked again, so that no call waits on it twice.
	silent atomic.Bool
}

// set, get and drop ask the keychain, unless it was silent before.
func (s *secrets) set(password string) error {
	if s.silent.Load() {
		return errNoAnswer
	}
	return s.heard(s.keychain.Set(password))
}

func (s *secrets) get() (string, error) {
	if s.silent.Load() {
		return "", errNoAnswer
	}
	pw, err := s.keychain.Get()
	return pw, s.heard(err)
}

func (s *secrets) drop() error {
	if s.silent.Load() {
		return errNoAnswer
	}
	return s.heard(s.keychain.Delete())
}

// heard notes a keychain that did not answer.
func (s *secrets) heard(err error) error {
	if errors.Is(err, errNoAnswer) {
		s.silent.Store(true)
	}
	return err
}

// keep stores password: in the keychain if it takes it, else in the
// database.
func (s *secrets) keep(password string) error {
	if err := s.set(password); err == nil {
		if err := s.db.Exec("UPDATE notice_config SET password = '' WHERE id = 1").Error; err != nil {
			return fmt.Errorf("save the mail password: %w", err)
		}
		return nil
	}
	if err := s.db.Exec("UPDATE notice_config SET password = ? WHERE id = 1", password).Error; err != nil {
		return fmt.Errorf("save the mail password: %w", err)
	}
	return nil
}

// forget removes the password from wherever it is kept.
func (s *secrets) forget() error {
	_ = s.drop()
	if err := s.db.Exec("UPDATE notice_config SET password = '' WHERE id = 1").Error; err != nil {
		return fmt.Errorf("forget the mail password: %w", err)
	}
	return nil
}

// password returns the kept password, "" when none.
func (s *secrets) password() (string, error) {
	var pw string
	if err := s.db.Raw("SELECT password FROM notice_config WHERE id = 1").Scan(&pw).Error; err != nil {
		return "", fmt.Errorf("read the mail password: %w", err)
	}
	if pw != "" {
		return pw, nil
	}
	pw, err := s.get()
	if err != nil {
		return "", nil
	}
	return pw, nil
}

// kept says whether a password is kept and where, in words.
func (s *secrets) kept() (bool, string) {
	var pw string
	_ = s.db.Raw("SELECT password FROM notice_config WHERE id = 1").Scan(&pw).Error
	if pw != "" {
		return true, fmt.Sprintf("No keychain answered on this computer, so the password is kept in Herald's database file, %s, "+
			"readable by anyone who can read that file, and copied into its backups.", s.database)
	}
	if got, err := s.get(); err == nil && got != "" {
		return true, "The password is kept in this computer's keychain."
	}
	return false, ""
}
