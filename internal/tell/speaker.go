package tell

import (
	"sort"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/model"
)

// speaker is who a quote is attributed to, as a reader should see it.
type speaker struct {
	// key identifies the speaker for grouping: an entity key, or
	// "role:" and the lower-cased role phrase.
	key string
	// name is shown: the entity's name in the story, or the role phrase.
	name string
}

// roleHeads are nouns that make a phrase a plausible attribution on its
// own ("the Kremlin spokesman", "a senior official", "the ministry").
var roleHeads = map[string]bool{
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "spokesmen": true, "spokespeople": true,
	"secretary": true, "undersecretary": true, "secretary-general": true, "president": true, "vice-president": true,
	"minister": true, "premier": true, "chancellor": true, "ambassador": true, "envoy": true, "diplomat": true,
	"diplomats": true, "official": true, "officials": true, "officer": true, "officers": true, "leader": true,
	"leaders": true, "chief": true, "head": true, "director": true, "chairman": true, "chairwoman": true,
	"chair": true, "governor": true, "mayor": true, "senator": true, "lawmaker": true, "lawmakers": true,
	"representative": true, "adviser": true, "advisor": true, "aide": true, "commander": true, "general": true,
	"prosecutor": true, "prosecutors": true, "judge": true, "lawyer": true, "attorney": true, "analyst": true,
	"analysts": true, "expert": true, "experts": true, "source": true, "sources": true, "witness": true,
	"witnesses": true, "ministry": true, "department": true, "office": true, "agency": true, "government": true,
	"council": true, "committee": true, "commission": true, "administration": true, "embassy": true,
	"army": true, "military": true, "police": true, "parliament": true, "king": true, "queen": true,
	"prince": true, "pope": true, "monarch": true, "negotiator": true, "negotiators": true, "mediator": true,
	"press-secretary": true, "presidency": true, "cabinet": true,
}

// seatsOfPower are places whose name stands for the institution housed
// there; a named-entity tagger types them as places, but "the Kremlin
// said" is an institution speaking.
var seatsOfPower = map[string]bool{
	"kremlin": true, "white house": true, "pentagon": true, "downing street": true, "elysee": true,
	"élysée": true, "elysee palace": true, "quai d'orsay": true, "vatican": true, "whitehall": true,
	"blue house": true, "zhongnanhai": true, "bundeskanzleramt": true,
}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true}

// storyNames gives every entity key its name in the story: the full name
// most of the story's articles use (a transliteration most outlets agree
// on), ties going to the quoting article's own spelling.
type storyNames struct {
	counts map[string]map[string]int
	types  map[string]model.EntityType
	// forms caches formsOf per article.
	forms map[*model.Article][]entityForms
}

func newStoryNames(articles []*model.Article) *storyNames {
	sn := &storyNames{counts: map[string]map[string]int{}, types: map[string]model.EntityType{}}
	for _, a := range articles {
		for _, e := range a.Entities {
			if e.Key == "" || e.Name == "" {
				continue
			}
			if sn.counts[e.Key] == nil {
				sn.counts[e.Key] = map[string]int{}
			}
			sn.counts[e.Key][e.Name]++
			if _, ok := sn.types[e.Key]; !ok {
				sn.types[e.Key] = e.Type
			}
		}
	}
	return sn
}

// typeOf is the entity's type, from the articles or the key's prefix
// ("person:dmitry-peskov").
func (sn *storyNames) typeOf(key string) model.EntityType {
	if t, ok := sn.types[key]; ok {
		return t
	}
	if i := strings.IndexByte(key, ':'); i > 0 {
		return model.EntityType(key[:i])
	}
	return ""
}

func (sn *storyNames) name(key string, own *model.Article, fallback string) string {
	c := sn.counts[key]
	if len(c) == 0 {
		return fallback
	}
	ownName := ""
	for _, e := range own.Entities {
		if e.Key == key && countFields(e.Name) > countFields(ownName) {
			ownName = e.Name
		}
	}
	best, bestN := "", -1
	names := make([]string, 0, len(c))
	for n := range c {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k := c[n]
		// Full names beat bare surnames whatever their count.
		better := countFields(n) > 1 && (best == "" || countFields(best) == 1)
		if !better && (countFields(n) > 1) == (countFields(best) > 1) {
			better = k > bestN || k == bestN && n == ownName
		}
		if better {
			best, bestN = n, k
		}
	}
	return best
}

