package pipeline

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// batchSize is how many articles are written per store transaction: large
// enough to amortize the commit, small enough that a killed run loses
// little work.
const batchSize = 256

// RunStats counts what a run did.
type RunStats struct {
	Files      int            `json:"files"`
	Skipped    int            `json:"files_skipped"` // already ingested
	Problems   int            `json:"problems"`
	Put        store.PutStats `json:"articles"`
	Stories    int            `json:"stories"`
	Storylines int            `json:"storylines"`
	// StoriesTold were told anew; StoriesReused took the told form
	// stored for the same members (see TellVersion).
	StoriesTold   int `json:"stories_told"`
	StoriesReused int `json:"stories_reused"`
	// ArticlesRewritten counts articles written again after grouping
	// (new ones, and those whose inferred date or duplicate changed).
	ArticlesRewritten int `json:"articles_rewritten"`
	// AnalysesReused counts articles read again with the source they
	// were stored with, which took the stored analysis.
	AnalysesReused int           `json:"analyses_reused"`
	Elapsed        time.Duration `json:"elapsed_ns"`
}

// hashSeed seeds the hashes of Run's duplicate-id check.
var hashSeed = maphash.MakeSeed()

// Run ingests paths into st (skipping files a previous run completed),
// regroups everything stored, tells every story and stores the grouping.
// It returns the whole stored corpus with its stories.
func Run(ctx context.Context, st store.Store, paths []string, opts Options) (*Result, RunStats, error) {
	opts.defaults()
	start := time.Now()
	var stats RunStats
	report := opts.Report
	opts.Report = func(p Problem) {
		if !p.Warning {
			stats.Problems++
		}
		report(p)
	}
	var (
		reusedAnalyses atomic.Int64
		asStored       sync.Map // *model.Article → its id, when read as stored
	)
	opts.reuse = storedAnalysis(ctx, st, &reusedAnalyses, &asStored)
	var totalBytes int64
	for _, p := range paths {
		totalBytes += sizeOf(p)
	}
	prog := Progress{TotalBytes: totalBytes, Stage: "ingest"}
	lastProgress := time.Now()
	var batch []*model.Article
	// touched are the ids this run wrote: their stored form is the one
	// analysis gave, to be written again after grouping.
	touched := map[string]bool{}
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ps, err := putRead(ctx, st, batch)
		refused := map[*model.Article]bool{}
		if err != nil {
			// One bad article must not lose the batch: store one by one
			// and report the ones refused.
			for _, a := range batch {
				ps1, err1 := putRead(ctx, st, []*model.Article{a})
				if err1 != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					opts.Report(Problem{Input: a.Origin, Err: err1})
					refused[a] = true
					continue
				}
				ps = addStats(ps, ps1)
			}
		}
		stats.Put = addStats(stats.Put, ps)
		marks := make(map[string]string, len(batch))
		for _, a := range batch {
			if !refused[a] {
				touched[a.ID] = true
				marks[analyzedMark(a.ID)] = AnalyzerVersion
			}
		}
		// Marked after the articles are stored: a later run that reads
		// them again may take this analysis (storedAnalysis).
		if err := st.PutMarks(ctx, marks); err != nil {
			return fmt.Errorf("pipeline: marking analyzed articles: %w", err)
		}
		batch = batch[:0]
		return nil
	}
	skip := func(fi ingest.FileInfo) bool {
		done, err := st.IsIngested(ctx, store.Input{Origin: fi.Path, Size: fi.Size, ModTime: fi.ModTime})
		if err == nil && done {
			stats.Skipped++
			prog.Bytes += fi.Size
			return true
		}
		return false
	}
	// A later article of this run with the id of an earlier one replaces
	// it in the store (PutArticles): said when their texts differ, as an
	// article is lost otherwise without a word (two list entries of one
	// JSON file, two JSON Lines files with one id). Hashes keep this small
	// on runs of millions of articles.
	seen := map[uint64]uint64{}
	var th maphash.Hash
	th.SetSeed(hashSeed)
	err := stream(ctx, paths, opts, skip, func(a *model.Article) error {
		if err := renameTakenFileID(ctx, st, a); err != nil {
			return err
		}
		th.Reset()
		th.WriteString(a.Title)
		th.WriteByte(0)
		th.WriteString(a.Text)
		idHash, textHash := maphash.String(hashSeed, a.ID), th.Sum64()
		prev, seenBefore := seen[idHash]
		if seenBefore && prev != textHash {
			opts.Report(Problem{Input: a.Origin, Warning: true,
				Err: fmt.Errorf("id %q was already given to another article of this run, with another text: this one replaces it", a.ID)})
		}
		seen[idHash] = textHash
		// An article read again exactly as it is stored (the first time
		// its id comes in this run) is not written: the stored one is
		// it, with what grouping added, which this run decides again.
		if id, same := asStored.LoadAndDelete(a); same && id == a.ID && !seenBefore {
			stats.Put.Unchanged++
		} else {
			batch = append(batch, a)
		}
		prog.Articles++
		if time.Since(lastProgress) > 200*time.Millisecond {
			lastProgress = time.Now()
			prog.Elapsed, prog.Problems = time.Since(start), stats.Problems
			opts.Progress(prog)
		}
		if len(batch) >= batchSize {
			return flush()
		}
		return nil
	}, func(fi ingest.FileInfo) error {
		// Everything read from the file must be stored before it is
		// marked done: a run killed in between redoes the file, and
		// idempotent puts make that harmless.
		if err := flush(); err != nil {
			return err
		}
		stats.Files++
		prog.Files++
		prog.Bytes += fi.Size
		if fi.SHA256 == "" {
			return nil // not read to its end: do not mark
		}
		return st.MarkIngested(ctx, store.Input{Origin: fi.Path, Size: fi.Size, ModTime: fi.ModTime, Hash: fi.SHA256})
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, stats, err
	}

	prog.Stage, prog.Elapsed = "group", time.Since(start)
	opts.Progress(prog)
	articles, err := st.Articles(ctx, store.ArticleFilter{})
	if err != nil {
		return nil, stats, err
	}
	stored, err := st.Stories(ctx, store.StoryFilter{})
	if err != nil {
		return nil, stats, fmt.Errorf("pipeline: reading the previous grouping: %w", err)
	}
	prev := previousFrom(stored)
	// What grouping decided in the previous run is decided again; the
	// analysis stays (see incremental.go).
	before := make(map[*model.Article]groupedState, len(articles))
	for _, a := range articles {
		before[a] = stateOf(a)
	}
	restored := restoreAnalyzed(articles)
	defer func() {
		for _, a := range restored {
			timeRefMemos.Delete(a)
		}
	}()
	sortForGrouping(articles)
	cache, err := newToldCache(ctx, st, stored)
	if err != nil {
		return nil, stats, err
	}
	res, own := buildFrom(articles, opts.Now, prev, restored, cache)
	if err := addRewrites(ctx, st, res, opts); err != nil {
		return nil, stats, err
	}
	prog.Stage, prog.Elapsed = "store", time.Since(start)
	opts.Progress(prog)
	// Dates inferred from stories and the time expressions resolved
	// against them are part of the articles now. Articles whose stored
	// form is unchanged are not written again.
	var changed []*model.Article
	for _, a := range res.Articles {
		if b, ok := before[a]; ok && !touched[a.ID] && b.same(a) {
			continue
		}
		changed = append(changed, storedForm(a, own[a]))
	}
	if len(changed) > 0 {
		if _, err := st.PutArticles(ctx, changed); err != nil {
			return nil, stats, fmt.Errorf("pipeline: storing analyzed articles: %w", err)
		}
	}
	// The told marks of stories told anew are set pending before the
	// stories are written and to their keys after: a run killed in
	// between leaves no mark that names content a stored story was not
	// told from. The marks of stories gone go last (a run killed before
	// leaves them for the next run to delete).
	if len(cache.fresh) > 0 {
		if err := st.PutMarks(ctx, cache.marks(true)); err != nil {
			return nil, stats, fmt.Errorf("pipeline: marking stories pending: %w", err)
		}
	}
	if err := st.ReplaceGrouping(ctx, res.Stories, res.Storylines); err != nil {
		return nil, stats, err
	}
	if len(cache.fresh) > 0 {
		if err := st.PutMarks(ctx, cache.marks(false)); err != nil {
			return nil, stats, fmt.Errorf("pipeline: marking what stories were told from: %w", err)
		}
	}
	if _, err := dropGoneMarks(ctx, st, res.Stories); err != nil {
		return nil, stats, err
	}
	stats.Stories, stats.Storylines = len(res.Stories), len(res.Storylines)
	stats.StoriesTold, stats.StoriesReused = len(cache.fresh), cache.reused
	stats.ArticlesRewritten = len(changed)
	stats.AnalysesReused = int(reusedAnalyses.Load())
	stats.Elapsed = time.Since(start)
	return res, stats, nil
}

