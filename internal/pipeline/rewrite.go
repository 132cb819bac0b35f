package pipeline

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// Rewriter writes the optional machine-written rewrite of a story's
// extractive summary (internal/rewrite.Client is one). Implementations
// must be safe for concurrent use.
type Rewriter interface {
	// Key identifies the rewrite of summary in language lang: a stored
	// rewrite whose Input equals it is reused without a request.
	Key(summary []model.Cited, lang string) string
	// Rewrite returns the rewrite (nil for nothing to rewrite), or an
	// error when the endpoint could not be used; the story then keeps
	// only its extractive summary.
	Rewrite(ctx context.Context, summary []model.Cited, lang string) (*model.Rewrite, error)
}

// rewriteGiveUp is how many stories may fail to be rewritten before the
// rest are not tried: an endpoint that is down should cost a run seconds,
// not one time-out per story.
const rewriteGiveUp = 3

// rewriteWorkers is how many stories are sent at once; the client caps
// the requests really in flight.
const rewriteWorkers = 4

// addRewrites gives every story of res a rewrite when opts.Rewriter is
// set: the one stored in st for the same input when there is one (st may
// be nil), else a new one. Endpoint failures never fail the run: the
// stories keep their extractive summaries and one warning is reported.
// It returns an error only when ctx is done.
func addRewrites(ctx context.Context, st store.Store, res *Result, opts Options) error {
	if opts.Rewriter == nil || len(res.Stories) == 0 {
		return nil
	}
	known := map[string]*model.Rewrite{}
	if st != nil {
		stored, err := st.Stories(ctx, store.StoryFilter{})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			opts.Report(Problem{Input: "rewrite", Err: fmt.Errorf("reading stored rewrites: %w (every story is rewritten anew)", err), Warning: true})
		}
		for _, s := range stored {
			if s.Rewrite != nil && s.Rewrite.Input != "" {
				known[s.Rewrite.Input] = s.Rewrite
			}
		}
	}
	byID := make(map[string]*model.Article, len(res.Articles))
	for _, a := range res.Articles {
		byID[a.ID] = a
	}
	var (
		mu        sync.Mutex
		failed    int
		skipped   int
		discarded int
		firstErr  error
	)
	jobs := make(chan *model.Story)
	var wg sync.WaitGroup
	for w := 0; w < rewriteWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				mu.Lock()
				give := failed >= rewriteGiveUp
				if give {
					skipped++
				}
				mu.Unlock()
				if give || ctx.Err() != nil {
					continue
				}
				r, err := opts.Rewriter.Rewrite(ctx, s.Summary, storyLanguage(s, byID))
				mu.Lock()
				switch {
				case err != nil && ctx.Err() == nil:
					failed++
					if firstErr == nil {
						firstErr = err
					}
				case err == nil && r != nil:
					s.Rewrite = r
					if len(r.Sentences) == 0 {
						discarded++
					}
				}
				mu.Unlock()
			}
		}()
	}
	// Same input, same rewrite: ask once per distinct input.
	asked := map[string][]*model.Story{}
	for _, s := range res.Stories {
		if len(s.Summary) == 0 {
			continue
		}
		key := opts.Rewriter.Key(s.Summary, storyLanguage(s, byID))
		if r := known[key]; r != nil {
			c := *r
			s.Rewrite = &c
			continue
		}
		asked[key] = append(asked[key], s)
		if len(asked[key]) > 1 {
			continue
		}
		select {
		case jobs <- s:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, same := range asked {
		for _, s := range same[1:] {
			if same[0].Rewrite != nil {
				c := *same[0].Rewrite
				s.Rewrite = &c
			}
		}
	}
	if failed > 0 {
		msg := fmt.Errorf("%d of %d stories not rewritten, they keep their extractive summary: %w", failed+skipped, len(asked), firstErr)
		if skipped > 0 {
			msg = fmt.Errorf("%w (stopped trying after %d failures)", msg, failed)
		}
		opts.Report(Problem{Input: "rewrite", Err: msg, Warning: true})
	}
	if discarded > 0 {
		opts.Report(Problem{Input: "rewrite", Warning: true,
			Err: fmt.Errorf("%d of %d rewrites discarded by the faithfulness check (see each story's rewrite warning)", discarded, len(asked))})
	}
	return nil
}

// storyLanguage is the language of the story's first member article
// that has one, as tellOne chose it for the summary.
func storyLanguage(s *model.Story, byID map[string]*model.Article) string {
	for _, id := range s.Articles {
		if a := byID[id]; a != nil && a.Language != "" && a.Language != "und" {
			return a.Language
		}
	}
	return "en"
}

// RewritingStore is a read-only view of a store that adds rewrites to the
// stories it returns, for `storyline serve`: a story whose stored rewrite
// is missing or was made from other input gets one in the background
// (bounded by the rewriter's own limits), shown from the next request on;
// requests never wait for the endpoint. Rewrites live in memory for the
// life of the view. Writes go to the underlying store unchanged.
type RewritingStore struct {
	store.Store
	rw     Rewriter
	report func(Problem)
	ctx    context.Context
	queue  chan *model.Story

	mu       sync.Mutex
	done     map[string]*model.Rewrite
	inFlight map[string]bool
	failedAt map[string]time.Time
	langs    map[string]string
	warned   bool
}

// rewriteRetryAfter is how long a story whose rewrite failed waits before
// serving it tries again.
const rewriteRetryAfter = 5 * time.Minute

// NewRewritingStore wraps st. Background rewrites stop when ctx is done;
// report receives the first endpoint failure (nil: dropped).
func NewRewritingStore(ctx context.Context, st store.Store, rw Rewriter, report func(Problem)) *RewritingStore {
	if report == nil {
		report = func(Problem) {}
	}
	v := &RewritingStore{Store: st, rw: rw, report: report, ctx: ctx, queue: make(chan *model.Story, 256),
		done: map[string]*model.Rewrite{}, inFlight: map[string]bool{}, failedAt: map[string]time.Time{}, langs: map[string]string{}}
	for w := 0; w < rewriteWorkers; w++ {
		go v.work()
	}
	return v
}

// Story implements store.Store, adding the rewrite when one is ready.
func (v *RewritingStore) Story(ctx context.Context, id string) (*model.Story, error) {
	s, err := v.Store.Story(ctx, id)
	if err == nil {
		v.attach(ctx, s)
	}
	return s, err
}

// Stories implements store.Store, adding the rewrites that are ready.
func (v *RewritingStore) Stories(ctx context.Context, f store.StoryFilter) ([]*model.Story, error) {
	ss, err := v.Store.Stories(ctx, f)
	for _, s := range ss {
		v.attach(ctx, s)
	}
	return ss, err
}

// attach sets s.Rewrite from memory or queues its rewrite. The story's
// language is not known without its articles; the stored rewrite's key is
// trusted when its input matches under the story's stored language.
func (v *RewritingStore) attach(ctx context.Context, s *model.Story) {
	if s == nil || len(s.Summary) == 0 {
		return
	}
	lang := v.language(ctx, s)
	key := v.rw.Key(s.Summary, lang)
	if s.Rewrite != nil && s.Rewrite.Input == key {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if r := v.done[key]; r != nil {
		c := *r
		s.Rewrite = &c
		return
	}
	s.Rewrite = nil // made from other input: stale
	if v.inFlight[key] || time.Since(v.failedAt[key]) < rewriteRetryAfter {
		return
	}
	c := *s
	select {
	case v.queue <- &c:
		v.inFlight[key] = true
	default: // busy: a later request queues it
	}
}

// language is the language of the story's first article that has one
// (remembered by the story's articles, which only a new run changes).
func (v *RewritingStore) language(ctx context.Context, s *model.Story) string {
	memo := strings.Join(s.Articles, "\x00")
	v.mu.Lock()
	lang, ok := v.langs[memo]
	v.mu.Unlock()
	if ok {
		return lang
	}
	arts, err := v.Store.Articles(ctx, store.ArticleFilter{Story: s.ID})
	if err != nil {
		return "en"
	}
	byID := make(map[string]*model.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	lang = storyLanguage(s, byID)
	v.mu.Lock()
	v.langs[memo] = lang
	v.mu.Unlock()
	return lang
}

func (v *RewritingStore) work() {
	for {
		select {
		case <-v.ctx.Done():
			return
		case s := <-v.queue:
			lang := v.language(v.ctx, s)
			key := v.rw.Key(s.Summary, lang)
			r, err := v.rw.Rewrite(v.ctx, s.Summary, lang)
			v.mu.Lock()
			delete(v.inFlight, key)
			switch {
			case err != nil && !errors.Is(err, context.Canceled):
				v.failedAt[key] = time.Now()
				if !v.warned {
					v.warned = true
					v.report(Problem{Input: "rewrite", Warning: true,
						Err: fmt.Errorf("story %s not rewritten, it keeps its extractive summary (retried after %s): %w", s.ID, rewriteRetryAfter, err)})
				}
			case err == nil && r != nil:
				v.done[key] = r
			}
			v.mu.Unlock()
		}
	}
}
