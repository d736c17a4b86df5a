package campaigns

import "fmt"

// Outcome is a campaign's figures as a notice tells them: its stats, and
// how many of its recipients opted out by answering it with an opt-out
// word.
type Outcome struct {
	Campaign Campaign `json:"campaign"`
	OptedOut int64    `json:"optedOut"`
}

// Outcome returns campaign id with its stats and the recipients who opted
// out by their reply to it.
func (x *API) Outcome(id int64) (Outcome, error) {
	c, err := x.e.get(id)
	if err != nil {
		return Outcome{}, err
	}
	runs, args, err := x.e.runs(id)
	if err != nil {
		return Outcome{}, err
	}
	var replies []string
	if err := x.e.db.Raw("SELECT reply FROM campaign_recipients WHERE "+runs+" AND replied_at IS NOT NULL", args...).
		Scan(&replies).Error; err != nil {
		return Outcome{}, fmt.Errorf("read the replies to campaign %d: %w", id, err)
	}
	out := Outcome{Campaign: c}
	words := x.e.optOutWords()
	for _, r := range replies {
		if _, ok := MatchWord(r, words); ok {
			out.OptedOut++
		}
	}
	return out, nil
}
