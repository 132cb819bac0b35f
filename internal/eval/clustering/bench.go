package clustering

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Generator makes an endless, deterministic stream of synthetic articles
// with a realistic event structure by recombining real sentences.
//
// How it works: the sentences of real labelled articles (any common-format
// file) are pooled per real event. Each synthetic event takes one pool as
// its "kind" (so many synthetic events share vocabulary, like two
// earthquakes; it mixes two pools, 60/40, so kinds vary), plus its own identity: two or three made-up proper names
// and a dateline place, a start time, a lifetime (log-normal, median about
// two days, long tail to weeks) and a popularity (Pareto, so a few events
// get hundreds of articles and most get a handful). The stream advances
// at PerDay articles per day; each article either starts a new event
// (probability NewEvent) or belongs to a live event chosen by popularity.
// An article is a headline and 4-12 sentences drawn from its event's pool,
// with the event's names woven in; a share of articles (Copies) are wire
// copies of a recent article with a new headline and outlet.
type Generator struct {
	PerDay   float64
	NewEvent float64
	Copies   float64
	Start    time.Time

	pools  [][]string
	rng    *rand.Rand
	n      int
	live   []*genEvent
	nextEv int
	recent []cluster.Doc
	// minEnd is the earliest end of the live events and total the sum of
	// their weights in order (NaN: to be summed again), kept so that Next
	// does not visit every live event for every article.
	minEnd float64
	total  float64
	// Events maps article id -> synthetic event (for scoring); set it to
	// nil to record nothing (a long stream then needs less memory).
	Events map[string]string
}

type genEvent struct {
	id     string
	pool   [2]int
	names  []string
	place  string
	end    float64 // stream day when it stops
	weight float64
}

// NewGenerator pools the sentences of arts per event. seed fixes the
// stream.
func NewGenerator(arts []Article, seed uint64) (*Generator, error) {
	byEvent := map[string][]string{}
	var order []string
	for _, a := range arts {
		for _, sp := range nlp.Sentences(a.Text) {
			s := strings.Join(strings.Fields(a.Text[sp[0]:sp[1]]), " ")
			if n := len(strings.Fields(s)); n < 6 || n > 60 {
				continue
			}
			if _, ok := byEvent[a.Event]; !ok {
				order = append(order, a.Event)
			}
			byEvent[a.Event] = append(byEvent[a.Event], s)
		}
	}
	g := &Generator{PerDay: 3000, NewEvent: 0.12, Copies: 0.1,
		Start: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), rng: rand.New(rand.NewPCG(seed, 0x5eed)),
		Events: map[string]string{}}
	for _, e := range order {
		if len(byEvent[e]) >= 8 {
			g.pools = append(g.pools, byEvent[e])
		}
	}
	if len(g.pools) == 0 {
		return nil, fmt.Errorf("clustering: generator: no event with 8 usable sentences")
	}
	return g, nil
}

var syllables = strings.Fields("ka ro mi ta ve lo su an dre ni po bel gor tas vin ur el mar ko za li den fe ra quo bri")

