package cluster

import (
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/dedup"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Analyzed is a Doc turned into the features grouping needs: stemmed term
// counts of the body and the headline, entity keys, places and the MinHash
// signature. Analyze is the expensive, parallelizable half of Add;
// Clusterer.AddAnalyzed is the cheap, sequential half.
type Analyzed struct {
	Doc      Doc
	Language string
	Body     []TermCount // in no particular order (ids are given in term order)
	Head     []string    // distinct headline terms, sorted
	HeadHash []uint64    // TermHash of each Head term
	headE    []*termEntry
	headCID  []uint64
	Ents     []TermCount // entity keys ("e:" prefixed), in no particular order
	Places   []string    // lower-cased place names
	Sig      dedup.Signature
	Flags    []string // "no_text", "no_date", "bad_date", "unknown_language"
	// bodyTF, entTF: 1+log(count) of each Body and Ents term, computed by
	// the worker so the sequential step does not take logarithms.
	bodyTF, entTF []float64
}

// TermCount is a term and how often it occurs. Hash identifies the term
// in the Clusterer's dictionary (computed here, in parallel, so the
// sequential step does not hash strings).
type TermCount struct {
	Term  string
	Count int
	Hash  uint64
	e     *termEntry // the analyzer's entry, which remembers the term's id
	cid   uint64     // e.cid when the analysis was made
}

// TermHash is the 64-bit FNV-1a hash of a term.
func TermHash(t string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(t); i++ {
		h ^= uint64(t[i])
		h *= 1099511628211
	}
	return h
}

// Analyzer turns Docs into Analyzed values. It caches, per language, each
// word's term and entity key (with their hashes), so analysing an article
// costs a few map lookups per word and no string building; counts go into
// per-document slots of the cached terms instead of maps. One Analyzer
// must not be used by several goroutines at once (use one per worker).
type Analyzer struct {
	dedup  dedup.Options
	signer *dedup.Signer
	cache  map[string]*wordTable // language -> lower-cased word
	nums   map[string]*numEntry  // digit tokens ("#" and "y:" keys)
	terms  map[string]*termEntry // every cached term string
	extra  map[string]*termEntry // terms of this document past the cache bound
	cached int
	gen    uint32
	lists  [spaces][]termSlot
	lower  []byte
}

// Counting spaces of one document.
const (
	spaceBody = iota
	spaceEnts
	spaceHead
	spaces
)

// termEntry is one term string with its hash and, per counting space, its
// slot in the current document's list (valid when mark is the document's
// generation).
//
// cid remembers the term's id in the last Clusterer that interned it
// (Clusterer serial << 32 | id), so the sequential step skips the
// dictionary lookup for terms it has seen; it is atomic because the
// Clusterer writes it while this analyzer's worker may read it.
type termEntry struct {
	s    string
	h    uint64
	pfx  uint64
	cid  atomic.Uint64
	mark [spaces]uint32
	slot [spaces]int32
}

type termSlot struct {
	pfx uint64 // the term's first 8 bytes, big-endian: sorts most pairs without reading the strings
	t   *termEntry
	n   int
}

// prefix is the first 8 bytes of s as a big-endian number (zero padded),
// so that prefix order is byte order.
func prefix(s string) uint64 {
	var p uint64
	for i := 0; i < 8; i++ {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}

// cmpTerms orders slots by term string.
func cmpTerms(x, y termSlot) int {
	if x.pfx != y.pfx {
		if x.pfx < y.pfx {
			return -1
		}
		return 1
	}
	return strings.Compare(x.t.s, y.t.s)
}

// wordEntry is what a lower-cased word contributes: its term (nil for a
// stop word) and its entity key, made on first use.
type wordEntry struct {
	word string // the word, kept when longer than 16 bytes (wordTable)
	stem *termEntry
	ent  *termEntry
	stop bool
}

type numEntry struct {
	body, year *termEntry
}

// maxStemCache bounds the number of cached words and terms; past it,
// terms are computed afresh for each document.
const maxStemCache = 1 << 20

// NewAnalyzer returns an analyzer computing dedup signatures with opts.
func NewAnalyzer(opts dedup.Options) *Analyzer {
	return &Analyzer{dedup: opts, signer: opts.NewSigner(),
		cache: map[string]*wordTable{}, nums: map[string]*numEntry{},
		terms: map[string]*termEntry{}, extra: map[string]*termEntry{}}
}

// knownLanguage reports whether lang has stop words in package nlp; others
// are analyzed with the English stop list and no stemming (documented rule
// for unknown languages).
func knownLanguage(lang string) bool { return nlp.HasStopwords(lang) }

// Analyze computes the features of d. Rules for bad input: a Doc without
// text uses its title as text (flag "no_text"); a Doc with neither gets no
// features and always starts its own story. An empty or unknown language
// is identified from the text with nlp.DetectLanguage; when that fails
// ("und") the text is analyzed as English without stemming
// ("unknown_language").
func (an *Analyzer) Analyze(d Doc) *Analyzed {
	a := &Analyzed{Doc: d}
	text := d.Text
	if strings.TrimSpace(text) == "" {
		a.Flags = append(a.Flags, "no_text")
		text = d.Title
	}
	lang := d.Language
	if !knownLanguage(lang) {
		lang = strings.ToLower(lang)
	}
	if !knownLanguage(lang) {
		lang = nlp.DetectLanguage(d.Title + "\n" + text)
		if !knownLanguage(lang) {
			a.Flags = append(a.Flags, "unknown_language")
			lang = "und"
		}
	}
	a.Language = lang
	if strings.TrimSpace(text) == "" {
		return a
	}
	an.begin()
	an.scan(lang, text, true)
	head := d.Title
	if strings.TrimSpace(head) == "" {
		head = leadLine(text)
	}
	an.scanHead(lang, head)
	if d.Title != "" {
		// Headline words count in the body too: some sources only have
		// a short text.
		for _, ts := range an.lists[spaceHead] {
			an.count(spaceBody, ts.t, ts.n)
		}
	}
	if len(d.Entities) > 0 {
		// Recognized entities replace the capitalized words; years stay.
		old := an.lists[spaceEnts]
		an.lists[spaceEnts] = old[len(old):]
		for _, ts := range old {
			ts.t.mark[spaceEnts] = 0
		}
		for _, ts := range old {
			if strings.HasPrefix(ts.t.s, "y:") {
				an.count(spaceEnts, ts.t, ts.n)
			}
		}
		for _, e := range d.Entities {
			if e = strings.TrimSpace(e); e != "" {
				t, _ := an.term("e:" + strings.ToLower(e))
				an.count(spaceEnts, t, 1)
			}
		}
	}
	a.Body, a.bodyTF = counts(an.lists[spaceBody])
	a.Ents, a.entTF = counts(an.lists[spaceEnts])
	hl := an.lists[spaceHead]
	slices.SortFunc(hl, cmpTerms)
	a.Head = make([]string, len(hl))
	a.HeadHash = make([]uint64, len(hl))
	a.headE = make([]*termEntry, len(hl))
	a.headCID = make([]uint64, len(hl))
	for i, ts := range hl {
		a.Head[i], a.HeadHash[i], a.headE[i], a.headCID[i] = ts.t.s, ts.t.h, ts.t, ts.t.cid.Load()
	}
	if len(d.Places) > 0 {
		for _, p := range d.Places {
			if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
				a.Places = append(a.Places, p)
			}
		}
	} else if p := Dateline(text); p != "" {
		a.Places = []string{strings.ToLower(p)}
	}
	a.Sig = an.signer.Sign(d.Title, text)
	return a
}

// begin starts a document: new generation, empty lists.
func (an *Analyzer) begin() {
	an.gen++
	if an.gen == 0 { // wrapped: clear every mark
		for _, t := range an.terms {
			t.mark = [spaces]uint32{}
		}
		an.gen = 1
	}
	for i := range an.lists {
		an.lists[i] = an.lists[i][:0]
	}
	clear(an.extra)
}

// count adds n occurrences of t in space sp of the current document.
func (an *Analyzer) count(sp int, t *termEntry, n int) {
	if t.mark[sp] != an.gen {
		t.mark[sp] = an.gen
		t.slot[sp] = int32(len(an.lists[sp]))
		an.lists[sp] = append(an.lists[sp], termSlot{t.pfx, t, 0})
	}
	an.lists[sp][t.slot[sp]].n += n
}

// term returns the entry of term string s, cached while the cache has room
// and otherwise kept for the current document only (cached false: the
// entry must not be remembered past the document).
func (an *Analyzer) term(s string) (t *termEntry, cached bool) {
	if t, ok := an.terms[s]; ok {
		return t, true
	}
	if t, ok := an.extra[s]; ok {
		return t, false
	}
	t = &termEntry{s: s, h: TermHash(s), pfx: prefix(s)}
	if an.cached < maxStemCache {
		an.cached++
		an.terms[s] = t
		return t, true
	}
	an.extra[s] = t
	return t, false
}

// counts returns the slots as TermCounts (in first-occurrence order: the
// Clusterer numbers new terms in term order itself) with their tf factors
// and the id each entry holds.
func counts(l []termSlot) ([]TermCount, []float64) {
	out := make([]TermCount, len(l))
	tf := make([]float64, len(l))
	for i, ts := range l {
		out[i] = TermCount{ts.t.s, ts.n, ts.t.h, ts.t, ts.t.cid.Load()}
		if ts.n < len(tfTable) {
			tf[i] = tfTable[ts.n]
		} else {
			tf[i] = 1 + math.Log(float64(ts.n))
		}
	}
	return out, tf
}

// tfTable holds 1+log(n) for small counts, the same values counts
// would compute.
var tfTable = func() (t [64]float64) {
	for n := range t {
		t[n] = 1 + math.Log(float64(n))
	}
	return t
}()

// scan counts the terms of text in the body space and, when ents is
// set, the capitalized words that are not at a sentence start (the
// fallback entity features when no recognizer ran) and four-digit years in
// the entity space.
func (an *Analyzer) scan(lang, text string, ents bool) {
	an.tokens(lang, text, ents, spaceBody)
}

// scanHead counts the terms of a headline in the head space.
func (an *Analyzer) scanHead(lang, text string) {
	an.tokens(lang, text, false, spaceHead)
}

func (an *Analyzer) tokens(lang, text string, ents bool, sp int) {
	cache := an.cache[lang]
	if cache == nil {
		cache = &wordTable{}
		an.cache[lang] = cache
	}
	sentenceStart := true
	lower := an.lower
	for i := 0; i < len(text); {
		r, w := rune(text[i]), 1
		var wordStart bool
		if r < utf8.RuneSelf {
			wordStart = asciiClass[r]&(asciiLetter|asciiDigit) != 0
		} else {
			r, w = utf8.DecodeRuneInString(text[i:])
			wordStart = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if !wordStart {
			switch r {
			case '.', '!', '?', '\n', ':', ';', '"', '“', '”', '«', '»', '`', '\'':
				sentenceStart = true
			}
			i += w
			continue
		}
		j := i
		digits, letters := 0, 0
		for j < len(text) {
			r2, w2 := rune(text[j]), 1
			if r2 < utf8.RuneSelf {
				// ASCII: the same classes as below, from a table.
				if cl := asciiClass[r2]; cl&asciiDigit != 0 {
					digits++
					j++
					continue
				} else if cl&asciiLetter != 0 {
					letters++
					j++
					continue
				}
			} else {
				r2, w2 = utf8.DecodeRuneInString(text[j:])
			}
			if unicode.IsDigit(r2) {
				digits++
			} else if unicode.IsLetter(r2) || r2 >= utf8.RuneSelf && unicode.IsMark(r2) {
				letters++
			} else if (r2 == '.' || r2 == ',') && digits > 0 && letters == 0 && j+w2 < len(text) && text[j+w2] >= '0' && text[j+w2] <= '9' {
				// keep 3.5 and 1,000 whole
			} else {
				break
			}
			j += w2
		}
		word := text[i:j]
		capital := r < utf8.RuneSelf && asciiClass[r]&asciiUpper != 0 || r >= utf8.RuneSelf && unicode.IsUpper(r)
		i = j
		if letters == 0 {
			if len(word) >= 2 {
				ne := an.number(word)
				an.count(sp, ne.body, 1)
				if ents && ne.year != nil {
					an.count(spaceEnts, ne.year, 1)
				}
			}
			sentenceStart = false
			continue
		}
		lower = lower[:0]
		for k := 0; k < len(word); {
			c := word[k]
			if c < utf8.RuneSelf {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				lower = append(lower, c)
				k++
				continue
			}
			r3, w3 := utf8.DecodeRuneInString(word[k:])
			lower = utf8.AppendRune(lower, unicode.ToLower(r3))
			k += w3
		}
		we := cache.get(lower)
		if we == nil {
			we = an.word(lang, cache, lower)
		}
		if ents && capital && !sentenceStart && !we.stop && letters > 1 {
			ent := we.ent
			if ent == nil {
				var cached bool
				ent, cached = an.term("e:" + string(lower))
				if cached {
					we.ent = ent
				}
			}
			an.count(spaceEnts, ent, 1)
		}
		sentenceStart = false
		if we.stop || letters < 2 {
			continue
		}
		an.count(sp, we.stem, 1)
	}
	an.lower = lower
}

// asciiClass classifies ASCII bytes as unicode.IsLetter, unicode.IsDigit
// and unicode.IsUpper do.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if unicode.IsLetter(c) {
			t[c] |= asciiLetter
		}
		if unicode.IsDigit(c) {
			t[c] |= asciiDigit
		}
		if unicode.IsUpper(c) {
			t[c] |= asciiUpper
		}
	}
	return t
}()

