package entity

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

// Linking turns mentions into entities. Within an article, "Putin",
// "President Putin" and "Vladimir Putin" are one person named by the most
// complete form; across articles, entities merge when their names agree
// once case, diacritics, Arabic articles ("al-"), acronyms and the usual
// transliteration differences (Sergei/Sergey, Dmitri/Dmitry, Kiev/Kyiv,
// Lugansk/Luhansk) are folded away.

// aliases holds names that no rule can guess, each mapped to the name of
// the entity it stands for (lower case). Keep it short and documented:
//   - ISIL, ISIS, IS, Daesh: the Islamic State group's acronyms in English
//     and Arabic;
//   - Nusra Front, Jabhat Fateh al-Sham: the English name and the July 2016
//     new name of Jabhat al-Nusra;
//   - US, USA, America, UK, Britain: usual short names of two countries
//     whose acronyms do not follow from their short names.
var aliases = map[string]string{
	"isil":                     "islamic state",
	"isis":                     "islamic state",
	"daesh":                    "islamic state",
	"daish":                    "islamic state",
	"islamic state group":      "islamic state",
	"nusra front":              "jabhat al-nusra",
	"al-nusra front":           "jabhat al-nusra",
	"jabhat fateh al-sham":     "jabhat al-nusra",
	"jabhat fatah al-sham":     "jabhat al-nusra",
	"us":                       "united states",
	"u.s.":                     "united states",
	"usa":                      "united states",
	"u.s.a.":                   "united states",
	"america":                  "united states",
	"united states of america": "united states",
	"uk":                       "united kingdom",
	"u.k.":                     "united kingdom",
	"britain":                  "united kingdom",
	"great britain":            "united kingdom",
}

// aliasTargets are the names the aliases stand for.
var aliasTargets = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range aliases {
		m[t] = true
	}
	return m
}()

var titleWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(titlesList) {
		if !strings.Contains(w, "_") {
			m[w] = true
		}
	}
	return m
}()

var placeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range []string{countriesList, citiesList} {
		for _, w := range strings.Fields(l) {
			m[strings.ReplaceAll(w, "_", " ")] = true
		}
	}
	return m
}()

// cleanName trims a mention to the name it carries: surrounding quotes and
// brackets, a leading "the" and leading titles ("President", "Mr.").
func cleanName(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	})
	s = strings.TrimSuffix(s, "'s")
	for {
		w, rest, ok := strings.Cut(s, " ")
		if !ok {
			break
		}
		lw := strings.ToLower(w)
		next, _, _ := strings.Cut(rest, " ")
		if lw == "the" || titleWords[lw] || titleModifiers[lw] && titleWords[strings.ToLower(next)] {
			s = rest
			continue
		}
		break
	}
	return s
}

