package cluster

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/dedup"
)

// Prepared is an analyzed article with its TF-IDF vectors and its
// near-duplicate root, made by Clusterer.Prepare: the sequential work on
// an article that does not depend on the stories (document frequencies
// count the articles in arrival order, and the near-duplicate index sees
// them in that order), so it can run one article ahead of the others on
// its own goroutine while Clusterer.AddPrepared assigns earlier ones.
type Prepared struct {
	a        *Analyzed
	serial   uint32 // the Clusterer that prepared it
	repeated bool   // the id was prepared before
	empty    bool   // no body terms
	body     vec
	head     vec
	ent      vec
	query    []uint32
	places   []uint32
	root     string // earliest near-duplicate, "" for none (or not looked up)
	// nterms is the size of the term dictionary after this article; years
	// lists the year terms numbered since the previous Prepared.
	nterms uint32
	years  []uint32
}

// Analyzed returns the analysis the article was prepared from.
func (p *Prepared) Analyzed() *Analyzed { return p.a }

// weigher is the Clusterer's first sequential half: the term dictionary,
// document frequencies, place ids, the near-duplicate index and the ids
// seen. Nothing in it is read by the assignment half, so the two can run
// on different goroutines.
type weigher struct {
	serial   uint32
	dict     map[uint64]uint32 // TermHash -> id
	df       []uint32          // by term id: document frequency
	n        int               // articles counted in df
	dd       *dedup.Index
	placeIDs map[string]uint32
	seen     map[string]struct{}
	years    []uint32 // year terms numbered since the last Prepared
	// scratch reused by every article
	ids     []uint32
	unknown []int32
	vbuf    vec
	keys    []uint64
}

func newWeigher(serial uint32, o dedup.Options) *weigher {
	return &weigher{serial: serial, dict: map[uint64]uint32{}, dd: dedup.New(o),
		placeIDs: map[string]uint32{}, seen: map[string]struct{}{}}
}

// Prepare computes the article's vectors and, when it is a near-copy of
// an earlier article, which one. Articles must be prepared in the order
// they are then given to AddPrepared, exactly once each; Prepare may run
// on one goroutine while AddPrepared runs on another (for earlier
// articles), but no other method of the Clusterer may run while Prepare
// does, except AddPrepared. Observe is part of this half.
func (c *Clusterer) Prepare(a *Analyzed) *Prepared {
	return c.w.prepare(a, true)
}

// AddPrepared assigns an article prepared by this Clusterer's Prepare to
// a story; AddAnalyzed(a) is AddPrepared(Prepare(a)).
func (c *Clusterer) AddPrepared(p *Prepared) Assignment {
	if p.serial != c.serial {
		panic(fmt.Sprintf("cluster: AddPrepared: article %q was prepared by another Clusterer", p.a.Doc.ID))
	}
	return c.add(p, "", nil)
}

func (w *weigher) prepare(a *Analyzed, withDups bool) *Prepared {
	p := &Prepared{a: a, serial: w.serial}
	if _, ok := w.seen[a.Doc.ID]; ok {
		p.repeated = true
		return p
	}
	w.seen[a.Doc.ID] = struct{}{}
	p.empty = len(a.Body) == 0
	if !p.empty {
		w.vectors(a, p)
		if withDups {
			p.root, _ = w.dd.AddSignature(a.Doc.ID, a.Sig)
		}
	}
	p.nterms = uint32(len(w.df))
	p.years, w.years = w.years, nil
	return p
}

// known returns the id of an analyzed term when this Clusterer has one:
// from the snapshot the worker took, from the analyzer's entry, or from
// the dictionary (then remembered in the entry).
func (w *weigher) known(tc *TermCount) (uint32, bool) {
	if uint32(tc.cid>>32) == w.serial {
		return uint32(tc.cid), true
	}
	if tc.e != nil {
		if v := tc.e.cid.Load(); uint32(v>>32) == w.serial {
			return uint32(v), true
		}
	}
	id, ok := w.dict[tc.Hash]
	if ok && tc.e != nil {
		tc.e.cid.Store(uint64(w.serial)<<32 | uint64(id))
	}
	return id, ok
}

