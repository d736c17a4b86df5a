package importer

// Which of a record's numbers becomes the contact's WhatsApp number, what
// happens to the others, and the words that explain it to the person who
// made the file.

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"herald/backend/phone"
)

// OtherPhone is a number of a record beside the one chosen for WhatsApp.
type OtherPhone struct {
	// Label is what the file calls the number ("Work", "Business Phone"),
	// "" when it says nothing.
	Label string `json:"label"`
	// Number is E.164 when it is a valid number, else as the file has it:
	// the person may still want to read or fix it.
	Number string `json:"number"`
}

// noPhone is the Problem of a record without any phone number.
const noPhone = "The row has no phone number. Add one to the file to import this contact."

// parsed is a candidate with its number read.
type parsed struct {
	candidate
	e164 string // "" when the number is not valid
}

// choosePhone sets r's Phone, OtherPhones, RawPhone, Note, Skip and Problem
// from the numbers of its row. The first valid number labelled mobile
// becomes Phone; without one, the first valid number the numbering plan
// says is a mobile; else the first valid number. Every other number is kept
// in OtherPhones, once. When no number is valid, the first one's problem
// says why the row failed.
func choosePhone(r *Record, phones []candidate, region string) {
	if len(phones) == 1 {
		// The usual row: one number, nothing to choose.
		c := phones[0]
		r.RawPhone = strings.TrimSpace(c.raw)
		if r.RawPhone == "" {
			r.Skip, r.Problem = true, noPhone
			return
		}
		e164, err := phone.Normalize(r.RawPhone, region)
		if err != nil {
			r.Problem = phoneProblem(r.RawPhone, region)
			return
		}
		r.Phone = e164
		return
	}
	nums := make([]parsed, 0, len(phones))
	for _, c := range phones {
		c.raw = strings.TrimSpace(c.raw)
		if c.raw == "" {
			continue
		}
		e164, _ := phone.Normalize(c.raw, region)
		nums = append(nums, parsed{candidate: c, e164: e164})
	}
	if len(nums) == 0 {
		r.Skip, r.Problem = true, noPhone
		return
	}
	r.RawPhone = nums[0].raw
	chosen := pick(nums)
	if chosen < 0 {
		r.Problem = phoneProblem(nums[0].raw, region)
		return
	}
	r.Phone = nums[chosen].e164
	seen := map[string]bool{r.Phone: true}
	var passed []parsed // other valid numbers, for the note
	var unread []string // other numbers that are not valid, as written
	for i, n := range nums {
		number := n.e164
		if number == "" {
			number = n.raw
		}
		if i == chosen || seen[number] {
			continue
		}
		seen[number] = true
		r.OtherPhones = append(r.OtherPhones, OtherPhone{Label: n.label, Number: number})
		if n.e164 != "" {
			passed = append(passed, n)
		} else {
			unread = append(unread, "“"+n.raw+"”")
		}
	}
	var notes []string
	if len(passed) > 0 {
		notes = append(notes, choiceNote(nums[chosen], passed))
	}
	switch len(unread) {
	case 0:
	case 1:
		notes = append(notes, "Kept "+unread[0]+" as written: it is not a valid phone number.")
	default:
		notes = append(notes, "Kept "+joinAnd(unread)+" as written: they are not valid phone numbers.")
	}
	r.Note = strings.Join(notes, " ")
}

// pick returns the index of the number for WhatsApp, -1 when none is valid.
func pick(nums []parsed) int {
	first, valid := -1, 0
	for i, n := range nums {
		if n.e164 == "" {
			continue
		}
		if n.mobile {
			return i
		}
		if first < 0 {
			first = i
		}
		valid++
	}
	if valid > 1 {
		for i, n := range nums {
			if n.e164 != "" && numberType(n.e164) == phonenumbers.MOBILE {
				return i
			}
		}
	}
	return first
}

// numberType is what the numbering plan says a valid E.164 number is.
func numberType(e164 string) phonenumbers.PhoneNumberType {
	num, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return phonenumbers.UNKNOWN
	}
	return phonenumbers.GetNumberType(num)
}

