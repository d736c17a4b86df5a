package contacts

// The run of one import: the rows it has taken, checked and written, its
// transaction of the moment, its report of problem rows and its progress
// events. Import (import.go) decides how the file is read and written.

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"herald/backend/contacts/importer"
	"herald/backend/contacts/internal/search"
	"herald/backend/sheet"
	"herald/backend/store"
	"herald/backend/winpath"
)

// importRun is the state of one import.
type importRun struct {
	svc *Service
	// id is the run's row in import_runs (importruns.go); committed counts
	// the rows whose outcome is committed.
	id        int64
	committed int64
	name      string
	started   time.Time
	result    ImportResult
	batch     []Contact
	enc       []encoded
	lines     []int
	tx        *gorm.DB
	w         *writer
	bulk      bool
	// intoEmpty is set when the book had no contact as the import began.
	intoEmpty bool
	// matches is how rows whose number a contact has are merged (merge.go).
	matches string
	// ownIndex is the import's own search index (search.ImportIndex);
	// ownIndexFailed asks for the book's index to be rebuilt instead.
	ownIndex       *search.ImportIndex
	ownIndexFailed bool
	// indexesBack is set once the book's indexes are rebuilt.
	indexesBack bool
	inChunk     int
	// chunk is what the chunk not yet committed did, for the run's undo.
	chunk runChunk
	// ahead is the batch whose numbers are being looked up while the
	// writer writes the one before it.
	ahead *pendingBatch
	// numbers holds the line of each number the file has had so far.
	numbers firstLines
	// report lists every problem row, changes every contact changed; each
	// is created on its first row.
	report, changes csvReport
	lastEvent       time.Time
	done, size      int64
}

// staged is a record of the file checked and encoded for the writer.
type staged struct {
	line int
	// name and phone are the row's name and first number as the file has
	// them, for its problem or note.
	name, phone string
	// problem is why the row is skipped (skip) or failed; "" for a good row.
	problem string
	skip    bool
	// note is the record's Note: which of its numbers was chosen.
	note string
	c    Contact
	enc  encoded
}

// stage turns a record into a contact, checked, and encoded when the
// import inserts first. The reader's workers call it, in parallel: it only
// reads the run's fixed fields. Other imports encode only the rows whose
// numbers are new, once they are looked up (lookUpAhead).
func (r *importRun) stage(rec importer.Record) staged {
	s := r.check(rec)
	if s.problem == "" && r.insertsFirst() {
		s.enc = encode(s.c)
	}
	return s
}

// check turns a record into a contact, checked; like stage, it only reads
// the run's fixed fields.
func (r *importRun) check(rec importer.Record) staged {
	if rec.Problem != "" {
		return staged{line: rec.Line, name: rec.Name, phone: rec.RawPhone, problem: rec.Problem, skip: rec.Skip}
	}
	c := recordContact(rec)
	if err := tidy(&c); err != nil {
		return staged{line: rec.Line, name: rec.Name, phone: rec.RawPhone, problem: err.Error()}
	}
	if c.OptedOut {
		at := r.started
		c.OptedOutAt, c.OptedOutReason = &at, "imported from "+r.name
	}
	return staged{line: rec.Line, name: rec.Name, phone: rec.RawPhone, note: rec.Note, c: c}
}

func (r *importRun) add(s staged) error {
	if s.problem != "" {
		if s.skip {
			r.result.Skipped++
		} else {
			r.result.Failed++
		}
		return r.problem(RowProblem{Line: s.line, Name: s.name, Phone: s.phone, Skipped: s.skip, Message: s.problem})
	}
	if first, seen := r.numbers.see(s.c.Phone, s.line); seen {
		r.result.Skipped++
		return r.problem(RowProblem{Line: s.line, Name: s.name, Phone: s.phone, Skipped: true, Message: duplicateProblem(s.c.Phone, first)})
	}
	if s.note != "" {
		if err := r.noted(RowProblem{Line: s.line, Name: s.name, Phone: s.phone, Message: s.note}); err != nil {
			return err
		}
	}
	if r.batch == nil {
		// A whole batch's room at once: grown row by row, the writer
		// would copy each batch several times over.
		r.batch, r.enc, r.lines = make([]Contact, 0, batchSize), make([]encoded, 0, batchSize), make([]int, 0, batchSize)
	}
	r.batch = append(r.batch, s.c)
	r.enc = append(r.enc, s.enc)
	r.lines = append(r.lines, s.line)
	if len(r.batch) >= batchSize {
		return r.flush(false)
	}
	return nil
}

// insertsFirst tells an import into a book that was empty, which inserts
// before it looks any number up.
func (r *importRun) insertsFirst() bool {
	return r.ownIndex != nil && r.intoEmpty
}

// flush writes the pending batch; commit also ends the transaction. Unless
// the import inserts first, a batch's numbers are looked up while the
// writer writes the batch before it, and the batch is written on the next
// flush.
func (r *importRun) flush(commit bool) error {
	if len(r.batch) > 0 {
		b := &pendingBatch{cs: r.batch, enc: r.enc, lines: r.lines}
		r.batch, r.enc, r.lines = nil, nil, nil
		if !r.insertsFirst() {
			r.lookUpAhead(b)
			b, r.ahead = r.ahead, b
		}
		if err := r.write(b); err != nil {
			return err
		}
	}
	if commit {
		b := r.ahead
		r.ahead = nil
		if err := r.write(b); err != nil {
			return err
		}
	}
	if r.tx != nil && (commit || r.inChunk >= chunkRows) {
		if err := r.w.flush(); err != nil {
			return fmt.Errorf("import tags: %w", err)
		}
		if err := r.svc.orders.Split(r.tx); err != nil {
			return err
		}
		res := r.result
		done := res.rows()
		r.chunk.rows, r.chunk.created, r.chunk.updated = done, res.Created, res.Updated
		if err := commitChunk(r.tx, r.id, &r.chunk); err != nil {
			return err
		}
		if err := r.tx.Commit().Error; err != nil {
			return fmt.Errorf("commit import: %w", err)
		}
		r.committed = done
		r.tx, r.w, r.inChunk = nil, nil, 0
	}
	return nil
}

