// Package dedup finds near-duplicate articles: wire copies, syndicated
// reprints and the same article with an edited headline. It owns MinHash
// signatures over word shingles and a locality-sensitive (banded) index of
// recent articles. Duplicates are reported, never dropped: the caller groups
// a copy with the article it copies so every outlet stays visible.
//
// Use by the pipeline:
//
//	ix := dedup.New(dedup.DefaultOptions())
//	for each article, in publication order:
//	    orig, j := ix.Add(a.ID, a.Title+"\n"+a.Text)
//	    if orig != "" { a.DuplicateOf = orig } // j is the estimated Jaccard
//
// Add is deterministic: the same sequence of calls gives the same answers.
// Signature is safe for concurrent use (compute signatures on several cores,
// then call AddSignature in order); Index methods are not.
//
// Rules: Add returns the earliest article of a duplicate group (the root),
// so a copy of a copy points at the first one; among several candidates the
// one with the highest estimated Jaccard wins, ties to the earliest added.
// An empty or very short text (fewer words than one shingle) is never a
// duplicate and never matched. Adding an id a second time returns the
// answer given the first time. Only the most recent Options.Capacity
// articles are searched, which keeps memory and per-article cost flat.
package dedup

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Options tune the index. The zero value is not valid; start from
// DefaultOptions.
type Options struct {
	// Shingle is the number of consecutive words in a shingle.
	Shingle int
	// Bands and Rows define the LSH banding; the signature has Bands*Rows
	// hash values. Two texts become candidates when one band agrees fully.
	Bands, Rows int
	// Threshold is the minimum estimated Jaccard similarity of shingle sets
	// for a candidate to count as a duplicate.
	Threshold float64
	// Capacity is how many recent articles are kept searchable.
	Capacity int
}

// DefaultOptions returns 20 bands of 3 rows (60 hashes) over 4-word shingles
// and a Jaccard threshold of 0.5: an article sharing half its shingles with
// an earlier one is found with probability above 0.93, one sharing 0.6 above
// 0.99, and the full-signature check keeps false matches rare.
func DefaultOptions() Options {
	return Options{Shingle: 4, Bands: 20, Rows: 3, Threshold: 0.5, Capacity: 300000}
}

// Signature is a MinHash signature: one minimum per hash function.
type Signature []uint32

// Signature computes the MinHash signature of text under o, or nil when the
// text has fewer words than one shingle.
func (o Options) Signature(text string) Signature {
	return o.minhash(appendWordHashes(nil, text))
}

// Signer computes the same signatures as Options.Signature with buffers
// reused from one call to the next. A Signer is not safe for concurrent
// use: give each worker its own.
type Signer struct {
	o      Options
	wh, sh []uint64
}

// NewSigner returns a Signer for o.
func (o Options) NewSigner() *Signer { return &Signer{o: o} }

// Sign returns the signature of the texts joined by line breaks (Sign(a,
// b) equals o.Signature(a + "\n" + b)), without building that string.
func (s *Signer) Sign(texts ...string) Signature {
	wh := s.wh[:0]
	for _, t := range texts {
		wh = appendWordHashes(wh, t)
	}
	s.wh = wh
	return s.o.minhashBuf(wh, &s.sh)
}

// minhash computes the signature of the shingles over the word hashes.
func (o Options) minhash(wh []uint64) Signature {
	var sh []uint64
	return o.minhashBuf(wh, &sh)
}

// minhashBuf is minhash with the shingle hashes built in *sh (scratch).
// Shingle hashes are combined from word hashes, so each word is hashed
// once; then each hash function runs over all shingles with the minimum
// kept in registers (four independent minima, so the comparisons do not
// wait on each other). The minimum of a set does not depend on the order
// it is read in, so the signature is that of one shingle at a time.
func (o Options) minhashBuf(wh []uint64, sh *[]uint64) Signature {
	n := o.Bands * o.Rows
	k := o.Shingle
	if k < 1 {
		k = 1
	}
	if len(wh) < k {
		return nil
	}
	hs := (*sh)[:0]
	for i := 0; i+k <= len(wh); i++ {
		h := uint64(1469598103934665603)
		for _, x := range wh[i : i+k] {
			h = mix64(h ^ x)
		}
		hs = append(hs, h)
	}
	*sh = hs
	seeds := hashSeeds(n)
	sig := make(Signature, len(seeds))
	for j, s := range seeds {
		m0, m1, m2, m3 := uint32(math.MaxUint32), uint32(math.MaxUint32), uint32(math.MaxUint32), uint32(math.MaxUint32)
		i := 0
		for ; i+4 <= len(hs); i += 4 {
			q := hs[i : i+4 : i+4]
			m0 = min(m0, uint32(mix64(q[0]^s)>>32))
			m1 = min(m1, uint32(mix64(q[1]^s)>>32))
			m2 = min(m2, uint32(mix64(q[2]^s)>>32))
			m3 = min(m3, uint32(mix64(q[3]^s)>>32))
		}
		for _, h := range hs[i:] {
			m0 = min(m0, uint32(mix64(h^s)>>32))
		}
		sig[j] = min(m0, m1, m2, m3)
	}
	return sig
}

