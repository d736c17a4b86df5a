package search

// The runs of documents an import's index has not written yet
// (applyIndex): documents of consecutive ids are joined into one
// statement's.

import (
	"database/sql"
	"encoding/json"
	"strings"
)

// maxOpenRuns is how many runs of ids applyIndex keeps open at once.
const maxOpenRuns = 4

// openRuns are the runs of documents not written yet, each of
// consecutive ids.
type openRuns struct {
	runs []*joinedRun
}

// add joins run to the open run its ids follow, or opens one for it,
// writing (with write) any run that is full or that makes way for it.
func (o *openRuns) add(run DocRun, write func(*joinedRun) error) error {
	var to *joinedRun
	for _, r := range o.runs {
		if r.first+r.count == run.First {
			to = r
			break
		}
	}
	if to == nil {
		if len(o.runs) == maxOpenRuns {
			// The oldest gives way.
			if err := write(o.runs[0]); err != nil {
				return err
			}
			o.runs = o.runs[1:]
		}
		to = &joinedRun{}
		o.runs = append(o.runs, to)
	}
	to.join(run)
	if to.count >= runDocs {
		return o.close(to, write)
	}
	return nil
}

// close writes the open run r and forgets it.
func (o *openRuns) close(r *joinedRun, write func(*joinedRun) error) error {
	for i, open := range o.runs {
		if open == r {
			o.runs = append(o.runs[:i], o.runs[i+1:]...)
			break
		}
	}
	return write(r)
}

// flush writes every open run.
func (o *openRuns) flush(write func(*joinedRun) error) error {
	for _, r := range o.runs {
		if err := write(r); err != nil {
			return err
		}
	}
	o.runs = o.runs[:0]
	return nil
}

// holdsAny tells whether an open run or the index (through exists, which
// takes the JSON array) has any of the ids of the JSON array ids.
func (o *openRuns) holdsAny(ids string, exists *sql.Stmt) (bool, error) {
	if len(o.runs) > 0 {
		var list []int64
		if err := json.Unmarshal([]byte(ids), &list); err != nil {
			return false, err
		}
		for _, id := range list {
			for _, r := range o.runs {
				if id >= r.first && id < r.first+r.count {
					return true, nil
				}
			}
		}
	}
	var held bool
	err := exists.QueryRow(ids).Scan(&held)
	return held, err
}

// joinedRun is DocRuns of consecutive ids joined into one.
type joinedRun struct {
	docs         strings.Builder
	first, count int64
}

// join appends run (not empty), whose ids follow the joined ones if
// there are any.
func (j *joinedRun) join(run DocRun) {
	if j.count == 0 {
		// Room for a whole run of documents the size of these.
		j.docs.Grow(len(run.Docs) * int(runDocs/run.Count+1))
		j.first = run.First
		j.docs.WriteString(run.Docs[:len(run.Docs)-1])
	} else {
		j.docs.WriteByte(',')
		j.docs.WriteString(run.Docs[1 : len(run.Docs)-1])
	}
	j.count += run.Count
}

// take returns the joined documents as a JSON array and the first id, and
// empties j.
func (j *joinedRun) take() (docs string, first int64) {
	j.docs.WriteByte(']')
	docs, first = j.docs.String(), j.first
	j.docs.Reset()
	j.count = 0
	return docs, first
}