// speakerOf decides who said quote x of article a, or reports false
// when the attribution names no one a reader could identify ("media
// reports", "the meeting"): a person or organization entity of the story
// (by the quote's resolved entity, or the speaker text matching an
// entity's variant or last name), "the former"/"the latter" of the two
// people named just before, several such entities joined by "and", an
// institution named after its seat ("the Kremlin"), or a role phrase
// ("a Russian military spokesperson") — mapped to the person the story
// names with that title when there is exactly one.
func speakerOf(x model.Quote, a *model.Article, articles []*model.Article, sn *storyNames) (speaker, bool) {
	text := strings.Join(strings.Fields(strings.TrimSpace(x.Speaker)), " ")
	low := strings.ToLower(text)
	personal := func(key string) bool {
		t := sn.typeOf(key)
		return t == model.Person || t == model.Organization
	}
	byEntity := func(key, fallback string) speaker {
		return speaker{key: key, name: sn.name(key, a, fallback)}
	}
	if pronouns[low] {
		if x.Entity != "" && personal(x.Entity) {
			return byEntity(x.Entity, x.SpeakerName), true
		}
		return speaker{}, false
	}
	if low == "the former" || low == "the latter" {
		if key, ok := formerLatter(a, x, low == "the latter"); ok {
			return byEntity(key, ""), true
		}
		return speaker{}, false
	}
	if parts := splitAnd(text); len(parts) > 1 {
		var keys, names []string
		for _, p := range parts {
			key := entityNamed(p, a, articles, sn)
			if key == "" || !personal(key) {
				keys = nil
				break
			}
			keys = append(keys, key)
			names = append(names, sn.name(key, a, p))
		}
		if len(keys) > 1 {
			return speaker{key: strings.Join(keys, "+"), name: strings.Join(names, " and ")}, true
		}
	}
	head := headWord(text)
	role := roleHeads[head]
	if x.Entity != "" && personal(x.Entity) && (role || namesEntity(text, x.Entity, a, x.SpeakerName)) {
		sp := byEntity(x.Entity, x.SpeakerName)
		if sn.typeOf(x.Entity) == model.Organization && strings.Contains(low, strings.ToLower(sp.name)) && countFields(text) <= 5 && countFields(text) > countFields(sp.name) {
			// "Russia's Foreign Ministry" says more than "Foreign Ministry".
			sp.name = stripDeterminer(text)
		}
		return sp, true
	}
	if key := entityNamed(text, a, articles, sn); key != "" && personal(key) {
		return byEntity(key, text), true
	}
	if seatsOfPower[strings.ToLower(stripDeterminer(text))] {
		name := stripDeterminer(text)
		if x.SpeakerName != "" && strings.EqualFold(x.SpeakerName, name) {
			name = x.SpeakerName
		}
		return speaker{key: "seat:" + strings.ToLower(name), name: name}, true
	}
	if role && countFields(text) <= 8 && !strings.ContainsAny(text, "0123456789") {
		phrase := stripDeterminer(text)
		if key := titled(phrase, a, articles); key != "" {
			return byEntity(key, ""), true
		}
		name := text
		if w := strings.Fields(name); determiners[strings.ToLower(w[0])] {
			w[0] = strings.ToLower(w[0])
			name = strings.Join(w, " ")
		}
		return speaker{key: "role:" + strings.ToLower(phrase), name: name}, true
	}
	return speaker{}, false
}

