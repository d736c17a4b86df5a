package contacts

// Before an import, what it would do to the contacts already in the book:
// one pass over the file, its numbers looked up a batch at a time, so that
// a million rows take seconds and memory stays bounded.

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"herald/backend/contacts/importer"
)

// maxPreviewMatches is how many matching rows a MatchPreview lists.
const maxPreviewMatches = 200

// MatchPreview is what importing a file would do to the contacts whose
// numbers it has.
type MatchPreview struct {
	// Rows counts the rows with a valid number; with an empty book, whose
	// import changes no one, the file is not read and Rows is 0.
	Rows int64 `json:"rows"`
	// Matches counts the rows whose number a contact has.
	Matches int64 `json:"matches"`
	// Duplicates counts the rows whose number an earlier row has: they
	// will be left out.
	Duplicates int64 `json:"duplicates"`
	// FillChanges and OverwriteChanges count the matches that "fill only
	// empty fields" and "overwrite" would change.
	FillChanges      int64 `json:"fillChanges"`
	OverwriteChanges int64 `json:"overwriteChanges"`
	// Items are the first maxPreviewMatches matches, in file order.
	Items []MatchItem `json:"items"`
	// Cancelled is set when the check was stopped: the counts are those of
	// the rows read until then.
	Cancelled bool `json:"cancelled"`
}

// MatchItem is a row whose number a contact has, with what each way of
// handling it would change (an empty list: nothing).
type MatchItem struct {
	Line int `json:"line"`
	// ID, Phone and Name are the contact's.
	ID        int64         `json:"id"`
	Phone     string        `json:"phone"`
	Name      string        `json:"name"`
	Fill      []FieldChange `json:"fill"`
	Overwrite []FieldChange `json:"overwrite"`
}

// PreviewMatches reads the file at path, as Import would with opts, and
// tells which rows match contacts already in the book and what importing
// them would change. CancelImport stops it.
func (s *Service) PreviewMatches(path string, opts ImportOptions) (MatchPreview, error) {
	path, err := s.files.Source(path)
	if err != nil {
		return MatchPreview{}, err
	}
	if err := s.awaitReady(); err != nil {
		return MatchPreview{}, err
	}
	out := MatchPreview{Items: []MatchItem{}}
	var some bool
	if err := s.db.Raw("SELECT EXISTS (SELECT 1 FROM contacts)").Scan(&some).Error; err != nil {
		return MatchPreview{}, fmt.Errorf("look for contacts: %w", err)
	}
	if !some {
		return out, nil
	}
	ctx, done := s.matching.Start(s.ctx())
	defer done()
	opts.DefaultCountry = s.defaultCountry()
	m := &matcher{svc: s, out: out, run: &importRun{started: s.now(), name: filepath.Base(path)}}
	err = importer.ReadPrepared(ctx, path, opts.Options, m.run.check, m.add, nil)
	if err == nil {
		err = m.flush()
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		m.out.Cancelled, err = true, nil
	}
	if err != nil {
		return MatchPreview{}, s.readError(path, err)
	}
	return m.out, nil
}

// matcher is the state of one PreviewMatches.
type matcher struct {
	svc     *Service
	run     *importRun
	numbers firstLines
	batch   []staged
	out     MatchPreview
}

func (m *matcher) add(s staged) error {
	if s.problem != "" {
		return nil
	}
	if _, seen := m.numbers.see(s.c.Phone, s.line); seen {
		m.out.Duplicates++
		return nil
	}
	m.out.Rows++
	m.batch = append(m.batch, s)
	if len(m.batch) >= batchSize {
		return m.flush()
	}
	return nil
}

// flush looks up the numbers of the pending rows.
func (m *matcher) flush() error {
	if len(m.batch) == 0 {
		return nil
	}
	phones := make([]string, len(m.batch))
	for i, s := range m.batch {
		phones[i] = s.c.Phone
	}
	known, err := lookupPhones(m.svc.db, phones)
	if err != nil {
		return err
	}
	for _, s := range m.batch {
		k, ok := known[s.c.Phone]
		if !ok {
			continue
		}
		m.out.Matches++
		fill := changesOf(k, mergeInto(k, s.c, MatchesFill))
		overwrite := changesOf(k, mergeInto(k, s.c, MatchesOverwrite))
		if len(fill) > 0 {
			m.out.FillChanges++
		}
		if len(overwrite) > 0 {
			m.out.OverwriteChanges++
		}
		if len(m.out.Items) < maxPreviewMatches {
			m.out.Items = append(m.out.Items, MatchItem{Line: s.line, ID: k.ID, Phone: k.Phone, Name: k.Name,
				Fill: nonNil(fill), Overwrite: nonNil(overwrite)})
		}
	}
	m.batch = m.batch[:0]
	return nil
}

// nonNil gives an empty list for nil, which JSON writes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
