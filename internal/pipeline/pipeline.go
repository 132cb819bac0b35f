// Package pipeline is the one place where Storyline's stages meet: it
// streams inputs from ingest through extraction and analysis on a pool of
// workers, stores the articles, groups them into stories and storylines and
// has each story told. Stages stay pure; only this package knows their
// order, and only through the store interface does it persist anything.
package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/model"
)

// Problem is an input, or part of one, the pipeline could not use; the run
// goes on without it.
type Problem struct {
	// Input names the file (with ":line" for a JSON line), record or URL.
	Input string
	Err   error
	// Warning is true when the input was used after a repair.
	Warning bool
}

// Error names the input once: before the reason, unless the reason
// already names it ("feed: x.rss: feed has no items").
func (p Problem) Error() string {
	msg := fmt.Sprint(p.Err)
	if p.Input != "" && !strings.Contains(msg, p.Input) {
		msg = p.Input + ": " + msg
	}
	if p.Warning {
		return "warning: " + msg
	}
	return msg
}

// Progress is a snapshot of a run for progress displays.
type Progress struct {
	Files    int // input files finished
	Articles int // articles extracted and analyzed
	Problems int
	Bytes    int64 // bytes of input read
	// TotalBytes is the size of all inputs when known in advance (0 if
	// not), for an estimate of the time left.
	TotalBytes int64
	Elapsed    time.Duration
	Stage      string // "ingest", "group", "tell", "store"
}

// Options configure a run. The zero value is usable.
type Options struct {
	// Workers run extraction and analysis; default runtime.NumCPU().
	Workers int
	// Now is the reference time for dates without a year when no article
	// of the batch is dated; default the wall clock.
	Now time.Time
	// Report receives every problem (nil: dropped).
	Report func(Problem)
	// Progress receives snapshots now and then (nil: none).
	Progress func(Progress)
	// Fetcher lets ingest read URLs (nil: files only).
	Fetcher ingest.Fetcher
	// Exclude lists folders the walk never reads (ingest.Options.Exclude):
	// the data folder of the store.
	Exclude []string
	// Rewriter, when set, adds a machine-written rewrite to every story
	// after telling (nil: off, the default). The extractive summary and
	// its citations stay as they are; an endpoint failure is reported
	// once as a warning and never fails the run.
	Rewriter Rewriter

	// reuse, when set, may give an extracted article the analysis stored
	// for it (reporting true) instead of analyzing it again.
	reuse func(*model.Article) bool
}

func (o *Options) defaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC()
	}
	if o.Report == nil {
		o.Report = func(Problem) {}
	}
	if o.Progress == nil {
		o.Progress = func(Progress) {}
	}
}

// Result is what a run produced: every article it knows, the stories and
// the storylines.
type Result struct {
	Articles   []*model.Article
	Stories    []*model.Story
	Storylines []*model.Storyline
}

// Prepare extracts and analyzes one raw document. An article without an
// id gets the hash of its URL, or of its text when it has no URL.
func Prepare(raw model.RawDoc) (*model.Article, error) {
	return prepare(raw, nil)
}

// prepare is Prepare that first offers the extracted article to reuse.
func prepare(raw model.RawDoc, reuse func(*model.Article) bool) (*model.Article, error) {
	a, err := extract.Extract(raw)
	if err != nil {
		return nil, err
	}
	if a.ID == "" {
		a.ID = derivedID(a)
	}
	if reuse != nil && reuse(a) {
		return a, nil
	}
	if err := Analyze(a); err != nil {
		return nil, err
	}
	return a, nil
}

func derivedID(a *model.Article) string {
	key := a.URL
	if key == "" {
		key = a.Title + "\n" + a.Text
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// item is one document travelling through the worker pool.
type item struct {
	seq     int
	raw     model.RawDoc
	article *model.Article
	err     error
}

// stream walks the inputs and hands each prepared article, in input order,
// to sink; per-input problems go to opts.Report. fileDone is called (in
// order, after sink has seen all of the file's articles) for every file
// read to its end. It returns the first error of sink or of the walk
// itself (a cancelled context, an unreadable argument is a Problem).
func stream(ctx context.Context, paths []string, opts Options, skip func(ingest.FileInfo) bool,
	sink func(*model.Article) error, fileDone func(ingest.FileInfo) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	in := make(chan item, opts.Workers*4)
	out := make(chan item, opts.Workers*4)
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range in {
				it.article, it.err = safePrepare(it.raw, opts.reuse)
				select {
				case out <- it:
				case <-ctx.Done():
					return
				}
			}
		}()
	}

	// The walker emits documents and file boundaries; boundaries travel
	// as items without a document so they are seen in order.
	type boundary struct {
		seq  int
		info ingest.FileInfo
	}
	var (
		mu         sync.Mutex
		boundaries []boundary
		seq        int
	)
	walkErr := make(chan error, 1)
	go func() {
		defer close(in)
		err := ingest.Walk(ctx, paths, ingest.Options{
			Fetcher:  opts.Fetcher,
			SkipFile: skip,
			Exclude:  opts.Exclude,
			OnProblem: func(p ingest.Problem) {
				where := p.Path
				if p.Line > 0 {
					where = fmt.Sprintf("%s:%d", p.Path, p.Line)
				}
				opts.Report(Problem{Input: where, Err: p.Err, Warning: p.Warning})
			},
			OnFile: func(fi ingest.FileInfo) {
				mu.Lock()
				boundaries = append(boundaries, boundary{seq: seq, info: fi})
				mu.Unlock()
			},
		}, func(raw model.RawDoc) error {
			mu.Lock()
			s := seq
			seq++
			mu.Unlock()
			select {
			case in <- item{seq: s, raw: raw}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		walkErr <- err
	}()
	go func() {
		wg.Wait()
		close(out)
	}()

	// Reorder results by seq; release file boundaries once every document
	// before them has been handed to sink.
	pending := map[int]item{}
	next := 0
	flushBoundaries := func(final bool) error {
		mu.Lock()
		var ready []boundary
		rest := boundaries[:0]
		for _, b := range boundaries {
			if b.seq <= next || final {
				ready = append(ready, b)
			} else {
				rest = append(rest, b)
			}
		}
		boundaries = rest
		mu.Unlock()
		for _, b := range ready {
			if err := fileDone(b.info); err != nil {
				return err
			}
		}
		return nil
	}
	var firstErr error
	for it := range out {
		if firstErr != nil {
			continue
		}
		pending[it.seq] = it
		for {
			it, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if it.err != nil {
				opts.Report(Problem{Input: it.raw.Origin, Err: it.err})
				continue
			}
			if err := sink(it.article); err != nil {
				firstErr = err
				cancel()
				break
			}
		}
		if firstErr == nil {
			if err := flushBoundaries(false); err != nil {
				firstErr = err
				cancel()
			}
		}
	}
	err := <-walkErr
	if firstErr != nil {
		return firstErr
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return flushBoundaries(true)
}

// safePrepare turns a panic in a stage into an error naming the input, so
// one pathological document cannot take down a long run.
func safePrepare(raw model.RawDoc, reuse func(*model.Article) bool) (a *model.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("pipeline: %s: internal error: %v", raw.Origin, r)
		}
	}()
	return prepare(raw, reuse)
}
