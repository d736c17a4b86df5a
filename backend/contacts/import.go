package contacts

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/apperr"
	"herald/backend/contacts/importer"
	"herald/backend/sheet"
	"herald/backend/store"
	"herald/backend/winpath"
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

// importRun is the state of one import.
type importRun struct {
	svc *Service
	// id is the run's row in import_runs (importruns.go).
	id      int64
	name    string
	started time.Time
	result  ImportResult
	batch   []Contact
	enc     []encoded
	lines   []int
	tx      *gorm.DB
	w       *writer
	bulk    bool
	// side builds the search index beside the import (search_side.go);
	// sideFailed asks for the index to be rebuilt instead.
	side       *sideIndex
	sideFailed bool
	// indexesBack is set once the book's indexes are rebuilt.
	indexesBack bool
	inChunk     int
	// report lists every problem row; created on the first one.
	report     *os.File
	reportCSV  *csv.Writer
	lastEvent  time.Time
	done, size int64
}

// staged is a record of the file checked and encoded for the writer.
type staged struct {
	line int
	// problem is why the row is skipped (skip) or failed; "" for a good row.
	problem string
	skip    bool
	c       Contact
	enc     encoded
}

// stage turns a record into a contact, checked and encoded. The reader's
// workers call it, in parallel: it only reads the run's fixed fields.
func (r *importRun) stage(rec importer.Record) staged {
	if rec.Problem != "" {
		return staged{line: rec.Line, problem: rec.Problem, skip: rec.Skip}
	}
	c := Contact{Name: rec.Name, Phone: rec.Phone, Email: rec.Email, Company: rec.Company, Notes: rec.Notes,
		Tags: rec.Tags, CustomFields: rec.Custom, OptedOut: rec.OptedOut}
	if err := tidy(&c); err != nil {
		return staged{line: rec.Line, problem: err.Error()}
	}
	if c.OptedOut {
		at := r.started
		c.OptedOutAt, c.OptedOutReason = &at, "imported from "+r.name
	}
	return staged{line: rec.Line, c: c, enc: encode(c)}
}

func (r *importRun) add(s staged) error {
	if s.problem != "" {
		if s.skip {
			r.result.Skipped++
		} else {
			r.result.Failed++
		}
		return r.problem(s.line, s.problem)
	}
	r.batch = append(r.batch, s.c)
	r.enc = append(r.enc, s.enc)
	r.lines = append(r.lines, s.line)
	if len(r.batch) >= batchSize {
		return r.flush(false)
	}
	return nil
}

// flush writes the pending batch; commit also ends the transaction.
func (r *importRun) flush(commit bool) error {
	if len(r.batch) > 0 {
		if r.tx == nil {
			r.tx = r.svc.db.Begin()
			if r.tx.Error != nil {
				return fmt.Errorf("begin import: %w", r.tx.Error)
			}
			r.w = newWriter(r.tx, r.started)
			r.w.side, r.w.insertFirst, r.w.deferLinks = r.side, r.side != nil, true
		}
		out, err := r.w.upsert(r.batch, r.enc)
		if err != nil {
			return fmt.Errorf("import rows from line %d: %w", r.lines[0], err)
		}
		for _, o := range out {
			if o.Created {
				r.result.Created++
			} else {
				r.result.Updated++
			}
		}
		r.inChunk += len(r.batch)
		r.batch, r.enc, r.lines = r.batch[:0], r.enc[:0], r.lines[:0]
	}
	if r.tx != nil && (commit || r.inChunk >= chunkRows) {
		if err := r.w.flushLinks(); err != nil {
			return fmt.Errorf("import tags: %w", err)
		}
		if err := splitOrder(r.tx); err != nil {
			return err
		}
		res := r.result
		if err := commitRows(r.tx, r.id, res.Created+res.Updated+res.Skipped+res.Failed); err != nil {
			return err
		}
		if err := r.tx.Commit().Error; err != nil {
			return fmt.Errorf("commit import: %w", err)
		}
		r.tx, r.w, r.inChunk = nil, nil, 0
	}
	return nil
}

// abort drops the chunk not yet committed after an error; the chunks
// before it stay imported, and importing the file again updates them.
func (r *importRun) abort() {
	if r.tx != nil {
		r.tx.Rollback()
		r.tx = nil
	}
}

func (r *importRun) problem(line int, msg string) error {
	if len(r.result.Errors) < maxListedErrors {
		r.result.Errors = append(r.result.Errors, RowProblem{Line: line, Message: msg})
	} else {
		r.result.ErrorsTruncated = true
	}
	if r.report == nil {
		if err := r.openReport(); err != nil {
			return err
		}
	}
	return r.reportCSV.Write([]string{fmt.Sprint(line), msg})
}

func (r *importRun) openReport() error {
	dir := r.svc.exportDir
	if dir == "" {
		dir = os.TempDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create report folder: %w", err)
	}
	base := strings.TrimSuffix(r.name, filepath.Ext(r.name))
	name := fmt.Sprintf("import-problems-%s-%s.csv", safeBase(base), r.started.Format("20060102-150405"))
	// The rows quoted in it are contacts: only the user may read them.
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, store.PrivateFile)
	if err != nil {
		return fmt.Errorf("create import report: %w", err)
	}
	w, err := sheet.NewCSV(f)
	if err != nil {
		f.Close()
		return fmt.Errorf("create import report: %w", err)
	}
	r.report, r.reportCSV, r.result.Report = f, w, name
	return r.reportCSV.Write([]string{"Line", "Problem"})
}

func (r *importRun) closeReport() {
	if r.report != nil {
		r.reportCSV.Flush()
		r.report.Close()
		r.report = nil
	}
}

func (r *importRun) progress(done, total int64) {
	r.done, r.size = done, total
	r.progressEvent(false)
}

func (r *importRun) progressEvent(finished bool) {
	now := time.Now()
	if !finished && now.Sub(r.lastEvent) < 250*time.Millisecond {
		return
	}
	r.lastEvent = now
	res := r.result
	r.svc.emitter.Emit(TopicImportProgress, ImportProgress{
		Done: r.done, Total: r.size, Rows: res.Created + res.Updated + res.Skipped + res.Failed,
		Created: res.Created, Updated: res.Updated, Skipped: res.Skipped, Failed: res.Failed, Finished: finished,
	})
}

// safeBase is an imported file's name as part of the report's name: valid
// on Windows, spaces as _, and at most 40 UTF-16 units cut between two
// characters (a cut inside one made a name the browser could not ask for).
func safeBase(s string) string {
	return winpath.CleanName(strings.ReplaceAll(s, " ", "_"), 40)
}