func (g *Generator) name() string {
	n := 2 + g.rng.IntN(2)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(syllables[g.rng.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// Next returns the next article of the stream.
func (g *Generator) Next() cluster.Doc {
	g.n++
	day := float64(g.n) / g.PerDay
	pub := g.Start.Add(time.Duration(day * 24 * float64(time.Hour))).Truncate(time.Minute)
	id := "g" + strconv.Itoa(g.n)
	if len(g.recent) > 0 && g.rng.Float64() < g.Copies {
		src := g.recent[g.rng.IntN(len(g.recent))]
		d := src
		d.ID, d.Published = id, pub
		d.Title = "UPDATE: " + src.Title
		d.Outlet = "outlet" + strconv.Itoa(g.rng.IntN(500))
		if g.Events != nil {
			g.Events[id] = g.Events[src.ID]
		}
		return d
	}
	// Retire finished events.
	if len(g.live) > 0 && g.minEnd < day {
		g.live = slices.DeleteFunc(g.live, func(e *genEvent) bool { return e.end < day })
		g.minEnd, g.total = math.Inf(1), math.NaN()
		for _, e := range g.live {
			g.minEnd = math.Min(g.minEnd, e.end)
		}
	}
	var ev *genEvent
	if len(g.live) == 0 || g.rng.Float64() < g.NewEvent {
		g.nextEv++
		life := math.Exp(math.Log(2) + 1.2*g.rng.NormFloat64())
		ev = &genEvent{
			id:     fmt.Sprintf("e%d", g.nextEv),
			pool:   [2]int{g.rng.IntN(len(g.pools)), g.rng.IntN(len(g.pools))},
			names:  []string{g.name() + " " + g.name(), g.name(), g.name() + " " + g.name()},
			place:  strings.ToUpper(g.name()),
			end:    day + math.Min(life, 60),
			weight: 1 / math.Pow(1-g.rng.Float64(), 1/1.2),
		}
		g.live = append(g.live, ev)
		g.minEnd, g.total = math.Min(g.minEnd, ev.end), math.NaN()
		if len(g.live) == 1 {
			g.minEnd = ev.end
		}
	} else {
		if math.IsNaN(g.total) {
			g.total = 0
			for _, e := range g.live {
				g.total += e.weight
			}
		}
		x := g.rng.Float64() * g.total
		for _, e := range g.live {
			if x -= e.weight; x <= 0 {
				ev = e
				break
			}
		}
		if ev == nil {
			ev = g.live[len(g.live)-1]
		}
	}
	pick := func() string {
		pool := g.pools[ev.pool[0]]
		if g.rng.IntN(5) < 2 {
			pool = g.pools[ev.pool[1]]
		}
		return pool[g.rng.IntN(len(pool))]
	}
	var b strings.Builder
	k := 4 + g.rng.IntN(9)
	b.Grow(len(ev.place) + 12 + k*200)
	b.WriteString(ev.place)
	b.WriteString(" (Wire) _ ")
	for i := 0; i < k; i++ {
		s := pick()
		if i%3 == 0 {
			b.WriteString(ev.names[g.rng.IntN(len(ev.names))])
			b.WriteString(" said ")
			b.WriteString(strings.ToLower(s[:1]))
			s = s[1:]
		}
		b.WriteString(s)
		b.WriteString(" ")
		if i%4 == 3 {
			b.WriteString("\n\n")
		}
	}
	d := cluster.Doc{
		ID:        id,
		Title:     ev.names[0] + ": " + pick(),
		Text:      b.String(),
		Language:  "en",
		Published: pub,
		Outlet:    "outlet" + strconv.Itoa(g.rng.IntN(500)),
	}
	if g.Events != nil {
		g.Events[id] = ev.id
	}
	g.recent = append(g.recent, d)
	if len(g.recent) > 200 {
		g.recent = g.recent[len(g.recent)-200:]
	}
	return d
}

// BenchPoint is the state of a benchmark run after N articles.
type BenchPoint struct {
	Articles int `json:"articles"`
	// ArticlesPerSecond is articles over wall-clock time since the start
	// (generation, analysis and assignment overlap; memory sampling is
	// not counted).
	ArticlesPerSecond float64 `json:"articles_per_second"`
	// Latency of the sequential steps of an article (Prepare plus
	// AddPrepared, which run on two goroutines, one article's Prepare
	// ahead of earlier ones' assignment) over the articles since the
	// previous point, in milliseconds.
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
	// PeakHeapMB is the largest live heap seen so far (the heap marked
	// live by the latest garbage collection, sampled every 1,000
	// articles), SysMB the memory obtained from the OS.
	PeakHeapMB float64 `json:"peak_heap_mb"`
	SysMB      float64 `json:"sys_mb"`
	Stories    int     `json:"stories"`
	Duplicates int     `json:"duplicates"`
	// CPUmsPerArticle is the process CPU time (all goroutines, generator
	// included) per article so far: on a shared machine
	// cores/CPUmsPerArticle bounds the rate the cores could reach.
	CPUmsPerArticle float64 `json:"cpu_ms_per_article"`
	// Digest is an FNV-1a hash of every assignment so far (article,
	// story, storyline, copy-of, new-story flag and the score's bits):
	// two runs with the same seed and the same digest assigned every
	// article identically, so a speed change can be checked to leave the
	// grouping unchanged.
	Digest string `json:"digest"`
}

// Bench streams n generated articles through analysis (workers
// goroutines, one Analyzer each, see cluster.AnalyzeAll), term weighting
// and near-duplicate detection (Clusterer.Prepare, one goroutine) and
// assignment (Clusterer.AddPrepared), which run at the same time as
// cluster.AddAll runs them, reporting a BenchPoint at every checkpoint
// (article counts) via report. Nothing scores the stream, so g.Events is
// set to nil (not recorded) rather than grow by an entry per article. It stops early with ctx.Err()
// when ctx is cancelled.
func Bench(ctx context.Context, g *Generator, n, workers int, m cluster.Model, o cluster.Options, checkpoints []int, report func(BenchPoint)) error {
	c := cluster.New(m, o)
	g.Events = nil
	docs := func(yield func(cluster.Doc) bool) {
		for i := 0; i < n; i++ {
			if !yield(g.Next()) {
				return
			}
		}
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var lat []float64
	var paused time.Duration
	cpu0 := cpuSeconds()
	start := time.Now()
	peak := 0.0
	stories, dups, done := 0, 0, 0
	next := 0
	digest := uint64(14695981039346656037)
	// The pipeline of cluster.AddAll (analysis on workers goroutines,
	// then Prepare on one goroutine ahead of AddPrepared on this one),
	// written out so that the latency of an article can count both
	// sequential stages: its Prepare time travels with it.
	type prepped struct {
		p *cluster.Prepared
		d time.Duration
	}
	ch := make(chan []prepped, 4)
	go func() {
		defer close(ch)
		batch := make([]prepped, 0, 64)
		for a := range cluster.AnalyzeAll(ctx, docs, workers, withDefaults(o).Dedup) {
			t0 := time.Now()
			p := c.Prepare(a)
			batch = append(batch, prepped{p, time.Since(t0)})
			if len(batch) < cap(batch) {
				continue
			}
			select {
			case ch <- batch:
			case <-ctx.Done():
				return
			}
			batch = make([]prepped, 0, 64)
		}
		select {
		case ch <- batch:
		case <-ctx.Done():
		}
	}()
	for pp := range seqOf(ch) {
		a := pp.p.Analyzed()
		t0 := time.Now()
		as := c.AddPrepared(pp.p)
		lat = append(lat, float64((time.Since(t0)+pp.d).Nanoseconds())/1e6)
		if as.NewStory {
			stories++
		}
		if as.DuplicateOf != "" {
			dups++
		}
		digest = digestAssignment(digest, a.Doc.ID, as)
		done++
		if done%1000 == 0 || done == n {
			metrics.Read(live)
			peak = math.Max(peak, float64(live[0].Value.Uint64())/(1<<20))
		}
		for next < len(checkpoints) && done >= checkpoints[next] {
			p0 := time.Now()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			slices.Sort(lat)
			q := func(p float64) float64 {
				if len(lat) == 0 {
					return 0
				}
				return lat[min(len(lat)-1, int(p*float64(len(lat))))]
			}
			wall := time.Since(start) - paused
			report(BenchPoint{Articles: done, ArticlesPerSecond: float64(done) / wall.Seconds(),
				P50ms: q(0.5), P99ms: q(0.99), PeakHeapMB: peak, SysMB: float64(ms.Sys) / (1 << 20),
				Stories: stories, Duplicates: dups, CPUmsPerArticle: (cpuSeconds() - cpu0) * 1000 / float64(done),
				Digest: fmt.Sprintf("%016x", digest)})
			lat = lat[:0]
			next++
			paused += time.Since(p0)
		}
	}
	return ctx.Err()
}

// seqOf yields the elements of the batches received from ch until it
// is closed.
func seqOf[T any](ch <-chan []T) func(func(T) bool) {
	return func(yield func(T) bool) {
		for b := range ch {
			for _, x := range b {
				if !yield(x) {
					return
				}
			}
		}
	}
}

// digestAssignment folds one assignment into an FNV-1a hash.
func digestAssignment(h uint64, id string, as cluster.Assignment) uint64 {
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	add(id)
	add(as.Story)
	add(as.Storyline)
	add(as.DuplicateOf)
	bits := math.Float64bits(as.Score)
	if as.NewStory {
		bits ^= 1 << 63
	}
	for i := 0; i < 8; i++ {
		h ^= bits >> (8 * i) & 0xff
		h *= 1099511628211
	}
	return h
}
