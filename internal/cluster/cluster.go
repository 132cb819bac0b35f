// Package cluster groups articles into stories (one real-world event each)
// and stories into storylines (one ongoing affair across weeks). It owns
// online, single-pass grouping in publication order: each new article is
// compared only with the stories that share its strongest terms or entities
// (an inverted index) and are still open in its time window, never with
// every story. The comparison is a logistic model over a few signals (TF-IDF
// cosine of body and headline, shared entities, time distance, dateline
// place, the story's event fingerprint, and similarity relative to the
// story's cohesion) whose weights, threshold and window are learned from
// labelled data by `storyline train cluster` and shipped in model.json.
//
// Two signals are relative rather than absolute, so weights transfer
// across corpora: rel_member compares the article with the story's most
// similar recent member against how similar the story's members were when
// they joined (shrunk toward the stream's running mean, computed online);
// fingerprint is the share of the story's strongest centroid terms (the
// names and rare words of the event) present in the article. When a date
// is missing, the time gap takes the mean gap of the training pairs
// (Model.UndatedGap) instead of reading as "same day".
//
// Use by the pipeline (one Clusterer per partition, calls in publication
// order; a Clusterer is not safe for concurrent use):
//
//	c := cluster.New(cluster.DefaultModel(), cluster.DefaultOptions())
//	a := c.Add(cluster.Doc{ID: id, Title: t, Text: txt, Language: "en",
//		Published: when, Entities: keys, Places: places, Outlet: name})
//	// a.Story, a.Storyline, a.DuplicateOf
//	c.Stories(), c.Story(id), c.Storylines(), c.Resolve(id)
//	c.Merge(into, from), c.Split(story, articleIDs)
//
// To use several cores, analyse ahead of the sequential assignment:
// Clusterer.AddAll(ctx, docs, workers) does it for a slice, AnalyzeAll for
// a stream (worker goroutines with one Analyzer each run Analyzer.Analyze:
// tokens, stems, MinHash; the results come back in input order and go to
// Clusterer.AddAnalyzed). Analysis is a pure function of the article, so
// the assignments are those of Add one by one. The sequential rest is two
// stages: Clusterer.Prepare (term weights with document frequencies as
// arrived, near-duplicates) depends only on the articles before, not on
// the stories, so it runs on its own goroutine ahead of
// Clusterer.AddPrepared (PrepareAll; AddAll does all of this).
//
// Near-duplicates are found first (package dedup): a copy joins the story of
// the article it copies, is reported in Assignment.DuplicateOf and listed in
// its story's Groups; nothing is deleted.
//
// A story stays open (can grow) while its newest dated article is within
// Model.WindowDays of the stream clock (the latest plausible date seen);
// closed stories keep small vectors and can still be linked into a
// storyline for Options.StorylineDays, after which their vectors are
// released. A new story joins the storyline of the candidate story it
// would have joined if time were not considered. When one article
// matches several open stories with at least Model.MergeThreshold, they
// are merged (the oldest id survives). Memory per open story and per
// article is bounded, so the cost per article stays flat on long streams.
//
// Ids are stable: story ids ("s1", "s2", ...) and storyline ids ("l1", ...)
// are numbered in creation order, so the same input order gives the same ids.
// Merge keeps the surviving id and records the other one as an alias that
// Resolve and Story still answer; Split gives the split-off articles a new
// id and leaves the original id with the rest.
//
// Rules for bad input (see also Analyzer.Analyze):
//   - no date (zero Published): the article is compared without the time
//     signal (feature "undated") and does not move the stream clock;
//   - implausible date (before Options.MinDate, or more than two days after
//     Options.Now): treated as no date, flagged "bad_date";
//   - no text: the title is used; with neither, the article starts its own
//     story (flag "no_text") and is never matched;
//   - unknown language: identified from the text, else analyzed without
//     stemming (flag "unknown_language");
//   - an id already added: the earlier assignment is returned (Repeated),
//     the article is not counted twice.
//
// When Doc.Entities is empty, capitalized words that do not start a
// sentence stand in for entities, so the package works without the
// recognizer; four-digit years always count as entity features.
package cluster

