package importer

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"time"
)

const (
	// batchSize drafts travel together, so that channel operations cost
	// little next to the ~15–40 µs of parsing each number.
	batchSize = 64
	// queuedBatches is how many batches may wait for the caller: ~2,000
	// records, a few hundred KB.
	queuedBatches = 32
	// reportEvery throttles progress reports to a few a second.
	reportEvery = 200 * time.Millisecond
)

// batch is a run of consecutive drafts. done is closed once out is filled.
type batch[T any] struct {
	in   []draft
	out  []T
	done chan struct{}
}

// run reads src on one goroutine, normalises phone numbers and applies
// prepare on a pool of workers, and hands the results to fn in file order
// on the calling goroutine. Batches are queued in file order on a buffered
// channel of queuedBatches, so memory stays bounded whatever the file.
func run[T any](parent context.Context, src source, region string, prepare func(Record) T, fn func(T) error, report func(done, total int64)) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	// The caller takes records in bursts (an import writes 500 at a time):
	// the queue holds a few bursts, so that reading runs ahead while the
	// caller writes and the caller never waits on it.
	work := make(chan *batch[T], queuedBatches)
	ordered := make(chan *batch[T], queuedBatches)

	var wg sync.WaitGroup
	var readErr error // written by the reader before it closes ordered
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(work)
		defer close(ordered)
		readErr = produce(ctx, src, work, ordered)
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.out = make([]T, len(b.in))
				for i, d := range b.in {
					b.out[i] = prepare(finish(d, region))
				}
				b.in = nil
				close(b.done)
			}
		}()
	}

	err := consume(ctx, src, ordered, fn, report)
	cancel()
	// Drain so that a blocked reader or worker can finish, then wait for all.
	for range ordered {
	}
	wg.Wait()
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	return parent.Err()
}

// produce reads drafts into batches and queues each one twice: on ordered,
// which fixes its place in the output, and on work, for a worker.
func produce[T any](ctx context.Context, src source, work, ordered chan<- *batch[T]) error {
	b := &batch[T]{done: make(chan struct{})}
	send := func() bool {
		select {
		case ordered <- b:
		case <-ctx.Done():
			return false
		}
		select {
		case work <- b:
		case <-ctx.Done():
			return false
		}
		b = &batch[T]{done: make(chan struct{}), in: make([]draft, 0, batchSize)}
		return true
	}
	for {
		d, err := src.next()
		if errors.Is(err, io.EOF) {
			if len(b.in) > 0 {
				send()
			}
			return nil
		}
		if err != nil {
			return err
		}
		b.in = append(b.in, d)
		if len(b.in) == batchSize && !send() {
			return nil
		}
	}
}

// consume waits for each batch in order and hands its records to fn.
func consume[T any](ctx context.Context, src source, ordered <-chan *batch[T], fn func(T) error, report func(done, total int64)) error {
	last := time.Now()
	for b := range ordered {
		select {
		case <-b.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		for _, r := range b.out {
			if err := fn(r); err != nil {
				return err
			}
		}
		if report != nil && time.Since(last) >= reportEvery {
			last = time.Now()
			report(src.progress())
		}
	}
	if report != nil && ctx.Err() == nil {
		_, total := src.progress()
		report(total, total)
	}
	return nil
}
