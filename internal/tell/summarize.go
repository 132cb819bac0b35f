// Package tell turns a group of articles about one event into what a
// reader sees: a short extractive summary whose every sentence cites every
// article that supports it, a timeline, who said what, and what the
// outlets share, carry alone or disagree on. It is a pure stage: articles
// in, a model.Story out. The same summarizer is measured on DUC 2004 and
// TAC 2011 by `storyline eval summarize`.
package tell

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Doc is one source document for Summarize.
type Doc struct {
	ID        string
	Title     string
	Sentences []string
	Published time.Time
}

// Options tune Summarize. The zero value gives the defaults tuned on DUC
// 2003.
type Options struct {
	// Words is the length budget in white-space separated words
	// (default 100).
	Words int
	// Language is the ISO 639-1 code used for stop words and stemming
	// (default "en").
	Language string
	// Overflow lets the last sentence run past the budget, for
	// evaluations that cut summaries at the budget themselves (ROUGE's
	// -l); its concepts only count up to the budget.
	Overflow bool
	// MinWords and MaxWords bound candidate sentences (defaults 8, 55).
	MinWords, MaxWords int
	// MinDocFrac is the share of documents a concept must occur in to
	// count (default 0.2, at least 2 documents when there are several).
	MinDocFrac float64
	// LeadBoost weighs concepts seen in the first sentences of documents
	// (default 0.5, negative for none); LeadSentences is how many count as first (default 3).
	LeadBoost     float64
	LeadSentences int
	// LengthPower scales gains by cost^-LengthPower in the greedy step
	// (default 1).
	LengthPower float64
	// NoQuotes leaves sentences holding quotation marks out of the
	// candidates (it did not help on DUC 2003, so it is off by default).
	NoQuotes bool
	// Support is the share of a summary sentence's content words an
	// article's sentence must contain for the article to be cited
	// (default 0.5).
	Support float64
	// Unigram adds the weight of covered content words to the objective
	// (default 1, relative to a bigram).
	Unigram float64
	// IDF, when set, gives the inverse document frequency of stemmed
	// words in a background collection (see IDF); concept weights are
	// multiplied by idf^IDFPower so words every story uses count less.
	// DFPower raises document frequencies in concept weights (default 1.75).
	DFPower float64
	// Position multiplies the greedy score of a document's sentence at
	// index i by 1 + Position/(i+1): leads of news stories summarize
	// them (default 0; negative disables).
	Position float64
	IDF      map[string]float64
	IDFPower float64
	// UnigramCap is how many times at most a content word may count: a
	// word used often in every document is repeated by human summaries
	// too (default 5; 1 counts each word once).
	UnigramCap int
	// Compress is the set of compression rules whose shortened variants
	// of each sentence compete with it for the summary (zero means
	// DefaultCompression; CompressOff for none).
	Compress Compression
	// MaxVariants caps the shortened variants of one sentence (default 8).
	MaxVariants int

	// StopWords adds function words to the objective: the k-th copy of
	// a stop word gains StopWords times the weight of a content word of
	// every document times the chance that a reference summary holds k
	// copies, taken as Poisson with mean StopRate (default 1) times the
	// budget times the word's share of the documents' tokens times its
	// StopRates ratio. ROUGE counts function words, and a summary that
	// uses them as summaries do ("was", "were", "and") rather than as
	// reports do ("said", "he", "that") matches references more often.
	// Default 0.1 for English, which has a learned table of StopRates;
	// 0 for other languages; negative disables. Chosen on DUC 2003
	// (rates cross-fitted in 2 and 11 folds: R-1 43.26 -> 43.82, R-2
	// 12.53 -> 12.69) with TAC 2011 English as the unseen check (R-1
	// 47.53 -> 48.15, R-2 17.04 -> 17.14).
	StopWords, StopRate float64
	// StopRates multiplies each stop word's expected count in a
	// reference (keyed by stemmed word; missing words keep 1). Default:
	// the English table learned from DUC 2003 (see StopRatios) for
	// English, none for other languages.
	StopRates map[string]float64

	// Quality is the share of a sentence's gain a better-written
	// sentence carrying the same content may lose and still be chosen in
	// its place (default 0.1; negative disables): when the greedy picks
	// a sentence with writing defects (see defects: words cased against
	// the other documents, a stray space before punctuation, a doubled
	// word, an opening phrase with no subject), a sentence that supports
	// it (holds Support of its content words), has fewer defects and
	// gains at least 1-Quality as much takes its place; and a sentence
	// whose content a chosen sentence with fewer defects carries is not
	// added.
	Quality float64
	// Dangling scales down the greedy score of a sentence opening with a
	// personal pronoun as its subject ("He said ...") unless the
	// summary's previous sentence is the one before it in its article
	// (default 0, off; negative disables; Tell uses StoryDangling). Any
	// value from 0.01 to 0.05 changes one DUC 2003 summary, and only its
	// order ("They were working for ..." moves after "The hostages ...
	// were kidnapped"), which costs R-2 12.69 -> 12.66 through bigrams
	// across sentence boundaries; 0.1 costs TAC 2011 R-1 48.15 -> 47.35.
	Dangling float64
	// FormerLatter scales down the greedy score of a sentence using "the
	// former" or "the latter" as a subject, the same way (default 0.5;
	// negative disables; no effect on DUC 2003 or TAC 2011 English).
	FormerLatter float64
	// Restate is the share of a sentence's distinct content words a
	// chosen sentence must hold, or hold of it, for the two to say the
	// same thing (see objective.restates); such a sentence is not added.
	// Default 0, off; negative disables; Tell uses StoryRestate.
	Restate float64
	// Corroboration multiplies the greedy score of a sentence supported
	// by k of n documents by 1 + Corroboration*(k-1)/(n-1). Default 0, off;
	// negative disables; Tell uses StoryCorroboration.
	Corroboration float64
}