import (
	"fmt"
	"math"
	"slices"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/dedup"
)

// Doc is one article as grouping sees it.
type Doc struct {
	ID, Title, Text, Language string
	// Published is the publication time; the zero value means unknown.
	Published time.Time
	// Entities are canonical entity keys from the recognizer; may be empty.
	Entities []string
	// Places are canonical place names (dateline first); may be empty, in
	// which case a dateline at the start of Text is used.
	Places []string
	Outlet string
}

// Assignment is where Add put an article.
type Assignment struct {
	Story     string
	Storyline string
	// DuplicateOf is the earliest article this one is a near-copy of.
	DuplicateOf string
	// NewStory is true when the article started the story.
	NewStory bool
	// Score is the model probability of the chosen story (1 for copies, 0
	// for a new story).
	Score float64
	// Repeated is true when the id had been added before.
	Repeated bool
	Flags    []string
}

// Options are the engineering settings of a Clusterer (the learned ones are
// in Model).
type Options struct {
	Dedup dedup.Options
	// Now is the reference for "a date in the future"; zero means the wall
	// clock when New is called.
	Now time.Time
	// MinDate: earlier dates are implausible (1970 defaults, zero values
	// stored as epochs).
	MinDate time.Time
	// MaxActive bounds the stories that can still grow; past it the least
	// recently updated ones are closed (keeps undated streams bounded).
	MaxActive int
	// StorylineDays is how long a closed story can still be linked into a
	// storyline by a later story.
	StorylineDays float64
	// Candidates is how many stories, best by index overlap, are scored.
	Candidates int
	// ScanPerTerm bounds how many stories of one term's posting list are
	// read (most recent first).
	ScanPerTerm int
	// PairMode is read by evaluation code only: score judged pairs one by
	// one instead of as threads of a whole pool.
	PairMode bool
}

// DefaultOptions returns the settings used by the CLI.
func DefaultOptions() Options {
	return Options{
		Dedup:         dedup.DefaultOptions(),
		MinDate:       time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC),
		MaxActive:     20000,
		StorylineDays: 365,
		Candidates:    20,
		ScanPerTerm:   64,
	}
}

// Vector sizes: strongest terms kept per article and per story centroid.
const (
	articleTerms  = 100
	queryTerms    = 15
	queryEnts     = 10
	storyTerms    = 200
	storyHead     = 80
	storyEnts     = 80
	closedTerms   = 60
	closedSmall   = 20
	recentMembers = 5
	// fingerprintTerms is the size of a story's "event fingerprint".
	fingerprintTerms = 10
	maxPlaces        = 6
)

type article struct {
	id     string
	story  int32
	day    float64
	dated  bool
	dup    string
	outlet string
	flags  []string
	body   vec // nil once the story is closed
	head   vec
	ent    vec
	query  []uint32
	places []uint32 // place ids (Clusterer.placeIDs)
}

type story struct {
	id         string
	idx        int32 // index in Clusterer.stories
	into       int32 // the story this one was merged into (when dead)
	line       int32
	members    []int32
	recent     []vec // body vectors of the latest members, oldest first
	first      float64
	last       float64
	dated      bool
	body       vec
	head       vec
	ent        vec
	bn, hn, en float64
	// cohSum/cohN: sum and count of each joining member's best cosine
	// with the recent members it joined (the story's cohesion).
	cohSum float64
	cohN   int
	// fp: the strongest centroid terms (event fingerprint).
	fp      []uint32
	places  []uint32 // place ids, at most maxPlaces
	indexed []uint32 // sorted terms under which the story is in the index
	lastSeq int64
	active  bool
	expired bool
	dead    bool // merged into another story
	label   string
}

type storyline struct {
	id      string
	stories []int32
}