// ProcessPaths runs the whole pipeline in memory, without a store: for
// tests, evaluations and one-off runs.
func ProcessPaths(ctx context.Context, paths []string, opts Options) (*Result, error) {
	opts.defaults()
	var articles []*model.Article
	seen := map[string]int{}
	err := stream(ctx, paths, opts, nil, func(a *model.Article) error {
		// A later article with the same id replaces the earlier one, as
		// the store does.
		if i, ok := seen[a.ID]; ok {
			articles[i] = a
			return nil
		}
		seen[a.ID] = len(articles)
		articles = append(articles, a)
		return nil
	}, func(ingest.FileInfo) error { return nil })
	if err != nil {
		return nil, err
	}
	res := Build(articles, opts.Now)
	if err := addRewrites(ctx, nil, res, opts); err != nil {
		return nil, err
	}
	return res, nil
}

// Build groups analyzed articles and tells their stories.
func Build(articles []*model.Article, now time.Time) *Result {
	return BuildFrom(articles, now, Previous{})
}

// BuildFrom is Build that keeps the story and storyline ids of a previous
// grouping where the same articles still form a story.
func BuildFrom(articles []*model.Article, now time.Time, prev Previous) *Result {
	res, _ := buildFrom(articles, now, prev, nil, nil)
	return res
}

