package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/tell"
)

// A daily run on a growing store does work in proportion to what changed,
// with the output of a run over everything from scratch:
//
//   - Analysis (sentences, entity mentions linked within the article,
//     quotes, time expressions) depends on the article alone and is never
//     redone for a stored article. What depends on other articles is
//     recomputed on every run, cheaply: entity keys across the corpus
//     (linkCorpus), a date grouping infers for an undated article, the
//     time expressions resolved against that date, DuplicateOf and Story.
//     For that the store keeps each article as analysis left it plus what
//     grouping decided: mention, entity and quote keys are the article's
//     own (not the corpus keys, which change as the corpus grows), and a
//     date grouping inferred carries DateInferredFlag, so that the next
//     run can take it off and infer again. Time expressions resolved
//     against an inferred date are reused when the same date is inferred
//     again (they depend on the text and that date only).
//   - Telling: a story whose members, in order, have exactly the content
//     telling saw last time (their whole encoded form after grouping,
//     corpus entity keys and inferred dates included), told by the same
//     TellVersion, takes its stored headline, event date, span, summary,
//     timeline, quotes and claims. Importance (recency and growth against
//     the corpus's newest article), the story's entities (named as the
//     whole corpus names them), the ranking, storyline order and titles are
//     recomputed every run. Which content each stored story was told from
//     is recorded in the store's marks (see toldMarkPrefix).

// DateInferredFlag marks an article that came without a publication date
// and was dated by grouping (from a dateline without a year placed near
// the corpus's dates, dates its text reports, or its story's dates).
const DateInferredFlag = "date_inferred"

// TellVersion names the telling code. It is part of the key under which a
// story's told form is reused: tell.Version changes with any change to
// what tell.Tell produces, the suffix with any change to what tellOne
// adds, so that stored stories are told again.
const TellVersion = tell.Version + "/pipeline-1"

// AnalyzerVersion names the analysis code (Analyze and what it calls).
// An article read again from its input with the same source as the stored
// one takes the stored analysis when the store records it was made by this
// version; change it with any change to what Analyze produces.
const AnalyzerVersion = "analyze-1"

// analyzedMarkPrefix starts the key of the store's mark that says which
// AnalyzerVersion analyzed a stored article (its value). Before the store
// had marks these were input records of the same names, which the store's
// migration turned into marks.
const analyzedMarkPrefix = "storyline:analyzed/"

func analyzedMark(id string) string { return analyzedMarkPrefix + id }

// storedAnalysis returns the reuse function of a run on st: it gives an
// article just extracted the analysis of the stored article with its id
// when both have one source (sameSource, the same language and the same
// date as read) and the store records the analysis as made by this
// AnalyzerVersion. The time expressions of a stored article whose date
// grouping inferred are resolved again without it, as analysis did. An
// article that is then all the stored one is, short of what grouping adds
// (its flags too), goes into asStored with its id: the run need not write
// it.
func storedAnalysis(ctx context.Context, st store.Store, count *atomic.Int64, asStored *sync.Map) func(*model.Article) bool {
	return func(a *model.Article) bool {
		s, err := st.Article(ctx, a.ID)
		if err != nil {
			return false
		}
		inferred := s.HasFlag(DateInferredFlag)
		if inferred {
			s.Published = nil
		}
		if !sameSource(s, a) || s.Language != a.Language || (s.Published == nil) != (a.Published == nil) ||
			a.Published != nil && (s.Published.Precision != a.Published.Precision || s.Published.Source != a.Published.Source ||
				s.Published.Time.Format(time.RFC3339Nano) != a.Published.Time.Format(time.RFC3339Nano)) {
			return false
		}
		key := analyzedMark(a.ID)
		if m, err := st.Marks(ctx, []string{key}); err != nil || m[key] != AnalyzerVersion {
			return false
		}
		a.Sentences, a.Mentions, a.Entities, a.Quotes, a.TimeRefs = s.Sentences, s.Mentions, s.Entities, s.Quotes, s.TimeRefs
		if inferred {
			Retime(a)
		}
		count.Add(1)
		flags := slices.DeleteFunc(slices.Clone(s.Flags), func(f string) bool { return f == DateInferredFlag })
		if slices.Equal(flags, a.Flags) {
			asStored.Store(a, a.ID)
		}
		return true
	}
}

// toldMarkPrefix starts the key of the store's mark that says which
// content a stored story was told from: its value is the story's key
// (storyKey), or toldPending while the story is being written. A run
// deletes the marks of stories that no longer exist.
const toldMarkPrefix = "storyline:told/"

// toldPending is the value of a told mark while its story is written: no
// storyKey equals it.
const toldPending = "pending"

func toldMark(storyID string) string { return toldMarkPrefix + storyID }

// timeRefMemos holds, for articles whose inferred date a run took off
// (restoreAnalyzed), the date and the time expressions resolved against
// it; Retime takes them back when grouping infers the same date again.
// Keyed by the article pointer, so concurrent runs do not meet.
var timeRefMemos sync.Map // *model.Article → timeRefMemo