// Clusterer is the online grouping state.
type Clusterer struct {
	m      Model
	o      Options
	serial uint32 // this Clusterer's number, for termEntry.cid
	an     *Analyzer
	w      *weigher // the Prepare half; nothing below is read by it
	// leftover: articles prepared but not added (see PrepareAll).
	leftover map[string]*Prepared
	arts     []article
	byID     map[string]int32
	stories  []*story
	// slots, by story: the candidate accumulator and whether the story
	// is merged away or expired (skipped in postings), side by side so
	// that a posting costs one memory access.
	slots   []storySlot
	byStory map[string]int32
	aliases map[string]string
	lines   []*storyline
	post    [][]int32 // by term id: stories indexed under the term, oldest first
	postLen []int32   // by term id: length of the list after its last compaction
	clock   float64
	hasClk  bool
	seq     int64
	nextID  int
	touched []int32
	lists   [][]int32 // candidates' posting lists, by query term
	// scattered is the article whose vectors are in dense (-1: none).
	scattered int32
	sink      uint32 // keeps the touch loops' reads (see touchStories)
	top       []int32
	active    []int32
	closed    []int32 // closed stories in closing order, for expiry
	// lasts, by story: the newest date of its dated members, +Inf when it
	// has none, NaN when merged away (see syncLast); read by maintain.
	lasts  []float64
	labels map[string]int32
	minDay float64
	maxDay float64
	// dense holds, by term id, the current article's weights (scattered
	// for the dot products) and whether the term is a year.
	dense           []denseTerm
	aEntL1, aBodyL1 float64
	aYears          bool
	// scratch reused by every article
	sum     vec      // centroid sums
	keys    []uint64 // prune's selection keys
	fpKeys  []uint64 // fingerprint selection
	f       []float64
	bridged []int32
	pls     []float64
	// cohSum/cohN: the stream's running story cohesion (see story.cohSum).
	cohSum float64
	cohN   int
}

type storySlot struct {
	acc  float32
	gone bool
}

// denseTerm is what the assignment keeps by term id, in one 16-byte
// record so that a term costs one cache line: the current article's
// weights and whether the term is a year.
type denseTerm struct {
	body, head, ent float32
	flags           uint32 // yearBit for a year
}

const yearBit = 1 << 31

func (t *denseTerm) year() bool { return t.flags&yearBit != 0 }

