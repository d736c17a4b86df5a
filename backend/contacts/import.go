package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"herald/backend/activity"
	"herald/backend/apperr"
	"herald/backend/contacts/importer"
)

// TopicImportProgress is the event that reports an import as it goes.
const TopicImportProgress = "import:progress"

const (
	// batchSize rows go into one INSERT (see writer.insert).
	batchSize = 500
	// chunkRows rows are committed at a time, so that other writers (the
	// UI, a campaign) wait at most one chunk's writing while a big file
	// imports, and a crash keeps everything committed before it. Each
	// commit has a cost of its own (statements prepared again, the WAL
	// checkpoint), which smaller chunks pay more often (BENCHMARKS.md).
	chunkRows = 20000
	// maxListedErrors bounds the problems returned to the UI; every one of
	// them is in the report file.
	maxListedErrors = 10000
	// maxListedChanges bounds the changed contacts returned to the UI;
	// every one of them is in the changes report.
	maxListedChanges = 1000
)

// ImportOptions says how to read a file; empty fields are detected.
type ImportOptions struct {
	importer.Options
	// SaveMapping remembers Mapping for files with the same columns.
	SaveMapping bool `json:"saveMapping"`
	// Matches says what a row whose number a contact already has does to
	// it: MatchesFill (the default, ""), MatchesOverwrite or MatchesSkip.
	Matches string `json:"matches"`
}

// ImportPreview is what PreviewImport found in a file.
type ImportPreview struct {
	importer.Preview
	// SavedMapping is true when Mapping is one the user saved before.
	SavedMapping bool `json:"savedMapping"`
	// Checks say, for each of Rows, what importing it would do with the
	// mapping asked for (else Mapping).
	Checks []RowCheck `json:"checks"`
}

