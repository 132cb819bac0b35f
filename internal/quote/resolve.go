package quote

import (
	"sort"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/model"
)

// entityInfo is what resolution knows of one entity of the article.
type entityInfo struct {
	key    string
	name   string          // canonical: the longest variant, titles stripped
	person bool            // at least one mention is of a person
	titles map[string]int  // title word -> first byte offset it was seen at
	heads  map[string]bool // normalized title heads ("spokesperson")
}

// resolve fills Speaker, Entity and SpeakerName of atts in text order.
func resolve(text string, toks []tok, atts []Attribution, mentions []model.Mention) {
	hasPerson := false
	for _, m := range mentions {
		hasPerson = hasPerson || m.Type == model.Person
	}
	if !hasPerson {
		// Without person mentions (no recognizer, or it found none) the
		// name heuristic supplies them.
		mentions = append(append([]model.Mention(nil), mentions...), findNames(text, toks)...)
	}
	ms := make([]model.Mention, 0, len(mentions))
	for _, m := range mentions {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
			continue
		}
		if m.Entity == "" {
			// Unlinked: people by their last name ("Putin" is "Vladimir
			// Putin"), anything else by its text.
			name := strings.ToLower(stripTitles(m.Text))
			if f := strings.Fields(name); m.Type == model.Person && len(f) > 0 {
				m.Entity = "person:" + f[len(f)-1]
			} else {
				m.Entity = name
			}
		}
		ms = append(ms, m)
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	ents := map[string]*entityInfo{}
	for _, m := range ms {
		e := ents[m.Entity]
		if e == nil {
			e = &entityInfo{key: m.Entity, titles: map[string]int{}, heads: map[string]bool{}}
			ents[m.Entity] = e
		}
		if m.Type == model.Person {
			e.person = true
		}
		if n := stripTitles(m.Text); len(strings.Fields(n)) > len(strings.Fields(e.name)) {
			e.name = n
		}
		tws := titlesAround(text, toks, m)
		for _, w := range tws {
			if _, ok := e.titles[w]; !ok {
				e.titles[w] = m.Start
			}
			if h, ok := headSynonyms[w]; ok && !(h == "secretary" && pressSecretary(tws)) {
				e.heads[h] = true
			}
		}
		if pressSecretary(tws) {
			e.heads["spokesperson"] = true
		}
	}
	// Events for pronouns: person mentions that open a clause, and speakers.
	type event struct {
		pos int
		key string
	}
	var events []event
	for _, m := range ms {
		if e := ents[m.Entity]; e.person && opensClause(text, toks, m.Start) {
			events = append(events, event{m.Start, m.Entity})
		}
	}
	var prev *Attribution
	for i := range atts {
		a := &atts[i]
		if a.Source.End <= a.Source.Start {
			if prev != nil && !a.noSpeaker && a.Cue.Start >= prev.Cue.End && a.Cue.Start-prev.Cue.End < 2000 {
				a.Speaker, a.Entity, a.SpeakerName = prev.Speaker, prev.Entity, prev.SpeakerName
			}
			continue
		}
		a.Speaker = text[a.Source.Start:a.Source.End]
		var best *entityInfo
		// A mention inside the source: the last person mention, else any;
		// none when the source coordinates several people ("Putin and
		// Kerry").
		persons := map[string]bool{}
		for _, m := range ms {
			if m.Start >= a.Source.End {
				break
			}
			if m.End > a.Source.Start {
				e := ents[m.Entity]
				if e.person {
					persons[e.key] = true
				}
				if best == nil || e.person || !best.person {
					best = e
				}
			}
		}
		if len(persons) > 1 && coordinated(a.Speaker) {
			best = nil
		}
		low := strings.ToLower(a.Speaker)
		if best != nil && !best.person {
			// A bare title taken for a name by the recognizer ("The
			// Undersecretary of State"): the titled person, if any.
			if p := byTitle(ents, ms, low, a.Source.Start); p != nil {
				best = p
			}
		}
		if best == nil && personPronouns[low] {
			latest := -1
			var key string
			for _, ev := range events {
				if ev.pos < a.Source.Start && ev.pos > latest {
					latest, key = ev.pos, ev.key
				}
			}
			if key != "" {
				best = ents[key]
			}
		}
		if best == nil {
			best = byTitle(ents, ms, low, a.Source.Start)
		}
		if best != nil {
			a.Entity, a.SpeakerName = best.key, best.name
			if best.person {
				events = append(events, event{a.Source.Start, best.key})
			}
		}
		prev = a
	}
}