// New returns an empty Clusterer using model m.
func New(m Model, o Options) *Clusterer {
	d := DefaultOptions()
	if o.Dedup.Bands == 0 {
		o.Dedup = d.Dedup
	}
	if o.MinDate.IsZero() {
		o.MinDate = d.MinDate
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.MaxActive <= 0 {
		o.MaxActive = d.MaxActive
	}
	if o.StorylineDays <= 0 {
		o.StorylineDays = d.StorylineDays
	}
	if o.Candidates <= 0 {
		o.Candidates = d.Candidates
	}
	if o.ScanPerTerm <= 0 {
		o.ScanPerTerm = d.ScanPerTerm
	}
	serial := nextSerial()
	return &Clusterer{
		m: m, o: o,
		an:        NewAnalyzer(o.Dedup),
		w:         newWeigher(serial, o.Dedup),
		leftover:  map[string]*Prepared{},
		byID:      map[string]int32{},
		byStory:   map[string]int32{},
		aliases:   map[string]string{},
		labels:    map[string]int32{},
		minDay:    dayOf(o.MinDate),
		maxDay:    dayOf(o.Now) + 2,
		f:         make([]float64, len(FeatureNames)),
		serial:    serial,
		scattered: -1,
	}
}

func nextSerial() uint32 {
	for {
		if s := serials.Add(1); s != 0 {
			return s
		}
	}
}

// Model returns the model in use.
func (c *Clusterer) Model() Model { return c.m }

// Analyzer returns the Clusterer's own analyzer (for single-threaded use).
func (c *Clusterer) Analyzer() *Analyzer { return c.an }

// Len returns the number of distinct articles added.
func (c *Clusterer) Len() int { return len(c.arts) }

func dayOf(t time.Time) float64 { return float64(t.Unix()) / 86400 }

// Add analyzes d and assigns it to a story.
func (c *Clusterer) Add(d Doc) Assignment {
	if i, ok := c.byID[d.ID]; ok {
		return c.assignment(i, true, 0, false)
	}
	return c.AddAnalyzed(c.an.Analyze(d))
}

// AddAnalyzed assigns an article analyzed by an Analyzer (built with the
// same dedup options) to a story.
func (c *Clusterer) AddAnalyzed(a *Analyzed) Assignment {
	return c.add(c.w.prepare(a, true), "", nil)
}

// AddLabeled is for training: it places the article in the story of its
// gold label (when that story is still open) and reports, through emit,
// the features of every candidate story the index retrieved, plus the gold
// story if the index missed it, with whether the candidate is the gold
// story. Near-duplicate detection is not used in this mode.
func (c *Clusterer) AddLabeled(a *Analyzed, label string, emit func(f []float64, same bool)) Assignment {
	if emit == nil {
		emit = func([]float64, bool) {}
	}
	return c.add(c.w.prepare(a, false), label, emit)
}

func (c *Clusterer) add(p *Prepared, label string, emit func([]float64, bool)) Assignment {
	a := p.a
	if i, ok := c.byID[a.Doc.ID]; ok {
		return c.assignment(i, true, 0, false)
	}
	if p.repeated {
		// Prepared before but never added (PrepareAll stopped early).
		lp, ok := c.leftover[a.Doc.ID]
		if !ok {
			panic(fmt.Sprintf("cluster: article %q prepared twice without being added", a.Doc.ID))
		}
		delete(c.leftover, a.Doc.ID)
		p = lp
	}
	c.grow(p)
	c.seq++
	ar := article{id: a.Doc.ID, outlet: a.Doc.Outlet, flags: slices.Clone(a.Flags),
		body: p.body, head: p.head, ent: p.ent, query: p.query, places: p.places}
	if t := a.Doc.Published; !t.IsZero() {
		day := dayOf(t)
		if day < c.minDay || day > c.maxDay {
			ar.flags = append(ar.flags, "bad_date")
		} else {
			ar.day, ar.dated = day, true
			if !c.hasClk || day > c.clock {
				c.clock, c.hasClk = day, true
			}
		}
	} else {
		ar.flags = append(ar.flags, "no_date")
	}
	idx := int32(len(c.arts))
	c.byID[ar.id] = idx
	empty := p.empty
	if empty && !slices.Contains(ar.flags, "no_text") {
		ar.flags = append(ar.flags, "no_text")
	}
	c.arts = append(c.arts, ar)
	art := &c.arts[idx]

	// Near-duplicates join the story of the article they copy.
	if emit == nil && !empty {
		if root := p.root; root != "" {
			if ri, ok := c.byID[root]; ok && c.arts[ri].story >= 0 {
				art.dup = root
				s := c.stories[c.resolveIdx(c.arts[ri].story)]
				c.join(s, idx)
				c.maintain()
				return c.assignment(idx, false, 1, false)
			}
		}
	}
	if empty {
		c.newStory(idx, -1, label)
		c.maintain()
		return c.assignment(idx, false, 0, true)
	}

	c.scatter(art)
	c.scattered = idx
	defer func() {
		c.unscatter(art)
		c.scattered = -1
	}()
	cands := c.candidates(art)
	c.touchStories(cands)
	best, bestP := int32(-1), 0.0
	line, lineP := int32(-1), 0.0
	f := c.f
	var gold int32 = -1
	if emit != nil {
		if g, ok := c.labels[label]; ok {
			gold = g
		}
	}
	sawGold := false
	bridged := c.bridged[:0]
	defer func() { c.bridged = bridged[:0] }()
	// A candidate that cannot take the article only counts for the
	// storyline, which matters only when the article starts a story: its
	// features wait until that is known (pls[i] NaN), and the storyline
	// is then chosen over all candidates in their order, as if every one
	// had been scored in this loop.
	pls := c.pls[:0]
	for _, si := range cands {
		s := c.stories[si]
		if emit == nil && !c.mayTake(art, s) {
			pls = append(pls, math.NaN())
			continue
		}
		// maintain closes stories only every 64 articles; a story whose
		// window has passed is closed now, whatever maintain has done, so
		// an undated article cannot join (or bridge) it.
		eligible := c.features(art, s, f) && !c.expired(s)
		p := c.m.Prob(f)
		if emit != nil && eligible {
			emit(f, si == gold)
			if si == gold {
				sawGold = true
			}
		}
		if eligible && s.active && (p > bestP || best < 0 && p == bestP) {
			best, bestP = si, p
		}
		if eligible && s.active && c.m.MergeThreshold > 0 && p >= c.m.MergeThreshold {
			bridged = append(bridged, si)
		}
		// Storyline: would the story match if it were close in time?
		f[6] = 0
		pls = append(pls, c.m.Prob(f))
	}
	c.pls = pls
	if emit != nil || best < 0 || bestP < c.m.Threshold {
		for i, si := range cands {
			if math.IsNaN(pls[i]) {
				c.features(art, c.stories[si], f)
				f[6] = 0
				pls[i] = c.m.Prob(f)
			}
			if pls[i] > lineP {
				line, lineP = c.stories[si].line, pls[i]
			}
		}
	}
	if emit != nil {
		if gold >= 0 && !sawGold {
			s := c.stories[gold]
			if c.features(art, s, f) {
				emit(f, true)
				sawGold = true
			}
		}
		if sawGold {
			c.join(c.stories[gold], idx)
			c.maintain()
			return c.assignment(idx, false, 1, false)
		}
		if lineP < c.m.Threshold {
			line = -1
		}
		c.newStory(idx, line, label)
		c.maintain()
		return c.assignment(idx, false, 0, true)
	}
	if best >= 0 && bestP >= c.m.Threshold {
		c.join(c.stories[best], idx)
		// An article that matches several open stories strongly bridges
		// them: they were one event split too early. Merge them into the
		// oldest (its id survives, the others become aliases).
		if len(bridged) > 1 {
			slices.Sort(bridged)
			for _, si := range bridged[1:] {
				_ = c.Merge(c.stories[bridged[0]].id, c.stories[si].id)
			}
		}
		c.maintain()
		return c.assignment(idx, false, bestP, false)
	}
	if lineP < c.m.Threshold {
		line = -1
	}
	c.newStory(idx, line, label)
	c.maintain()
	return c.assignment(idx, false, 0, true)
}

func (c *Clusterer) assignment(i int32, repeated bool, p float64, isNew bool) Assignment {
	ar := &c.arts[i]
	s := c.stories[c.resolveIdx(ar.story)]
	return Assignment{
		Story:       s.id,
		Storyline:   c.lines[s.line].id,
		DuplicateOf: ar.dup,
		NewStory:    isNew,
		Score:       p,
		Repeated:    repeated,
		Flags:       ar.flags,
	}
}

// serials numbers Clusterers for termEntry.cid (0 is never used).
var serials atomic.Uint32

// grow extends the arrays kept by term id to the terms p knows and marks
// the year terms numbered with it.
func (c *Clusterer) grow(p *Prepared) {
	for len(c.dense) < int(p.nterms) {
		c.dense = append(c.dense, denseTerm{})
		c.post = append(c.post, nil)
		c.postLen = append(c.postLen, 0)
	}
	for _, id := range p.years {
		c.dense[id].flags |= yearBit
	}
}

// sortByID sorts v by term id (ids are distinct within a vector) by
// sorting packed keys, which needs no comparator calls.
func sortByID(v vec, keys *[]uint64) vec {
	k := (*keys)[:0]
	for _, x := range v {
		k = append(k, uint64(x.id)<<32|uint64(math.Float32bits(x.w)))
	}
	slices.Sort(k)
	for i, key := range k {
		v[i] = tw{uint32(key >> 32), math.Float32frombits(uint32(key))}
	}
	*keys = k
	return v
}

// mayTake reports what features and expired together report for
// eligibility: whether story s is open, within the time window of ar and
// not past its own window.
func (c *Clusterer) mayTake(ar *article, s *story) bool {
	if !s.active || c.expired(s) {
		return false
	}
	if ar.dated && s.dated {
		gap := math.Max(0, math.Max(s.first-ar.day, ar.day-s.last))
		return gap <= c.m.WindowDays
	}
	return true
}

// expired reports whether a dated story's window has passed on the stream
// clock (maintain closes such stories in batches).
func (c *Clusterer) expired(s *story) bool {
	return s.dated && c.hasClk && c.clock-s.last > c.m.WindowDays
}