func (o Options) withDefaults() Options {
	if o.Words <= 0 {
		o.Words = 100
	}
	if o.Language == "" || o.Language == "und" {
		o.Language = "en"
	}
	if o.MinWords <= 0 {
		o.MinWords = 8
	}
	if o.MaxWords <= 0 {
		o.MaxWords = 55
	}
	if o.MinDocFrac <= 0 {
		o.MinDocFrac = 0.2
	}
	if o.LeadBoost == 0 {
		o.LeadBoost = 0.5
	} else if o.LeadBoost < 0 {
		o.LeadBoost = 0
	}
	if o.LeadSentences <= 0 {
		o.LeadSentences = 3
	}
	if o.LengthPower == 0 {
		o.LengthPower = 1
	}
	if o.Support <= 0 {
		o.Support = 0.5
	}
	if o.Unigram == 0 {
		o.Unigram = 1
	}
	if o.DFPower == 0 {
		o.DFPower = 1.75
	}
	if o.UnigramCap <= 0 {
		o.UnigramCap = 5
	}
	if o.Compress == 0 {
		o.Compress = DefaultCompression
	}
	if o.MaxVariants <= 0 {
		o.MaxVariants = 8
	}
	if o.Quality == 0 {
		o.Quality = 0.1
	} else if o.Quality < 0 {
		o.Quality = 0
	}
	if o.Dangling < 0 {
		o.Dangling = 0
	}
	if o.FormerLatter == 0 {
		o.FormerLatter = 0.5
	} else if o.FormerLatter < 0 {
		o.FormerLatter = 0
	}
	if o.Restate < 0 {
		o.Restate = 0
	}
	if o.Corroboration < 0 {
		o.Corroboration = 0
	}
	if o.StopRate <= 0 {
		o.StopRate = 1
	}
	if o.StopRates == nil && o.Language == "en" {
		o.StopRates = stopRatesEN
	}
	if o.StopWords == 0 && o.Language == "en" {
		o.StopWords = 0.1
	} else if o.StopWords < 0 {
		o.StopWords = 0
	}
	return o
}

// candidate is one sentence that may enter the summary.
type candidate struct {
	doc, pos int
	// group numbers the source sentence: its shortened variants share
	// it, and at most one candidate of a group enters a summary.
	group   int
	text    string
	words   int      // white-space words, as ROUGE counts them
	toks    []string // stemmed tokens in order
	stop    []bool   // stop[i] is isStop(lang, toks[i])
	content []string // distinct stemmed content words
	// concepts per word prefix: conceptAt[i] is the concept ending at
	// token i (or -1), so a truncated sentence counts only its prefix.
	bigrams []int32
	unis    []int32
	tokWord []int // index of the white-space word holding each token
}

