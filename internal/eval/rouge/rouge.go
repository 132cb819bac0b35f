// Package rouge is a Go implementation of ROUGE-1.5.5 (Lin, 2004), the
// scorer of the DUC and TAC summarization evaluations: ROUGE-N, ROUGE-L and
// skip-bigram ROUGE-S/SU with the Perl script's text handling (ASCII
// lower-casing, every character but letters, digits and hyphens turned into
// a space, word or byte limits applied before tokenization, original Porter
// stemming of words longer than three letters), its clipping of counts per
// reference, its "model average" (-f A) and "best model" (-f B) formulas and
// its per-summary averaging (-t 0). Summaries are given as lines, one
// sentence per line (ROUGE's SPL input format).
//
// Two differences remain, both tiny: the Perl script looks words up in the
// WordNet 2.0 exception list before stemming (went -> go), which is not
// shipped here, and it reports the mean of 1000 bootstrap samples where
// this package reports the exact mean.
package rouge

import (
	"math"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options are ROUGE-1.5.5's command line switches.
type Options struct {
	// MaxN computes ROUGE-1 to ROUGE-MaxN (-n).
	MaxN int
	// Stem applies the Porter stemmer (-m).
	Stem bool
	// Stopwords, when set, are removed before counting (-s with the
	// given list; ROUGE ships the SMART list, which is not included).
	Stopwords map[string]bool
	// Exceptions maps irregular forms to their base before stemming
	// (ROUGE's WordNet exception list: "went" -> "go"); nil uses the
	// package's built-in list when Stem is set.
	Exceptions map[string]string
	// WordLimit keeps only the first words of every summary (-l);
	// ByteLimit the first bytes (-b). At most one may be set.
	WordLimit int
	ByteLimit int
	// Skip is the maximum gap of skip bigrams (-2); negative for no limit.
	// SkipUnigrams adds unigrams to them (-u), giving ROUGE-SU.
	// SkipBigrams enables the computation at all.
	SkipBigrams  bool
	Skip         int
	SkipUnigrams bool
	// NoL skips ROUGE-L (-x).
	NoL bool
	// Alpha weighs precision against recall in F (-p). A zero Alpha
	// means ROUGE's default 0.5 unless AlphaSet says it is meant.
	Alpha    float64
	AlphaSet bool
	// BestModel scores against the best single reference (-f B) instead
	// of pooling all references (-f A).
	BestModel bool
	// Unicode tokenizes words of every script (letters, combining marks
	// and digits, lower-cased by Unicode rules) instead of ROUGE-1.5.5's
	// ASCII-only handling, which turns Greek, Arabic, Hebrew or
	// Devanagari text into spaces and splits accented Latin words
	// ("décembre" -> "d", "cembre"). It is not ROUGE-1.5.5: scores with it
	// are comparable only with other summaries scored with it.
	Unicode bool
}

// DUC2004 returns the settings SumRepo and later papers use on DUC 2004:
// -n 4 -m -l 100 -2 4 -u -p 0.5 -f A -t 0.
func DUC2004() Options {
	return Options{MaxN: 4, Stem: true, WordLimit: 100, SkipBigrams: true, Skip: 4, SkipUnigrams: true, Alpha: 0.5, AlphaSet: true}
}

// TAC2011 returns the official TAC 2011 MultiLing settings: -n 2 -2 4 -u
// -x -p 0.5 -f A -t 0, no stemming, no length limit.
func TAC2011() Options {
	return Options{MaxN: 2, SkipBigrams: true, Skip: 4, SkipUnigrams: true, NoL: true, Alpha: 0.5, AlphaSet: true}
}

// Score is recall, precision and F-measure, as fractions.
type Score struct {
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F         float64 `json:"f"`
}

// Result holds the scores of one summary, or their average.
type Result struct {
	// N[i] is ROUGE-(i+1).
	N  []Score `json:"n"`
	L  Score   `json:"l"`
	SU Score   `json:"su"`
}

// ReadLines reads a summary file, one sentence per line, as ROUGE does:
// every non-empty line, without its newline.
func ReadLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

func (o Options) alpha() float64 {
	if !o.AlphaSet && o.Alpha == 0 {
		return 0.5
	}
	return o.Alpha
}

// Evaluate scores one peer summary against its references (models).
func Evaluate(peer []string, models [][]string, o Options) Result {
	var r Result
	a := o.alpha()
	peerText := o.prepare(peer)
	peerToks := o.tokens(peerText)
	modelToks := make([][]string, len(models))
	for i, m := range models {
		modelToks[i] = o.tokens(o.prepare(m))
	}
	for n := 1; n <= o.MaxN; n++ {
		hits, mc, pc := o.matchModels(ngrams(peerToks, n), modelToks, func(t []string) gramCounts { return ngrams(t, n) })
		r.N = append(r.N, prf(hits, mc, pc, a))
	}
	if !o.NoL {
		r.L = o.lcsScore(peer, models, a)
	}
	if o.SkipBigrams {
		grams := func(t []string) gramCounts { return skipGrams(t, o.Skip, o.SkipUnigrams) }
		hits, mc, pc := o.matchModels(grams(peerToks), modelToks, grams)
		r.SU = prf(hits, mc, pc, a)
	}
	return r
}

// prf turns hit and count totals into rounded scores as the Perl script
// does (each printed with five decimals before it is averaged).
func prf(hits, modelCount, peerCount, alpha float64) Score {
	var s Score
	if modelCount > 0 {
		s.Recall = round5(hits / modelCount)
	}
	if peerCount > 0 {
		s.Precision = round5(hits / peerCount)
	}
	if d := (1-alpha)*s.Precision + alpha*s.Recall; d > 0 {
		s.F = round5(s.Precision * s.Recall / d)
	}
	return s
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// Average returns the mean of per-summary results (ROUGE's -t 0).
func Average(rs []Result) Result {
	var out Result
	if len(rs) == 0 {
		return out
	}
	n := float64(len(rs))
	add := func(dst *Score, s Score) {
		dst.Recall += s.Recall / n
		dst.Precision += s.Precision / n
		dst.F += s.F / n
	}
	for _, r := range rs {
		for len(out.N) < len(r.N) {
			out.N = append(out.N, Score{})
		}
		for i, s := range r.N {
			add(&out.N[i], s)
		}
		add(&out.L, r.L)
		add(&out.SU, r.SU)
	}
	return out
}

// lower lower-cases ASCII letters only, as Perl's tr/A-Z/a-z/.
func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// perlFields splits like Perl's split(/\s+/, s): a leading empty field when
// s starts with white space, no trailing empty fields.
func perlFields(s string) []string {
	f := strings.FieldsFunc(s, isPerlSpace)
	if len(f) > 0 && len(s) > 0 && isPerlSpace(rune(s[0])) {
		f = append([]string{""}, f...)
	}
	return f
}

func isPerlSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

// truncate applies the word or byte limit to the lowered sentences and
// returns them as ROUGE's readText (joined) and readText_LCS (per
// sentence) see them.
func (o Options) truncate(lines []string) (joined string, units []string) {
	snt := make([]string, 0, len(lines))
	for _, l := range lines {
		if l != "" {
			snt = append(snt, lower(l))
		}
	}
	switch {
	case o.WordLimit > 0:
		var b strings.Builder
		n := 0
		for _, s := range snt {
			toks := perlFields(s)
			if n+len(toks) < o.WordLimit {
				if n != 0 {
					b.WriteByte(' ')
				}
				b.WriteString(s)
				n += len(toks)
				units = append(units, s)
				continue
			}
			if n > 0 {
				b.WriteByte(' ')
			}
			k := min(o.WordLimit-n, len(toks))
			cut := strings.Join(toks[:k], " ")
			b.WriteString(cut)
			units = append(units, cut)
			break
		}
		joined = b.String()
	case o.ByteLimit > 0:
		var b strings.Builder
		n := 0
		for _, s := range snt {
			if n+len(s) < o.ByteLimit {
				if n != 0 {
					b.WriteByte(' ')
				}
				b.WriteString(s)
				n += len(s)
				continue
			}
			if n > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[:min(o.ByteLimit-n, len(s))])
			break
		}
		joined = b.String()
		// readText_LCS never advances its byte count, so every sentence
		// shorter than the limit is kept until the first longer one,
		// which is cut; reproduced for ROUGE-L to match the scorer.
		for _, s := range snt {
			if len(s) < o.ByteLimit {
				units = append(units, s)
				continue
			}
			units = append(units, s[:o.ByteLimit])
			break
		}
	default:
		joined = strings.Join(snt, " ")
		units = snt
	}
	return joined, units
}

func (o Options) prepare(lines []string) string {
	j, _ := o.truncate(lines)
	return j
}

// clean is ROUGE's character normalization: hyphens become their own
// token and anything but ASCII letters, digits and hyphens a space.
func clean(s string) []string {
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			b = append(b, ' ', '-', ' ')
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			b = append(b, c)
		default:
			b = append(b, ' ')
		}
	}
	return strings.Fields(string(b))
}

