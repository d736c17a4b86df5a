package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode"

	"herald/backend/apperr"
)

// The decoder's own messages ("json: cannot unmarshal string into Go value
// of type contacts.Query") name Go types and packages, which mean nothing to
// whoever reads the answer: the UI shows it, and a script's author knows the
// arguments by their place and their JSON, not by Go's names. These turn
// them into sentences that say which argument or field is wrong and what it
// should be.

const exampleDate = "2026-12-02T09:00:00Z"

// bodyError says why the body is not a JSON array of arguments.
func bodyError(err error) error {
	msg := `The request should be a list of arguments in JSON, like ["text", 2].`
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		msg = fmt.Sprintf("The request is not valid JSON (the mistake is near character %d).", syntax.Offset)
	case errors.As(err, &typ):
		msg = fmt.Sprintf(`The request should be a list of arguments in JSON, like ["text", 2], not %s.`, given(typ.Value))
	}
	return &rpcError{http.StatusBadRequest, msg}
}

// countError says that the body holds the wrong number of arguments.
func countError(want, got int) error {
	return &rpcError{http.StatusBadRequest, fmt.Sprintf("This method takes %s, not %d.", plural(want, "argument"), got)}
}

// argumentError says why argument n (counting from 1), meant to be a t,
// could not be decoded.
func argumentError(n int, t reflect.Type, err error) error {
	return &rpcError{http.StatusBadRequest, argumentMessage(n, t, err)}
}

func argumentMessage(n int, t reflect.Type, err error) string {
	// Only the decoder's own type error knows where it is: one wrapped by a
	// type's UnmarshalJSON is about a part of that type, at a place the
	// error does not give.
	if typ, ok := err.(*json.UnmarshalTypeError); ok {
		return typeMessage(n, t, typ)
	}
	var date *time.ParseError
	switch {
	case errors.As(err, &date):
		return fmt.Sprintf("Argument %d has a date that cannot be read (%q): write dates like %s.", n, date.Value, exampleDate)
	case apperr.KindOf(err) == apperr.KindInvalid:
		return fmt.Sprintf("Argument %d: %s", n, err.Error())
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("Argument %d is not valid JSON.", n)
	}
	return fmt.Sprintf("Argument %d is not valid: it should be %s%s.", n, expected(t), named(t))
}

func typeMessage(n int, t reflect.Type, e *json.UnmarshalTypeError) string {
	shown, end := fieldPath(t, e.Field)
	part := "" // which part of the container holds the wrong value
	if end != nil {
		switch c := deref(end); c.Kind() {
		case reflect.Slice, reflect.Array:
			if c != deref(e.Type) {
				part = "each item"
			}
		case reflect.Map:
			if c != deref(e.Type) {
				part = "each value"
			}
		}
	}
	should := fmt.Sprintf("should be %s", wanted(e))
	switch {
	case len(shown) > 0 && part != "":
		return fmt.Sprintf("Argument %d: %s of the field %q %s.", n, part, strings.Join(shown, "."), should)
	case len(shown) > 0:
		return fmt.Sprintf("Argument %d: the field %q %s.", n, strings.Join(shown, "."), should)
	case part != "":
		return fmt.Sprintf("Argument %d: %s %s.", n, part, should)
	}
	if strings.HasPrefix(e.Value, "number ") {
		return fmt.Sprintf("Argument %d %s.", n, should)
	}
	return fmt.Sprintf("Argument %d should be %s%s, not %s.", n, expected(t), named(t), given(e.Value))
}