type timeRefMemo struct {
	ref  time.Time
	refs []model.TimeRef
}

// reusedTimeRefs returns (and forgets) the time expressions remembered for
// a when they were resolved against this very reference time.
func reusedTimeRefs(a *model.Article, ref time.Time) ([]model.TimeRef, bool) {
	v, ok := timeRefMemos.LoadAndDelete(a)
	if !ok {
		return nil, false
	}
	m := v.(timeRefMemo)
	if !m.ref.Equal(ref) || m.ref.Format(time.RFC3339Nano) != ref.Format(time.RFC3339Nano) {
		return nil, false
	}
	return m.refs, true
}

// restoreAnalyzed turns stored articles back into the form analysis gave
// them: a date grouping inferred (DateInferredFlag) is taken off, with
// its time expressions remembered for Retime. It returns the articles it
// changed; finishRestored must be called on them after grouping.
func restoreAnalyzed(articles []*model.Article) []*model.Article {
	var restored []*model.Article
	for _, a := range articles {
		if !a.HasFlag(DateInferredFlag) {
			continue
		}
		if a.Published != nil {
			timeRefMemos.Store(a, timeRefMemo{ref: a.Published.Time, refs: a.TimeRefs})
		}
		a.Published = nil
		a.Flags = slices.DeleteFunc(a.Flags, func(f string) bool { return f == DateInferredFlag })
		if len(a.Flags) == 0 {
			a.Flags = nil
		}
		restored = append(restored, a)
	}
	return restored
}

// finishRestored resolves the time expressions of restored articles that
// grouping did not date again (against their own date, or none), as
// analysis did, and forgets what was remembered for the others.
func finishRestored(restored []*model.Article) {
	for _, a := range restored {
		if _, pending := timeRefMemos.Load(a); pending {
			timeRefMemos.Delete(a)
			Retime(a)
		}
	}
}

// sortForGrouping puts articles in the order the store lists them
// (publication time, undated last, then id), so that grouping sees one
// order whether the dates were just extracted or restored.
func sortForGrouping(articles []*model.Article) {
	sort.SliceStable(articles, func(i, j int) bool {
		a, b := articles[i], articles[j]
		if (a.Published == nil) != (b.Published == nil) {
			return a.Published != nil
		}
		if a.Published != nil && !a.Published.Time.Equal(b.Published.Time) {
			return a.Published.Time.Before(b.Published.Time)
		}
		return a.ID < b.ID
	})
}

// ownKeys are an article's mention, entity and quote keys as analysis
// linked them within the article, before corpus linking renames them.
type ownKeys struct {
	mentions, entities, quotes []string
}

func keysOf(a *model.Article) ownKeys {
	var k ownKeys
	k.mentions = make([]string, len(a.Mentions))
	for i, m := range a.Mentions {
		k.mentions[i] = m.Entity
	}
	k.entities = make([]string, len(a.Entities))
	for i, e := range a.Entities {
		k.entities[i] = e.Key
	}
	k.quotes = make([]string, len(a.Quotes))
	for i, q := range a.Quotes {
		k.quotes[i] = q.Entity
	}
	return k
}

// storedForm is a copy of a grouped article with its own keys back: what
// the store keeps (see the comment at the top of this file).
func storedForm(a *model.Article, k ownKeys) *model.Article {
	c := *a
	if len(a.Mentions) == len(k.mentions) && len(a.Mentions) > 0 {
		c.Mentions = slices.Clone(a.Mentions)
		for i := range c.Mentions {
			c.Mentions[i].Entity = k.mentions[i]
		}
	}
	if len(a.Entities) == len(k.entities) && len(a.Entities) > 0 {
		c.Entities = slices.Clone(a.Entities)
		for i := range c.Entities {
			c.Entities[i].Key = k.entities[i]
		}
	}
	if len(a.Quotes) == len(k.quotes) && len(a.Quotes) > 0 {
		c.Quotes = slices.Clone(a.Quotes)
		for i := range c.Quotes {
			c.Quotes[i].Entity = k.quotes[i]
		}
	}
	return &c
}

// groupedState is the part of a stored article that grouping decides; an
// article read from the store whose grouped state is unchanged after a
// run need not be written again.
type groupedState struct {
	published   *model.Published
	flags       []string
	timeRefs    []model.TimeRef
	duplicateOf string
}

func stateOf(a *model.Article) groupedState {
	s := groupedState{flags: slices.Clone(a.Flags), timeRefs: a.TimeRefs, duplicateOf: a.DuplicateOf}
	if a.Published != nil {
		p := *a.Published
		s.published = &p
	}
	return s
}

