package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Feature strings are never built at tagging time: each feature is hashed
// (64-bit FNV-1a) over its pieces as they are appended to a reusable
// buffer. The model file stores the feature strings themselves; loading
// hashes them the same way.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// token is a word of a sentence with the forms features are built from.
type token struct {
	w, lw, shape, short string
	initCap, allCaps    bool
	hasLetter           bool
}

func newToken(w string) token {
	t := token{w: w, lw: strings.ToLower(w)}
	t.shape, t.short = shapes(w)
	first, _ := utf8.DecodeRuneInString(w)
	t.initCap = unicode.IsUpper(first)
	upper, lower := 0, 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			upper++
		} else if unicode.IsLower(r) {
			lower++
		}
	}
	t.hasLetter = upper+lower > 0
	t.allCaps = upper > 0 && lower == 0
	return t
}

// shapes returns the word's shape (X for upper, x for lower, d for digit,
// other runes kept, runs longer than 4 cut) and its short shape (runs
// collapsed to one).
func shapes(w string) (string, string) {
	var long, short []byte
	var prev byte
	run := 0
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == prev {
			run++
		} else {
			run = 1
			short = append(short, c)
		}
		if run <= 4 {
			long = append(long, c)
		}
		prev = c
	}
	return string(long), string(short)
}

// docContext is what the recognizer knows about a whole document: the
// words it contains in lower case, and the words it capitalizes inside a
// sentence (not at its start, not in an all-caps headline).
type docContext struct {
	lower2  map[string]uint8 // the gazetteer's lower-case counts
	lower   map[string]bool
	capMid  map[string]bool
	docSize int
}

func newDocContext(sents [][]token, caps []bool) *docContext {
	dc := &docContext{lower: map[string]bool{}, capMid: map[string]bool{}}
	for si, s := range sents {
		for i, t := range s {
			dc.docSize++
			if !t.hasLetter {
				continue
			}
			if t.w == t.lw {
				dc.lower[t.lw] = true
			} else if i > 0 && !caps[si] && t.initCap && !t.allCaps {
				dc.capMid[t.lw] = true
			}
		}
	}
	return dc
}

// isCapsSentence reports whether a sentence is written in capitals (a
// headline).
func isCapsSentence(s []token) bool {
	caps, letters := 0, 0
	for _, t := range s {
		if t.hasLetter {
			letters++
			if t.allCaps {
				caps++
			}
		}
	}
	return letters >= 2 && caps*10 >= letters*8
}

// phraseMatch marks, for each token of a sentence, the gazetteer classes of
// the phrases that start at it (B) and continue through it (I).
type phraseMatch struct{ b, i uint16 }

// Gazetteer class bits: the four entity types learnt from training data,
// then the hand-written lists.
const (
	gzPER = 1 << iota
	gzLOC
	gzORG
	gzMISC
	gzCountry
	gzCity
	gzFirst
	gzTitle
	gzOrgSuffix
	gzNationality
	gzTime
	gzClasses = iota
)

const gzTrained = gzPER | gzLOC | gzORG | gzMISC

var gzNames = [gzClasses]string{"PER", "LOC", "ORG", "MISC", "country", "city", "first", "title", "orgsfx", "nat", "time"}

// gazetteer maps the hash of a lower-case phrase (words joined by one
// space) to its class bits.
type gazetteer struct {
	phrases map[uint64]uint16
	maxLen  int
	// lower holds how often the training text wrote a word in lower case
	// (1: once or twice, 2: 3-9 times, 3: ten times or more), so a
	// capitalized common word at a sentence start is known as one.
	lower map[string]uint8
}

func phraseHash(words []string) uint64 {
	h := uint64(fnvOffset)
	for k, w := range words {
		if k > 0 {
			h = hashString(h, " ")
		}
		h = hashString(h, w)
	}
	return h
}

func (g *gazetteer) add(phrase string, bits uint16) {
	words := strings.Fields(phrase)
	if len(words) == 0 {
		return
	}
	g.phrases[phraseHash(words)] |= bits
	if len(words) > g.maxLen {
		g.maxLen = len(words)
	}
}

func (g *gazetteer) match(s []token, out []phraseMatch) {
	for i := range out {
		out[i] = phraseMatch{}
	}
	for i := range s {
		h := uint64(fnvOffset)
		for j := i; j < len(s) && j < i+g.maxLen; j++ {
			if j > i {
				h = hashString(h, " ")
			}
			h = hashString(h, s[j].lw)
			m, ok := g.phrases[h]
			if !ok {
				continue
			}
			// Names learnt from training data must begin and end with a
			// capital (or digit) in the text; the hand lists hold common
			// words too ("president", "bank").
			if !capish(s[i]) || !capish(s[j]) {
				m &^= gzTrained
			}
			out[i].b |= m
			for k := i + 1; k <= j; k++ {
				out[k].i |= m
			}
		}
	}
}

func capish(t token) bool {
	return t.initCap || t.short == "d" || !t.hasLetter && t.w != t.lw
}

// featurizer appends the hashed features of one token to out.
type featurizer struct {
	buf  []byte
	out  []uint64
	keep bool     // training: also record the strings
	strs []string // parallel to out when keep
}

func (f *featurizer) emit() {
	f.out = append(f.out, hashBytes(f.buf))
	if f.keep {
		f.strs = append(f.strs, string(f.buf))
	}
}

func (f *featurizer) add(p, v string) {
	f.buf = append(append(f.buf[:0], p...), v...)
	f.emit()
}

func (f *featurizer) add2(p, a, b string) {
	f.buf = append(append(append(append(f.buf[:0], p...), a...), '|'), b...)
	f.emit()
}

