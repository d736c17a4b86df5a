package campaigns

// Follow-ups from a campaign's results: its recipients grouped by what
// became of their message, each group a tag away (TagResults) or the
// audience of a new campaign (Audience.FollowUp), taken when that campaign
// is saved and frozen, as a started campaign's recipients are.

import (
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"herald/backend/apperr"
)

// The groups of a campaign's results, as FollowUp.Result names them.
const (
	ResultDelivered = "delivered" // delivered, not read, no reply
	ResultRead      = "read"      // read, no reply
	ResultReplied   = "replied"
	ResultFailed    = "failed"
	ResultSkipped   = "skipped"
)

// FollowUp is an audience made of another campaign's recipients in one
// group of its results.
type FollowUp struct {
	CampaignID int64 `json:"campaignId"`
	// Result is the group: one of the Result constants.
	Result string `json:"result"`
	// Reason keeps, of the skipped, those skipped for this reason (the
	// recipient's error as stored); "" keeps them all.
	Reason string `json:"reason,omitempty"`
	// Label says who they are, with the campaign's name; set when the
	// campaign is saved.
	Label string `json:"label,omitempty"`
}

// resultKind is a group of results: its title, the words that finish
// "Recipients who …", and its condition on campaign_recipients.
type resultKind struct {
	key, title, who, cond string
}

// resultKinds are the groups in the order the campaign's page shows them,
// skipped last. A reply ends a message's story: the replied are in no
// other group.
func resultKinds() []resultKind {
	return []resultKind{
		{ResultDelivered, "Delivered, not read", "got it but have not read it", "state = 'delivered' AND replied_at IS NULL"},
		{ResultRead, "Read, no reply", "read it but did not reply", "state = 'read' AND replied_at IS NULL"},
		{ResultReplied, "Replied", "replied", "replied_at IS NOT NULL"},
		{ResultFailed, "Failed", "could not be sent to", "state = 'failed'"},
		{ResultSkipped, "Skipped", "were skipped", "state = 'skipped'"},
	}
}

func kindOf(result string) (resultKind, error) {
	for _, k := range resultKinds() {
		if k.key == result {
			return k, nil
		}
	}
	return resultKind{}, apperr.Invalid("“%s” is not a group of a campaign's results.", result)
}

// resultWhere is the condition on campaign_recipients that keeps the
// recipients of f, over every run of a repeating campaign.
func (e *Engine) resultWhere(f FollowUp) (string, []any, error) {
	k, err := kindOf(f.Result)
	if err != nil {
		return "", nil, err
	}
	runs, args, err := e.runs(f.CampaignID)
	if err != nil {
		return "", nil, err
	}
	where := runs + " AND " + k.cond
	if f.Result == ResultSkipped && f.Reason != "" {
		where += " AND error = ?"
		args = append(args, f.Reason)
	}
	return where, args, nil
}

// resultIDs reads in db the contacts of f's recipients, in id order.
func (e *Engine) resultIDs(db *gorm.DB, f FollowUp) ([]int64, error) {
	where, args, err := e.resultWhere(f)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	if err := db.Raw("SELECT DISTINCT contact_id FROM campaign_recipients WHERE "+where+" ORDER BY contact_id", args...).
		Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("read the recipients of campaign %d who %s: %w", f.CampaignID, f.Result, err)
	}
	return ids, nil
}

// followUpIDs are the contacts of follow-up f: those saved with campaign
// id when it was saved with f, else the source campaign's as they are now.
func (e *Engine) followUpIDs(db *gorm.DB, f FollowUp, id int64) ([]int64, error) {
	if id == 0 || !e.savedWith(db, id, f) {
		return e.resultIDs(db, f)
	}
	ids := []int64{}
	if err := db.Raw("SELECT contact_id FROM campaign_audience_members WHERE campaign_id = ? ORDER BY contact_id", id).
		Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("read the audience of campaign %d: %w", id, err)
	}
	return ids, nil
}

// savedWith reports whether campaign id is stored with follow-up f.
func (e *Engine) savedWith(db *gorm.DB, id int64, f FollowUp) bool {
	var raw string
	if db.Raw("SELECT audience FROM campaigns WHERE id = ?", id).Scan(&raw).Error != nil {
		return false
	}
	var a Audience
	if json.Unmarshal([]byte(raw), &a) != nil || a.FollowUp == nil {
		return false
	}
	return sameGroup(*a.FollowUp, f)
}

func sameGroup(a, b FollowUp) bool {
	return a.CampaignID == b.CampaignID && a.Result == b.Result && a.Reason == b.Reason
}

// freeze saves in tx the contacts of campaign id's follow-up audience a,
// in one statement, replacing what was saved before.
func (e *Engine) freeze(tx *gorm.DB, id int64, a Audience) error {
	if err := tx.Exec("DELETE FROM campaign_audience_members WHERE campaign_id = ?", id).Error; err != nil {
		return fmt.Errorf("clear the audience of campaign %d: %w", id, err)
	}
	if a.FollowUp == nil {
		return nil
	}
	where, args, err := e.resultWhere(*a.FollowUp)
	if err != nil {
		return err
	}
	err = tx.Exec("INSERT OR IGNORE INTO campaign_audience_members (campaign_id, contact_id) SELECT ?, contact_id FROM campaign_recipients WHERE "+where,
		append([]any{id}, args...)...).Error
	if err != nil {
		return fmt.Errorf("save the audience of campaign %d: %w", id, err)
	}
	return nil
}