// internAll appends the ids of tcs to ids, adding the terms it does not
// know in term order (so ids do not depend on the order of tcs).
func (w *weigher) internAll(tcs []TermCount, ids []uint32) []uint32 {
	base := len(ids)
	unknown := w.unknown[:0]
	for i := range tcs {
		id, ok := w.known(&tcs[i])
		if !ok {
			unknown = append(unknown, int32(i))
		}
		ids = append(ids, id)
	}
	if len(unknown) > 1 {
		slices.SortFunc(unknown, func(x, y int32) int { return strings.Compare(tcs[x].Term, tcs[y].Term) })
	}
	for _, i := range unknown {
		tc := &tcs[i]
		id := w.intern(tc.Term, tc.Hash)
		if tc.e != nil {
			tc.e.cid.Store(uint64(w.serial)<<32 | uint64(id))
		}
		ids[base+int(i)] = id
	}
	w.unknown = unknown
	return ids
}

// intern returns the id of term t (with hash h), adding it when new. Ids
// are dense so that document frequencies and scratch arrays are slices.
func (w *weigher) intern(t string, h uint64) uint32 {
	if id, ok := w.dict[h]; ok {
		return id
	}
	id := uint32(len(w.df))
	w.dict[h] = id
	w.df = append(w.df, 0)
	if strings.HasPrefix(t, "y:") {
		w.years = append(w.years, id)
	}
	return id
}

// vectors computes the article's TF-IDF vectors with document frequencies
// from the articles seen so far (this one included): nothing from the
// future is used. The three vectors share one allocation.
func (w *weigher) vectors(a *Analyzed, p *Prepared) {
	w.n++
	nb, ne := len(a.Body), len(a.Ents)
	ids := w.internAll(a.Ents, w.internAll(a.Body, w.ids[:0]))
	for _, id := range ids {
		w.df[id]++
	}
	w.ids = ids
	idf := func(id uint32) float64 {
		return math.Log(float64(w.n+1)/float64(w.df[id]+1)) + 1
	}
	tf := func(count int, pre []float64, i int) float64 {
		if pre != nil {
			return pre[i]
		}
		return 1 + math.Log(float64(count))
	}
	if need := nb + ne + len(a.Head); cap(w.vbuf) < need {
		w.vbuf = make(vec, 0, 2*need)
	}
	v := w.vbuf[:0]
	for i, id := range ids[:nb] {
		v = append(v, tw{id, float32(tf(a.Body[i].Count, a.bodyTF, i) * idf(id))})
	}
	body := prune(sortByID(v, &w.keys), articleTerms, &w.keys)
	head := vec(v[len(v):len(v)])
	for i, t := range a.Head {
		tc := TermCount{Term: t, Hash: a.HeadHash[i]}
		if i < len(a.headE) {
			tc.e, tc.cid = a.headE[i], a.headCID[i]
		}
		id, ok := w.known(&tc)
		if !ok {
			id = w.intern(t, tc.Hash)
			if tc.e != nil {
				tc.e.cid.Store(uint64(w.serial)<<32 | uint64(id))
			}
		}
		if w.df[id] == 0 {
			w.df[id]++
		}
		head = append(head, tw{id, float32(idf(id))})
	}
	head = sortByID(head, &w.keys)
	ent := vec(head[len(head):len(head)])
	for i, id := range ids[nb : nb+ne] {
		ent = append(ent, tw{id, float32(tf(a.Ents[i].Count, a.entTF, i) * idf(id))})
	}
	ent = prune(sortByID(ent, &w.keys), articleTerms, &w.keys)
	// One exact-size array for the three vectors.
	all := make(vec, 0, len(body)+len(head)+len(ent))
	all = append(all, body...)
	all = append(all, head...)
	all = append(all, ent...)
	w.vbuf = v[:0]
	p.body = normalize(all[:len(body):len(body)])
	p.head = normalize(all[len(body) : len(body)+len(head) : len(body)+len(head)])
	p.ent = normalize(all[len(body)+len(head):])
	// Query: strongest body terms, strongest entities, the headline; each
	// term once, in that order.
	scratch := append(w.vbuf[:0], p.body...)
	qb := prune(scratch, queryTerms, &w.keys)
	scratch = append(scratch[len(scratch):len(scratch)], p.ent...)
	qe := prune(scratch, queryEnts, &w.keys)
	q := make([]uint32, 0, len(qb)+len(qe)+len(p.head))
	for _, part := range [3]vec{qb, qe, p.head} {
		for _, x := range part {
			if !slices.Contains(q, x.id) {
				q = append(q, x.id)
			}
		}
	}
	p.query = q
	p.places = w.placeIDsOf(a.Places)
}