func (f *featurizer) add3(p, a, b, c string) {
	f.buf = append(append(append(append(append(append(f.buf[:0], p...), a...), '|'), b...), '|'), c...)
	f.emit()
}

var (
	prefixNames = [...]string{"", "p1=", "p2=", "p3=", "p4="}
	suffixNames = [...]string{"", "s1=", "s2=", "s3=", "s4="}
	wordAt      = [...]string{"l-2=", "l-1=", "l=", "l+1=", "l+2="}
	gzAt        = [...]string{"gz-2=", "gz-1=", "gz=", "gz+1=", "gz+2="}
)

const (
	boundary = "<s>"
)

func affix(s string, n int, suffix bool) string {
	if len(s) <= n {
		return s
	}
	if suffix {
		return s[len(s)-n:]
	}
	return s[:n]
}

// features appends the features of token i of sentence s to f.out.
func (f *featurizer) features(s []token, i int, caps bool, gz []phraseMatch, dc *docContext) {
	t := s[i]
	f.add("b", "")
	f.add("w=", t.w)
	f.add("l=", t.lw)
	f.add("sh=", t.shape)
	f.add("ss=", t.short)
	for n := 1; n <= 4; n++ {
		if len(t.lw) > n {
			f.add(prefixNames[n], affix(t.lw, n, false))
			f.add(suffixNames[n], affix(t.lw, n, true))
		}
	}
	lw := func(k int) string {
		if k < 0 || k >= len(s) {
			return boundary
		}
		return s[k].lw
	}
	short := func(k int) string {
		if k < 0 || k >= len(s) {
			return boundary
		}
		return s[k].short
	}
	for d := -2; d <= 2; d++ {
		if d == 0 {
			continue
		}
		f.add(wordAt[d+2], lw(i+d))
	}
	f.add("ss-1=", short(i-1))
	f.add("ss+1=", short(i+1))
	f.add2("l-1l=", lw(i-1), t.lw)
	f.add2("ll+1=", t.lw, lw(i+1))
	f.add3("ss3=", short(i-1), t.short, short(i+1))
	f.add2("l-1ss=", lw(i-1), t.short)
	f.add2("ssl+1=", t.short, lw(i+1))
	pos := "mid"
	if i == 0 {
		pos = "first"
	}
	f.add2("pos=", pos, t.short)
	if caps {
		f.add("hl=", t.short)
		f.add2("hlw=", t.lw, pos)
	}
	if t.hasLetter && (t.initCap || t.allCaps) {
		f.add2("lc=", lowerBucket[dc.lower2[t.lw]], pos)
		if dc.lower[t.lw] {
			f.add2("dlow=", pos, boolStr(caps))
		}
		if dc.capMid[t.lw] {
			f.add2("dcap=", pos, boolStr(caps))
		}
	}
	for d := -1; d <= 1; d++ {
		k := i + d
		if k < 0 || k >= len(s) {
			continue
		}
		m := gz[k]
		for c := 0; c < gzClasses; c++ {
			bit := uint16(1) << c
			if m.b&bit != 0 {
				f.add2(gzAt[d+2], gzNames[c], "B")
			}
			if m.i&bit != 0 {
				f.add2(gzAt[d+2], gzNames[c], "I")
			}
		}
	}
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// aggNames names the stage-1 type of a token: the four entity types and O.
var lowerBucket = [...]string{"0", "1", "2", "3"}

// countBucket maps a count of lower-case occurrences to its class.
func countBucket(n int) uint8 {
	switch {
	case n >= 10:
		return 3
	case n >= 3:
		return 2
	case n >= 1:
		return 1
	}
	return 0
}

var aggNames = [...]string{"PER", "LOC", "ORG", "MISC", "O"}

func aggType(tag int) int {
	if tag == 0 {
		return 4
	}
	return tagType(tag)
}

// aggregate counts, for each capitalized word of a document, the stage-1
// types its occurrences received.
func aggregate(p *prepared) map[string]*[5]int {
	agg := map[string]*[5]int{}
	for si, s := range p.sents {
		for i, t := range s {
			if !t.hasLetter || !(t.initCap || t.allCaps) {
				continue
			}
			c := agg[t.lw]
			if c == nil {
				c = &[5]int{}
				agg[t.lw] = c
			}
			c[aggType(p.stage1[si][i])]++
		}
	}
	return agg
}

// stage2 appends the second-stage features of token i of sentence si: the
// first stage's tags around it, and the types the first stage gave to the
// same word elsewhere in the document (so "Smith" alone inherits the PER
// of "John Smith", a headline in capitals the types of the body).
func (f *featurizer) stage2(p *prepared, si, i int) {
	tags := p.stage1[si]
	own := tags[i]
	f.add("t1=", tagNames[own])
	if i > 0 {
		f.add("t1-1=", tagNames[tags[i-1]])
	} else {
		f.add("t1-1=", boundary)
	}
	if i+1 < len(tags) {
		f.add("t1+1=", tagNames[tags[i+1]])
	} else {
		f.add("t1+1=", boundary)
	}
	t := p.sents[si][i]
	c := p.agg[t.lw]
	if c == nil {
		return
	}
	ot := aggType(own)
	best, bestN := -1, 0
	for x := 0; x < 5; x++ {
		n := c[x]
		if x == ot {
			n--
		}
		if n > 0 {
			f.add("ag=", aggNames[x])
			if n > bestN {
				best, bestN = x, n
			}
		}
	}
	if best >= 0 {
		f.add2("agm=", aggNames[best], tagNames[own])
	}
}