const (
	asciiLetter = 1 << iota
	asciiDigit
	asciiUpper
)

// word computes (and caches while there is room) the entry of a
// lower-cased word: its stem (the word itself for "und"), or a stop word.
// A cached entry lives in the table (valid until the next word is
// cached).
func (an *Analyzer) word(lang string, cache *wordTable, lower []byte) *wordEntry {
	w := string(lower)
	we := &wordEntry{stop: true}
	if !nlp.IsStopword(lang, w) {
		s := w
		if lang != "und" {
			s = nlp.Stem(lang, w)
		}
		if s != "" {
			we.stop = false
			var cached bool
			if we.stem, cached = an.term(s); !cached {
				return we
			}
		}
	}
	if an.cached < maxStemCache {
		an.cached++
		if len(w) > 16 {
			we.word = w
		}
		return cache.put(lower, *we)
	}
	return we
}

// number returns the terms of a token of digits: "#" plus the token, and
// "y:" plus the token for a four-digit year from 1900 to 2099.
func (an *Analyzer) number(word string) *numEntry {
	if ne, ok := an.nums[word]; ok {
		return ne
	}
	ne := &numEntry{}
	c1, c2 := true, true
	ne.body, c1 = an.term("#" + word)
	if len(word) == 4 && (word[:2] == "19" || word[:2] == "20") {
		ne.year, c2 = an.term("y:" + word)
	}
	if c1 && c2 && an.cached < maxStemCache {
		an.cached++
		an.nums[word] = ne
	}
	return ne
}

