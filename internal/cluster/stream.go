package cluster

import (
	"context"
	"iter"
	"runtime"
	"sync"

	"github.com/storyline-news/storyline/internal/dedup"
)

// streamBatch is how many documents a worker analyses per hand-over: large
// enough that channel operations cost little per article, small enough
// that the assigner is not kept waiting at the start of a stream.
const streamBatch = 64

// AnalyzeAll analyses docs on workers goroutines (one Analyzer each, with
// dedup options o) and yields the results in input order, so that a
// single consumer can assign them with Clusterer.AddAnalyzed while the
// next articles are being analysed: analysis is a pure function of the
// article, so the assignments are those of calling Add one by one. docs
// is read by one goroutine. At most a few batches per worker are in
// flight, so memory stays bounded however long the stream. Stopping the
// iteration early, or cancelling ctx, stops the workers; docs is not read
// further. workers < 1 means runtime.GOMAXPROCS(0).
func AnalyzeAll(ctx context.Context, docs iter.Seq[Doc], workers int, o dedup.Options) iter.Seq[*Analyzed] {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if o.Bands == 0 {
		o = DefaultOptions().Dedup
	}
	return func(yield func(*Analyzed) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type job struct {
			docs []Doc
			out  chan []*Analyzed
		}
		jobs := make(chan job, workers)
		order := make(chan chan []*Analyzed, 2*workers+2)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				an := NewAnalyzer(o)
				for j := range jobs {
					res := make([]*Analyzed, len(j.docs))
					for i, d := range j.docs {
						res[i] = an.Analyze(d)
					}
					j.out <- res
				}
			}()
		}
		go func() {
			defer close(order)
			defer close(jobs)
			batch := make([]Doc, 0, streamBatch)
			send := func() bool {
				j := job{docs: batch, out: make(chan []*Analyzed, 1)}
				select {
				case order <- j.out:
				case <-ctx.Done():
					return false
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					return false
				}
				batch = make([]Doc, 0, streamBatch)
				return true
			}
			for d := range docs {
				batch = append(batch, d)
				if len(batch) == streamBatch && !send() {
					return
				}
			}
			if len(batch) > 0 {
				send()
			}
		}()
		defer func() {
			cancel()
			// Let the feeder and the workers finish (a worker never blocks:
			// each result channel has room for its batch).
			for range order {
			}
			wg.Wait()
		}()
		for out := range order {
			var res []*Analyzed
			select {
			case res = <-out:
			case <-ctx.Done():
				return
			}
			for _, a := range res {
				if !yield(a) {
					return
				}
			}
		}
	}
}

// AddAll assigns docs in order, exactly as calling Add for each would,
// with the analysis running on workers goroutines ahead of the sequential
// part (see AnalyzeAll), and the sequential part in two stages on two
// goroutines: term weighting and near-duplicates (Prepare) one article
// ahead of the assignment to stories (AddPrepared; see PrepareAll). It returns one Assignment per doc; when ctx
// is cancelled it stops early and returns the assignments made so far
// with ctx.Err().
func (c *Clusterer) AddAll(ctx context.Context, docs []Doc, workers int) ([]Assignment, error) {
	out := make([]Assignment, 0, len(docs))
	seq := func(yield func(Doc) bool) {
		for _, d := range docs {
			if !yield(d) {
				return
			}
		}
	}
	for p := range c.PrepareAll(ctx, AnalyzeAll(ctx, seq, workers, c.o.Dedup)) {
		out = append(out, c.AddPrepared(p))
	}
	return out, ctx.Err()
}
