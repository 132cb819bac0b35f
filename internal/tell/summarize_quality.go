package tell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Writing quality and dangling references, the two readability rules of
// the selector.
//
// defects counts what a reader sees as badly written, measured against
// the story itself rather than a language model: a word left lower-case
// where two other documents capitalize it in the same context ("us
// Secretary of state" where the others write "US Secretary of State"),
// punctuation standing alone after a space ("correspondent ."), a word
// doubled, and a long opening prepositional phrase running into the verb
// with no subject ("At a meeting of ... has not discussed"). Among
// sentences that carry the same content the selector takes the one with
// fewer defects (objective.betterWritten) and does not add a worse-written
// repetition of a chosen sentence (objective.saidBetter); citations are
// computed on the sentence finally chosen, as always.
//
// A sentence whose subject points outside itself ("He said ...", "...,
// the former asserted ...") reads as a riddle in a summary unless the
// sentence before it in the summary is the one before it in its article;
// its greedy score is scaled down by Options.Dangling or FormerLatter,
// and the greedy is not restarted from it.

// caseObs counts, in one document, how often a lower-cased word pair
// occurs with its words' first letters upper-case (up) and lower-case
// (low); words whose case says nothing (sentence-initial, after a colon
// or quote) are counted in neither. Keys are pairKey's.
type caseObs struct {
	doc     int32
	up, low [2]int32
}

// caseTable holds the lower-cased adjacent word pairs that some document
// capitalizes, with their case counts per document.
type caseTable map[string][]caseObs

// qWord is a white-space word as the quality rules see it.
type qWord struct {
	core  string // the word without surrounding punctuation
	upper bool   // first letter upper-case
	known bool   // its case is a choice of the writer, not of position
	gap   bool   // punctuation ends a clause after it (no pair across)
}

// qWords splits s into the words the case rules compare.
func qWords(s string) []qWord {
	return appendQWords(nil, s)
}