// appendWordHashes appends the FNV-1a hash of each word of text (as Words
// returns them: lower-cased letters and digits) without building the
// words.
func appendWordHashes(dst []uint64, text string) []uint64 {
	const offset = 14695981039346656037
	h := uint64(offset)
	in := false
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// ASCII: letters and digits from a table, the same classes.
			i++
			if !asciiWord[c] {
				if in {
					dst = append(dst, h)
					h, in = offset, false
				}
				continue
			}
			in = true
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint64(c)
			h *= 1099511628211
			continue
		}
		r, w := utf8.DecodeRuneInString(text[i:])
		i += w
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if in {
				dst = append(dst, h)
				h, in = offset, false
			}
			continue
		}
		in = true
		if r < utf8.RuneSelf {
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint64(c)
			h *= 1099511628211
			continue
		}
		for _, c := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
			h ^= uint64(c)
			h *= 1099511628211
		}
	}
	if in {
		dst = append(dst, h)
	}
	return dst
}

// asciiWord marks the ASCII bytes that unicode.IsLetter or
// unicode.IsDigit accept.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		t[c] = unicode.IsLetter(c) || unicode.IsDigit(c)
	}
	return t
}()

// Jaccard estimates the Jaccard similarity of the shingle sets behind two
// signatures of the same options: the share of agreeing minima.
func Jaccard(a, b Signature) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// Words returns the lower-cased words of text (letters and digits), the
// units of shingles. Punctuation and case differences do not break copies.
func Words(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); {
		var r rune
		w := 1
		if i < len(text) {
			r, w = utf8.DecodeRuneInString(text[i:])
		}
		word := i < len(text) && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
		i += w
	}
	return out
}

var seedCache sync.Map // int -> []uint64

// hashSeeds returns the n fixed seeds of the hash family; fixed so that
// signatures are comparable across runs and processes.
func hashSeeds(n int) []uint64 {
	if s, ok := seedCache.Load(n); ok {
		return s.([]uint64)
	}
	s := make([]uint64, n)
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x += 0x9E3779B97F4A7C15
		s[i] = mix64(x)
	}
	seedCache.Store(n, s)
	return s
}

// mix64 is the SplitMix64 finalizer, a cheap well-mixing bijection.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

type entry struct {
	seq  int64 // 0: free slot
	id   string
	root string // earliest article of the group (id itself when original)
	sig  Signature
}

// Index is the searchable set of recent articles.
type Index struct {
	opts Options
	// Two generations of band buckets: when the current one holds
	// Capacity/2 articles the older one is dropped.
	cur, old *bandTable // (band, bucket key) -> sequence number
	curN     int
	ring     []entry // by sequence number modulo its length
	seq      int64
	oldest   int64 // sequence numbers below this are forgotten
	seen     map[string]string
	keys     []uint64
}

// New returns an empty index.
func New(opts Options) *Index {
	if opts.Bands < 1 || opts.Rows < 1 {
		opts = DefaultOptions()
	}
	if opts.Capacity < 2 {
		opts.Capacity = 2
	}
	return &Index{opts: opts, seen: map[string]string{},
		cur: newBandTable(0), old: newBandTable(0), keys: make([]uint64, opts.Bands)}
}

// Options returns the options the index was built with.
func (ix *Index) Options() Options { return ix.opts }

// Len returns the number of articles currently searchable.
func (ix *Index) Len() int {
	if ix.oldest == 0 {
		return int(ix.seq)
	}
	return int(ix.seq - ix.oldest + 1)
}

// Add indexes the article and returns the id of the earliest article it is
// a near-duplicate of ("" when none) with the estimated Jaccard similarity.
func (ix *Index) Add(id, text string) (string, float64) {
	if orig, ok := ix.seen[id]; ok {
		return orig, 1
	}
	return ix.AddSignature(id, ix.opts.Signature(text))
}

// entry returns the article with sequence number s, or nil when it is
// forgotten.
func (ix *Index) entry(s int64) *entry {
	if s < ix.oldest || len(ix.ring) == 0 {
		return nil
	}
	e := &ix.ring[s%int64(len(ix.ring))]
	if e.seq != s {
		return nil
	}
	return e
}