// write writes the batch b, if any, in the chunk's transaction.
func (r *importRun) write(b *pendingBatch) error {
	if b == nil {
		return nil
	}
	seen := b.lookedUp()
	if r.tx == nil {
		r.tx = r.svc.db.Begin()
		if r.tx.Error != nil {
			return fmt.Errorf("begin import: %w", r.tx.Error)
		}
		mode := writeImport
		if r.ownIndex != nil {
			mode = writeImportOwnIndex
		}
		r.w = newWriter(r.tx, r.started, mode, r.ownIndex)
		r.w.matches = r.matches
		r.w.undoRun = r.id
		// Into an empty book nearly every number is new.
		r.w.insertFirst = r.insertsFirst()
	}
	out, err := r.w.upsertSeen(b.cs, b.enc, seen)
	if err != nil {
		return fmt.Errorf("import rows from line %d: %w", b.lines[0], err)
	}
	for i, o := range out {
		switch {
		case o.Created:
			r.result.Created++
			r.chunk.createdIDs = append(r.chunk.createdIDs, o.ID)
		case o.Before != nil:
			r.result.Updated++
			if err := r.changed(b.lines[i], *o.Before, o.Fields); err != nil {
				return err
			}
		default:
			r.result.Unchanged++
		}
	}
	r.inChunk += len(b.cs)
	return nil
}

// abort drops the chunk not yet committed after an error; the chunks
// before it stay imported, and importing the file again updates them.
func (r *importRun) abort() {
	r.dropPending()
	if r.tx != nil {
		r.tx.Rollback()
		r.tx = nil
	}
	r.chunk.createdIDs = nil
}

func (r *importRun) problem(p RowProblem) error {
	if len(r.result.Errors) < maxListedErrors {
		r.result.Errors = append(r.result.Errors, p)
	} else {
		r.result.ErrorsTruncated = true
	}
	outcome := "Failed"
	if p.Skipped {
		outcome = "Skipped"
	}
	return r.reported(p, outcome)
}

// noted lists the remark p on an imported row.
func (r *importRun) noted(p RowProblem) error {
	if len(r.result.Notes) < maxListedErrors {
		r.result.Notes = append(r.result.Notes, p)
	}
	return r.reported(p, "Imported")
}

// reported writes p to the report, as what happened to its row.
func (r *importRun) reported(p RowProblem, outcome string) error {
	if r.report.w == nil {
		name, err := r.report.open(r, "import-problems", "Line", "Name", "Phone", "Outcome", "What to do")
		if err != nil {
			return err
		}
		r.result.Report = name
	}
	return r.report.w.Write([]string{fmt.Sprint(p.Line), p.Name, p.Phone, outcome, p.Message})
}

// changed records that the row at line changed the fields of the contact
// before, for the summary and the changes report (the writer kept what it
// held for the run's undo).
func (r *importRun) changed(line int, before Contact, fields []FieldChange) error {
	if len(r.result.Changes) < maxListedChanges {
		r.result.Changes = append(r.result.Changes, ContactChange{Line: line, ID: before.ID, Phone: before.Phone, Name: before.Name, Fields: fields})
	} else {
		r.result.ChangesTruncated = true
	}
	if r.changes.w == nil {
		name, err := r.changes.open(r, "import-changes", "Line", "Phone", "Name", "Field", "Before", "After")
		if err != nil {
			return err
		}
		r.result.ChangesReport = name
	}
	for _, f := range fields {
		if err := r.changes.w.Write([]string{fmt.Sprint(line), before.Phone, before.Name, f.Field, f.Before, f.After}); err != nil {
			return err
		}
	}
	return nil
}

// csvReport is a CSV file an import writes in the exports folder.
type csvReport struct {
	f *os.File
	w *csv.Writer
}

// open creates the report named after kind, the run's file and its start,
// with the header row header, and returns its name.
func (c *csvReport) open(r *importRun, kind string, header ...string) (string, error) {
	dir := r.svc.exportDir
	if dir == "" {
		dir = os.TempDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create report folder: %w", err)
	}
	base := strings.TrimSuffix(r.name, filepath.Ext(r.name))
	name := fmt.Sprintf("%s-%s-%s.csv", kind, safeBase(base), r.started.Format("20060102-150405"))
	// The rows quoted in it are contacts: only the user may read them.
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, store.PrivateFile)
	if err != nil {
		return "", fmt.Errorf("create import report: %w", err)
	}
	w, err := sheet.NewCSV(f)
	if err != nil {
		f.Close()
		return "", fmt.Errorf("create import report: %w", err)
	}
	c.f, c.w = f, w
	return name, c.w.Write(header)
}

func (c *csvReport) close() {
	if c.f != nil {
		c.w.Flush()
		c.f.Close()
		c.f = nil
	}
}

func (r *importRun) closeReport() {
	r.report.close()
	r.changes.close()
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
		Done: r.done, Total: r.size, Rows: res.rows(),
		Created: res.Created, Updated: res.Updated, Skipped: res.Skipped, Failed: res.Failed, Finished: finished,
	})
}

// safeBase is an imported file's name as part of the report's name: valid
// on Windows, spaces as _, and at most 40 UTF-16 units cut between two
// characters (a cut inside one made a name the browser could not ask for).
func safeBase(s string) string {
	return winpath.CleanName(strings.ReplaceAll(s, " ", "_"), 40)
}