func (s groupedState) same(a *model.Article) bool {
	if s.duplicateOf != a.DuplicateOf || !slices.Equal(s.flags, a.Flags) || !slices.Equal(s.timeRefs, a.TimeRefs) {
		return false
	}
	if (s.published == nil) != (a.Published == nil) {
		return false
	}
	if s.published == nil {
		return true
	}
	p, q := s.published, a.Published
	return p.Precision == q.Precision && p.Source == q.Source && p.Time.Equal(q.Time) &&
		p.Time.Format(time.RFC3339Nano) == q.Time.Format(time.RFC3339Nano)
}

// toldCache lets tellStories reuse stored told stories. A nil cache tells
// every story and leaves its fields as tell.Tell made them.
type toldCache struct {
	prev map[string]*model.Story // stored stories by id
	keys map[string]string       // stored story id → the key it was told from

	mu     sync.Mutex
	fresh  map[string]string // story id → key, for stories told anew
	reused int
}

// newToldCache reads, in one call, the told marks of the stored stories.
func newToldCache(ctx context.Context, st store.Store, stored []*model.Story) (*toldCache, error) {
	c := &toldCache{prev: make(map[string]*model.Story, len(stored)), keys: make(map[string]string, len(stored)), fresh: map[string]string{}}
	markKeys := make([]string, len(stored))
	for i, s := range stored {
		c.prev[s.ID] = s
		markKeys[i] = toldMark(s.ID)
	}
	marks, err := st.Marks(ctx, markKeys)
	if err != nil {
		return nil, fmt.Errorf("pipeline: reading what the stored stories were told from: %w", err)
	}
	for _, s := range stored {
		if v, ok := marks[toldMark(s.ID)]; ok && v != toldPending {
			c.keys[s.ID] = v
		}
	}
	return c, nil
}

// lookup returns the stored story id when it was told from content with
// this key.
func (c *toldCache) lookup(id, key string) *model.Story {
	s := c.prev[id]
	if s == nil || c.keys[id] != key {
		return nil
	}
	c.mu.Lock()
	c.reused++
	c.mu.Unlock()
	return s
}

func (c *toldCache) told(id, key string) {
	c.mu.Lock()
	c.fresh[id] = key
	c.mu.Unlock()
}

// marks returns the told marks of the stories told anew: with their
// keys, or pending (set before the stories are written, so that a run
// killed between the writes never leaves a mark naming content a stored
// story was not told from).
func (c *toldCache) marks(pending bool) map[string]string {
	out := make(map[string]string, len(c.fresh))
	for id, key := range c.fresh {
		if pending {
			key = toldPending
		}
		out[toldMark(id)] = key
	}
	return out
}

// dropGoneMarks deletes the told marks of stories that are not in
// stories (the grouping just stored).
func dropGoneMarks(ctx context.Context, st store.Store, stories []*model.Story) (int, error) {
	live := make(map[string]bool, len(stories))
	for _, s := range stories {
		live[toldMark(s.ID)] = true
	}
	n, err := st.DeleteMarks(ctx, toldMarkPrefix, func(key string) bool { return live[key] })
	if err != nil {
		return 0, fmt.Errorf("pipeline: deleting what gone stories were told from: %w", err)
	}
	return n, nil
}

// storyKey identifies what telling reads: the telling code and the
// members in order with their whole content.
func storyKey(members []*model.Article) string {
	h := sha256.New()
	h.Write([]byte(TellVersion))
	h.Write([]byte{0})
	for _, a := range members {
		b, err := json.Marshal(a)
		if err != nil {
			// Not reusable: a key no record holds.
			return "unencodable:" + err.Error()
		}
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// toldFields are the fields of a story that telling computes from its
// members alone, which a later run may reuse.
type toldFields struct {
	Headline  string                `json:"headline"`
	EventDate string                `json:"event_date,omitempty"`
	Start     time.Time             `json:"start"`
	End       time.Time             `json:"end"`
	Summary   []model.Cited         `json:"summary"`
	Timeline  []model.TimelineEntry `json:"timeline"`
	Quotes    []model.StoryQuote    `json:"quotes"`
	Claims    []model.Claim         `json:"claims,omitempty"`
}

func toldOf(s *model.Story) toldFields {
	return toldFields{Headline: s.Headline, EventDate: s.EventDate, Start: s.Start, End: s.End,
		Summary: s.Summary, Timeline: s.Timeline, Quotes: s.Quotes, Claims: s.Claims}
}

func (f toldFields) apply(s *model.Story) {
	s.Headline, s.EventDate, s.Start, s.End = f.Headline, f.EventDate, f.Start, f.End
	s.Summary, s.Timeline, s.Quotes, s.Claims = f.Summary, f.Timeline, f.Quotes, f.Claims
}

// roundTrip gives freshly told fields the form the store gives them back
// (the same JSON encoding), so a story reads the same whether it was told
// in this run or reused.
func (f toldFields) roundTrip() toldFields {
	b, err := json.Marshal(f)
	if err != nil {
		return f
	}
	var out toldFields
	if err := json.Unmarshal(b, &out); err != nil {
		return f
	}
	return out
}