// Summarize picks sentences from docs that together cover the concepts
// (content-word bigrams) most documents share, without repeating
// themselves, within opts.Words words. Every returned sentence cites the
// IDs of all documents that support it (see Supports), its own first.
func Summarize(docs []Doc, opts Options) []model.Cited {
	return summarize(docs, opts, nil)
}

// summarize is Summarize reading the sentences through memo.
func summarize(docs []Doc, opts Options, memo *sentMemo) []model.Cited {
	o := opts.withDefaults()
	cands, all := prepareMemo(docs, o, memo)
	if len(cands) == 0 {
		return nil
	}
	wBi, wUni, capU := weights(docs, all, cands, o)
	chosen, _ := selectGreedy(newObjective(docs, all, cands, wBi, wUni, capU, o), o)
	out := make([]model.Cited, 0, len(chosen))
	for _, ci := range chosen {
		c := cands[ci]
		out = append(out, model.Cited{Text: c.text, Articles: citeDocs(c.text, c.doc, docs, all, o)})
	}
	return out
}

// sentenceInfo is the tokenization of every sentence of every document,
// shared by weighting and citation.
type sentenceInfo struct {
	toks    []string
	stop    []bool // stop[i] is isStop(lang, toks[i])
	content map[string]bool
}

func prepare(docs []Doc, o Options) ([]candidate, [][]sentenceInfo) {
	return prepareMemo(docs, o, nil)
}

func prepareMemo(docs []Doc, o Options, memo *sentMemo) ([]candidate, [][]sentenceInfo) {
	all := make([][]sentenceInfo, len(docs))
	var cands []candidate
	seen := map[string]bool{}
	group := 0
	for di, d := range docs {
		all[di] = make([]sentenceInfo, len(d.Sentences))
		for si, s := range d.Sentences {
			st := memo.get(o.Language, s)
			toks, tokWord, stop, content := st.toks, st.tokWord, st.stop, st.content
			all[di][si] = sentenceInfo{toks: toks, stop: stop, content: content}
			s = tidy(s)
			if !looksLikeSentence(s) || o.NoQuotes && strings.ContainsAny(s, "\"“”«»") {
				continue
			}
			group++
			variants := append([]string{s}, compressions(o.Language, s, o.Compress, o.MaxVariants)...)
			for vi, v := range variants {
				words := countFields(v)
				if words < o.MinWords || words > o.MaxWords {
					continue
				}
				vtoks, vtokWord, vstop := toks, tokWord, stop
				if vi > 0 {
					vtoks, vtokWord = tokens(o.Language, v)
					vstop = stopFlags(o.Language, vtoks)
				}
				key := strings.Join(vtoks, " ")
				if seen[key] {
					continue
				}
				seen[key] = true
				c := candidate{doc: di, pos: si, group: group, text: v, words: words, toks: vtoks, stop: vstop, tokWord: vtokWord}
				vc := content
				if vi > 0 {
					vc = map[string]bool{}
					for i, t := range vtoks {
						if !vstop[i] {
							vc[t] = true
						}
					}
				}
				for t := range vc {
					c.content = append(c.content, t)
				}
				sort.Strings(c.content)
				cands = append(cands, c)
			}
		}
	}
	return cands, all
}

// looksLikeSentence drops fragments a reader should not see in a summary:
// no final punctuation, questions, or sentences opening inside a quote.
func looksLikeSentence(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	last := s[len(s)-1]
	// Other scripts' full stops (the danda of Hindi) end a sentence too;
	// their question marks, like '?', do not make a summary sentence.
	lastRune, _ := utf8.DecodeLastRuneInString(s)
	scriptStop := nlp.IsScriptStop(lastRune) && !nlp.IsQuestionMark(lastRune)
	if last != '.' && last != '"' && last != '\'' && !strings.HasSuffix(s, "”") && !strings.HasSuffix(s, "»") && last != '!' && !scriptStop {
		return false
	}
	if strings.HasSuffix(strings.TrimRight(s, `"'”»`), "?") {
		return false
	}
	if !balanced(s) {
		return false
	}
	r := []rune(s)[0]
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '«' || !unicode.IsLower(r)
}