// leadLine returns the first line of text that reads like a headline or a
// lead sentence: at least four words and not an address.
func leadLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "http") || len(strings.Fields(line)) < 4 {
			continue
		}
		if k := strings.Index(line, ". "); k > 40 {
			line = line[:k]
		}
		if len(line) > 300 {
			line = line[:300]
		}
		return line
	}
	return ""
}

var months = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// Dateline returns the place of a news dateline at the start of text, such
// as "LONDON (AP) _", "MOSCOW, July 14. /TASS/." or "Moscow, Jul 15
// (Prensa Latina)", or "" when the text does not start with one.
func Dateline(text string) string {
	text = strings.TrimSpace(text)
	if len(text) > 120 {
		text = text[:120]
	}
	// Leading words in capitals: "SAN JUAN, Puerto Rico (AP)".
	words := strings.Fields(text)
	var caps []string
	for _, w := range words {
		t := strings.TrimRight(w, ",:")
		if !isAllCaps(t) {
			break
		}
		caps = append(caps, t)
		if t != w || len(caps) == 3 {
			break
		}
	}
	if len(caps) > 0 {
		p := strings.Join(caps, " ")
		if len([]rune(p)) >= 3 && p != "UPDATE" && p != "BC" {
			return p
		}
	}
	// "Moscow, Jul 15 (...)": up to three capitalized words, a comma, then
	// a month name or an opening parenthesis.
	k := strings.IndexByte(text, ',')
	if k <= 0 || k > 40 {
		return ""
	}
	head := strings.Fields(text[:k])
	if len(head) == 0 || len(head) > 3 {
		return ""
	}
	for _, w := range head {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
	}
	rest := strings.ToLower(strings.TrimSpace(text[k+1:]))
	for _, m := range months {
		if strings.HasPrefix(rest, m) {
			return strings.Join(head, " ")
		}
	}
	if strings.HasPrefix(rest, "(") {
		return strings.Join(head, " ")
	}
	return ""
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) || !unicode.IsLetter(r) && r != '.' && r != '-' && r != '\'' {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}
