// Package worker is the distributed mode's ingest half of the pipeline,
// over a stream.Stream: Publish walks inputs as `run` does and puts their
// raw documents on the stream; Run consumes them in a group, extracts and
// analyzes each with pipeline.Prepare and stores the articles in batches,
// acknowledging a message only once the transaction holding its article
// has committed. Any number of Run calls, in any number of processes,
// share one group's work. Grouping stays where it is: pipeline.Run over
// the store (with no paths) regroups everything stored.
package worker

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/stream"
)

// DefaultGroup is the consumer group of the extract/analyze workers.
const DefaultGroup = "storyline"

// PublishStats counts what Publish did.
type PublishStats struct {
	Files      int `json:"files"`
	Published  int `json:"published"`
	Duplicates int `json:"duplicates"` // already on the stream (same id within its window)
	Problems   int `json:"problems"`
}

// Publish walks paths (files, folders and, with a fetcher, URLs, as
// pipeline.Run reads them) and publishes every raw document. A document
// the stream refuses as too large, and every input ingest cannot use, is
// reported and skipped; any other publishing error stops the walk.
func Publish(ctx context.Context, s stream.Stream, paths []string, fetcher ingest.Fetcher, report func(pipeline.Problem)) (PublishStats, error) {
	var st PublishStats
	if report == nil {
		report = func(pipeline.Problem) {}
	}
	err := ingest.Walk(ctx, paths, ingest.Options{
		Fetcher: fetcher,
		OnProblem: func(p ingest.Problem) {
			where := p.Path
			if p.Line > 0 {
				where = fmt.Sprintf("%s:%d", p.Path, p.Line)
			}
			if !p.Warning {
				st.Problems++
			}
			report(pipeline.Problem{Input: where, Err: p.Err, Warning: p.Warning})
		},
		OnFile: func(ingest.FileInfo) { st.Files++ },
	}, func(raw model.RawDoc) error {
		r, err := s.Publish(ctx, raw)
		switch {
		case errors.Is(err, stream.ErrTooLarge):
			st.Problems++
			report(pipeline.Problem{Input: raw.Origin, Err: err})
			return nil
		case err != nil:
			return err
		case r.Duplicate:
			st.Duplicates++
		default:
			st.Published++
		}
		return nil
	})
	return st, err
}

// Options configure Run. The zero value is usable.
type Options struct {
	// Group is the consumer group (default DefaultGroup).
	Group string
	// Workers is how many documents are extracted and analyzed at once
	// (default runtime.NumCPU()).
	Workers int
	// BatchSize is how many articles one store transaction takes at most
	// (default 64); the worker holds that many messages at once.
	BatchSize int
	// Linger is how long a batch that is not full waits for more
	// articles before it is stored (default 200 ms).
	Linger time.Duration
	// UntilIdle makes Run return once the group has nothing pending,
	// instead of waiting for more documents.
	UntilIdle bool
	// Report receives every document that could not be made an article,
	// and every batch the store refused (nil: dropped).
	Report func(pipeline.Problem)
}

func (o *Options) defaults() {
	if o.Group == "" {
		o.Group = DefaultGroup
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 64
	}
	if o.Linger <= 0 {
		o.Linger = 200 * time.Millisecond
	}
	if o.Report == nil {
		o.Report = func(pipeline.Problem) {}
	}
}

// Stats counts what Run did.
type Stats struct {
	// Articles is how many messages were stored and acknowledged.
	Articles int            `json:"articles"`
	Put      store.PutStats `json:"put"`
	// Failed counts handler failures: documents that are not articles
	// (dead-lettered at once) and store failures (retried).
	Failed  int           `json:"failed"`
	Elapsed time.Duration `json:"elapsed_ns"`
}

// idlePoll is how often UntilIdle asks the stream what is pending.
const idlePoll = 250 * time.Millisecond

