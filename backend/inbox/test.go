package inbox

import (
	"fmt"
	"strings"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/templates"
)

// Templates renders a message for a contact as a campaign would send it.
// *templates.Service implements it.
type Templates interface {
	Preview(body string, contactID int64) (templates.Preview, error)
}

// Sources of the number a test goes to.
const (
	TestToSettings = "settings"
	TestToLinked   = "whatsapp"
)

// TestTarget is where "Send a test to me" sends: Phone (E.164) and where
// Herald found it, TestToSettings or TestToLinked; both "" when Herald
// knows no number of the user's.
type TestTarget struct {
	Phone  string `json:"phone"`
	Source string `json:"source"`
}

// noTestNumber explains where a number for tests comes from.
const noTestNumber = "Herald does not know your own number yet: set “My number for tests” in Settings, or link your phone on the WhatsApp page."

// TestNumber returns the number a test goes to: the one set in Settings
// for tests, an explicit choice, else the linked phone's own number.
func (s *Service) TestNumber() TestTarget {
	return s.e.testTarget()
}

func (e *Engine) testTarget() TestTarget {
	if e.testNumber != nil {
		if phone := strings.TrimSpace(e.testNumber()); phone != "" {
			return TestTarget{Phone: phone, Source: TestToSettings}
		}
	}
	if phone := e.driver.Status().Phone; phone != "" {
		return TestTarget{Phone: phone, Source: TestToLinked}
	}
	return TestTarget{}
}

// SendTest sends body, rendered for the contact contactID as the template
// editor previews it, to the user's own number (TestNumber), through the
// answers' exactly-once path, and returns it, marked as a test. It is no
// campaign's message: no campaign counts it.
func (s *Service) SendTest(body string, contactID int64) (Message, error) {
	if strings.TrimSpace(body) == "" {
		return Message{}, apperr.Invalid("Write the message first.")
	}
	if contactID <= 0 {
		return Message{}, apperr.Invalid("Choose the contact to render the message for.")
	}
	to := s.e.testTarget()
	if to.Phone == "" {
		return Message{}, apperr.Conflict(noTestNumber)
	}
	p, err := s.e.templates.Preview(body, contactID)
	if err != nil {
		return Message{}, fmt.Errorf("render the test message: %w", err)
	}
	if len(p.Problems) > 0 {
		return Message{}, apperr.Invalid("%s", p.Problems[0].Message)
	}
	m, err := s.e.deliver(s.e.ctx, outgoing{phone: to.Phone, text: clip(p.Text), test: true})
	if err != nil {
		return Message{}, err
	}
	s.e.record("test sent", fmt.Sprintf("Test message sent to your number %s", to.Phone), activity.Ref{})
	return m, nil
}