// checkFollowUp checks follow-up f of a campaign on sched and labels it.
func (e *Engine) checkFollowUp(f *FollowUp, sched Schedule) error {
	k, err := kindOf(f.Result)
	if err != nil {
		return err
	}
	src, err := e.row(f.CampaignID)
	if err != nil {
		return err
	}
	if sched.repeats() {
		return apperr.Invalid("A follow-up goes once, to the recipients of “%s” as they are when it is saved: send it now or at a time, not on a repeat.", src.Name)
	}
	if f.Result != ResultSkipped {
		f.Reason = ""
	}
	f.Label = followUpLabel(src.Name, k, f.Reason)
	return nil
}

// followUpLabel says who the recipients of campaign name in group k (and
// skipped for reason) are.
func followUpLabel(name string, k resultKind, reason string) string {
	label := fmt.Sprintf("Recipients of “%s” who %s", name, k.who)
	if reason != "" {
		label += " (" + strings.TrimSuffix(reason, ".") + ")"
	}
	return label
}

// ResultGroup is one group of a campaign's results and how many
// recipients are in it.
type ResultGroup struct {
	Result string `json:"result"`
	// Reason is why a group of skipped recipients was skipped ("" for
	// the others).
	Reason string `json:"reason"`
	Title  string `json:"title"`
	// Label says who they are, as a follow-up to them names its audience.
	Label string `json:"label"`
	Count int64  `json:"count"`
}

// Results counts a campaign's recipients in each group of its results,
// for the follow-ups its page offers: the skipped by reason, the others
// even when empty.
func (s *Service) Results(id int64) ([]ResultGroup, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return nil, err
	}
	runs, args, err := e.runs(id)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		State   string
		Replied bool
		Reason  string
		N       int64
	}
	err = e.db.Raw(`SELECT state, replied_at IS NOT NULL AS replied, CASE WHEN state = 'skipped' THEN error ELSE '' END AS reason,
			count(*) AS n
		FROM campaign_recipients WHERE `+runs+` GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, args...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count the results of campaign %d: %w", id, err)
	}
	counts := map[string]int64{}
	var skipped []ResultGroup
	skippedKind, _ := kindOf(ResultSkipped)
	for _, row := range rows {
		switch {
		case row.Replied:
			counts[ResultReplied] += row.N
		case row.State == RecipientSkipped:
			skipped = append(skipped, ResultGroup{Result: ResultSkipped, Reason: row.Reason, Title: "Skipped: " + strings.TrimSuffix(row.Reason, "."),
				Label: followUpLabel(r.Name, skippedKind, row.Reason), Count: row.N})
		case row.State == RecipientDelivered || row.State == RecipientRead || row.State == RecipientFailed:
			counts[row.State] += row.N
		}
	}
	out := []ResultGroup{}
	for _, k := range resultKinds() {
		if k.key == ResultSkipped && len(skipped) > 0 {
			out = append(out, skipped...)
			continue
		}
		out = append(out, ResultGroup{Result: k.key, Title: k.title, Label: followUpLabel(r.Name, k, ""), Count: counts[k.key]})
	}
	return out, nil
}

// TagOutcome is what TagResults did.
type TagOutcome struct {
	// Tag is the tag's name as the contacts now carry it.
	Tag string `json:"tag"`
	// Contacts counts the group's contacts that still exist; Added those
	// of them that did not have the tag before.
	Contacts int64 `json:"contacts"`
	Added    int64 `json:"added"`
}

// TagResults tags the contacts of campaign id's recipients in one group of
// its results (result, and reason for the skipped) with tag, existing or
// new, in one call to the contact book, and records it in the activity log.
func (s *Service) TagResults(id int64, result, reason, tag string) (TagOutcome, error) {
	e := s.e
	r, err := e.row(id)
	if err != nil {
		return TagOutcome{}, err
	}
	f := FollowUp{CampaignID: id, Result: result, Reason: reason}
	k, err := kindOf(result)
	if err != nil {
		return TagOutcome{}, err
	}
	ids, err := e.resultIDs(e.db, f)
	if err != nil {
		return TagOutcome{}, err
	}
	if len(ids) == 0 {
		return TagOutcome{}, apperr.Invalid("No recipient of “%s” %s: there is nobody to tag.", r.Name, k.who)
	}
	done, err := e.contacts.Tag(ids, tag)
	if err != nil {
		return TagOutcome{}, err
	}
	out := TagOutcome{Tag: done.Tag, Contacts: done.Contacts, Added: done.Added}
	group := strings.ToLower(k.title)
	if reason != "" && result == ResultSkipped {
		group += ": " + strings.TrimSuffix(reason, ".")
	}
	e.record(id, "tagged", fmt.Sprintf("Tagged %s of “%s” (%s) with “%s”", countOf(out.Contacts, "contact"), r.Name, group, out.Tag))
	return out, nil
}

// countOf writes n things: "1 contact", "340 contacts".
func countOf(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