// choiceNote says which number became the contact's and which it was
// chosen over: "Chose the mobile +52 55 1234 5678 over the landline +52 55
// 8765 4321 for WhatsApp; the other number is kept on the contact."
func choiceNote(chosen parsed, others []parsed) string {
	over := make([]string, len(others))
	for i, o := range others {
		over[i] = "the " + kindOf(o) + " " + international(o.e164)
	}
	kept := "the other number is kept on the contact"
	if len(others) > 1 {
		kept = "the other numbers are kept on the contact"
	}
	return fmt.Sprintf("Chose the %s %s over %s for WhatsApp; %s.", kindOf(chosen), international(chosen.e164), joinAnd(over), kept)
}

// kindOf names a number in a note: "mobile", "landline", or by its label.
func kindOf(n parsed) string {
	switch t := numberType(n.e164); {
	case n.mobile || t == phonenumbers.MOBILE:
		return "mobile"
	case t == phonenumbers.FIXED_LINE:
		return "landline"
	}
	label := strings.ToLower(strings.TrimSpace(n.label))
	switch {
	case label == "":
		return "number"
	case strings.Contains(label, "phone") || strings.Contains(label, "number"):
		return label
	}
	return label + " number"
}

// joinAnd joins words as a sentence lists them: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// international writes a number as people read it: "+52 55 1234 5678".
// Spaces, not dashes, as the app's screens write numbers.
func international(e164 string) string {
	num, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return e164
	}
	return strings.ReplaceAll(phonenumbers.Format(num, phonenumbers.INTERNATIONAL), "-", " ")
}

// phoneProblem says, for the person who fixes the file, why raw is not a
// number Herald can use and what to write instead. region is the country
// of numbers written without a country code.
func phoneProblem(raw, region string) string {
	region = strings.ToUpper(strings.TrimSpace(region))
	digits := phone.Digits(raw)
	intl := strings.HasPrefix(raw, "+") || strings.HasPrefix(digits, "00")
	if digits == "" {
		return "This is not a phone number. " + writeLike(region)
	}
	if region == "" && !intl {
		return "The number has no country code, and no default country is set. Write it with its country code, like " +
			example("GB") + ", or choose your country in Settings."
	}
	num, err := phonenumbers.Parse(raw, region)
	if errors.Is(err, phonenumbers.ErrInvalidCountryCode) {
		return "The number does not start with a country code. Check the digits after the + (or the 00): " +
			"a number in the United Kingdom, for example, is written " + example("GB") + "."
	}
	where := countryOf(region)
	if err == nil {
		where = countryOf(phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode())))
	}
	var what string
	switch {
	case err != nil:
		what = "The number is too short for " + where + "."
	default:
		switch phonenumbers.IsPossibleNumberWithReason(num) {
		case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
			what = "The number is too short for " + where + "."
		case phonenumbers.TOO_LONG:
			what = "The number is too long for " + where + "."
		case phonenumbers.INVALID_LENGTH:
			what = "The number does not have the right number of digits for " + where + "."
		default:
			what = "This is not a valid number in " + where + "."
		}
	}
	if intl && err == nil {
		r := phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode()))
		if e := example(r); e != "" {
			return what + " Check its digits: a mobile number there is written like " + e + "."
		}
		return what + " Check its digits."
	}
	return what + " " + writeLike(region)
}

// writeLike asks for the number with its country code, with an example
// from region.
func writeLike(region string) string {
	if e := example(region); e != "" {
		return "Write it with its country code, like " + e + "."
	}
	return "Write it with its country code, like " + example("GB") + "."
}

// example is a mobile number of region as people write it, "" when the
// region has none.
func example(region string) string {
	num := phonenumbers.GetExampleNumberForType(region, phonenumbers.MOBILE)
	if num == nil {
		return ""
	}
	return international(phonenumbers.Format(num, phonenumbers.E164))
}

// countryOf names a region with its calling code: "Mexico (+52)".
func countryOf(region string) string {
	cc := phonenumbers.GetCountryCodeForRegion(region)
	name := phone.CountryName(region)
	switch {
	case cc == 0:
		return name
	case name == region:
		return fmt.Sprintf("numbers starting with +%d", cc)
	}
	return fmt.Sprintf("%s (+%d)", name, cc)
}

// Country is the English name of the country of a valid E.164 number
// ("+447911123456" → "United Kingdom"), "" when there is none.
func Country(e164 string) string {
	num, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	region := phonenumbers.GetRegionCodeForNumber(num)
	if region == "" || region == "001" {
		return ""
	}
	return phone.CountryName(region)
}

// sentence turns a lower-case fragment ("the row is too long") into a
// sentence: a capital first letter and a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	first, size := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(first)) + s[size:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
