package tell

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Compression is a set of rules that shorten a sentence by removing parts
// that carry little of the story: asides, attributions, ages, clauses that
// describe a name. Summarize offers every shortened variant of a sentence
// to its selector beside the sentence itself (at most one of them enters
// a summary), so a 100-word budget holds more of what the documents
// share. A variant only ever drops words, so the articles that support a
// sentence support its variants too, and citations are checked on the
// variant's own text. The rules are written for English news; other
// languages use only CompressParen.
type Compression uint

// The compression rules.
const (
	// CompressParen drops parenthetical asides "(1,900 kilometers)" and
	// asides between dashes " _ the third this year _ ".
	CompressParen Compression = 1 << iota
	// CompressTrailAttribution drops a closing attribution: ", he said.",
	// ", officials said Tuesday.", ", said John Smith, a spokesman for
	// the ministry.", ", according to the police." It keeps the speaker
	// of a direct quotation.
	CompressTrailAttribution
	// CompressLeadAttribution drops an opening attribution when what
	// follows stands alone: "Officials said Tuesday that the talks..."
	// becomes "The talks..."; "According to the police, ...".
	CompressLeadAttribution
	// CompressAge drops an age between commas: "Pinochet, 82, was".
	CompressAge
	// CompressRelative drops a non-restrictive relative clause: "The
	// shower, which peaks every 33 years, is caused by".
	CompressRelative
	// CompressAppositive drops a descriptive phrase after a name:
	// "Baltasar Garzon, one of two Spanish magistrates, filed".
	CompressAppositive
	// CompressLeadAdverbial drops an opening time or discourse phrase:
	// "On Sunday, ", "Earlier this week, ", "For its part, ".
	CompressLeadAdverbial
	// CompressDateline drops a wire dateline left at the start of a
	// sentence: "WASHINGTON (AP) _ ".
	CompressDateline

	// CompressOff turns compression off (the zero value of
	// Options.Compress means DefaultCompression).
	CompressOff Compression = 1 << 31
)

// DefaultCompression is the rule set Summarize uses when
// Options.Compress is zero: parenthetical and dash asides only. Chosen by
// `storyline eval summarize --compress RULES` on DUC 2003 (22 clusters,
// 100 words) with TAC 2011 English as the second check: every rule alone
// and several combinations were run; no rule raised ROUGE-1 on DUC 2003
// by more than 0.1 point, asides tied it (43.26 vs 43.34) and raised TAC
// 2011 (R-1 46.71 -> 47.53, R-2 16.54 -> 17.04), and they are the only
// rule that never changes what a sentence claims or who claims it.
const DefaultCompression = CompressParen

// compressionNames names the rules for flags and reports.
var compressionNames = []struct {
	name string
	c    Compression
}{
	{"paren", CompressParen},
	{"trail-attribution", CompressTrailAttribution},
	{"lead-attribution", CompressLeadAttribution},
	{"age", CompressAge},
	{"relative", CompressRelative},
	{"appositive", CompressAppositive},
	{"lead-adverbial", CompressLeadAdverbial},
	{"dateline", CompressDateline},
}

// ParseCompression reads a comma-separated list of rule names ("paren",
// "trail-attribution", "lead-attribution", "age", "relative",
// "appositive", "lead-adverbial", "dateline"), "all", "default" or
// "none".
func ParseCompression(s string) (Compression, error) {
	var c Compression
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		switch f {
		case "":
			continue
		case "none", "off":
			return CompressOff, nil
		case "default":
			c |= DefaultCompression
			continue
		case "all":
			for _, n := range compressionNames {
				c |= n.c
			}
			continue
		}
		found := false
		for _, n := range compressionNames {
			if n.name == f {
				c |= n.c
				found = true
			}
		}
		if !found {
			return 0, &compressionError{f}
		}
	}
	if c == 0 {
		return CompressOff, nil
	}
	return c, nil
}

type compressionError struct{ name string }

func (e *compressionError) Error() string {
	var names []string
	for _, n := range compressionNames {
		names = append(names, n.name)
	}
	return "tell: unknown compression rule " + `"` + e.name + `"` + " (want " + strings.Join(names, ", ") + ", all, default or none)"
}

// String lists the rule names, comma-separated.
func (c Compression) String() string {
	if c&CompressOff != 0 || c == 0 {
		return "none"
	}
	var names []string
	for _, n := range compressionNames {
		if c&n.c != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ",")
}