// tokens returns the counted tokens of a prepared text: hyphens and stop
// words dropped, long words stemmed.
func (o Options) tokens(text string) []string {
	if o.Unicode {
		return o.unicodeTokens(text)
	}
	raw := clean(text)
	out := raw[:0:0]
	for _, t := range raw {
		if o.Stopwords != nil && o.Stopwords[t] {
			continue
		}
		c := t[0]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			continue
		}
		if o.Stem && len(t) > 3 {
			t = o.stem(t)
		}
		out = append(out, t)
	}
	return out
}

// stem is ROUGE's stemming of a lower-cased word: the exception list
// (Options.Exceptions, else the built-in one), then Porter.
func (o Options) stem(t string) string {
	if o.Exceptions != nil {
		if b, ok := o.Exceptions[t]; ok {
			return b
		}
		return PorterStem(t)
	}
	if b, ok := exceptionBase(t); ok {
		return b
	}
	return PorterStem(t)
}

// unicodeTokens is tokens with Options.Unicode: a word is a run of
// letters, combining marks and digits of any script (hyphens, which
// ROUGE counts as tokens of their own and then drops, separate words),
// lower-cased; stop words are dropped and, with Stem, ASCII words longer
// than three letters stemmed as in tokens.
func (o Options) unicodeTokens(text string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		t := strings.ToLower(text[start:end])
		start = -1
		if o.Stopwords != nil && o.Stopwords[t] {
			return
		}
		if o.Stem && len(t) > 3 && isASCII(t) {
			t = o.stem(t)
		}
		out = append(out, t)
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(text))
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