// RowProblem is a row that was skipped or failed, or a remark on one that
// was imported: by its line, and its name and first number as the file
// has them, so that the person can find it.
type RowProblem struct {
	Line  int    `json:"line"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	// Skipped tells a row left out on purpose (no number at all) from one
	// that failed (a number or a row that cannot be read).
	Skipped bool   `json:"skipped"`
	Message string `json:"message"`
}

// ContactChange is a contact an import changed: the line of the row that
// changed it, the contact as it was, and each field changed.
type ContactChange struct {
	Line   int           `json:"line"`
	ID     int64         `json:"id"`
	Phone  string        `json:"phone"`
	Name   string        `json:"name"`
	Fields []FieldChange `json:"fields"`
}

// ImportResult says what happened to every row.
type ImportResult struct {
	// Run is the import's id, which UndoImport takes.
	Run     int64 `json:"run"`
	Created int64 `json:"created"`
	Updated int64 `json:"updated"`
	// Unchanged counts the rows whose number a contact had and that left
	// it as it was: nothing new, or matching rows skipped.
	Unchanged int64        `json:"unchanged"`
	Skipped   int64        `json:"skipped"`
	Failed    int64        `json:"failed"`
	Errors    []RowProblem `json:"errors"`
	// ErrorsTruncated is set when more problems happened than Errors
	// lists; the report has them all.
	ErrorsTruncated bool `json:"errorsTruncated"`
	// Notes are the imported rows with several numbers, each saying which
	// one became the contact's WhatsApp number (at most maxListedErrors;
	// the report has them all).
	Notes []RowProblem `json:"notes"`
	// Report is the file name, in the exports folder, of a CSV listing
	// every skipped and failed row and every note ("" when there were
	// none).
	Report string `json:"report"`
	// Changes lists the contacts the import changed, at most
	// maxListedChanges of them; ChangesReport, in the exports folder, has
	// them all, a field a line ("" when none changed).
	Changes          []ContactChange `json:"changes"`
	ChangesTruncated bool            `json:"changesTruncated"`
	ChangesReport    string          `json:"changesReport"`
	// UndoUntil is when the import can no longer be undone.
	UndoUntil time.Time `json:"undoUntil"`
	Cancelled bool      `json:"cancelled"`
}

// rows counts the rows the result accounts for.
func (r ImportResult) rows() int64 {
	return r.Created + r.Updated + r.Unchanged + r.Skipped + r.Failed
}

// ImportProgress is the payload of import:progress events.
type ImportProgress struct {
	Done    int64 `json:"done"`  // bytes read
	Total   int64 `json:"total"` // file size
	Rows    int64 `json:"rows"`
	Created int64 `json:"created"`
	Updated int64 `json:"updated"`
	Skipped int64 `json:"skipped"`
	Failed  int64 `json:"failed"`
	// Finished is true on the last event of an import.
	Finished bool `json:"finished"`
}

// PreviewImport detects the format, encoding and columns of the file at
// path and suggests a mapping (the saved one, when these columns have one).
func (s *Service) PreviewImport(path string, opts ImportOptions) (ImportPreview, error) {
	path, err := s.files.Source(path)
	if err != nil {
		return ImportPreview{}, err
	}
	if err := s.awaitReady(); err != nil {
		return ImportPreview{}, err
	}
	opts.DefaultCountry = s.defaultCountry()
	p, err := importer.PreviewFile(s.ctx(), path, opts.Options)
	if err != nil {
		return ImportPreview{}, s.readError(path, err)
	}
	out := ImportPreview{Preview: p}
	if saved := s.savedMapping(p); saved != nil && len(opts.Mapping) == 0 {
		out.Mapping, out.SavedMapping = saved, true
	}
	mapping := opts.Mapping
	if len(mapping) == 0 {
		mapping = out.Mapping
	}
	out.Checks = s.checkRows(p, mapping)
	return out, nil
}

// CancelImport stops the import that is running, keeping the rows it has
// imported so far, and the checks of files against the book
// (PreviewMatches).
func (s *Service) CancelImport() {
	s.matching.CancelAll()
	s.importMu.Lock()
	defer s.importMu.Unlock()
	if s.cancelImport != nil {
		s.cancelImport()
	}
}

// Import adds the contacts of the file at path. Good rows are imported
// whatever happens to the others; a number already in the book updates its
// contact as opts.Matches says, and a number an earlier row of the file
// had is a duplicate, left out. Every skipped or failed row is listed by
// its line, every contact changed with what changed.
func (s *Service) Import(path string, opts ImportOptions) (ImportResult, error) {
	path, err := s.files.Source(path)
	if err != nil {
		return ImportResult{}, err
	}
	if err := s.awaitReady(); err != nil {
		return ImportResult{}, err
	}
	ctx, cancel := context.WithCancel(s.ctx())
	defer cancel()
	s.importMu.Lock()
	if s.cancelImport != nil {
		s.importMu.Unlock()
		return ImportResult{}, apperr.Conflict("Another import is running. Wait for it to finish or cancel it.")
	}
	if s.held {
		s.importMu.Unlock()
		return ImportResult{}, apperr.Conflict("Herald is restoring a backup. Import the file once the restore is done.")
	}
	s.cancelImport = cancel
	s.importing.Add(1)
	s.importMu.Unlock()
	defer func() {
		s.importMu.Lock()
		s.cancelImport = nil
		s.importMu.Unlock()
		s.importing.Done()
	}()

	matches, err := matchMode(opts.Matches)
	if err != nil {
		return ImportResult{}, err
	}
	opts.DefaultCountry = s.defaultCountry()
	preview, err := importer.PreviewFile(ctx, path, opts.Options)
	if err != nil && ctx.Err() != nil {
		// Cancelled before the first row: nothing was imported.
		return ImportResult{Errors: []RowProblem{}, Notes: []RowProblem{}, Cancelled: true}, nil
	}
	if err != nil {
		return ImportResult{}, s.readError(path, err)
	}
	if len(opts.Mapping) == 0 {
		opts.Mapping = s.savedMapping(preview)
	} else if opts.SaveMapping {
		if err := s.saveMapping(preview, opts.Mapping); err != nil {
			return ImportResult{}, err
		}
	}
	run := &importRun{svc: s, started: s.now(), name: filepath.Base(path), matches: matches,
		result: ImportResult{Errors: []RowProblem{}, Notes: []RowProblem{}, Changes: []ContactChange{}}}
	defer run.closeReport()
	if run.id, err = s.beginRun(run.name, run.started); err != nil {
		return ImportResult{}, err
	}
	run.result.Run = run.id
	defer s.endRun(run.id)
	plan := s.planImport(path)
	run.intoEmpty, run.numbers = plan.Empty, newFirstLines(plan.Rows)
	if run.bulk = plan.Bulk; run.bulk {
		if err := s.beginBulk(); err != nil {
			return ImportResult{}, err
		}
		// Whatever happens below, the indexes come back before Import returns.
		defer func() {
			if err := s.endBulk(run.ownIndexFailed, run.indexesBack); err != nil {
				s.log.Error("rebuild indexes after import", "err", err)
			}
		}()
		if run.ownIndex, err = s.startImportIndex(); err != nil {
			return ImportResult{}, err
		}
		// The import's own index becomes the book's, or, if it failed, the book's
		// index is rebuilt (endBulk above runs after this).
		defer func() {
			if run.ownIndex == nil {
				return
			}
			// The book's indexes are built while the import's own index takes its
			// last batches and merges: each has a core.
			built := make(chan error, 1)
			go func() { built <- s.restoreIndexes() }()
			err := run.ownIndex.Finish()
			if berr := <-built; berr == nil {
				run.indexesBack = true
			} else {
				s.log.Error("rebuild indexes after import", "err", berr)
			}
			if err == nil {
				err = s.adoptImportIndex(run.ownIndex)
			} else {
				run.ownIndex.Discard()
			}
			if err != nil {
				s.log.Error("search index of the import", "err", err)
				run.ownIndexFailed = true
			}
		}()
	} else if plan.WithoutTriggers {
		resume, err := s.writeWithoutOrderTriggers()
		if err != nil {
			return ImportResult{}, err
		}
		defer resume()
	}
	err = importer.ReadPrepared(ctx, path, opts.Options, run.stage, run.add, run.progress)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// Every batch written so far is whole: keep it, and say so.
		run.result.Cancelled, err = true, nil
		run.dropPending()
	}
	if err == nil {
		err = run.flush(true)
	}
	if err != nil {
		run.abort()
		err = s.readError(path, err)
		s.recordFailedImport(run, err)
		return ImportResult{}, err
	}
	run.closeReport()
	run.progressEvent(true)
	run.result.UndoUntil = s.now().AddDate(0, 0, undoDays)
	s.recordImport(run)
	return run.result, nil
}

// readError says in plain words why the file at path could not be read:
// the importer's own words for a file it cannot take, or, for a failure of
// the disk or the database, a sentence for the user and the details in the
// log.
func (s *Service) readError(path string, err error) error {
	name := filepath.Base(path)
	var problem *importer.Problem
	switch {
	case apperr.KindOf(err) != 0:
		return err
	case errors.As(err, &problem):
		return apperr.Invalid("Herald could not read %s: %s.", name, strings.TrimSuffix(problem.Error(), "."))
	case errors.Is(err, fs.ErrNotExist):
		return apperr.NotFound("There is no file %s: it may have been moved or deleted.", name)
	case errors.Is(err, fs.ErrPermission):
		return apperr.Invalid("Herald is not allowed to read %s: check that the file is yours, or copy it to your Documents folder.", name)
	}
	s.log.Error("read contact file", "file", name, "err", err)
	return apperr.Invalid("Herald could not read %s: the file may be damaged, or not a contact file (CSV, Excel or vCard). herald.log has the details.", name)
}

// recordFailedImport tells the activity log of an import that stopped on an
// error, with the rows it committed before: they stay, and importing the
// file again updates them.
func (s *Service) recordFailedImport(run *importRun, err error) {
	summary := message.NewPrinter(language.English).Sprintf("Import of %s stopped after %d rows: %s", run.name, run.committed, err)
	_, _ = s.activity.RecordRef("contacts", "import failed", summary, "", activity.ImportRef(run.id, run.result.Report))
}

func (s *Service) recordImport(run *importRun) {
	r := run.result
	verb := "Imported"
	if r.Cancelled {
		verb = "Stopped importing"
	}
	summary := fmt.Sprintf("%s %s: %d created, %d updated, %d skipped, %d failed", verb, run.name, r.Created, r.Updated, r.Skipped, r.Failed)
	if r.Unchanged > 0 {
		summary += fmt.Sprintf(", %d already in your contacts left as they were", r.Unchanged)
	}
	detail, _ := json.Marshal(r)
	if len(detail) > 4096 {
		detail, _ = json.Marshal(map[string]int64{"run": r.Run, "created": r.Created, "updated": r.Updated, "unchanged": r.Unchanged, "skipped": r.Skipped, "failed": r.Failed})
	}
	_, _ = s.activity.RecordRef("contacts", "imported", summary, string(detail), activity.ImportRef(run.id, r.Report))
}