const (
	weekday   = `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
	dayPart   = `(?:\s+(?:morning|afternoon|evening|night))?`
	whenWords = `(?:(?:on\s+|late\s+|early\s+)?` + weekday + dayPart + `|today|yesterday|tonight|last\s+(?:week|month|year|night)|this\s+(?:week|month|year)|earlier|later|recently)`
	dash      = `(?:_|--|—|–)`
)

var (
	reParenAside = regexp.MustCompile(`\s*\([^()]{1,100}\)`)
	reDashAside  = regexp.MustCompile(`\s+` + dash + `\s+[^_—–]{2,120}?\s+` + dash + `\s+`)
	reDashTail   = regexp.MustCompile(`\s+` + dash + `\s+[^_—–"“”,;:\s]+\s[^_—–"“”,;:]{1,160}([.!])$`)

	// A closing attribution: ", <subject> said <short tail>." The subject
	// is checked by attributionSubject.
	reTrailSaid  = regexp.MustCompile(`^,\s+((?:[\w.'’&-]+\s+){0,7}?[\w.'’&-]+)\s+(?:said|says|told\s+[\w.'’ ]{2,40}?|reported|added|noted|explained|announced|stated|insisted|warned|asserted|argued|claimed|acknowledged|conceded|confirmed|wrote)((?:\s+` + whenWords + `)?(?:\s+(?:in|on|at)\s+(?:a|an|the)\s+[\w'’ -]{2,40}?)?(?:\s+` + whenWords + `)?)\s*([.!])$`)
	reTrailSaidX = regexp.MustCompile(`,\s+(?:said|says)\s+([^"“”]{2,200}?)([.!])$`)
	reTrailAcc   = regexp.MustCompile(`,\s+according\s+to\s+[^,;:"“”]{2,100}([.!])$`)

	reLeadSaid = regexp.MustCompile(`^((?:[\w.'’&-]+\s+){0,6}?[\w.'’&-]+)\s+(?:said|says|reported|announced|stated|added)(?:\s+` + whenWords + `)?(?:\s+that)?\s+`)
	reLeadAcc  = regexp.MustCompile(`^According\s+to\s+[^,"“”]{2,80},\s+`)

	reAge     = regexp.MustCompile(`,\s+\d{1,3},\s+`)
	reRelMid  = regexp.MustCompile(`,\s+(?:which|who|whose|whom)\s+[^,;:"“”()]{2,140},\s+`)
	reRelTail = regexp.MustCompile(`,\s+(?:which|who|whose)\s+[^,;:"“”()]{2,160}([.!])$`)
	reAppMid  = regexp.MustCompile(`([A-Z][\w.'’-]*),\s+(?:a|an|the|one\s+of|another|former|both)\s+[^,;:"“”()]{2,120},\s+`)
	reAppTail = regexp.MustCompile(`([A-Z][\w.'’-]*),\s+(?:a|an|the)\s+[^,;:"“”()]{2,120}([.!])$`)

	reLeadAdv  = regexp.MustCompile(`^(?:(?:On|Late|Early|By)\s+` + weekday + dayPart + `|Earlier(?:\s+(?:this|last)\s+\w+|\s+today|\s+` + weekday + `)?|Later(?:\s+` + weekday + `)?|Last\s+(?:week|month|year|night|` + weekday + `)|This\s+(?:week|month|year)|In\s+(?:a|his|her|its|their)\s+(?:statement|interview|speech|report|letter)|At\s+the\s+same\s+time|For\s+(?:its|his|her|their|our)\s+part|As\s+a\s+result|In\s+(?:the\s+)?meantime|Nonetheless|Nevertheless|On\s+the\s+other\s+hand|In\s+other\s+words|Today|Yesterday|Now|So|Still|Also)\s*,\s+`)
	reDateline = regexp.MustCompile(`^[A-Z][A-Z.'\- ]{2,30}(?:,\s+[A-Z][A-Za-z.' ]{1,25})?\s*(?:\([A-Za-z. ]{1,20}\))?\s*` + dash + `\s+`)
)

// notSubjectWords may not occur in an attribution's subject: they show
// the words before "said" are a clause of their own.
var notSubjectWords = map[string]bool{
	"and": true, "but": true, "or": true, "who": true, "which": true, "that": true, "what": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "has": true,
	"have": true, "had": true, "will": true, "would": true, "could": true, "should": true,
	"may": true, "might": true, "can": true, "by": true, "if": true, "when": true, "while": true,
	"because": true, "as": true, "than": true, "not": true, "also": true, "did": true, "do": true,
	"does": true, "where": true, "after": true, "before": true, "since": true, "to": true,
	"there": true, "it": true, "this": true, "these": true, "those": true, "so": true,
}

// attributionSubject reports whether s reads as the speaker of an
// attribution ("he", "officials", "the ministry's spokesman", "Prime
// Minister John Smith").
func attributionSubject(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 8 {
		return false
	}
	for _, w := range ws {
		if notSubjectWords[strings.ToLower(strings.Trim(w, ".'’"))] {
			return false
		}
	}
	first := strings.ToLower(ws[0])
	switch first {
	case "he", "she", "they", "we", "officials", "police", "authorities", "witnesses", "analysts",
		"experts", "sources", "diplomats", "investigators", "doctors", "residents", "aides", "prosecutors":
		return true
	case "the", "a", "an", "one", "two", "three", "several", "some", "many", "other", "another", "his", "her", "their", "its":
		return len(ws) >= 2
	}
	r, _ := utf8.DecodeRuneInString(ws[0])
	return unicode.IsUpper(r)
}

// speakerTail reports whether the words after a closing ", said" name a
// speaker ("a Boeing spokesman, John Dern") rather than open a clause
// ("the damage was more likely...").
func speakerTail(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 25 || pronounStart[strings.ToLower(ws[0])] {
		return false
	}
	for _, w := range ws {
		if clauseWords[strings.ToLower(strings.Trim(w, ",.;:'’"))] {
			return false
		}
	}
	return true
}

// clauseWords are verbs and subordinators that show a clause.
var clauseWords = map[string]bool{
	"is": true, "was": true, "were": true, "are": true, "had": true, "has": true, "have": true,
	"would": true, "will": true, "could": true, "might": true, "may": true, "can": true, "did": true,
	"does": true, "do": true, "should": true, "must": true, "that": true, "if": true, "because": true,
	"be": true, "been": true, "expected": true, "thought": true, "believed": true, "not": true,
}

// pronounStart lists words a sentence cannot open with once the clause
// that named their referent is gone.
var pronounStart = map[string]bool{
	"he": true, "she": true, "it": true, "they": true, "his": true, "her": true, "its": true,
	"their": true, "this": true, "these": true, "those": true, "we": true, "i": true, "you": true,
	"our": true, "my": true, "him": true, "them": true, "us": true, "such": true,
}

// joinable reports whether the word opening rest can follow the words
// before a removed middle part: a lower-case word that is not a
// determiner, conjunction or preposition (usually the verb of the
// subject whose description was removed).
func joinable(rest string) bool {
	w := firstWord(rest)
	if w == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsLower(r) {
		return false
	}
	return !nlpFunctionWords[w]
}

var nlpFunctionWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true, "of": true,
	"in": true, "on": true, "at": true, "to": true, "for": true, "from": true, "with": true, "by": true,
	"as": true, "than": true, "that": true, "this": true, "these": true, "those": true, "which": true,
	"who": true, "whose": true, "whom": true, "where": true, "when": true, "while": true, "its": true,
	"his": true, "her": true, "their": true, "our": true, "after": true, "before": true, "since": true,
	"until": true, "into": true, "over": true, "under": true, "about": true, "between": true,
	"among": true, "including": true, "some": true, "many": true, "most": true, "all": true,
	"both": true, "each": true, "one": true, "two": true, "three": true, "said": true, "says": true,
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " ")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-' })
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

// endsInQuote reports whether s (the text before an attribution) ends a
// direct quotation, whose speaker must stay.
func endsInQuote(s string) bool {
	s = strings.TrimRight(s, " ,")
	return strings.HasSuffix(s, `"`) || strings.HasSuffix(s, "”") || strings.HasSuffix(s, "'") || strings.HasSuffix(s, "»")
}

// Compressions returns the distinct shortened variants of sentence s
// under the rules c (s itself excluded; c zero means DefaultCompression),
// each still a sentence: capitalized, ending in its original punctuation,
// quotes and brackets balanced. Rules are applied alone and in
// combination, at most 8 variants. Every variant's words are words of s.
func Compressions(lang, s string, c Compression) []string {
	if c == 0 {
		c = DefaultCompression
	}
	return compressions(lang, s, c, 8)
}

func compressions(lang, s string, c Compression, max int) []string {
	if c == 0 || c&CompressOff != 0 {
		return nil
	}
	if lang != "en" {
		c &= CompressParen
	}
	var rules []func(string) string
	for _, n := range compressionNames {
		if c&n.c != 0 {
			if f := ruleFuncs[n.c]; f != nil {
				rules = append(rules, f)
			}
		}
	}
	seen := map[string]bool{s: true}
	var out []string
	frontier := []string{s}
	for _, rule := range rules {
		var next []string
		for _, v := range frontier {
			t := rule(v)
			if t == v {
				continue
			}
			t = finish(t)
			if t == "" || seen[t] || !looksLikeSentence(t) {
				continue
			}
			seen[t] = true
			out = append(out, t)
			next = append(next, t)
			if len(out) >= max {
				return out
			}
		}
		frontier = append(frontier, next...)
	}
	return out
}

var ruleFuncs = map[Compression]func(string) string{
	CompressParen: func(s string) string {
		// Each regular expression needs its literal "(" or dash: the
		// checks skip them on the sentences (most) that have none.
		t := s
		if strings.Contains(t, "(") {
			t = reParenAside.ReplaceAllString(t, "")
		}
		if !hasDash(t) {
			return t
		}
		t = removeAside(t)
		if !hasDash(t) {
			return t
		}
		if m := reDashTail.FindStringSubmatchIndex(t); m != nil && !strings.ContainsAny(t[:m[0]], `"“”_—–`) && !strings.Contains(t[:m[0]], "--") {
			t = t[:m[0]] + t[m[2]:m[3]]
		}
		return t
	},
	CompressTrailAttribution: func(s string) string {
		for i := 0; i < len(s); i++ {
			if s[i] != ',' {
				continue
			}
			if m := reTrailSaid.FindStringSubmatchIndex(s[i:]); m != nil && attributionSubject(s[i+m[2]:i+m[3]]) && !endsInQuote(s[:i]) {
				return s[:i] + s[i+m[6]:i+m[7]]
			}
		}
		if m := reTrailSaidX.FindStringSubmatchIndex(s); m != nil && speakerTail(s[m[2]:m[3]]) && !endsInQuote(s[:m[0]]) {
			return s[:m[0]] + s[m[4]:m[5]]
		}
		if m := reTrailAcc.FindStringSubmatchIndex(s); m != nil && !endsInQuote(s[:m[0]]) {
			return s[:m[0]] + s[m[2]:m[3]]
		}
		return s
	},
	CompressLeadAttribution: func(s string) string {
		if m := reLeadAcc.FindStringIndex(s); m != nil {
			return s[m[1]:]
		}
		m := reLeadSaid.FindStringSubmatchIndex(s)
		if m == nil || !attributionSubject(s[m[2]:m[3]]) {
			return s
		}
		rest := s[m[1]:]
		if pronounStart[strings.ToLower(firstWord(rest))] || strings.HasPrefix(rest, `"`) || strings.HasPrefix(rest, "“") {
			return s
		}
		return rest
	},
	CompressAge: func(s string) string {
		return removeMiddle(s, reAge, 0)
	},
	CompressRelative: func(s string) string {
		t := removeMiddle(s, reRelMid, 0)
		if m := reRelTail.FindStringSubmatchIndex(t); m != nil {
			t = t[:m[0]] + t[m[2]:m[3]]
		}
		return t
	},
	CompressAppositive: func(s string) string {
		t := removeMiddle(s, reAppMid, 1)
		if m := reAppTail.FindStringSubmatchIndex(t); m != nil && m[0] > 0 {
			t = t[:m[3]] + t[m[4]:m[5]]
		}
		return t
	},
	CompressLeadAdverbial: func(s string) string {
		return reLeadAdv.ReplaceAllString(s, "")
	},
	CompressDateline: func(s string) string {
		return reDateline.ReplaceAllString(s, "")
	},
}

// hasDash reports whether s holds one of the dashes of the pattern dash,
// without which reDashAside and reDashTail cannot match.
func hasDash(s string) bool {
	return strings.ContainsAny(s, "_—–") || strings.Contains(s, "--")
}

// removeAside removes asides between dashes when the words after them
// continue the sentence rather than open a clause of their own.
func removeAside(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range reDashAside.FindAllStringIndex(s, -1) {
		w := firstWord(s[m[1]:])
		if w == "" || pronounStart[strings.ToLower(w)] || unicode.IsUpper([]rune(w)[0]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(" ")
		last = m[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// removeMiddle removes every match of re whose following word can join
// the words before it, keeping submatch keep (the name an appositive
// describes) when keep > 0.
func removeMiddle(s string, re *regexp.Regexp, keep int) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		if !joinable(s[m[1]:]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		if keep > 0 {
			b.WriteString(s[m[2*keep]:m[2*keep+1]])
		}
		b.WriteString(" ")
		last = m[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// finish folds white space, removes spaces before punctuation and
// capitalizes the first letter; it returns "" when nothing of a sentence
// is left.
func finish(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer(" ,", ",", " .", ".", " ;", ";", " :", ":", ",,", ",").Replace(s)
	s = strings.TrimLeft(s, " ,;:")
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