type gramCounts struct {
	m     map[string]int
	count int
}

// matchModels counts the peer's grams matched in the models (clipped), the
// models' grams and the peer's grams, summed over the models, or taken
// from the single best-matching model when o.BestModel (ROUGE's -f B).
func (o Options) matchModels(pg gramCounts, modelToks [][]string, grams func([]string) gramCounts) (hits, mc, pc float64) {
	best := -1.0
	for _, mt := range modelToks {
		mg := grams(mt)
		h := clipHits(mg, pg)
		if o.BestModel {
			s := 0.0
			if mg.count > 0 {
				s = round5(float64(h) / float64(mg.count))
			}
			if s > best {
				best, hits, mc, pc = s, float64(h), float64(mg.count), float64(pg.count)
			}
			continue
		}
		hits += float64(h)
		mc += float64(mg.count)
		pc += float64(pg.count)
	}
	return hits, mc, pc
}

func ngrams(toks []string, n int) gramCounts {
	g := gramCounts{m: map[string]int{}}
	for i := 0; i+n <= len(toks); i++ {
		g.m[strings.Join(toks[i:i+n], " ")]++
		g.count++
	}
	return g
}

// skipGrams counts skip bigrams with at most skip words between them and,
// with unigrams, every token but the last (as the Perl loop does).
func skipGrams(toks []string, skip int, unigrams bool) gramCounts {
	g := gramCounts{m: map[string]int{}}
	for i := 0; i < len(toks)-1; i++ {
		if unigrams {
			g.m[toks[i]]++
			g.count++
		}
		for j := i + 1; j < len(toks) && (skip < 0 || j <= i+skip+1); j++ {
			g.m[toks[i]+" "+toks[j]]++
			g.count++
		}
	}
	return g
}

func clipHits(model, peer gramCounts) int {
	h := 0
	for k, mc := range model.m {
		if pc, ok := peer.m[k]; ok {
			h += min(pc, mc)
		}
	}
	return h
}

// lcsScore is ROUGE-L: for every reference sentence, the union of its
// longest common subsequences with each peer sentence, clipped by unigram
// counts so no token is matched twice.
func (o Options) lcsScore(peer []string, models [][]string, alpha float64) Score {
	_, pu := o.truncate(peer)
	peerUnits := make([][]string, len(pu))
	for i, u := range pu {
		peerUnits[i] = o.tokens(u)
	}
	peer1 := ngrams(o.tokens(o.prepare(peer)), 1)
	var hits, base, pc, best float64
	best = -1
	for _, m := range models {
		_, mu := o.truncate(m)
		model1 := ngrams(o.tokens(o.prepare(m)), 1)
		mcnt := copyCounts(model1.m)
		pcnt := copyCounts(peer1.m)
		h, b := 0, 0
		for _, u := range mu {
			mt := o.tokens(u)
			b += len(mt)
			mask := make([]bool, len(mt))
			for _, pt := range peerUnits {
				markLCS(mt, pt, mask)
			}
			for j, hit := range mask {
				if hit && mcnt[mt[j]] > 0 && pcnt[mt[j]] > 0 {
					h++
					mcnt[mt[j]]--
					pcnt[mt[j]]--
				}
			}
		}
		if o.BestModel {
			s := 0.0
			if b > 0 {
				s = float64(h) / float64(b)
			}
			if s > best {
				best, hits, base, pc = s, float64(h), float64(b), float64(peer1.count)
			}
			continue
		}
		hits += float64(h)
		base += float64(b)
		pc += float64(peer1.count)
	}
	return prf(hits, base, pc, alpha)
}

func copyCounts(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// markLCS marks in mask the model positions of one longest common
// subsequence of model and peer, breaking ties as the Perl script does
// (prefer moving up, i.e. dropping a model token).
func markLCS(model, peer []string, mask []bool) {
	m, n := len(model), len(peer)
	if m == 0 {
		return
	}
	w := n + 1
	c := make([]int32, (m+1)*w)
	b := make([]byte, (m+1)*w)
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			k := i*w + j
			switch {
			case model[i-1] == peer[j-1]:
				c[k] = c[k-w-1] + 1
				b[k] = 'd'
			case c[k-w] >= c[k-1]:
				c[k] = c[k-w]
				b[k] = 'u'
			default:
				c[k] = c[k-1]
				b[k] = 'l'
			}
		}
	}
	i, j := m, n
	for i > 0 && j > 0 {
		switch b[i*w+j] {
		case 'd':
			i--
			j--
			mask[i] = true
		case 'u':
			i--
		default:
			j--
		}
	}
}