// coordinated reports a source naming several speakers with "and".
func coordinated(source string) bool {
	for _, w := range strings.Fields(strings.ToLower(source)) {
		if w == "and" || w == "&" {
			return true
		}
	}
	return false
}

// byTitle finds the person whose titles elsewhere in the article match a
// title used as a source ("the Kremlin spokesman").
func byTitle(ents map[string]*entityInfo, ms []model.Mention, source string, pos int) *entityInfo {
	ws := titleTokens(source)
	var head string
	var content []string
	for _, w := range ws {
		if titleWords[w] || headSynonyms[w] != "" {
			content = append(content, w)
			if h, ok := headSynonyms[w]; ok {
				head = h
			}
		} else if w != "the" && w != "a" && w != "an" && w != "of" && w != "'s" {
			return nil // not a bare title
		}
	}
	if pressSecretary(content) {
		head = "spokesperson"
	}
	if head == "" {
		return nil
	}
	// Last mention offset per entity before pos, for recency.
	lastBefore := map[string]int{}
	for _, m := range ms {
		if m.Start < pos {
			lastBefore[m.Entity] = m.Start
		}
	}
	var best *entityInfo
	bestScore := 0
	bestRecent := -1
	for _, e := range ents {
		if !e.person || !e.heads[head] {
			continue
		}
		score := 1
		before := false
		for _, w := range content {
			if at, ok := e.titles[w]; ok {
				score += 2
				if at < pos {
					before = true
				}
			}
		}
		if before {
			score += 3
		}
		recent, ok := lastBefore[e.key]
		if !ok {
			recent = -1
		}
		if score > bestScore || score == bestScore && (recent > bestRecent || best == nil || recent == bestRecent && e.key < best.key) {
			best, bestScore, bestRecent = e, score, recent
		}
	}
	return best
}

// titleTokens splits a title into lower-case words, hyphenated words
// also into their parts ("press-secretary" -> press-secretary, press,
// secretary).
func titleTokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '.' }) {
		out = append(out, w)
		if strings.Contains(w, "-") {
			out = append(out, strings.Split(w, "-")...)
		}
	}
	return out
}

// pressSecretary reports a "press secretary" title, a spokesperson's.
func pressSecretary(ws []string) bool {
	press, sec := false, false
	for _, w := range ws {
		press = press || w == "press"
		sec = sec || w == "secretary"
	}
	return press && sec
}

// titlesAround returns the title words written before a mention ("Kremlin
// spokesman Dmitry Peskov", "the press-Secretary of Russian leader Dmitry
// Peskov"), inside it, and in an appositive after it ("Peskov, the
// Kremlin spokesman,").
func titlesAround(text string, toks []tok, m model.Mention) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(m.Text)) {
		if titleWords[w] {
			out = append(out, w)
		}
	}
	k := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= m.Start })
	if k >= 2 && toks[k-1].punct(",") && (titleWords[toks[k-2].low] || headSynonyms[toks[k-2].low] != "") {
		// "US Secretary of State, John Kerry": a title set off by a comma.
		k--
	}
	for j := k - 1; j >= 0 && j >= k-6; j-- {
		w := toks[j].low
		if titleWords[w] || headSynonyms[w] != "" {
			out = append(out, titleTokens(w)...)
			continue
		}
		if w == "of" || w == "'s" || w == "’s" {
			continue
		}
		break
	}
	e := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= m.End })
	if e+1 < len(toks) && toks[e].punct(",") && (toks[e+1].low == "the" || toks[e+1].low == "a") {
		var ap []string
		ok := false
		for j := e + 2; j < len(toks) && j < e+9; j++ {
			w := toks[j].low
			if toks[j].punct(",") || toks[j].punct(".") {
				ok = true
				break
			}
			if titleWords[w] || headSynonyms[w] != "" {
				ap = append(ap, w)
			} else if w != "of" && w != "the" {
				break
			}
		}
		if ok {
			out = append(out, ap...)
		}
	}
	return out
}