// placeIDsOf returns the ids of place names (nil for none), numbering
// names not seen before.
func (w *weigher) placeIDsOf(places []string) []uint32 {
	if len(places) == 0 {
		return nil
	}
	ids := make([]uint32, len(places))
	for i, p := range places {
		id, ok := w.placeIDs[p]
		if !ok {
			id = uint32(len(w.placeIDs))
			w.placeIDs[p] = id
		}
		ids[i] = id
	}
	return ids
}

// Observe counts the document frequencies of an analyzed background article
// without grouping it, to warm up term weights at the start of a stream
// (for example with the previous day's articles). It belongs to the
// Prepare half (see Prepare).
func (c *Clusterer) Observe(a *Analyzed) {
	w := c.w
	if len(a.Body) == 0 {
		return
	}
	w.n++
	ids := w.internAll(a.Ents, w.internAll(a.Body, w.ids[:0]))
	for _, id := range ids {
		w.df[id]++
	}
	w.ids = ids
}

// PrepareAll runs Prepare over in on a goroutine of its own, ahead of the
// caller, and yields the results in order for AddPrepared: the
// assignment half then does only what depends on the stories. At most a
// few batches are in flight. When the iteration stops (early, or when ctx
// is cancelled) the goroutine has finished before PrepareAll returns, so
// the Clusterer may then be used as usual; articles it prepared but the
// caller did not add are added from what was prepared if they are given
// again (they were counted in the document frequencies already).
func (c *Clusterer) PrepareAll(ctx context.Context, in func(yield func(*Analyzed) bool)) func(yield func(*Prepared) bool) {
	return func(yield func(*Prepared) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ch := make(chan []*Prepared, 4)
		go func() {
			defer close(ch)
			batch := make([]*Prepared, 0, streamBatch)
			for a := range in {
				if ctx.Err() != nil {
					return
				}
				batch = append(batch, c.Prepare(a))
				if len(batch) < streamBatch {
					continue
				}
				select {
				case ch <- batch:
				case <-ctx.Done():
					return
				}
				batch = make([]*Prepared, 0, streamBatch)
			}
			if len(batch) > 0 {
				select {
				case ch <- batch:
				case <-ctx.Done():
				}
			}
		}()
		var rest []*Prepared // the batch being yielded
		defer func() {
			cancel()
			// Articles prepared but not assigned (the iteration stopped)
			// are kept, so that adding them later uses what was counted.
			keep := func(b []*Prepared) {
				for _, p := range b {
					c.grow(p)
					if !p.repeated {
						if _, ok := c.byID[p.a.Doc.ID]; !ok {
							c.leftover[p.a.Doc.ID] = p
						}
					}
				}
			}
			keep(rest)
			for b := range ch {
				keep(b)
			}
		}()
		for b := range ch {
			for i, p := range b {
				rest = b[i:]
				if !yield(p) {
					return
				}
			}
			rest = nil
		}
	}
}