// buildFrom is BuildFrom for Run: restored are articles whose inferred
// date restoreAnalyzed took off, cache lends stored told stories. It also
// returns each article's own keys, which the store keeps (storedForm).
func buildFrom(articles []*model.Article, now time.Time, prev Previous, restored []*model.Article, cache *toldCache) (*Result, map[*model.Article]ownKeys) {
	own := make(map[*model.Article]ownKeys, len(articles))
	var undated []*model.Article
	for _, a := range articles {
		own[a] = keysOf(a)
		if a.Published == nil {
			undated = append(undated, a)
		}
	}
	corpus := linkCorpus(articles)
	g := Group(articles, now)
	finishRestored(restored)
	for _, a := range undated {
		if a.Published != nil && !a.HasFlag(DateInferredFlag) {
			a.Flags = append(a.Flags, DateInferredFlag)
		}
	}
	byID := make(map[string]*model.Article, len(articles))
	for _, a := range articles {
		byID[a.ID] = a
	}
	stableIDs(&g, byID, prev)
	tellStories(&g, byID, corpus, now, runtime.NumCPU(), cache)
	return &Result{Articles: articles, Stories: g.Stories, Storylines: g.Storylines}, own
}

// linkCorpus links entities across articles, keeps quotes pointing at the
// corpus entities and returns those by key.
func linkCorpus(articles []*model.Article) map[string]model.Entity {
	old := make([][]string, len(articles))
	for i, a := range articles {
		for _, m := range a.Mentions {
			old[i] = append(old[i], m.Entity)
		}
	}
	corpus := map[string]model.Entity{}
	for _, e := range entity.LinkCorpus(articles) {
		corpus[e.Key] = e
	}
	for i, a := range articles {
		remap := map[string]string{}
		for j, m := range a.Mentions {
			if j < len(old[i]) {
				remap[old[i][j]] = m.Entity
			}
		}
		for k := range a.Quotes {
			if nk, ok := remap[a.Quotes[k].Entity]; ok {
				a.Quotes[k].Entity = nk
			}
		}
	}
	return corpus
}