// appendQWords appends the words of s to out.
func appendQWords(out []qWord, s string) []qWord {
	initial := true
	for f := range strings.FieldsSeq(s) {
		core := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if core == "" {
			initial = initial || strings.ContainsAny(f, ".!?:")
			if len(out) > 0 {
				out[len(out)-1].gap = true
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(core)
		lead, _ := utf8.DecodeRuneInString(f)
		w := qWord{core: core, upper: unicode.IsUpper(r)}
		w.known = unicode.IsLetter(r) && !initial && (unicode.IsLetter(lead) || unicode.IsDigit(lead))
		last, _ := utf8.DecodeLastRuneInString(f)
		initial = strings.ContainsRune(".!?:", last) && !abbrevLike(core)
		w.gap = strings.ContainsRune(".!?:;\"”“»«()[]", last)
		out = append(out, w)
	}
	return out
}

// appendLower appends s lower-cased to buf.
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
			return buf
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// abbrevLike reports whether a word ending in a period is more likely an
// abbreviation ("U.S.", "Mr.") than the end of a sentence.
func abbrevLike(core string) bool {
	return strings.Contains(core, ".") || len(core) <= 3 && core != strings.ToLower(core)
}

// pairKey is the key of the pair ending at ws[i]: both words lower-cased
// and whether the word after the pair opens with a capital, so that "the
// Russian president, ..." is compared with pairs used the same way and
// not with "Russian President Vladimir Putin", a title before a name.
func pairKey(buf []byte, ws []qWord, i int) []byte {
	buf = appendLower(append(appendLower(buf[:0], ws[i-1].core), ' '), ws[i].core)
	if !ws[i].gap && i+1 < len(ws) && ws[i+1].upper {
		return append(buf, "|U"...)
	}
	return append(buf, "|n"...)
}

// newCaseTable counts the case of the documents' word pairs. Only pairs
// that some document capitalizes can show a miscased word, so the first
// pass records those alone, and the second counts the lower-case uses of
// just those pairs (a table of every pair cost a quarter of the
// summarizer's time).
func newCaseTable(docs []Doc) caseTable {
	t := caseTable{}
	capWords := map[string]bool{}
	var key, lw []byte
	// The words of every sentence, read once: sentence j of all is
	// ws[ends[j-1]:ends[j]], of document docOf[j].
	var ws []qWord
	var ends, docOf []int
	for di, d := range docs {
		for _, s := range d.Sentences {
			ws = appendQWords(ws, s)
			ends = append(ends, len(ws))
			docOf = append(docOf, di)
		}
	}
	for pass := 0; pass < 2; pass++ {
		start := 0
		for j, end := range ends {
			sw, di := ws[start:end], docOf[j]
			start = end
			for i := 1; i < len(sw); i++ {
				a, b := sw[i-1], sw[i]
				if a.gap {
					continue
				}
				var hit [2]bool
				for slot, w := range [2]qWord{a, b} {
					if pass == 0 {
						hit[slot] = w.known && w.upper
					} else {
						if w.known && !w.upper {
							lw = appendLower(lw[:0], w.core)
							hit[slot] = capWords[string(lw)]
						}
					}
				}
				if !hit[0] && !hit[1] {
					continue
				}
				key = pairKey(key, sw, i)
				obs, ok := t[string(key)]
				if pass == 1 && !ok {
					continue
				}
				k := 0
				for k < len(obs) && obs[k].doc != int32(di) {
					k++
				}
				if k == len(obs) {
					obs = append(obs, caseObs{doc: int32(di)})
				}
				for slot, w := range [2]qWord{a, b} {
					switch {
					case !hit[slot]:
					case pass == 0:
						obs[k].up[slot]++
						if lw = appendLower(lw[:0], w.core); !capWords[string(lw)] {
							capWords[string(lw)] = true
						}
					default:
						obs[k].low[slot]++
					}
				}
				t[string(key)] = obs
			}
		}
	}
	return t
}

// miscased reports whether a lower-case word in slot of the pair key is
// capitalized there by at least two other documents, and at least twice
// as often as the other documents leave it lower-case ("us Secretary"
// where the others write "US Secretary"). Capitals where others write
// lower case are left alone: outlets differ on "the Russian President",
// and only a lower-case name or title reads as an error.
func (t caseTable) miscased(key string, slot int, doc int) bool {
	up, low, docs := int32(0), int32(0), 0
	for _, o := range t[key] {
		if int(o.doc) == doc {
			continue
		}
		up, low = up+o.up[slot], low+o.low[slot]
		if o.up[slot] > 0 {
			docs++
		}
	}
	return docs >= 2 && up >= 2*low
}

// prepositions that can open a sentence with a phrase before its subject.
var openingPrepositions = map[string]bool{
	"at": true, "in": true, "on": true, "during": true, "after": true, "before": true, "with": true,
	"for": true, "from": true, "by": true, "under": true, "among": true, "following": true,
	"despite": true, "within": true, "between": true, "through": true, "since": true, "over": true,
	"of": true, "about": true, "amid": true, "upon": true,
}

// clauseOpeners start a clause inside an opening phrase ("In a meeting
// to which the media had access, ...").
var clauseOpeners = map[string]bool{
	"which": true, "who": true, "whom": true, "whose": true, "that": true, "where": true,
	"when": true, "while": true, "because": true, "if": true, "although": true, "though": true,
	"whether": true, "as": true,
}

// finiteAux are verb forms that need a subject before them.
var finiteAux = map[string]bool{
	"has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "were": true,
	"will": true, "would": true, "can": true, "could": true, "did": true, "does": true,
	"should": true, "may": true, "might": true, "must": true, "shall": true,
}

// defects counts the writing defects of text, a sentence of document
// doc, against the documents' case table t (nil: no case rule).
func defects(text string, doc int, t caseTable) int {
	n := 0
	fields := strings.Fields(text)
	for i, f := range fields {
		if i > 0 && (f == "." || f == "," || f == ";" || f == ":") {
			n++ // a space before punctuation
		}
	}
	ws := qWords(text)
	var key []byte
	for i := range ws {
		if i > 0 && strings.EqualFold(ws[i].core, ws[i-1].core) && !ws[i-1].gap && unicode.IsLetter([]rune(ws[i].core)[0]) {
			n++ // "the the"
		}
		if t == nil || !ws[i].known || ws[i].upper {
			continue
		}
		bad := false
		if i > 0 && !ws[i-1].gap {
			key = pairKey(key, ws, i)
			bad = t.miscased(string(key), 1, doc)
		}
		if !bad && i+1 < len(ws) && !ws[i].gap {
			key = pairKey(key, ws, i+1)
			bad = t.miscased(string(key), 0, doc)
		}
		if bad {
			n++
		}
	}
	if missingSubject(fields) {
		n++
	}
	return n
}

// missingSubject reports an opening prepositional phrase of five words
// or more that runs, with no comma, into a finite verb: the phrase has
// become the subject ("At a meeting of the two leaders has not been
// discussed ...").
func missingSubject(fields []string) bool {
	if len(fields) < 6 || !openingPrepositions[strings.ToLower(fields[0])] {
		return false
	}
	for i := 1; i < len(fields); i++ {
		w := strings.ToLower(strings.TrimRight(fields[i], ",;:"))
		if finiteAux[w] {
			return i >= 5
		}
		if clauseOpeners[w] {
			return false // the verb may be the embedded clause's
		}
		if strings.ContainsAny(fields[i], ",;:–—") || w == "-" {
			return false
		}
	}
	return false
}

// referringOpeners are personal pronouns that, opening a sentence as
// its subject, point to a person named before it. "It", "This" and
// "These" are left out: they usually refer to the event the whole
// summary is about, and penalizing them lost ROUGE on DUC 2003 and TAC
// 2011 (R-1 -0.1 to -0.8).
var referringOpeners = map[string]bool{
	"he": true, "she": true, "they": true, "his": true, "her": true, "their": true, "him": true, "them": true,
}

// Reference kinds that dangling reports.
const (
	refNone       = iota
	refPronoun    // "He said ..."
	refPositional // "the former asserted ..."
)

// dangling reports whether s opens with a reference to something outside
// itself: a personal pronoun as its subject ("He said", "Their talks"),
// or "the former"/"the latter" used as a subject, anywhere ("During the
// talks, the former asserted ...", not "the former president"), which
// makes the reader look back even when the pair is named in the
// sentence.
func dangling(s string) int {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return refNone
	}
	for i := 0; i+1 < len(fields); i++ {
		if !strings.EqualFold(fields[i], "the") {
			continue
		}
		w := strings.ToLower(fields[i+1])
		core := strings.TrimRight(w, ",;:.")
		if core != "former" && core != "latter" {
			continue
		}
		if core != w || i+2 >= len(fields) {
			return refPositional // "the latter," or "the former."
		}
		next := strings.ToLower(strings.Trim(fields[i+2], ",;:."))
		if finiteAux[next] || strings.HasSuffix(next, "ed") || next == "said" || next == "says" || next == "told" {
			return refPositional
		}
	}
	if referringOpeners[strings.ToLower(strings.TrimRight(fields[0], ",;:"))] {
		return refPronoun
	}
	return refNone
}