// foldWord lowercases a word, removes diacritics, an Arabic article and
// punctuation: "Al-Assad" → "assad", "U.S." → "us".
func foldWord(w string) string {
	w = strings.ToLower(w)
	for _, p := range []string{"al-", "el-", " al ", "as-", "ad-", "ash-"} {
		if strings.HasPrefix(w, p) && len(w) > len(p)+2 {
			w = w[len(p):]
			break
		}
	}
	var b strings.Builder
	for _, r := range w {
		if r < utf8.RuneSelf {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
			continue
		}
		if d, ok := diacritics[r]; ok {
			b.WriteString(d)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

var diacritics = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'ł': "l",
	'ñ': "n", 'ń': "n", 'ň': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ý': "y", 'ÿ': "y",
	'ź': "z", 'ż': "z", 'ž': "z", 'æ': "ae", 'œ': "oe",
}

// translit folds the spelling differences of transliterated names:
// Sergei/Sergey, Dmitri/Dmitry, Kiev/Kyiv, Lugansk/Luhansk, Assad/Asad.
func translit(w string) string {
	w = translitReplacer.Replace(w)
	var b []byte
	for i := 0; i < len(w); i++ {
		if i > 0 && w[i] == w[i-1] {
			continue
		}
		b = append(b, w[i])
	}
	return string(b)
}

var translitReplacer = strings.NewReplacer("kh", "h", "ph", "f", "w", "v", "y", "i", "j", "i", "e", "i", "g", "h", "ou", "u")

// nameKey is the folded, alias-resolved form of a cleaned name used to
// compare names.
func nameKey(name string) string {
	low := strings.ToLower(name)
	if a, ok := aliases[low]; ok {
		low = a
	}
	words := strings.Fields(low)
	out := words[:0]
	for _, w := range words {
		if f := foldWord(w); f != "" {
			out = append(out, translit(f))
		}
	}
	k := strings.Join(out, " ")
	if a, ok := aliases[k]; ok { // "U.S." folds to "us"
		k = nameKey(a)
	}
	return k
}

func words(name string) []string { return strings.Fields(name) }

// acronym returns the initials of a multiword name, skipping function
// words: "Islamic State of Iraq and the Levant" → "ISIL".
func acronym(name string) string {
	ws := words(name)
	if len(ws) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range ws {
		switch strings.ToLower(w) {
		case "of", "the", "and", "for", "in", "on", "de", "la", "&":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

// asAcronym returns name without dots when it looks like an acronym (2 to
// 6 capitals), else "".
func asAcronym(name string) string {
	s := strings.ReplaceAll(name, ".", "")
	if len(s) < 2 || len(s) > 6 {
		return ""
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return ""
		}
	}
	return s
}

// group is a set of mentions (or article entities) being linked.
type group struct {
	typeVotes map[model.EntityType]int
	forms     map[string]int // cleaned surface forms and their counts
	order     map[string]int // first appearance of each form
	articles  map[string]bool
	mentions  int
	parent    *group
}

func newGroup() *group {
	return &group{typeVotes: map[model.EntityType]int{}, forms: map[string]int{}, order: map[string]int{}, articles: map[string]bool{}}
}

func (g *group) root() *group {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

func (g *group) addForm(f string, n, seq int) {
	if f == "" {
		return
	}
	if _, ok := g.order[f]; !ok {
		g.order[f] = seq
	}
	g.forms[f] += n
}

// merge moves h into g (both roots).
func merge(g, h *group) *group {
	g, h = g.root(), h.root()
	if g == h {
		return g
	}
	for t, n := range h.typeVotes {
		g.typeVotes[t] += n
	}
	for f, n := range h.forms {
		g.addForm(f, n, h.order[f])
	}
	for a := range h.articles {
		g.articles[a] = true
	}
	g.mentions += h.mentions
	h.parent = g
	return g
}

func (g *group) typ() model.EntityType {
	best, bn := model.OtherEntity, -1
	for _, t := range []model.EntityType{model.Person, model.Place, model.Organization, model.OtherEntity} {
		if n := g.typeVotes[t]; n > bn {
			best, bn = t, n
		}
	}
	return best
}

// name picks the canonical form: the most complete (most words, then
// most words capitalized) and then most frequent one, then the earliest.
// Titled forms ("President Putin") are variants, never the name.
func (g *group) name() string {
	type cand struct {
		f           string
		words, caps int
		n, seq      int
	}
	var cs []cand
	for f, n := range g.forms {
		if cleanName(f) != f {
			continue
		}
		c := cand{f: f, n: n, seq: g.order[f]}
		for _, w := range words(f) {
			c.words++
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) || unicode.IsDigit(r) {
				c.caps++
			}
		}
		if asAcronym(f) != "" {
			c.words = 0 // an acronym is the least complete form
		}
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		for f := range g.forms {
			return f
		}
		return ""
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.words != b.words {
			return a.words > b.words
		}
		if a.caps != b.caps {
			return a.caps > b.caps
		}
		if a.n != b.n {
			return a.n > b.n
		}
		if a.seq != b.seq {
			return a.seq < b.seq
		}
		return a.f < b.f
	})
	// An acronym alone is named by the name it stands for when known:
	// "ISIL" → "Islamic State".
	if a, ok := aliases[strings.ToLower(cs[0].f)]; ok && asAcronym(cs[0].f) != "" {
		return titleCase(a)
	}
	// A known name written with lower-case words ("Islamic state", as
	// translated news writes it) is named in its usual capitals.
	if c := cs[0]; c.caps < c.words && aliasTargets[strings.ToLower(c.f)] {
		return titleCase(strings.ToLower(c.f))
	}
	return cs[0].f
}

// titleCase capitalizes each word of a lower-case name, keeping Arabic
// articles and function words lower case: "jabhat al-nusra" → "Jabhat
// al-Nusra".
func titleCase(s string) string {
	ws := words(s)
	for i, w := range ws {
		switch w {
		case "of", "the", "and", "for":
			if i > 0 {
				continue
			}
		}
		parts := strings.Split(w, "-")
		for j, p := range parts {
			if (p == "al" || p == "el") && j < len(parts)-1 {
				continue
			}
			r, n := utf8.DecodeRuneInString(p)
			parts[j] = string(unicode.ToUpper(r)) + p[n:]
		}
		ws[i] = strings.Join(parts, "-")
	}
	return strings.Join(ws, " ")
}

func (g *group) variants() []string {
	out := make([]string, 0, len(g.forms))
	for f := range g.forms {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if g.forms[out[i]] != g.forms[out[j]] {
			return g.forms[out[i]] > g.forms[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// entityKey is the stable key of an entity: its type and its folded name,
// "person:vladimir-putin".
func entityKey(t model.EntityType, name string) string {
	var ws []string
	for _, w := range words(strings.ReplaceAll(name, "-", " ")) {
		if f := foldWord(w); f != "" {
			ws = append(ws, f)
		}
	}
	return string(t) + ":" + strings.Join(ws, "-")
}

// item is one thing to link: a mention (in LinkArticle) or an article
// entity (in LinkCorpus).
type item struct {
	name string // cleaned
	typ  model.EntityType
	g    *group
}

// linker holds groups keyed by their names while linking.
type linker struct {
	groups []*group
}

func (l *linker) add(name string, typ model.EntityType, forms map[string]int, n, seq int, article string) *group {
	g := newGroup()
	g.typeVotes[typ] += n
	for f, c := range forms {
		g.addForm(f, c, seq)
	}
	g.mentions = n
	if article != "" {
		g.articles[article] = true
	}
	l.groups = append(l.groups, g)
	return g
}

// link merges the items' groups by the rules shared by article and corpus
// linking.
func link(items []item) {
	keys := make([]string, len(items))
	nwords := make([]int, len(items))
	for i, it := range items {
		keys[i] = nameKey(it.name)
		nwords[i] = len(words(it.name))
	}
	// 1. Same folded name (aliases applied), whatever the type: the
	// recognizer types a name differently at times; the group's type is
	// its majority.
	byKey := map[string]*group{}
	for i, it := range items {
		k := keys[i]
		if k == "" {
			continue
		}
		if g, ok := byKey[k]; ok {
			merge(g, it.g)
		} else {
			byKey[k] = it.g
		}
	}
	// 2. Full person names: a lone last name (or a lone first name that
	// fits one person only) joins the full name.
	byLast := map[string][]*group{}
	byFirst := map[string][]*group{}
	isFull := map[*group]bool{}
	personWord := map[string]bool{}
	for i, it := range items {
		if it.typ != model.Person {
			continue
		}
		// Single words written for a person somewhere (as a person
		// mention, or as a form of a person entity when linking articles).
		if nwords[i] == 1 {
			personWord[keys[i]] = true
		}
		for f := range it.g.forms {
			if len(words(f)) == 1 {
				personWord[nameKey(f)] = true
			}
		}
		ws := words(it.name)
		if len(ws) < 2 {
			continue
		}
		byLast[nameKey(ws[len(ws)-1])] = append(byLast[nameKey(ws[len(ws)-1])], it.g)
		byFirst[nameKey(ws[0])] = append(byFirst[nameKey(ws[0])], it.g)
		isFull[it.g.root()] = true
	}
	roots := func(gs []*group) []*group {
		var out []*group
		seen := map[*group]bool{}
		for _, g := range gs {
			if r := g.root(); !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
		return out
	}
	for i, it := range items {
		if nwords[i] != 1 || asAcronym(it.name) != "" || isFull[it.g.root()] {
			continue
		}
		k := keys[i]
		if it.typ != model.Person && (placeWords[strings.ToLower(it.name)] || !personWord[k]) {
			continue
		}
		if last := roots(byLast[k]); len(last) > 0 {
			// Several people of one family name: the most mentioned.
			best := last[0]
			for _, g := range last[1:] {
				if g.mentions > best.mentions {
					best = g
				}
			}
			merge(best, it.g)
		} else if first := roots(byFirst[k]); len(first) == 1 && it.typ == model.Person {
			merge(first[0], it.g)
		}
	}
	// 3. Acronyms: "UN" joins the one "United Nations".
	byAcronym := map[string][]*group{}
	for _, it := range items {
		if it.typ != model.Person {
			if a := acronym(it.name); a != "" {
				byAcronym[a] = append(byAcronym[a], it.g)
			}
		}
	}
	for _, it := range items {
		if it.typ == model.Person {
			continue
		}
		if acr := asAcronym(it.name); acr != "" {
			if hits := roots(byAcronym[acr]); len(hits) == 1 {
				merge(hits[0], it.g)
			}
		}
	}
	// 4. The end of an organization's name: "al-Nusra" joins the one
	// "Jabhat al-Nusra".
	isOrg := func(t model.EntityType) bool { return t == model.Organization || t == model.OtherEntity }
	bySuffix := map[string][]*group{}
	for i, it := range items {
		if !isOrg(it.typ) {
			continue
		}
		k := keys[i]
		for j := 0; j < len(k); j++ {
			if k[j] == ' ' {
				bySuffix[k[j+1:]] = append(bySuffix[k[j+1:]], it.g)
			}
		}
	}
	for i, it := range items {
		if !isOrg(it.typ) || len(keys[i]) < 4 {
			continue
		}
		if hits := roots(bySuffix[keys[i]]); len(hits) == 1 {
			merge(hits[0], it.g)
		}
	}
}

// titledForm returns "President Putin" when the mention at [start, end)
// is directly preceded by a capitalized title word in text.
func titledForm(text string, start, end int) string {
	w, j := wordBefore(text, start)
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || !titleWords[strings.ToLower(w)] {
		return ""
	}
	// "Foreign Minister", "Prime Minister", "Vice President".
	if m, _ := wordBefore(text, j); titleModifiers[strings.ToLower(m)] {
		if r, _ := utf8.DecodeRuneInString(m); unicode.IsUpper(r) {
			w = m + " " + w
		}
	}
	return w + " " + cleanName(text[start:end])
}

// wordBefore returns the word that ends one space before position i, and
// where it starts.
func wordBefore(text string, i int) (string, int) {
	if i <= 0 || text[i-1] != ' ' {
		return "", i
	}
	j := i - 1
	for j > 0 && text[j-1] != ' ' && text[j-1] != '\n' && text[j-1] != '(' && text[j-1] != '"' {
		j--
	}
	return text[j : i-1], j
}

var titleModifiers = map[string]bool{
	"foreign": true, "prime": true, "vice": true, "deputy": true, "defense": true, "defence": true,
	"interior": true, "finance": true, "economy": true, "justice": true, "health": true, "trade": true,
	"first": true, "former": true, "acting": true, "chief": true, "general": true,
}

// LinkArticle links an article's mentions (as found by Recognize; see
// Annotate) into entities: it sets each Mention.Entity to its entity's
// key and fills a.Entities, each named by its most complete form with all
// the forms seen as variants.
//
// An article with text but no mentions yet (Mentions == nil) is first run
// through the shipped recognizer; use Annotate to see a model loading
// error (the embedded model is checked by the tests, so there is none in
// practice).
func LinkArticle(a *model.Article) {
	if a.Mentions == nil && a.Text != "" {
		if r, err := Default(); err == nil {
			a.Mentions = r.Recognize(a.Text)
		}
	}
	var items []item
	groupOf := make([]*group, len(a.Mentions))
	l := &linker{}
	for i, m := range a.Mentions {
		name := cleanName(m.Text)
		if name == "" {
			continue
		}
		forms := map[string]int{name: 1}
		if m.Type == model.Person {
			if t := titledForm(a.Text, m.Start, m.End); t != "" {
				forms[t] = 1
			}
		}
		g := l.add(name, m.Type, forms, 1, i, a.ID)
		groupOf[i] = g
		items = append(items, item{name: name, typ: m.Type, g: g})
	}
	link(items)
	a.Entities = a.Entities[:0]
	keys := map[*group]string{}
	for i := range a.Mentions {
		g := groupOf[i]
		if g == nil {
			continue
		}
		r := g.root()
		k, ok := keys[r]
		if !ok {
			name, typ := r.name(), r.typ()
			k = entityKey(typ, name)
			keys[r] = k
			a.Entities = append(a.Entities, model.Entity{Key: k, Name: name, Type: typ, Variants: r.variants(), Articles: []string{a.ID}, Mentioned: r.mentions})
		}
		a.Mentions[i].Entity = k
		// A mention takes its entity's type: "Putin" once tagged as a
		// place is the person Vladimir Putin.
		a.Mentions[i].Type = r.typ()
	}
}

// Annotate finds the entities of an article with the shipped model and
// links them (a.Mentions and a.Entities are replaced).
func Annotate(a *model.Article) error {
	ms, err := Recognize(a.Text)
	if err != nil {
		return err
	}
	a.Mentions = ms
	LinkArticle(a)
	return nil
}

// LinkCorpus merges the entities of several articles (after LinkArticle)
// into corpus entities, rewrites the articles' mention and entity keys to
// the corpus keys, and returns the corpus entities, most mentioned first.
func LinkCorpus(articles []*model.Article) []model.Entity {
	l := &linker{}
	var items []item
	type ref struct{ a, e int }
	var refs []ref
	seq := 0
	for ai, a := range articles {
		for ei, e := range a.Entities {
			forms := map[string]int{}
			for _, v := range e.Variants {
				forms[v] = 1
			}
			if len(forms) == 0 {
				forms[e.Name] = 1
			}
			n := max(e.Mentioned, 1)
			g := l.add(e.Name, e.Type, forms, n, seq, a.ID)
			// Count forms by mentions in the article where known.
			for _, m := range a.Mentions {
				if m.Entity == e.Key {
					if f := cleanName(m.Text); f != "" {
						g.forms[f]++
					}
				}
			}
			seq++
			items = append(items, item{name: e.Name, typ: e.Type, g: g})
			refs = append(refs, ref{ai, ei})
		}
	}
	link(items)
	keyOf := map[*group]string{}
	var out []model.Entity
	for _, it := range items {
		r := it.g.root()
		if _, ok := keyOf[r]; ok {
			continue
		}
		name, typ := r.name(), r.typ()
		k := entityKey(typ, name)
		keyOf[r] = k
		arts := make([]string, 0, len(r.articles))
		for a := range r.articles {
			arts = append(arts, a)
		}
		sort.Strings(arts)
		out = append(out, model.Entity{Key: k, Name: name, Type: typ, Variants: r.variants(), Articles: arts, Mentioned: r.mentions})
	}
	renames := make([]map[string]string, len(articles))
	for i, it := range items {
		ai := refs[i].a
		e := &articles[ai].Entities[refs[i].e]
		if renames[ai] == nil {
			renames[ai] = map[string]string{}
		}
		renames[ai][e.Key] = keyOf[it.g.root()]
		e.Key = keyOf[it.g.root()]
	}
	for ai, a := range articles {
		for mi := range a.Mentions {
			if nk, ok := renames[ai][a.Mentions[mi].Entity]; ok {
				a.Mentions[mi].Entity = nk
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Mentioned != out[j].Mentioned {
			return out[i].Mentioned > out[j].Mentioned
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// SameName reports whether two names are spellings of one name once case,
// diacritics, Arabic articles, aliases and transliteration are folded.
func SameName(a, b string) bool {
	ka := nameKey(cleanName(a))
	return ka != "" && ka == nameKey(cleanName(b))
}

// Lookup finds the entity of ents that name refers to, by the rules that
// link mentions: the same name or variant (case, transliteration and
// aliases folded), a person's last name, an acronym, or the end of an
// organization's name ("al-Nusra" for "Jabhat al-Nusra"). It costs a pass
// over ents per call.
func Lookup(ents []model.Entity, name string) (model.Entity, bool) {
	clean := cleanName(name)
	for _, e := range ents {
		if strings.EqualFold(e.Name, clean) {
			return e, true
		}
	}
	for _, e := range ents {
		for _, v := range e.Variants {
			if strings.EqualFold(v, clean) || strings.EqualFold(v, name) {
				return e, true
			}
		}
	}
	// A one-word query is first tried as a person (a last name), then as
	// an organization (the end of a longer name).
	for _, qt := range []model.EntityType{model.Person, model.Organization} {
		l := &linker{}
		items := make([]item, 0, len(ents)+1)
		for i, e := range ents {
			forms := map[string]int{e.Name: 1}
			for _, v := range e.Variants {
				forms[v] = 1
			}
			g := l.add(e.Name, e.Type, forms, max(e.Mentioned, 1), i, "")
			items = append(items, item{name: e.Name, typ: e.Type, g: g})
		}
		q := l.add(clean, qt, map[string]int{clean: 1}, 0, len(ents), "")
		items = append(items, item{name: clean, typ: qt, g: q})
		link(items)
		best := -1
		for i, it := range items[:len(ents)] {
			if it.g.root() == q.root() && (best < 0 || ents[i].Mentioned > ents[best].Mentioned) {
				best = i
			}
		}
		if best >= 0 {
			return ents[best], true
		}
	}
	return model.Entity{}, false
}