// splitAnd splits "Putin and Kerry" into its conjuncts.
func splitAnd(s string) []string {
	var out []string
	for _, p := range strings.Split(s, " and ") {
		if p = strings.TrimSpace(strings.Trim(p, ",")); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// headWord is the lower-cased noun heading the phrase: its last word
// before a preposition ("the representative of the Kremlin" →
// "representative"), the last part of a hyphenated word kept whole when
// it is a role itself ("press-secretary").
func headWord(s string) string {
	w := strings.Fields(strings.ToLower(s))
	end := len(w)
	for i, x := range w {
		if i > 0 && (x == "of" || x == "at" || x == "in" || x == "for" || x == "from" || x == "with" || x == "on") {
			end = i
			break
		}
	}
	if end == 0 {
		return ""
	}
	h := strings.TrimFunc(w[end-1], func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	h = strings.TrimSuffix(strings.TrimSuffix(h, "’s"), "'s")
	if roleHeads[h] {
		return h
	}
	if i := strings.LastIndexByte(h, '-'); i >= 0 {
		return h[i+1:]
	}
	return h
}

func stripDeterminer(s string) string {
	w := strings.Fields(s)
	if len(w) > 1 && determiners[strings.ToLower(w[0])] {
		w = w[1:]
	}
	return strings.Join(w, " ")
}

// namesEntity reports whether the speaker text spells the entity: one of
// its variants, or its last name.
func namesEntity(text, key string, a *model.Article, resolved string) bool {
	low := " " + strings.ToLower(text) + " "
	has := func(name string) bool {
		w := strings.Fields(strings.ToLower(name))
		if len(w) == 0 {
			return false
		}
		return strings.Contains(low, " "+strings.Join(w, " ")+" ") || strings.Contains(low, " "+w[len(w)-1]+" ")
	}
	if resolved != "" && has(resolved) {
		return true
	}
	for _, e := range a.Entities {
		if e.Key != key {
			continue
		}
		if has(e.Name) {
			return true
		}
		for _, v := range e.Variants {
			if has(v) {
				return true
			}
		}
	}
	return false
}

// entityNamed finds the person or organization entity the text names
// (a variant, or the last name of a multi-word name), in the quoting
// article first, then in the story; "" when none or several match.
func entityNamed(text string, own *model.Article, articles []*model.Article, sn *storyNames) string {
	t := strings.ToLower(stripDeterminer(text))
	if t == "" {
		return ""
	}
	tWords := countFields(t)
	find := func(a *model.Article) string {
		found := ""
		for _, e := range sn.formsOf(a) {
			match := false
			for _, f := range e.forms {
				if f.lower == t || f.words > 1 && e.person && f.last == t ||
					f.words > 0 && hasWordSuffix(t, f.lower) && tWords <= f.words+3 {
					match = true
					break
				}
			}
			if match {
				if found != "" && found != e.key {
					return "\x00" // ambiguous
				}
				found = e.key
			}
		}
		return found
	}
	if k := find(own); k != "" {
		if k == "\x00" {
			return ""
		}
		return k
	}
	for _, a := range articles {
		if a == own {
			continue
		}
		if k := find(a); k != "" && k != "\x00" {
			return k
		}
	}
	return ""
}

// hasWordSuffix reports strings.HasSuffix(t, " "+suffix) without
// building the string.
func hasWordSuffix(t, suffix string) bool {
	n := len(t) - len(suffix)
	return n >= 1 && t[n-1] == ' ' && t[n:] == suffix
}

// nameForm is one spelling of an entity, lower-cased, with its word
// count and last word.
type nameForm struct {
	lower string
	words int
	last  string
}

// entityForms are the spellings of one person or organization entity
// of an article, in the order entityNamed tries them.
type entityForms struct {
	key    string
	person bool
	forms  []nameForm
}

// formsOf returns the article's person and organization entities with
// their spellings lower-cased and split once per story: entityNamed runs
// for every quote against every article, and lower-casing the names
// each time was 5% of a regroup.
func (sn *storyNames) formsOf(a *model.Article) []entityForms {
	if f, ok := sn.forms[a]; ok {
		return f
	}
	var out []entityForms
	for _, e := range a.Entities {
		if e.Type != model.Person && e.Type != model.Organization {
			continue
		}
		ef := entityForms{key: e.Key, person: e.Type == model.Person, forms: make([]nameForm, 0, 1+len(e.Variants))}
		for _, v := range append([]string{e.Name}, e.Variants...) {
			lv := strings.ToLower(v)
			w := strings.Fields(lv)
			f := nameForm{lower: lv, words: len(w)}
			if len(w) > 0 {
				f.last = w[len(w)-1]
			}
			ef.forms = append(ef.forms, f)
		}
		out = append(out, ef)
	}
	if sn.forms == nil {
		sn.forms = map[*model.Article][]entityForms{}
	}
	sn.forms[a] = out
	return out
}

// titled maps a role phrase ("Kremlin spokesman", "Russian president") to
// the one person the story names with that title ("Kremlin spokesman
// Dmitry Peskov"): the quoting article first, then the other articles.
// One-word titles ("president") only match in the quoting article.
func titled(phrase string, own *model.Article, articles []*model.Article) string {
	p := strings.ToLower(strings.Join(strings.Fields(phrase), " "))
	if p == "" {
		return ""
	}
	scan := func(a *model.Article) map[string]int {
		n := map[string]int{}
		for _, m := range a.Mentions {
			if m.Type != model.Person || m.Entity == "" || m.Start < 0 || m.End > len(a.Text) || m.Start > m.End {
				continue
			}
			from := max(0, m.Start-len(p)-2)
			win := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(a.Text[from:m.End], ",", " ")), " "))
			if i := strings.Index(win, p); i >= 0 && i+len(p) < len(win) {
				n[m.Entity]++
			}
		}
		return n
	}
	pick := func(n map[string]int) string {
		best, bestN, second := "", 0, 0
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch v := n[k]; {
			case v > bestN:
				best, bestN, second = k, v, bestN
			case v > second:
				second = v
			}
		}
		if bestN > 0 && bestN >= 2*second {
			return best
		}
		return ""
	}
	if k := pick(scan(own)); k != "" {
		return k
	}
	if countFields(p) < 2 {
		return ""
	}
	all := map[string]int{}
	for _, a := range articles {
		if a == own {
			continue
		}
		for k, v := range scan(a) {
			all[k] += v
		}
	}
	return pick(all)
}

// formerLatter resolves "the former"/"the latter" to the first or second
// of the last two people named before the quote, in its sentence or the
// one before.
func formerLatter(a *model.Article, x model.Quote, latter bool) (string, bool) {
	limit := x.Span.Start
	if limit <= 0 || limit > len(a.Text) {
		return "", false
	}
	// The sentence holding the quote and the one before it.
	from, prev := 0, 0
	for _, s := range a.Sentences {
		if s.Start > limit {
			break
		}
		prev, from = from, s.Start
	}
	from = prev
	var last []string
	for _, m := range a.Mentions {
		if m.Type != model.Person || m.Entity == "" || m.Start < from || m.End > limit {
			continue
		}
		if len(last) > 0 && last[len(last)-1] == m.Entity {
			continue
		}
		last = append(last, m.Entity)
	}
	if len(last) < 2 {
		return "", false
	}
	if latter {
		return last[len(last)-1], true
	}
	return last[len(last)-2], true
}
