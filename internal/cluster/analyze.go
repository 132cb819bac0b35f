package cluster

import (
	"strings"
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
	Body     []TermCount // sorted by term
	Head     []string    // distinct headline terms, sorted
	HeadHash []uint64    // TermHash of each Head term
	Ents     []TermCount // entity keys ("e:" prefixed), sorted
	Places   []string    // lower-cased place names
	Sig      dedup.Signature
	Flags    []string // "no_text", "no_date", "bad_date", "unknown_language"
}

// TermCount is a term and how often it occurs. Hash identifies the term
// in the Clusterer's dictionary (computed here, in parallel, so the
// sequential step does not hash strings).
type TermCount struct {
	Term  string
	Count int
	Hash  uint64
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

// Analyzer turns Docs into Analyzed values. It caches stems; one Analyzer
// must not be used by several goroutines at once (use one per worker).
type Analyzer struct {
	dedup dedup.Options
	cache map[string]map[string]string // language -> word -> stem ("" for stop words)
}

// maxStemCache bounds the stem cache; past it, stems are computed afresh.
const maxStemCache = 1 << 20

// NewAnalyzer returns an analyzer computing dedup signatures with opts.
func NewAnalyzer(opts dedup.Options) *Analyzer {
	return &Analyzer{dedup: opts, cache: map[string]map[string]string{}}
}

// knownLanguages are the languages with stop words in package nlp; others
// are analyzed with the English stop list and no stemming (documented rule
// for unknown languages).
var knownLanguages = map[string]bool{"en": true, "ru": true, "es": true, "fr": true, "it": true, "de": true, "pt": true, "nl": true}

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
	lang := strings.ToLower(d.Language)
	if !knownLanguages[lang] {
		lang = nlp.DetectLanguage(d.Title + "\n" + text)
		if !knownLanguages[lang] {
			a.Flags = append(a.Flags, "unknown_language")
			lang = "und"
		}
	}
	a.Language = lang
	if strings.TrimSpace(text) == "" {
		return a
	}
	body := map[string]int{}
	ents := map[string]int{}
	an.scan(lang, text, body, ents)
	head := d.Title
	if strings.TrimSpace(head) == "" {
		head = leadLine(text)
	}
	hm := map[string]int{}
	an.scan(lang, head, hm, nil)
	if d.Title != "" {
		// Headline words count in the body too: some sources only have
		// a short text.
		for t, n := range hm {
			body[t] += n
		}
	}
	if len(d.Entities) > 0 {
		years := ents
		ents = map[string]int{}
		for k, n := range years {
			if strings.HasPrefix(k, "y:") {
				ents[k] = n
			}
		}
		for _, e := range d.Entities {
			if e = strings.TrimSpace(e); e != "" {
				ents["e:"+strings.ToLower(e)]++
			}
		}
	}
	a.Body = sortedCounts(body)
	a.Ents = sortedCounts(ents)
	for t := range hm {
		a.Head = append(a.Head, t)
	}
	sortStrings(a.Head)
	for _, t := range a.Head {
		a.HeadHash = append(a.HeadHash, TermHash(t))
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
	a.Sig = an.dedup.Signature(d.Title + "\n" + text)
	return a
}

func sortedCounts(m map[string]int) []TermCount {
	out := make([]TermCount, 0, len(m))
	for t, n := range m {
		out = append(out, TermCount{t, n, TermHash(t)})
	}
	sortTermCounts(out)
	return out
}

// scan adds the terms of text to body and, when ents is not nil, the
// capitalized words that are not at a sentence start (the fallback entity
// features when no recognizer ran) and four-digit years.
func (an *Analyzer) scan(lang, text string, body, ents map[string]int) {
	sentenceStart := true
	var lower []byte
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
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
			r2, w2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsDigit(r2) {
				digits++
			} else if unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) {
				letters++
			} else if (r2 == '.' || r2 == ',') && digits > 0 && letters == 0 && j+w2 < len(text) && text[j+w2] >= '0' && text[j+w2] <= '9' {
				// keep 3.5 and 1,000 whole
			} else {
				break
			}
			j += w2
		}
		word := text[i:j]
		capital := unicode.IsUpper(r)
		i = j
		if letters == 0 {
			if len(word) >= 2 {
				body["#"+word]++
				if ents != nil && len(word) == 4 && (word[:2] == "19" || word[:2] == "20") {
					ents["y:"+word]++
				}
			}
			sentenceStart = false
			continue
		}
		lower = lower[:0]
		for _, c := range word {
			lower = utf8.AppendRune(lower, unicode.ToLower(c))
		}
		st := an.lookup(lang, lower)
		stop := st == ""
		if ents != nil && capital && !sentenceStart && !stop && letters > 1 {
			ents["e:"+string(lower)]++
		}
		sentenceStart = false
		if stop || letters < 2 {
			continue
		}
		body[st]++
	}
}

// lookup returns the term for a lower-cased word: its stem (the word
// itself for "und"), or "" for a stop word. Results are cached per
// language; the lookup does not allocate for cached words.
func (an *Analyzer) lookup(lang string, lower []byte) string {
	cache := an.cache[lang]
	if cache == nil {
		cache = map[string]string{}
		an.cache[lang] = cache
	}
	if s, ok := cache[string(lower)]; ok {
		return s
	}
	w := string(lower)
	s := ""
	if !nlp.IsStopword(lang, w) {
		s = w
		if lang != "und" {
			s = nlp.Stem(lang, w)
		}
	}
	if len(cache) < maxStemCache {
		cache[w] = s
	}
	return s
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
