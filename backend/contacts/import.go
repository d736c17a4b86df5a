package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"herald/backend/apperr"
	"herald/backend/contacts/importer"
)

// TopicImportProgress is the event that reports an import as it goes.
const TopicImportProgress = "import:progress"

const (
	// batchSize rows go into one INSERT (see writer.insert).
	batchSize = 500
	// chunkRows rows are committed at a time, so that other writers (the
	// UI, a campaign) wait at most a moment while a big file imports, and
	// a crash keeps everything committed before it.
	chunkRows = 5000
	// importGCPercent is the collector's pace while an import runs
	// (GOGC; Go's default is 100).
	importGCPercent = 400
	// maxListedErrors bounds the problems returned to the UI; every one of
	// them is in the report file.
	maxListedErrors = 10000
)

// ImportOptions says how to read a file; empty fields are detected.
type ImportOptions struct {
	importer.Options
	// SaveMapping remembers Mapping for files with the same columns.
	SaveMapping bool `json:"saveMapping"`
}

// ImportPreview is what PreviewImport found in a file.
type ImportPreview struct {
	importer.Preview
	// SavedMapping is true when Mapping is one the user saved before.
	SavedMapping bool `json:"savedMapping"`
}

// RowProblem is a row that was skipped or failed, by its line in the file.
type RowProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportResult says what happened to every row.
type ImportResult struct {
	Created int64        `json:"created"`
	Updated int64        `json:"updated"`
	Skipped int64        `json:"skipped"`
	Failed  int64        `json:"failed"`
	Errors  []RowProblem `json:"errors"`
	// ErrorsTruncated is set when more problems happened than Errors
	// lists; the report has them all.
	ErrorsTruncated bool `json:"errorsTruncated"`
	// Report is the file name, in the exports folder, of a CSV listing
	// every skipped and failed row ("" when there were none).
	Report    string `json:"report"`
	Cancelled bool   `json:"cancelled"`
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
		return ImportPreview{}, readError(path, err)
	}
	out := ImportPreview{Preview: p}
	if saved := s.savedMapping(p); saved != nil && len(opts.Mapping) == 0 {
		out.Mapping, out.SavedMapping = saved, true
	}
	return out, nil
}

// CancelImport stops the import that is running, keeping the rows it has
// imported so far.
func (s *Service) CancelImport() {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	if s.cancelImport != nil {
		s.cancelImport()
	}
}

// Import adds the contacts of the file at path. Good rows are imported
// whatever happens to the others; numbers already in the book update their
// contact. Every skipped or failed row is listed by its line.
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
	s.cancelImport = cancel
	s.importMu.Unlock()
	defer func() {
		s.importMu.Lock()
		s.cancelImport = nil
		s.importMu.Unlock()
	}()

	opts.DefaultCountry = s.defaultCountry()
	preview, err := importer.PreviewFile(ctx, path, opts.Options)
	if err != nil && ctx.Err() != nil {
		// Cancelled before the first row: nothing was imported.
		return ImportResult{Errors: []RowProblem{}, Cancelled: true}, nil
	}
	if err != nil {
		return ImportResult{}, readError(path, err)
	}
	if len(opts.Mapping) == 0 {
		opts.Mapping = s.savedMapping(preview)
	} else if opts.SaveMapping {
		if err := s.saveMapping(preview, opts.Mapping); err != nil {
			return ImportResult{}, err
		}
	}
	// A big import allocates a few hundred bytes per row, which the
	// collector chases at the default pace of one collection each time a
	// ~10 MB heap doubles, taking a core's share from the writer and the
	// search index. A quarter as many collections made a 1M-row import
	// 20-50% faster, for a peak heap of ~45 MB instead of ~15, the same
	// for 200,000 rows as for a million (BENCHMARKS.md). Only one import
	// runs at a time.
	defer debug.SetGCPercent(debug.SetGCPercent(importGCPercent))
	run := &importRun{svc: s, started: s.now(), result: ImportResult{Errors: []RowProblem{}}, name: filepath.Base(path)}
	defer run.closeReport()
	if run.id, err = s.beginRun(run.name, run.started); err != nil {
		return ImportResult{}, err
	}
	defer s.endRun(run.id)
	plan := s.planImport(path)
	if run.bulk = plan.bulk; run.bulk {
		if err := s.beginBulk(); err != nil {
			return ImportResult{}, err
		}
		// Whatever happens below, the indexes come back before Import returns.
		defer func() {
			if err := s.endBulk(run.sideFailed, run.indexesBack); err != nil {
				s.log.Error("rebuild indexes after import", "err", err)
			}
		}()
		if plan.empty {
			if run.side, err = s.startSideIndex(); err != nil {
				return ImportResult{}, err
			}
		}
		// The side index becomes the book's, or, if it failed, the book's
		// index is rebuilt (endBulk above runs after this).
		defer func() {
			if run.side == nil {
				return
			}
			// The book's indexes are built while the side index takes its
			// last batches and merges: each has a core.
			built := make(chan error, 1)
			go func() { built <- s.restoreIndexes() }()
			err := run.side.finish()
			if berr := <-built; berr == nil {
				run.indexesBack = true
			} else {
				s.log.Error("rebuild indexes after import", "err", berr)
			}
			if err == nil {
				err = s.adoptSideIndex(run.side)
			} else {
				run.side.discard()
			}
			if err != nil {
				s.log.Error("search index of the import", "err", err)
				run.sideFailed = true
			}
		}()
	} else if plan.cutOrder {
		resume, err := s.pauseOrder()
		if err != nil {
			return ImportResult{}, err
		}
		defer resume()
	}
	err = importer.ReadPrepared(ctx, path, opts.Options, run.stage, run.add, run.progress)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// Every batch written so far is whole: keep it, and say so.
		run.result.Cancelled, err = true, nil
		run.batch, run.enc, run.lines = run.batch[:0], run.enc[:0], run.lines[:0]
	}
	if err == nil {
		err = run.flush(true)
	}
	if err != nil {
		run.abort()
		return ImportResult{}, readError(path, err)
	}
	run.closeReport()
	run.progressEvent(true)
	s.recordImport(run)
	return run.result, nil
}

func readError(path string, err error) error {
	if apperr.KindOf(err) != 0 {
		return err
	}
	if errors.Is(err, os.ErrNotExist) {
		return apperr.NotFound("There is no file %s.", path)
	}
	return apperr.Invalid("Herald could not read %s: %v", filepath.Base(path), err)
}

func (s *Service) recordImport(run *importRun) {
	r := run.result
	verb := "Imported"
	if r.Cancelled {
		verb = "Stopped importing"
	}
	summary := fmt.Sprintf("%s %s: %d created, %d updated, %d skipped, %d failed", verb, run.name, r.Created, r.Updated, r.Skipped, r.Failed)
	detail, _ := json.Marshal(r)
	if len(detail) > 4096 {
		detail, _ = json.Marshal(map[string]int64{"created": r.Created, "updated": r.Updated, "skipped": r.Skipped, "failed": r.Failed})
	}
	_, _ = s.activity.RecordDetail("contacts", "imported", summary, string(detail))
}