// storyEntities gathers the corpus entities of a story's articles: named
// and typed as the corpus knows them, with the variants and articles of
// this story.
func storyEntities(members []*model.Article, corpus map[string]model.Entity) []model.Entity {
	byKey := map[string]*model.Entity{}
	var order []string
	for _, a := range members {
		for _, e := range a.Entities {
			se, ok := byKey[e.Key]
			if !ok {
				se = &model.Entity{Key: e.Key, Name: e.Name, Type: e.Type}
				if ce, known := corpus[e.Key]; known {
					se.Name, se.Type = ce.Name, ce.Type
				}
				byKey[e.Key] = se
				order = append(order, e.Key)
			}
			for _, v := range e.Variants {
				if !containsString(se.Variants, v) {
					se.Variants = append(se.Variants, v)
				}
			}
			if !containsString(se.Articles, a.ID) {
				se.Articles = append(se.Articles, a.ID)
			}
			se.Mentioned += max(e.Mentioned, 1)
		}
	}
	out := make([]model.Entity, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Articles) != len(out[j].Articles) {
			return len(out[i].Articles) > len(out[j].Articles)
		}
		if out[i].Mentioned != out[j].Mentioned {
			return out[i].Mentioned > out[j].Mentioned
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// renameTakenFileID gives an article whose id is its file's name
// (ingest.FileNameID) another id when the store holds that id for an
// article of another file with another text: a daily folder's story.txt,
// a crawl's index.html, read by a later run, must not replace the one an
// earlier run stored. The new id is ingest.UniqueFileID, the same in
// every run. The same text read through another spelling of its path
// keeps its id.
func renameTakenFileID(ctx context.Context, st store.Store, a *model.Article) error {
	if a.Origin == "" || a.ID != ingest.FileNameID(a.Origin) {
		return nil
	}
	stored, err := st.Article(ctx, a.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("pipeline: %s: looking up id %q: %w", a.Origin, a.ID, err)
	}
	if stored.Origin != "" && stored.Origin != a.Origin && (stored.Title != a.Title || stored.Text != a.Text) {
		a.ID = ingest.UniqueFileID(a.ID, a.Origin)
	}
	return nil
}

// putRead stores articles just read: one that was stored before with the
// same source (sameSource) counts as unchanged where the store can tell.
func putRead(ctx context.Context, st store.Store, articles []*model.Article) (store.PutStats, error) {
	if sp, ok := st.(store.SamePutter); ok {
		return sp.PutArticlesSame(ctx, articles, sameSource)
	}
	return st.PutArticles(ctx, articles)
}

// sameSource reports whether a stored article and the one just read from
// its input are the same article: same text, title, outlet, address and
// printed date. What grouping adds (story, duplicate, an inferred date,
// flags, entity links, resolved times) is left out, since the article
// just read does not have it yet.
func sameSource(stored, read *model.Article) bool {
	if stored.ID != read.ID || stored.Origin != read.Origin || stored.URL != read.URL || stored.Title != read.Title ||
		stored.Byline != read.Byline || stored.Outlet != read.Outlet || stored.Text != read.Text ||
		!slices.Equal(stored.Paragraphs, read.Paragraphs) {
		return false
	}
	if read.Published == nil {
		return true // stored may carry one grouping inferred
	}
	return stored.Published != nil && stored.Published.Time.Equal(read.Published.Time) && stored.Published.Precision == read.Published.Precision
}

func addStats(a, b store.PutStats) store.PutStats {
	a.Inserted += b.Inserted
	a.Updated += b.Updated
	a.Unchanged += b.Unchanged
	return a
}

// sizeOf is the total size of the files under path (0 for URLs and
// unreadable paths), for progress estimates.
func sizeOf(path string) int64 {
	var n int64
	_ = filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// previousFrom reads which story each stored article was in.
func previousFrom(stories []*model.Story) Previous {
	prev := Previous{StoryOf: map[string]string{}, StorylineOf: map[string]string{}}
	for _, s := range stories {
		prev.StorylineOf[s.ID] = s.Storyline
		for _, id := range s.Articles {
			prev.StoryOf[id] = s.ID
		}
	}
	return prev
}