// opensClause reports whether the mention at byte pos starts a clause:
// the sentence start or after a comma, possibly after title words.
func opensClause(text string, toks []tok, pos int) bool {
	k := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= pos })
	if k < len(toks) && toks[k].inQuote {
		return false
	}
	for j := k - 1; j >= 0; j-- {
		t := toks[j]
		if titleWords[t.low] || t.low == "the" || t.low == "of" || t.low == "’s" || t.low == "'s" {
			continue
		}
		if t.punct(".") || t.punct(",") || t.punct(";") || t.punct("!") || t.punct("?") || t.mark != 0 {
			return true
		}
		if leadWords[t.low] {
			continue
		}
		// A paragraph or line start.
		between := text[t.End:toks[j+1].Start]
		return strings.Contains(between, "\n")
	}
	return true
}

// stripTitles removes leading title words and a final possessive from a
// name: "Russian President Vladimir Putin’s" -> "Vladimir Putin".
func stripTitles(name string) string {
	f := strings.Fields(name)
	for len(f) > 1 && (titleWords[strings.ToLower(f[0])] || strings.EqualFold(f[0], "the")) {
		f = f[1:]
	}
	s := strings.Join(f, " ")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "’s"), "'s")
	return s
}

// notNameEnd are capitalized words that end organization or place names,
// so a sequence ending in them is not a person.
var notNameEnd = set(`state states department house ministry federation union nations council party
	post times news agency service committee court bank bulletin day church university
	institute organization group army forces navy republic kingdom city county street
	agreements agreement process talks press tass sana reuters`)

// sentenceStarters are capitalized function words that start sentences.
var sentenceStarters = set(`the a an but and so yet however in on at after before during for
	if when while as it he she they we i this that these those there his her their its our
	according earlier later meanwhile friday monday tuesday wednesday thursday saturday sunday
	january february march april may june july august september october november december
	follow read all`)

// findNames finds person names without a recognizer: runs of two or more
// capitalized words (titles stripped) not ending in an organization or
// place word, and single capitalized words equal to the last word of such
// a name. Keys are the last name in lower case.
func findNames(text string, toks []tok) []model.Mention {
	type run struct{ a, b int }
	var runs []run
	for i := 0; i < len(toks); {
		if !toks[i].isCap() || !toks[i].isWord() {
			i++
			continue
		}
		j := i
		for j < len(toks) && toks[j].isCap() && toks[j].isWord() && (j == i || !strings.Contains(text[toks[j-1].End:toks[j].Start], "\n")) {
			j++
		}
		runs = append(runs, run{i, j})
		i = j
	}
	names := map[string]string{}
	var out []model.Mention
	var singles []run
	for _, r := range runs {
		a := r.a
		for a < r.b && (titleWords[toks[a].low] || sentenceStarters[toks[a].low]) {
			a++
		}
		if r.b-a >= 2 && !notNameEnd[toks[r.b-1].low] && r.b-a <= 4 {
			last := strings.TrimSuffix(strings.TrimSuffix(toks[r.b-1].low, "’s"), "'s")
			key := "person:" + last
			names[last] = key
			out = append(out, model.Mention{Span: span(toks, a, r.b), Text: text[toks[a].Start:toks[r.b-1].End], Type: model.Person, Entity: key})
		} else if r.b-a == 1 {
			singles = append(singles, run{a, r.b})
		}
	}
	for _, r := range singles {
		last := strings.TrimSuffix(strings.TrimSuffix(toks[r.a].low, "’s"), "'s")
		if key, ok := names[last]; ok {
			out = append(out, model.Mention{Span: span(toks, r.a, r.b), Text: toks[r.a].Text, Type: model.Person, Entity: key})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
