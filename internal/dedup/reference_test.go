package dedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The index as it was before the open-addressing tables and the entry
// ring: the reference the current one must answer exactly like.
type refEntry struct {
	id   string
	root string // earliest article of the group (id itself when original)
	sig  Signature
}

// Index is the searchable set of recent articles.
type refIndex struct {
	opts Options
	// Two generations of band buckets: when the current one holds
	// Capacity/2 articles the older one is dropped.
	cur, old []map[uint64]int64 // per band: bucket key -> sequence number
	curN     int
	entries  map[int64]*refEntry
	seq      int64
	oldest   int64 // sequence numbers below this are forgotten
	seen     map[string]string
}

// New returns an empty index.
func newRef(opts Options) *refIndex {
	if opts.Bands < 1 || opts.Rows < 1 {
		opts = DefaultOptions()
	}
	if opts.Capacity < 2 {
		opts.Capacity = 2
	}
	ix := &refIndex{opts: opts, entries: map[int64]*refEntry{}, seen: map[string]string{}}
	ix.cur = refBands(opts.Bands)
	ix.old = refBands(opts.Bands)
	return ix
}

func refBands(n int) []map[uint64]int64 {
	b := make([]map[uint64]int64, n)
	for i := range b {
		b[i] = map[uint64]int64{}
	}
	return b
}

// Options returns the options the index was built with.
func (ix *refIndex) Options() Options { return ix.opts }

// Len returns the number of articles currently searchable.
func (ix *refIndex) Len() int { return len(ix.entries) }

// Add indexes the article and returns the id of the earliest article it is
// a near-duplicate of ("" when none) with the estimated Jaccard similarity.
func (ix *refIndex) Add(id, text string) (string, float64) {
	if orig, ok := ix.seen[id]; ok {
		return orig, 1
	}
	return ix.AddSignature(id, ix.opts.Signature(text))
}

// AddSignature is Add with a signature computed beforehand by
// Options.Signature (of the same options).
func (ix *refIndex) AddSignature(id string, sig Signature) (string, float64) {
	if orig, ok := ix.seen[id]; ok {
		return orig, 1
	}
	if len(sig) != ix.opts.Bands*ix.opts.Rows {
		ix.seen[id] = ""
		return "", 0
	}
	keys := make([]uint64, ix.opts.Bands)
	for b := range keys {
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for _, v := range sig[b*ix.opts.Rows : (b+1)*ix.opts.Rows] {
			h = mix64(h ^ uint64(v))
		}
		keys[b] = h
	}
	var best *refEntry
	bestJ, bestSeq := 0.0, int64(0)
	for b, k := range keys {
		for _, gen := range [2][]map[uint64]int64{ix.cur, ix.old} {
			s, ok := gen[b][k]
			if !ok || s < ix.oldest {
				continue
			}
			e := ix.entries[s]
			if e == nil {
				continue
			}
			j := Jaccard(sig, e.sig)
			if j >= ix.opts.Threshold && (j > bestJ || j == bestJ && s < bestSeq) {
				best, bestJ, bestSeq = e, j, s
			}
		}
	}
	ix.seq++
	e := &refEntry{id: id, root: id, sig: sig}
	orig := ""
	if best != nil {
		e.root = best.root
		orig = best.root
	}
	ix.entries[ix.seq] = e
	for b, k := range keys {
		ix.cur[b][k] = ix.seq
	}
	ix.seen[id] = orig
	ix.curN++
	if ix.curN >= ix.opts.Capacity/2 {
		// Rotate: forget everything older than the previous generation.
		ix.oldest = ix.seq - int64(ix.curN) + 1
		for s := ix.oldest - int64(ix.opts.Capacity); s < ix.oldest; s++ {
			if e, ok := ix.entries[s]; ok {
				delete(ix.seen, e.id)
				delete(ix.entries, s)
			}
		}
		ix.old, ix.cur = ix.cur, refBands(ix.opts.Bands)
		ix.curN = 0
	}
	return orig, bestJ
}

func TestIndexMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vocab := strings.Fields("rain flood river bank rate court vote storm fire army talks oil price trade border school union strike police peace")
	texts := make([]string, 40)
	for i := range texts {
		var b strings.Builder
		for k := 0; k < 30; k++ {
			b.WriteString(vocab[rng.IntN(len(vocab))] + " ")
		}
		texts[i] = b.String()
	}
	for _, capacity := range []int{2, 3, 10, 64, 1000} {
		t.Run(fmt.Sprint(capacity), func(t *testing.T) {
			o := DefaultOptions()
			o.Capacity = capacity
			ix, ref := New(o), newRef(o)
			for i := 0; i < 3000; i++ {
				id := fmt.Sprint("a", rng.IntN(2500)) // some ids repeat
				text := texts[rng.IntN(len(texts))]
				if rng.IntN(4) == 0 { // an edited copy
					text = strings.Replace(text, vocab[rng.IntN(len(vocab))], "changed", 2)
				}
				if rng.IntN(50) == 0 {
					text = "too short"
				}
				g, gj := ix.Add(id, text)
				w, wj := ref.Add(id, text)
				if g != w || gj != wj || ix.Len() != ref.Len() {
					t.Fatalf("add %d (%s): got %q %v len %d, reference %q %v len %d", i, id, g, gj, ix.Len(), w, wj, ref.Len())
				}
			}
		})
	}
}
