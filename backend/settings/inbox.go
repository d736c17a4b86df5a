package settings

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"herald/backend/apperr"
	"herald/backend/phone"
)

// Keys of the inbox's settings.
const (
	// TestNumber is the user's own WhatsApp number (E.164) that "Send a
	// test to me" sends to; empty means the linked phone's own number.
	TestNumber = "testNumber"
	// ReplyKeywords are the replies that tag the contact who sends them,
	// as a JSON array of ReplyKeyword.
	ReplyKeywords = "replyKeywords"
)

// ReplyKeyword is one reply keyword: a reply that is Word (matched as the
// opt-out words are) tags its contact with Tag.
type ReplyKeyword struct {
	Word string `json:"word"`
	Tag  string `json:"tag"`
}

// Bounds of the reply keywords: a few dozen words are plenty, and each is
// a word or a short phrase.
const (
	maxKeywords    = 50
	maxKeywordRune = 100
)

// ParseReplyKeywords reads the ReplyKeywords setting; an empty or
// unreadable value has none.
func ParseReplyKeywords(value string) []ReplyKeyword {
	var out []ReplyKeyword
	if strings.TrimSpace(value) == "" || json.Unmarshal([]byte(value), &out) != nil {
		return nil
	}
	return out
}

// inboxValidator returns the check of an inbox setting, false for another
// key.
func (s *Service) inboxValidator(key string) (func(string) (string, error), bool) {
	switch key {
	case TestNumber:
		return s.validateTestNumber, true
	case ReplyKeywords:
		return validateReplyKeywords, true
	}
	return nil, false
}

// validateTestNumber writes the number as E.164, reading a number without
// a country code as one of the default country.
func (s *Service) validateTestNumber(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	country, err := s.Get(DefaultCountry)
	if err != nil {
		return "", err
	}
	e164, err := phone.Normalize(v, country)
	if err != nil {
		return "", apperr.Invalid("“%s” is not a phone number Herald can send to: write it with its country code, such as +44 7911 123456.", v)
	}
	return e164, nil
}

// validateReplyKeywords tidies the keywords (spaces squeezed, empty rows
// dropped) and refuses a keyword without a tag, a word given twice, or
// too many.
func validateReplyKeywords(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	var in []ReplyKeyword
	if err := json.Unmarshal([]byte(v), &in); err != nil {
		return "", apperr.Invalid("The reply keywords could not be read: %v.", err)
	}
	out := make([]ReplyKeyword, 0, len(in))
	seen := map[string]bool{}
	for _, k := range in {
		word, tag := strings.Join(strings.Fields(k.Word), " "), strings.Join(strings.Fields(k.Tag), " ")
		switch {
		case word == "" && tag == "":
			continue
		case word == "":
			return "", apperr.Invalid("Write the reply that tags contacts with “%s”.", tag)
		case tag == "":
			return "", apperr.Invalid("Choose the tag a reply “%s” gives its contact.", word)
		case utf8.RuneCountInString(word) > maxKeywordRune || utf8.RuneCountInString(tag) > maxKeywordRune:
			return "", apperr.Invalid("Keep each keyword and tag under %d characters.", maxKeywordRune)
		case seen[strings.ToUpper(word)]:
			return "", apperr.Invalid("“%s” is there twice: give each reply one tag.", word)
		}
		seen[strings.ToUpper(word)] = true
		out = append(out, ReplyKeyword{Word: word, Tag: tag})
	}
	if len(out) > maxKeywords {
		return "", apperr.Invalid("Herald keeps up to %d reply keywords.", maxKeywords)
	}
	if len(out) == 0 {
		return "", nil
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", fmt.Errorf("encode the reply keywords: %w", err)
	}
	return string(b), nil
}

// describeInbox words a change of an inbox setting for the activity log,
// false for another key.
func describeInbox(key, value string) (string, bool) {
	switch key {
	case TestNumber:
		if value == "" {
			return "Tests go to the linked phone's own number", true
		}
		return "Tests go to " + value, true
	case ReplyKeywords:
		keywords := ParseReplyKeywords(value)
		if len(keywords) == 0 {
			return "No reply keywords", true
		}
		parts := make([]string, len(keywords))
		for i, k := range keywords {
			parts[i] = fmt.Sprintf("“%s” → %s", k.Word, k.Tag)
		}
		return "Reply keywords set to " + strings.Join(parts, ", "), true
	}
	return "", false
}