// tokens lower-cases and splits s into letter/digit runs, stems them, and
// records which white-space word each token belongs to.
func tokens(lang, s string) ([]string, []int) {
	var toks []string
	var wordIdx []int
	word := -1
	inSpace := true
	sc := stemCacheFor(lang)
	var buf [64]byte
	cur := buf[:0]
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, sc.stemBytes(cur))
			wordIdx = append(wordIdx, word)
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			flush()
			inSpace = true
			continue
		}
		if inSpace {
			word++
			inSpace = false
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			cur = utf8.AppendRune(cur, unicode.ToLower(r))
		} else {
			flush()
		}
	}
	flush()
	return toks, wordIdx
}

func isStop(lang, t string) bool {
	if len(t) < 2 {
		return true
	}
	if nlp.IsStopword(lang, t) {
		return true
	}
	for _, r := range t {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

type conceptIndex struct {
	ids map[string]int32
	buf []byte // idPair's key
}

// idPair is id(a + " " + b), building the key in a reused buffer so that
// a known bigram costs no allocation.
func (ci *conceptIndex) idPair(a, b string) int32 {
	ci.buf = append(append(append(ci.buf[:0], a...), ' '), b...)
	if v, ok := ci.ids[string(ci.buf)]; ok {
		return v
	}
	return ci.id(string(ci.buf))
}

func (ci *conceptIndex) id(s string) int32 {
	if v, ok := ci.ids[s]; ok {
		return v
	}
	v := int32(len(ci.ids))
	ci.ids[s] = v
	return v
}

// weights computes concept weights: the number of documents containing a
// content bigram (or word), boosted when it occurs in a lead sentence,
// zero below the document-frequency floor. It fills the candidates'
// concept lists.
func weights(docs []Doc, all [][]sentenceInfo, cands []candidate, o Options) ([]float64, []float64, []int) {
	bi := &conceptIndex{ids: map[string]int32{}}
	uni := &conceptIndex{ids: map[string]int32{}}
	// Concept ids are dense, so the counts are slices indexed by id;
	// seenB and seenU hold the last document (plus one) that counted a
	// concept, so each document counts it once.
	var dfBi, dfUni, tfUni []float64
	var leadBi []bool
	var seenB, seenU []int
	for di := range docs {
		for si, s := range all[di] {
			for i, t := range s.toks {
				if !s.stop[i] {
					u := uni.id(t)
					if int(u) == len(dfUni) {
						dfUni, tfUni, seenU = append(dfUni, 0), append(tfUni, 0), append(seenU, 0)
					}
					if seenU[u] != di+1 {
						seenU[u] = di + 1
						dfUni[u]++
					}
					tfUni[u]++
				}
				if i > 0 {
					if s.stop[i-1] && s.stop[i] {
						continue
					}
					b := bi.idPair(s.toks[i-1], t)
					if int(b) == len(dfBi) {
						dfBi, leadBi, seenB = append(dfBi, 0), append(leadBi, false), append(seenB, 0)
					}
					if seenB[b] != di+1 {
						seenB[b] = di + 1
						dfBi[b]++
					}
					if si < o.LeadSentences {
						leadBi[b] = true
					}
				}
			}
		}
	}
	// The concepts' words matter only to idfWeight with an IDF table.
	bigramWords := make([][]string, len(bi.ids))
	uniWords := make([][]string, len(uni.ids))
	if o.IDF != nil && o.IDFPower != 0 {
		for k, v := range bi.ids {
			bigramWords[v] = strings.Fields(k)
		}
		for k, v := range uni.ids {
			uniWords[v] = []string{k}
		}
	}
	minDF := math.Max(1, math.Ceil(o.MinDocFrac*float64(len(docs))))
	if len(docs) > 1 && minDF < 2 {
		minDF = 2
	}
	wBi := make([]float64, len(bi.ids))
	for b, df := range dfBi {
		if df >= minDF {
			wBi[b] = math.Pow(df, o.DFPower) * idfWeight(bigramWords[b], o)
			if leadBi[b] {
				wBi[b] *= 1 + o.LeadBoost
			}
		}
	}
	wUni := make([]float64, len(uni.ids))
	capU := make([]int, len(uni.ids))
	for u, df := range dfUni {
		if df >= minDF {
			wUni[u] = math.Pow(df, o.DFPower) * o.Unigram * idfWeight(uniWords[u], o)
			capU[u] = min(o.UnigramCap, max(1, int(math.Round(tfUni[u]/float64(len(docs))))))
		}
	}
	for i := range cands {
		c := &cands[i]
		c.bigrams = make([]int32, len(c.toks))
		c.unis = make([]int32, len(c.toks))
		for j, t := range c.toks {
			c.bigrams[j], c.unis[j] = -1, -1
			if !c.stop[j] {
				c.unis[j] = uni.id(t)
			}
			if j > 0 && !(c.stop[j-1] && c.stop[j]) {
				c.bigrams[j] = bi.idPair(c.toks[j-1], t)
			}
		}
	}
	// Concepts created while indexing candidates have no weight.
	for len(wBi) < len(bi.ids) {
		wBi = append(wBi, 0)
	}
	for len(wUni) < len(uni.ids) {
		wUni = append(wUni, 0)
		capU = append(capU, 0)
	}
	return wBi, wUni, capU
}

var (
	reConnective = regexp.MustCompile(`^(?:But|And|However|Meanwhile|Also|Still|Yet|Nevertheless|Moreover|Instead|In addition|Separately|Indeed)\s*,?\s+`)
	reParen      = regexp.MustCompile(`\s*\([A-Z0-9][A-Za-z0-9.\-]{0,15}\)`)
	// reDatelineLead is a dateline left on a lead sentence: a place, an
	// optional date, and an agency in parentheses or in capitals before
	// a dash ("Moscow, SANA – ", "Moscow, Jul 15 (Prensa Latina) ").
	reDatelineLead = regexp.MustCompile(`^\p{Lu}[\p{L}'’.-]+(?:\s\p{Lu}[\p{L}'’.-]+){0,2},\s+(?:\p{Lu}[a-z]{2,8}\.?\s+\d{1,2},?\s+)?(?:\([^()]{2,30}\)\s*(?:[–—]\s+)?|\p{Lu}{2,10}\s+[–—]\s+)\p{Lu}`)
)

// tidy removes what a summary does not need from an extracted sentence
// without changing what it says: a leading connective that pointed to the
// previous sentence of its article, a dateline left on a lead sentence,
// and one-word parentheses such as
// "(AP)" or "(R-Texas)" (longer ones are editors' clarifications).
func tidy(s string) string {
	t := reConnective.ReplaceAllString(s, "")
	if loc := reDatelineLead.FindStringIndex(t); loc != nil {
		t = t[loc[1]-1:] // keep the capital that opens the sentence
	}
	if strings.Contains(t, "(") { // reParen needs one
		t = reParen.ReplaceAllString(t, "")
	}
	if t == s || t == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}

// idfWeight is the mean IDF of the content words of a concept raised to
// IDFPower, or 1 without an IDF table.
func idfWeight(words []string, o Options) float64 {
	if o.IDF == nil || o.IDFPower == 0 {
		return 1
	}
	sum, n := 0.0, 0
	for _, w := range words {
		if isStop(o.Language, w) {
			continue
		}
		v, ok := o.IDF[w]
		if !ok {
			v = o.IDF[""]
		}
		sum += v
		n++
	}
	if n == 0 {
		return 1
	}
	return math.Pow(sum/float64(n), o.IDFPower)
}

// IDF computes inverse document frequencies, log((N+1)/df), of the
// stemmed words of a background collection (each inner slice is one
// document's sentences). The entry for "" is the value of unseen words.
func IDF(lang string, collection [][]string) map[string]float64 {
	if lang == "" {
		lang = "en"
	}
	df := map[string]int{}
	for _, doc := range collection {
		seen := map[string]bool{}
		for _, s := range doc {
			toks, _ := tokens(lang, s)
			for _, t := range toks {
				if !seen[t] {
					seen[t] = true
					df[t]++
				}
			}
		}
	}
	n := float64(len(collection))
	out := make(map[string]float64, len(df)+1)
	for t, d := range df {
		out[t] = math.Log((n + 1) / float64(d))
	}
	out[""] = math.Log(n + 1)
	return out
}

// balanced reports whether brackets and typographic quotes pair up and
// straight double quotes are even: a sentence cut inside a quote or a
// parenthesis reads badly on its own.
func balanced(s string) bool {
	var round, square, curly, straight int
	for _, r := range s {
		switch r {
		case '(':
			round++
		case ')':
			round--
		case '[':
			square++
		case ']':
			square--
		case '“':
			curly++
		case '”':
			curly--
		case '"':
			straight++
		}
		if round < 0 || square < 0 {
			return false
		}
	}
	return round == 0 && square == 0 && curly == 0 && straight%2 == 0
}