// AddSignature is Add with a signature computed beforehand by
// Options.Signature (of the same options).
func (ix *Index) AddSignature(id string, sig Signature) (string, float64) {
	if orig, ok := ix.seen[id]; ok {
		return orig, 1
	}
	if len(sig) != ix.opts.Bands*ix.opts.Rows {
		ix.seen[id] = ""
		return "", 0
	}
	keys := ix.keys
	for b := range keys {
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for _, v := range sig[b*ix.opts.Rows : (b+1)*ix.opts.Rows] {
			h = mix64(h ^ uint64(v))
		}
		keys[b] = h
	}
	// Touch every bucket first: the loads are independent, so their cache
	// misses overlap instead of being paid one probe after the other.
	ix.cur.touch(keys)
	ix.old.touch(keys)
	// The current generation is read and updated in one probe per band:
	// the article's own (band, key) pairs are all different, so no lookup
	// sees it.
	seq := ix.seq + 1
	var best *entry
	bestJ, bestSeq := 0.0, int64(0)
	for b, k := range keys {
		for g, gen := range [2]*bandTable{ix.cur, ix.old} {
			var s int64
			var ok bool
			if g == 0 {
				s, ok = gen.swap(b, k, seq)
			} else {
				s, ok = gen.get(b, k)
			}
			if !ok || s < ix.oldest {
				continue
			}
			e := ix.entry(s)
			if e == nil {
				continue
			}
			j := Jaccard(sig, e.sig)
			if j >= ix.opts.Threshold && (j > bestJ || j == bestJ && s < bestSeq) {
				best, bestJ, bestSeq = e, j, s
			}
		}
	}
	if ix.ring == nil {
		// The most entries alive at once is one full generation plus the
		// current one: Capacity.
		ix.ring = make([]entry, ix.opts.Capacity+1)
	}
	ix.seq++
	orig, root := "", id
	if best != nil {
		root, orig = best.root, best.root
	}
	ix.ring[ix.seq%int64(len(ix.ring))] = entry{seq: ix.seq, id: id, root: root, sig: sig}
	ix.seen[id] = orig
	ix.curN++
	if ix.curN >= ix.opts.Capacity/2 {
		// Rotate: forget everything older than the previous generation.
		ix.oldest = ix.seq - int64(ix.curN) + 1
		for s := ix.oldest - int64(ix.opts.Capacity); s < ix.oldest; s++ {
			if s < 1 {
				continue
			}
			if e := &ix.ring[s%int64(len(ix.ring))]; e.seq == s {
				delete(ix.seen, e.id)
				*e = entry{}
			}
		}
		// The next generation will hold as many buckets as this one.
		ix.old, ix.cur = ix.cur, newBandTable(ix.cur.n)
		ix.curN = 0
	}
	return orig, bestJ
}

// bandTable maps (band, bucket key) to the latest sequence number with
// open addressing: one probe sequence in one array instead of a map per
// band, and sized in advance for a full generation.
type bandTable struct {
	slots []bandSlot // length a power of two
	n     int
}

type bandSlot struct {
	key uint64
	val uint64 // band<<48 | sequence number; 0 for an empty slot
}

const seqBits = 48

func newBandTable(expect int) *bandTable {
	size := 1024
	for size*3 < expect*4 {
		size *= 2
	}
	return &bandTable{slots: make([]bandSlot, size)}
}

func (t *bandTable) get(band int, key uint64) (int64, bool) {
	mask := len(t.slots) - 1
	for i := int(key) & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.val == 0 {
			return 0, false
		}
		if sl.key == key && int(sl.val>>seqBits) == band {
			return int64(sl.val & (1<<seqBits - 1)), true
		}
	}
}

// touch reads the first slot of each band's key (see AddSignature).
func (t *bandTable) touch(keys []uint64) {
	mask := len(t.slots) - 1
	var x uint64
	for _, k := range keys {
		x += t.slots[int(k)&mask].val
	}
	sink = x
}

var sink uint64

// swap sets (band, key) to seq (seq >= 1) and returns the value it
// replaced, if any.
func (t *bandTable) swap(band int, key uint64, seq int64) (int64, bool) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	val := uint64(band)<<seqBits | uint64(seq)
	mask := len(t.slots) - 1
	for i := int(key) & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.val == 0 {
			sl.key, sl.val = key, val
			t.n++
			return 0, false
		}
		if sl.key == key && sl.val>>seqBits == uint64(band) {
			prev := int64(sl.val & (1<<seqBits - 1))
			sl.val = val
			return prev, true
		}
	}
}

func (t *bandTable) grow() {
	old := t.slots
	t.slots = make([]bandSlot, 2*len(old))
	mask := len(t.slots) - 1
	for _, sl := range old {
		if sl.val == 0 {
			continue
		}
		i := int(sl.key) & mask
		for t.slots[i].val != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}
