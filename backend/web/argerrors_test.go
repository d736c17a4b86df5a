package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// searchService takes arguments of every shape a service takes, to check
// what the bridge says when one of them is wrong.
type searchService struct{}

type searchQuery struct {
	Text   string         `json:"text"`
	Limit  int            `json:"limit"`
	Small  uint8          `json:"small"`
	Ratio  float32        `json:"ratio"`
	Tags   []string       `json:"tags"`
	Counts map[string]int `json:"counts"`
	Page   *searchPage    `json:"page"`
	Since  time.Time      `json:"since"`
	Days   weekdays       `json:"days"`
	searchExtra
}

type searchPage struct {
	N int `json:"n"`
}

type searchExtra struct {
	Extra int `json:"extra"`
}

// weekdays decodes itself and wraps the decoder's error, as
// campaigns.Weekdays does.
type weekdays []int

func (w *weekdays) UnmarshalJSON(data []byte) error {
	var raw []int
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("weekdays must be a list: %w", err)
	}
	*w = raw
	return nil
}

func (searchService) Search(q searchQuery, limit int) int { return limit }

// goWords are what the decoder's own messages say and a user cannot read:
// Go's types, packages and vocabulary.
var goWords = regexp.MustCompile(`json|[Uu]nmarshal|Go (value|struct)|\bweb\.|search(Query|Page|Extra)|\b(u?int\d*|float\d+|string|struct|bool|interface|map)\b|\[\]|time\.Time`)

func TestCall_ArgumentErrorsArePlainWords(t *testing.T) {
	b, err := bind("SearchService", &searchService{})
	if err != nil {
		t.Fatal(err)
	}
	search := b.methods["Search"]
	for _, c := range []struct{ body, want string }{
		{`["x", 1]`, `Argument 1 should be an object (the search query), not text.`},
		{`[[1], 1]`, `Argument 1 should be an object (the search query), not a list.`},
		{`[{}, "ten"]`, `Argument 2 should be a whole number, not text.`},
		{`[{}, 2.5]`, `Argument 2 should be a whole number, not 2.5.`},
		{`[{}, 1e400]`, `Argument 2 should be a whole number, not 1e400.`},
		{`[{}, 99999999999999999999]`, `Argument 2 should be a whole number from -9223372036854775808 to 9223372036854775807, not 99999999999999999999.`},
		{`[{"limit":"x"}, 1]`, `Argument 1: the field "limit" should be a whole number, not text.`},
		{`[{"limit":true}, 1]`, `Argument 1: the field "limit" should be a whole number, not true or false.`},
		{`[{"text":{}}, 1]`, `Argument 1: the field "text" should be text, not an object.`},
		{`[{"small":300}, 1]`, `Argument 1: the field "small" should be a whole number from 0 to 255, not 300.`},
		{`[{"small":-1}, 1]`, `Argument 1: the field "small" should be a whole number of zero or more, not -1.`},
		{`[{"ratio":1e400}, 1]`, `Argument 1: the field "ratio" should be a number of ordinary size, not 1e400.`},
		{`[{"tags":[1]}, 1]`, `Argument 1: each item of the field "tags" should be text, not a number.`},
		{`[{"tags":"a"}, 1]`, `Argument 1: the field "tags" should be a list, not text.`},
		{`[{"counts":{"a":"b"}}, 1]`, `Argument 1: each value of the field "counts" should be a whole number, not text.`},
		{`[{"page":{"n":"z"}}, 1]`, `Argument 1: the field "page.n" should be a whole number, not text.`},
		{`[{"page":7}, 1]`, `Argument 1: the field "page" should be an object, not a number.`},
		{`[{"extra":"x"}, 1]`, `Argument 1: the field "extra" should be a whole number, not text.`},
		{`[{"since":"yesterday"}, 1]`, `Argument 1 has a date that cannot be read ("yesterday"): write dates like 2026-12-02T09:00:00Z.`},
		{`[{"since":5}, 1]`, `Argument 1 is not valid: it should be an object (the search query).`},
		{`[{"days":{}}, 1]`, `Argument 1 is not valid: it should be an object (the search query).`},
		{`{"q":1}`, `The request should be a list of arguments in JSON, like ["text", 2], not an object.`},
		{`"q"`, `The request should be a list of arguments in JSON, like ["text", 2], not text.`},
		{`{oops`, `The request is not valid JSON (the mistake is near character 2).`},
		{`[{}, 1] [`, `The request is not valid JSON (the mistake is near character 9).`},
		{`[]`, `This method takes 2 arguments, not 0.`},
		{`[{}]`, `This method takes 2 arguments, not 1.`},
	} {
		_, err := search.call([]byte(c.body))
		var re *rpcError
		if !errors.As(err, &re) || re.status != http.StatusBadRequest {
			t.Errorf("%s: %v, want a 400", c.body, err)
			continue
		}
		if re.msg != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.body, re.msg, c.want)
		}
		if goWords.MatchString(re.msg) {
			t.Errorf("%s: %q speaks Go", c.body, re.msg)
		}
	}
}

func TestWords_SplitsGoNames(t *testing.T) {
	for in, want := range map[string]string{
		"Query": "query", "ImportOptions": "import options", "CSVFile": "CSV file",
		"point": "point", "campaignDraft": "campaign draft", "A": "a", "URLs": "URLs", "UserIDs": "user IDs",
	} {
		if got := words(in); got != want {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}