// wanted is what a value should have been, and what it was, for a type
// error inside an argument: "a whole number, not text".
func wanted(e *json.UnmarshalTypeError) string {
	t := deref(e.Type)
	number, isNumber := strings.CutPrefix(e.Value, "number ")
	if !isNumber {
		return fmt.Sprintf("%s, not %s", expected(t), given(e.Value))
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if strings.ContainsAny(number, ".eE") {
			return "a whole number, not " + number
		}
		hi := int64(1)<<(t.Bits()-1) - 1
		return fmt.Sprintf("a whole number from %d to %d, not %s", -hi-1, hi, number)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if strings.ContainsAny(number, ".eE") {
			return "a whole number, not " + number
		}
		if strings.HasPrefix(number, "-") {
			return "a whole number of zero or more, not " + number
		}
		return fmt.Sprintf("a whole number from 0 to %d, not %s", uint64(math.MaxUint64)>>(64-t.Bits()), number)
	case reflect.Float32, reflect.Float64:
		return "a number of ordinary size, not " + number
	}
	return fmt.Sprintf("%s, not %s", expected(t), number)
}

// given names the kind of JSON value the decoder found.
func given(value string) string {
	switch value {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	if number, ok := strings.CutPrefix(value, "number "); ok {
		return number
	}
	return "something else"
}

// expected names, in words, the JSON a value of type t is read from.
func expected(t reflect.Type) string {
	t = deref(t)
	if t == reflect.TypeFor[time.Time]() {
		return "a date and time (like " + exampleDate + ")"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "text in base64"
		}
		return "a list"
	case reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Interface:
		return "any value"
	}
	return "a value"
}

// named is " (the query)" for an argument of a type of ours such as
// contacts.Query: the name says which object is meant, in the user's words
// rather than Go's.
func named(t reflect.Type) string {
	t = deref(t)
	if t.PkgPath() == "" || t.Name() == "" || strings.ContainsAny(t.Name(), "[]") || t == reflect.TypeFor[time.Time]() {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Slice:
		return " (the " + words(t.Name()) + ")"
	}
	return ""
}

// words splits a Go name into lower-case words, keeping abbreviations:
// ImportOptions is "import options", CSVFile is "CSV file".
func words(name string) string {
	rs := []rune(name)
	var out []string
	start := 0
	for i := 1; i <= len(rs); i++ {
		// The s of a plural abbreviation (URLs) starts no word.
		pluralAbbr := i+2 == len(rs) && rs[i+1] == 's'
		boundary := i == len(rs) || unicode.IsUpper(rs[i]) &&
			(unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && !pluralAbbr)
		if !boundary {
			continue
		}
		w := string(rs[start:i])
		if abbr := strings.TrimSuffix(w, "s"); len(abbr) < 2 || strings.ToUpper(abbr) != abbr {
			w = strings.ToLower(w)
		}
		out = append(out, w)
		start = i
	}
	return strings.Join(out, " ")
}

// fieldPath follows the decoder's path of a field (e.Field, "page.n")
// through t: it returns the path as the user writes it, without the Go
// names the decoder gives embedded structs, and the type at its end (nil
// when the path leaves what t declares).
func fieldPath(t reflect.Type, path string) (shown []string, end reflect.Type) {
	end = t
	if path == "" {
		return nil, end
	}
	for _, elem := range strings.Split(path, ".") {
		if end != nil {
			end = structOf(end)
		}
		if end == nil {
			shown = append(shown, elem)
			continue
		}
		f, embedded, ok := jsonField(end, elem)
		switch {
		case !ok:
			shown, end = append(shown, elem), nil
		case embedded:
			end = f.Type
		default:
			shown, end = append(shown, elem), f.Type
		}
	}
	return shown, end
}

// structOf is the struct a path goes on into from t, through pointers,
// lists and maps; nil when there is none.
func structOf(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			return t
		default:
			return nil
		}
	}
}

// jsonField finds the field of struct t that the decoder calls name.
func jsonField(t reflect.Type, name string) (f reflect.StructField, embedded, ok bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tag == "" && f.Name == name {
			return f, true, true
		}
		if tag == name || tag == "" && f.Name == name {
			return f, false, true
		}
	}
	return reflect.StructField{}, false, false
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func plural(n int, noun string) string {
	switch n {
	case 0:
		return "no " + noun + "s"
	case 1:
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