// Run consumes the group's documents into st until ctx is cancelled (it
// returns nil) or, with UntilIdle, until nothing is pending. Articles in
// a batch whose transaction is still open when ctx is cancelled are
// stored and acknowledged before Run returns.
func Run(ctx context.Context, s stream.Stream, st store.Store, opts Options) (Stats, error) {
	opts.defaults()
	start := time.Now()
	w := &runner{st: st, opts: opts, cpu: make(chan struct{}, opts.Workers)}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	idleErr := make(chan error, 1)
	if opts.UntilIdle {
		go func() { idleErr <- waitIdle(ctx, s, opts.Group, cancel) }()
	} else {
		idleErr <- nil
	}
	err := s.Consume(ctx, opts.Group, stream.ConsumeOptions{Concurrency: max(opts.BatchSize, opts.Workers)}, w.handle)
	cancel()
	if ierr := <-idleErr; err == nil {
		err = ierr
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stats.Elapsed = time.Since(start)
	return w.stats, err
}

// waitIdle cancels the consumer once the group has nothing pending.
func waitIdle(ctx context.Context, s stream.Stream, group string, cancel func()) error {
	t := time.NewTicker(idlePoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		n, err := s.Pending(ctx, group)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			cancel()
			return err
		}
		if n == 0 {
			cancel()
			return nil
		}
	}
}

type runner struct {
	st   store.Store
	opts Options
	cpu  chan struct{}

	mu    sync.Mutex
	stats Stats
	cur   *batch
}

// batch is one store transaction in the making; done is closed once it
// committed or failed, and errs[i] is then the outcome of articles[i].
type batch struct {
	articles []*model.Article
	errs     []error
	done     chan struct{}
	timer    *time.Timer
}

func (w *runner) failed() {
	w.mu.Lock()
	w.stats.Failed++
	w.mu.Unlock()
}

// handle prepares one document and returns once its article is stored.
func (w *runner) handle(ctx context.Context, m stream.Message) error {
	select {
	case w.cpu <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	a, err := safePrepare(m.Doc)
	<-w.cpu
	if err != nil {
		w.failed()
		w.opts.Report(pipeline.Problem{Input: m.Doc.Origin, Err: err})
		return stream.Permanent(err) // stages are pure: a retry would fail alike
	}
	if err := w.put(a); err != nil {
		w.failed()
		return err
	}
	return nil
}

// put adds a to the open batch and waits until that batch is stored. The
// wait ignores cancellation: a stopping worker still commits and acks
// what it has prepared.
func (w *runner) put(a *model.Article) error {
	w.mu.Lock()
	if w.cur == nil {
		b := &batch{done: make(chan struct{})}
		b.timer = time.AfterFunc(w.opts.Linger, func() { w.flush(b) })
		w.cur = b
	}
	b := w.cur
	i := len(b.articles)
	b.articles = append(b.articles, a)
	full := len(b.articles) >= w.opts.BatchSize
	if full {
		w.cur = nil
	}
	w.mu.Unlock()
	if full {
		b.timer.Stop()
		w.commit(b)
	}
	<-b.done
	return b.errs[i]
}

// flush commits b if it is still the open batch.
func (w *runner) flush(b *batch) {
	w.mu.Lock()
	if w.cur != b {
		w.mu.Unlock()
		return
	}
	w.cur = nil
	w.mu.Unlock()
	w.commit(b)
}

// storeTimeout bounds one batch's transaction.
const storeTimeout = time.Minute

// commit stores the batch in one transaction; if the store refuses it,
// each article is stored alone so one bad article fails only its own
// message (permanently when the store says it never will take it).
func (w *runner) commit(b *batch) {
	defer close(b.done)
	b.errs = make([]error, len(b.articles))
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	ps, err := w.st.PutArticles(ctx, b.articles)
	if err != nil {
		ps = store.PutStats{}
		for i, a := range b.articles {
			one, err1 := w.st.PutArticles(ctx, []*model.Article{a})
			if err1 != nil {
				if errors.Is(err1, store.ErrTooLarge) || errors.Is(err1, store.ErrInvalid) {
					err1 = stream.Permanent(err1)
				}
				b.errs[i] = fmt.Errorf("worker: storing %s: %w", a.Origin, err1)
				w.opts.Report(pipeline.Problem{Input: a.Origin, Err: err1})
				continue
			}
			ps.Inserted += one.Inserted
			ps.Updated += one.Updated
			ps.Unchanged += one.Unchanged
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stats.Put.Inserted += ps.Inserted
	w.stats.Put.Updated += ps.Updated
	w.stats.Put.Unchanged += ps.Unchanged
	for _, e := range b.errs {
		if e == nil {
			w.stats.Articles++
		}
	}
}

// safePrepare turns a panic in a stage into an error naming the input.
func safePrepare(raw model.RawDoc) (a *model.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("worker: %s: internal error: %v", raw.Origin, r)
		}
	}()
	return pipeline.Prepare(raw)
}
