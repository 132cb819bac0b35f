package quote

import (
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Attribute finds the attributions of text: quotations and reported
// speech with their source, cue and content spans, speakers resolved as
// Extract describes. Attributions come in text order and never overlap
// (each token takes part in at most one), as in PolNeAR.
func Attribute(text string, mentions []model.Mention) []Attribution {
	regs := findRegions(text)
	toks := tokens(text, regs)
	var atts []Attribution
	us := units(text, toks, regs)
	for i := 0; i < len(us); i++ {
		found := analyzeUnit(text, toks, regs, us[i][0], us[i][1])
		atts = append(atts, found...)
		if len(found) == 0 {
			continue
		}
		// “A,” he said. “B.” — quotation units right after an
		// attribution that carry none of their own continue its content.
		last := &atts[len(atts)-1]
		for i+1 < len(us) && toks[us[i+1][0]].mark == 1 && quoteOnly(toks, us[i+1][0], us[i+1][1]) &&
			len(analyzeUnit(text, toks, regs, us[i+1][0], us[i+1][1])) == 0 {
			i++
			last.Content = append(last.Content, span(toks, us[i][0], us[i][1]))
		}
	}
	for i := range atts {
		atts[i].Source = trimSource(toks, atts[i].Source)
	}
	resolve(text, toks, atts, mentions)
	return atts
}

// trimSource drops function words a source phrase may start with after
// the clause patterns ("As Politico", "Because I", "Let me").
func trimSource(toks []tok, sp model.Span) model.Span {
	if sp.End <= sp.Start {
		return sp
	}
	s := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= sp.Start })
	e := sort.Search(len(toks), func(i int) bool { return toks[i].End >= sp.End }) + 1
	if e > len(toks) {
		e = len(toks)
	}
	for s < e-1 && (stopBefore[toks[s].low] && toks[s].low != "who" || leadWords[toks[s].low] || sourceOpeners[toks[s].low]) {
		s++
	}
	if s < e-2 && prepositions[toks[s].low] {
		// "In the beginning the Russian President": from the last
		// determiner on.
		for j := e - 2; j > s+1; j-- {
			if toks[j].low == "the" || toks[j].low == "a" || toks[j].low == "an" {
				s = j
				break
			}
		}
	}
	if s >= e {
		return sp
	}
	// "Gates, in contrast", "Rival Hillary Clinton, however".
	for c := e - 1; c > s && c >= e-4; c-- {
		if toks[c].punct(",") && sourceAsides[strings.ToLower(joinLow(toks, c+1, e))] {
			e = c
			sp.End = toks[c-1].End
			break
		}
	}
	end := sp.End
	for e-1 > s && sourceClosers[toks[e-1].low] {
		e--
		end = toks[e-1].End
	}
	// "He’s been saying": the pronoun without the contraction.
	if e-1 == s {
		for _, suf := range []string{"’s", "'s"} {
			if w := strings.TrimSuffix(toks[s].low, suf); w != toks[s].low && subjectPronouns[w] {
				end = toks[s].Start + len(w)
			}
		}
	}
	return model.Span{Start: toks[s].Start, End: end}
}

// sourceAsides are asides after a source: "Gates, in contrast, told".
var sourceAsides = map[string]bool{"however": true, "in contrast": true, "too": true, "meanwhile": true,
	"for his part": true, "for her part": true, "for their part": true, "in turn": true, "though": true,
	"in particular": true, "for example": true, "for instance": true, "instead": true, "also": true}

func joinLow(toks []tok, a, b int) string {
	var ws []string
	for i := a; i < b; i++ {
		ws = append(ws, toks[i].low)
	}
	return strings.Join(ws, " ")
}

// sourceClosers are time words and auxiliaries a source phrase may end
// with after the clause patterns ("the Kentucky Republican on Tuesday").
var sourceClosers = set(`on monday tuesday wednesday thursday friday saturday sunday today yesterday
	tonight now also earlier later last week month year this recently can could will would has
	have had did does not n't didn’t didn't published released`)

var sourceOpeners = set(`let did does do even rather than about at after before is are was were
	what whom if since because though although as when while`)

// quoteOnly reports whether the unit [a, b) is one quotation with at most
// closing punctuation after it.
func quoteOnly(toks []tok, a, b int) bool {
	r := toks[a].region
	for i := a; i < b; i++ {
		if toks[i].region != r && toks[i].isWord() {
			return false
		}
	}
	return true
}

// tokens tokenizes text and marks quotation membership.
func tokens(text string, regs []region) []tok {
	raw := nlp.Tokenize(text)
	out := make([]tok, len(raw))
	ri := 0
	for i, t := range raw {
		out[i] = tok{Token: t, low: strings.ToLower(t.Text), region: -1}
		out[i].lemma, out[i].class = cueLemma(out[i].low)
		for ri < len(regs) && regs[ri].Close <= t.Start {
			ri++
		}
		if ri < len(regs) {
			r := regs[ri]
			switch {
			case t.Start >= r.Open && t.End <= r.InStart:
				out[i].mark, out[i].region = 1, ri
			case t.Start >= r.InEnd && t.End <= r.Close:
				out[i].mark, out[i].region = 2, ri
			case t.Start >= r.InStart && t.End <= r.InEnd:
				out[i].inQuote, out[i].region = true, ri
			}
		}
	}
	return out
}

// units splits the tokens into sentences, merging the sentences a single
// quotation spans; each unit is a token range [a, b).
func units(text string, toks []tok, regs []region) [][2]int {
	sents := nlp.Sentences(text)
	var spans [][2]int
	for _, s := range sents {
		if n := len(spans); n > 0 {
			last := &spans[n-1]
			if insideSameRegion(regs, last[1], s[0]) {
				last[1] = s[1]
				continue
			}
		}
		spans = append(spans, s)
	}
	var out [][2]int
	k := 0
	for _, s := range spans {
		for k < len(toks) && toks[k].Start < s[0] {
			k++
		}
		a := k
		for k < len(toks) && toks[k].End <= s[1] {
			k++
		}
		if k > a {
			// "Cruz continued:" followed by a quotation paragraph.
			if n := len(out); n > 0 && out[n-1][1] == a && toks[a-1].punct(":") && toks[a].mark == 1 {
				out[n-1][1] = k
				continue
			}
			// “Can you reform Wall Street?” Sanders asked. — the
			// attribution after a question or exclamation quote.
			if n := len(out); n > 0 && out[n-1][1] == a && a >= 2 && toks[a-1].mark == 2 && (toks[a-2].punct("?") || toks[a-2].punct("!")) && k-a <= 14 && hasCue(toks, a, k) {
				out[n-1][1] = k
				continue
			}
			out = append(out, [2]int{a, k})
		}
	}
	return out
}

// insideSameRegion reports whether byte offsets x < y lie in one quotation.
func insideSameRegion(regs []region, x, y int) bool {
	i := sort.Search(len(regs), func(i int) bool { return regs[i].Close > x })
	if i < len(regs) && regs[i].Open < x && regs[i].Close > y {
		// A quotation running over many paragraphs is not merged into one
		// unit beyond a sane size.
		return regs[i].Close-regs[i].Open < 3000
	}
	return false
}

// cueAt reports whether token k starts a cue and returns the token after
// the cue (including a particle) and the cue's lemma.
func cueAt(toks []tok, k, a, b int) (end int, lemma string, class cueClass) {
	t := toks[k]
	if t.inQuote || t.mark != 0 {
		return 0, "", notCue
	}
	if t.low == "according" && k+1 < b && toks[k+1].low == "to" {
		return k + 2, "according to", speechCue
	}
	if !t.isLowerWord() && !(k > a && toks[k-1].isCap() && toks[k-1].isWord() && headlineCues[t.low]) {
		// A capitalized cue only in a headline: "Bush Says We Should ...".
		return 0, "", notCue
	}
	lemma, class = t.lemma, t.class
	if class == notCue || k+1 < b && toks[k+1].low == "delegates" {
		return 0, "", notCue // "271 pledged delegates"
	}
	if k > a && (strings.HasSuffix(toks[k-1].low, "’s") || strings.HasSuffix(toks[k-1].low, "'s")) {
		return 0, "", notCue // "Editor's note"
	}
	if k > a {
		switch toks[k-1].low {
		case "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those", "of", "for", "no", "any", "every", "each", "some", "whose":
			return 0, "", notCue
		}
	}
	if nounish[lemma] && !strings.HasSuffix(t.low, "ed") && t.low != "found" && t.low != "shown" {
		ok := k+1 < b && (toks[k+1].low == "that" || toks[k+1].punct(":")) && !(lemma == "state" && k > a && !toks[k-1].isCap())
		if k > a && subjectPronouns[toks[k-1].low] && toks[k-1].low != "it" && toks[k-1].low != "which" {
			ok = true
		}
		if k > a && strings.HasSuffix(t.low, "ing") && (toks[k-1].punct(",") || toks[k-1].dash()) {
			ok = true // ", calling him a liar"
		}
		if k > a && strings.HasSuffix(t.low, "s") && toks[k-1].isCap() && toks[k-1].isWord() && !(k-2 >= a && determiners[toks[k-2].low]) {
			ok = true // "Sanders wants", "The Post reports", not "his Islamophobic remarks"
		}
		if k > a && (toks[k-1].low == "to" && !strings.HasSuffix(t.low, "s") || evidenceNouns[toks[k-1].low]) {
			ok = true
		}
		if !ok {
			return 0, "", notCue
		}
	}
	end = k + 1
	if p := particles[lemma]; p != nil && end < b && p[toks[end].low] {
		lemma += " " + toks[end].low
		end++
	} else if lemma == "point" || lemma == "go" || lemma == "refer" || lemma == "talk" || lemma == "speak" ||
		lemma == "call" && end < b && (toks[end].low == "off" || toks[end].low == "up" || toks[end].low == "in" || toks[end].low == "back" || toks[end].low == "out") {
		return 0, "", notCue
	}
	if lemma == "continue" && end < b && toks[end].low == "to" {
		return 0, "", notCue
	}
	// "tweeted to say talks were ...", "wrote to tell": the infinitive of
	// a speech verb belongs to the cue, not to the content.
	if class == speechCue && end+1 < b && toks[end].low == "to" && toks[end+1].class == speechCue && toks[end+1].lemma == toks[end+1].low && !toks[end+1].inQuote {
		end += 2
	}
	// PolNeAR's cues take in "of" and "in a statement": "said of Clinton",
	// "said in a statement that".
	if end < b && toks[end].low == "of" && lemma != "according to" {
		end++
	} else if end+3 <= b && toks[end].low == "in" && toks[end+1].low == "a" && toks[end+2].low == "statement" {
		end += 3
	}
	return end, lemma, class
}

// objectVerbs take the addressee before the content: "told reporters that".
var objectVerbs = set(`tell ask inform assure reassure urge warn remind promise`)

// analyzeUnit finds the attributions of one sentence unit [a, b).
func analyzeUnit(text string, toks []tok, regs []region, a, b int) []Attribution {
	// Drop the final sentence punctuation from consideration.
	for b > a && (toks[b-1].punct(".") || toks[b-1].punct("!") || toks[b-1].punct("?") || toks[b-1].punct("…")) && !toks[b-1].inQuote {
		b--
	}
	if b-a < 3 {
		return nil
	}
	tr, okT := trailing(text, toks, regs, a, b)
	ld := leading(text, toks, regs, a, b)
	switch {
	case !okT && len(ld) == 0:
		return inPoll(toks, a, b)
	case !okT:
		return ld
	case len(ld) == 0:
		return tr
	case ld[0].Cue.Start < tr[0].Content[0].End && !(max(tr[len(tr)-1].Cue.End, tr[len(tr)-1].Source.End) >= toks[b-1].End):
		return ld
	}
	return tr
}

func span(toks []tok, a, b int) model.Span {
	if a >= b {
		return model.Span{}
	}
	return model.Span{Start: toks[a].Start, End: toks[b-1].End}
}

func words(toks []tok, a, b int) int {
	n := 0
	for i := a; i < b; i++ {
		if toks[i].isWord() {
			n++
		}
	}
	return n
}

// sourceBack finds the source phrase that ends right before token e,
// scanning back to a clause boundary; it returns its range or ok=false.
func sourceBack(toks []tok, a, e int) (s, end int, ok bool) {
	end = e
	s = e
	// "Rep. Paul Ryan (R-WI) said": a parenthetical before the cue.
	if s-1 > a && toks[s-1].punct(")") {
		for j := s - 2; j > a && j > s-10; j-- {
			if toks[j].punct("(") {
				s = j
				break
			}
		}
	}
	for s > a {
		t := toks[s-1]
		if t.inQuote || t.mark != 0 || !t.isWord() && t.Text != "." && t.Text != "'" && t.Text != "’" && t.Text != "-" && t.Text != "%" {
			break
		}
		if t.isLowerWord() && stopBefore[t.low] {
			if (t.low == "who" || t.low == "which" || t.low == "that") && s == end {
				s--
				break
			}
			// "Bush and his rivals", "Donald Trump and House Speaker Paul
			// Ryan": a coordinated subject after a name.
			if (t.low == "and" || t.low == "or") && s-2 >= a && toks[s-2].isCap() && toks[s-2].isWord() && s < end {
				s--
				continue
			}
			break
		}
		if !t.isWord() && t.Text != "." && !(t.Text == "’" || t.Text == "'") && t.Text != "%" {
			break
		}
		s--
		if t.low == "who" || t.low == "which" {
			break
		}
	}
	// Leading conjunctions and sentence adverbs are not part of the source.
	for s < end && leadWords[toks[s].low] {
		s++
	}
	if end-s > 10 {
		// "Saturday at the party convention Sen. Elizabeth Warren (D-MA)
		// said": the name with its titles at the end.
		j := end
		if j-1 > s && toks[j-1].punct(")") {
			for j > s && !toks[j-1].punct("(") {
				j--
			}
			j--
		}
		for j > s && (toks[j-1].isCap() && toks[j-1].isWord() || titleWords[toks[j-1].low]) {
			j--
		}
		if j > s && j < end && toks[j].isCap() {
			return j, end, true
		}
	}
	if s >= end || end-s > 10 {
		return 0, 0, false
	}
	return s, end, true
}

// subjectAt finds the subject at the start of the clause [a, e): a
// pronoun, or a noun phrase up to the first word that reads as a verb or
// an adverb ("Band member Flea shared ...", "The billionaire businessman
// currently ...").
func subjectAt(toks []tok, a, e int) (int, int, bool) {
	// "For his part, Kerry condemned ...": skip an introductory phrase.
	for i := e - 1; i > a; i-- {
		if toks[i].punct(",") && !toks[i].inQuote && i-a <= 8 && prepositions[toks[a].low] {
			a = i + 1
			break
		}
	}
	s := a
	for s < e && (leadWords[toks[s].low] || toks[s].punct(",")) {
		s++
	}
	if s >= e {
		return 0, 0, false
	}
	if subjectPronouns[toks[s].low] && toks[s].low != "it" && toks[s].low != "which" {
		return s, s + 1, true
	}
	det := toks[s].low == "the" || toks[s].low == "a" || toks[s].low == "an"
	if !toks[s].isCap() && !det || toks[s].inQuote {
		return 0, 0, false
	}
	j := s
	for j < e && j-s < 9 {
		t := toks[j]
		if t.inQuote || t.mark != 0 {
			return 0, 0, false
		}
		if !t.isWord() && t.Text != "’" && t.Text != "'" && t.Text != "-" {
			break
		}
		if t.isLowerWord() && verbLike(t.low) {
			break
		}
		j++
	}
	if (j == s || j >= e || j-s >= 9 || !toks[j].isLowerWord()) && det {
		return 0, 0, false
	}
	if j == s || j >= e || j-s >= 9 || !toks[j].isLowerWord() {
		// No verb found: the run of capitalized words and titles.
		j = s
		for j < e && j-s < 8 && (toks[j].isCap() && toks[j].isWord() || (toks[j].low == "of" || toks[j].low == "the") && j > s || titleWords[toks[j].low]) {
			j++
		}
		if j == s || !toks[j-1].isCap() || j < e && toks[j].inQuote {
			return 0, 0, false
		}
	}
	return s, j, true
}

// writerAdjuncts open the writer's adjunct after a quotation closed on a
// comma: "…,” without admitting that …".
var writerAdjuncts = set(`without despite amid instead unlike`)

// finiteVerb reports a lower-case word that reads as a finite verb of a
// third-person subject: an auxiliary or a form in -s or -ed.
func finiteVerb(w string) bool {
	return auxiliaries[w] && w != "said" && w != "told" || len(w) > 3 && (strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") || strings.HasSuffix(w, "ed"))
}

// verbLike reports a lower-case word that ends a subject noun phrase: a
// finite verb form, an auxiliary or an adverb.
func verbLike(w string) bool {
	if strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ed") || auxiliaries[w] {
		return true
	}
	_, c := cueLemma(w)
	return c != notCue
}

var auxiliaries = set(`is was are were has have had did does do will would can could should may might
	must shall said told made went took gave got came saw won lost ran met held spent sent left
	kept brought thought began wrote spoke became knew found put set let paid sat stood led`)

// appositive matches "NAME, APPOSITIVE," ending at the comma c: the source
// runs from the clause start to c when it starts with a capital and holds
// one more comma at most.
func appositive(toks []tok, a, c int) (int, int, bool) {
	s := c - 1
	commas := 0
	for s >= a && c-s < 30 {
		t := toks[s]
		if t.punct(")") {
			// Skip a parenthetical: "Gov. John Kasich (R-OH), said".
			j := s - 1
			for j >= a && !toks[j].punct("(") && s-j < 8 {
				j--
			}
			if j >= a && toks[j].punct("(") {
				s = j - 1
				continue
			}
		}
		if t.inQuote || t.mark != 0 || t.punct(";") || t.punct(":") || t.punct(".") || t.punct("(") {
			break
		}
		if t.punct(",") {
			commas++
			if commas > 3 {
				break
			}
		}
		s--
	}
	s++
	for s < c && (leadWords[toks[s].low] || toks[s].punct(",")) {
		s++
	}
	// "Alarmed by the unrest, Senator Harry Reid, the minority leader,":
	// an introductory phrase before the name.
	for i := s; i < c; i++ {
		if toks[i].punct(",") {
			if introPhrase(toks, s, i) && commas >= 2 {
				s = i + 1
			}
			break
		}
	}
	if s >= c || !toks[s].isCap() || commas == 0 {
		return 0, 0, false
	}
	return s, c, true
}

var leadWords = set(`but and so yet however still now meanwhile then instead indeed later earlier
	today yesterday also thus hence or nor while`)

// skipBack skips auxiliaries and adverbs before a cue at k; it returns the
// index after the source and the start of the cue span, which takes them
// in as PolNeAR does ("has also said", "might recall").
func skipBack(toks []tok, a, k int) (srcEnd, cueStart int) {
	srcEnd, cueStart = k, k
	for srcEnd > a && skippable[toks[srcEnd-1].low] && toks[srcEnd-1].isLowerWord() {
		srcEnd--
		cueStart = srcEnd
	}
	return srcEnd, cueStart
}

// leading handles "SOURCE CUE [that] CONTENT" and "According to SOURCE,
// CONTENT" (the cue before the content).
func leading(text string, toks []tok, regs []region, a, b int) []Attribution {
	var out []Attribution
	// "Said Dorothy Poynter, who grew up with Ali, “We were all so proud”".
	if t := toks[a]; t.isCap() && t.class == speechCue && !strings.HasSuffix(t.low, "ing") && a+1 < b && toks[a+1].isCap() {
		for c := a + 2; c+1 < b && c < a+25; c++ {
			if (toks[c].punct(",") || toks[c].punct(":")) && toks[c+1].mark == 1 {
				return []Attribution{{Source: span(toks, a+1, c), Cue: span(toks, a, a+1), Content: []model.Span{span(toks, c+1, b)}, CueLemma: t.lemma, Direct: isDirect(toks, c+1, b)}}
			}
		}
	}
	for k := a; k < b; k++ {
		end, lemma, class := cueAt(toks, k, a, b)
		if class == notCue {
			continue
		}
		if lemma == "according to" {
			// According to SOURCE, CONTENT.
			c := end
			for c < b && !toks[c].punct(",") && !toks[c].punct(":") && c-end < 30 {
				c++
			}
			if c >= b || !toks[c].punct(",") && !toks[c].punct(":") || c == end || words(toks, c+1, b) < 2 {
				continue
			}
			return append(out, Attribution{Source: span(toks, end, c), Cue: span(toks, k, end), Content: []model.Span{span(toks, c+1, b)}, CueLemma: lemma})
		}
		if k > a && toks[k-1].low == "to" {
			continue // "too soon to say", "decision to tell"
		}
		srcEnd, cueStart := skipBack(toks, a, k)
		isPassive := passive(toks, srcEnd, k)
		if lemma == "seem" || lemma == "appear" {
			// "Cruz seemed lost", "It appears that ...": an attribution
			// without a source whose content is the subject and the
			// complement around the cue.
			if att, ok := raising(toks, regs, a, b, srcEnd, cueStart, end, lemma); ok {
				out = append(out, att)
				if c := att.Content[len(att.Content)-1]; c.End >= toks[b-1].End {
					return out
				}
				k = end
			}
			continue
		}
		var s, e int
		ok := false
		participle := strings.HasSuffix(toks[k].low, "ing")
		if participle && srcEnd > a && (toks[srcEnd-1].punct(",") || toks[srcEnd-1].dash() || toks[srcEnd-1].mark == 2 && srcEnd-2 >= a && toks[srcEnd-2].punct(",") || byWhile[toks[srcEnd-1].low]) {
			// "X rallied supporters, saying ...", "X defended it by
			// saying ...": the subject of the sentence is the source.
			s, e, ok = subjectAt(toks, a, srcEnd-1)
		} else if srcEnd > a && toks[srcEnd-1].punct(",") {
			// "Chris Cox, who runs the NRA's lobbying arm, says ...".
			s, e, ok = appositive(toks, a, srcEnd-1)
		} else {
			s, e, ok = sourceBack(toks, a, srcEnd)
			if ok && participle && !toks[e-1].isCap() && !subjectPronouns[toks[e-1].low] {
				ok = false
			}
			if ok && participle && e-s > 1 {
				// "He went on addressing Kerry saying ...": the subject.
				if s2, e2, ok2 := subjectAt(toks, s, e); ok2 && e2 < e {
					s, e = s2, e2
				}
			}
			if !ok && srcEnd > a && (toks[srcEnd-1].low == "and" || toks[srcEnd-1].low == "but") {
				// "The judge rubbed his chin, and then said ...".
				s, e, ok = subjectAt(toks, a, srcEnd-1)
			}
			if ok && s > a && toks[s-1].low == "what" {
				ok = false // "what he said"
			}
		}
		if !ok {
			continue
		}
		if lemma == "call" && !toks[e-1].isCap() && !subjectPronouns[toks[e-1].low] {
			continue
		}
		cs := contentStart(toks, lemma, end, b)
		if cs < 0 {
			continue
		}
		if class == beliefCue && !(cs < b && (toks[cs].low == "that" || toks[cs].low == "to" && toVerbs[lemma]) || evidenceNouns[toks[e-1].low] ||
			e-s == 1 && clausePronouns[toks[s].low] && thinkVerbs[lemma] && cs == end && !toks[cs].isLowerWord() || e-s == 1 && clausePronouns[toks[s].low] && thinkVerbs[lemma] && cs == end && clauseStarters[toks[cs].low]) {
			continue
		}
		ce, next := contentEnd(toks, regs, cs, b)
		relative := e-s == 1 && (toks[s].low == "who" || toks[s].low == "which")
		if relative {
			// "Barkley, who said he votes democratic, said ...": the
			// relative clause ends at the next comma.
			for i := cs + 1; i < ce; i++ {
				if toks[i].punct(",") && !toks[i].inQuote {
					ce, next = i, -1
					break
				}
			}
		}
		if words(toks, cs, ce) < 2 || words(toks, cs, ce) <= 4 && prepositions[toks[cs].low] && ce >= b {
			continue // "said in a statement."
		}
		att := Attribution{Source: span(toks, s, e), Cue: span(toks, cueStart, end), Content: []model.Span{span(toks, cs, ce)}, CueLemma: lemma}
		if isPassive {
			// "Groups were discussed by ...": the subject did not speak.
			att.Source, att.noSpeaker = model.Span{}, true
		}
		att.Direct = isDirect(toks, cs, ce)
		out = append(out, att)
		if next >= 0 {
			return append(out, shareSource(att.Source, continuation(toks, regs, next, b))...)
		}
		if ce >= b {
			return out
		}
		k = ce
	}
	return out
}

// passive reports a be-form among the auxiliaries [s, k) before a past
// participle cue at k.
func passive(toks []tok, s, k int) bool {
	w := toks[k].low
	if !strings.HasSuffix(w, "ed") && w != "told" && w != "said" && w != "written" && w != "known" && w != "shown" && w != "seen" && w != "found" && w != "thought" {
		return false
	}
	for i := s; i < k; i++ {
		switch toks[i].low {
		case "is", "was", "were", "are", "be", "been", "being":
			return true
		}
	}
	return false
}

// raising builds the attribution of "X seemed/appears (to) Y".
func raising(toks []tok, regs []region, a, b, srcEnd, cueStart, end int, lemma string) (Attribution, bool) {
	if end >= b || toks[end].inQuote {
		return Attribution{}, false
	}
	ce, _ := contentEnd(toks, regs, end, b)
	if words(toks, end, ce) < 1 {
		return Attribution{}, false
	}
	att := Attribution{Cue: span(toks, cueStart, end), CueLemma: lemma, noSpeaker: true}
	s, e, ok := sourceBack(toks, a, srcEnd)
	if !ok {
		return Attribution{}, false
	}
	if e-s == 1 && toks[s].low == "it" {
		if toks[end].low != "that" {
			return Attribution{}, false
		}
		att.Content = []model.Span{span(toks, end, ce)}
		return att, true
	}
	att.Content = []model.Span{span(toks, s, e), span(toks, end, ce)}
	return att, true
}

// contentStart returns where the content begins after a cue ending at end:
// at "that" when it follows within a few words (skipping an addressee or
// a phrase such as "in a statement"), else right after the cue and any
// colon, comma or dash; -1 when nothing follows.
func contentStart(toks []tok, lemma string, end, b int) int {
	for i := end; i < b && i < end+8; i++ {
		t := toks[i]
		if t.low == "that" && !t.inQuote {
			return i
		}
		if (t.punct(",") || t.punct(":")) && i+1 < b && toks[i+1].mark == 1 {
			return i + 1 // "said on Twitter on Monday, “..."
		}
		if !t.isWord() || t.inQuote || t.isLowerWord() && (verbLike(t.low) || t.low == "but" || t.low == "and" || t.low == "or") {
			break
		}
	}
	// "said on Twitter on Monday, in reference to her first child, “...":
	// a quotation after a comma or colon a little further on.
	for i := end; i < b && i < end+25; i++ {
		t := toks[i]
		if t.inQuote || t.mark != 0 || t.low == "that" || t.low == "and" || t.low == "but" || i > end && t.class == speechCue {
			break
		}
		if (t.punct(",") || t.punct(":")) && i+1 < b && toks[i+1].mark == 1 && i > end {
			return i + 1
		}
	}
	i := end
	if f := strings.Fields(lemma); len(f) > 0 && objectVerbs[f[0]] {
		// Skip the addressee up to a quote, colon or comma, or over a
		// name or a plain addressee ("told Breitbart News he'd ...").
		found := false
		for j := end; j < b && j < end+6; j++ {
			if toks[j].mark == 1 || toks[j].punct(":") || toks[j].punct(",") {
				i, found = j, true
				break
			}
		}
		if !found {
			j := end
			for j < b && j-end < 5 && (toks[j].isCap() && toks[j].isWord() && !subjectPronouns[toks[j].low] || addressees[toks[j].low]) {
				j++
			}
			if j > end && j < b {
				i = j
			}
		}
	}
	// "said Tuesday his actions ...": time words after the cue.
	for i < b && timeWords[toks[i].low] && i-end < 4 {
		i++
	}
	for i < b && (toks[i].punct(",") || toks[i].punct(":") || toks[i].dash()) {
		i++
	}
	if i >= b {
		return -1
	}
	return i
}

// contentEnd returns where content starting at cs ends in a unit ending at
// b, and the index of a participial continuation cue (", adding ...") or
// -1. A direct quotation followed by ", <participle>" ends the content.
func contentEnd(toks []tok, regs []region, cs, b int) (int, int) {
	for i := cs + 1; i+1 < b; i++ {
		t := toks[i]
		if nx := toks[i+1]; t.mark == 2 && toks[i-1].punct(",") && nx.isLowerWord() && (strings.HasSuffix(nx.low, "ing") && nx.low != "according" || writerAdjuncts[nx.low]) {
			// “… did not figure,” expressing regret …; “…,” without
			// admitting …: a participle or adjunct after a quotation closed
			// on a comma is the writer's, not the speaker's; a speech
			// participle continues the attribution.
			if _, _, cl := cueAt(toks, i+1, cs, b); cl == speechCue && strings.HasSuffix(nx.low, "ing") {
				return i + 1, i + 1
			}
			return i + 1, -1
		}
		if t.mark == 2 && toks[cs].mark != 1 && i > cs+2 && toks[i-1].punct(",") && (extraStart[toks[i+1].low] || clauseBreak[toks[i+1].low]) {
			return i + 1, -1 // "doesn't want “that crap,” in an interview"
		}
		if t.mark == 2 && toks[i+1].low == "and" && i+2 < b {
			// “good, decent man,” and said that ...
			if _, _, cl := cueAt(toks, i+2, cs, b); cl != notCue {
				return i + 1, -1
			}
		}
		if t.inQuote || t.mark != 0 {
			continue
		}
		if (t.low == "and" || t.low == "but") && i+1 < b && i > cs+1 {
			// "He said X and said that Y": a second attribution.
			if _, _, cl := cueAt(toks, i+1, cs, b); cl == speechCue && (strings.HasSuffix(toks[i+1].low, "ed") || irregular[toks[i+1].low] != "" && !strings.HasSuffix(toks[i+1].low, "s") && !strings.HasSuffix(toks[i+1].low, "ing")) {
				return i, -1
			}
		}
		if t.punct(";") {
			return i, -1
		}
		if !t.punct(",") {
			continue
		}
		nx := toks[i+1]
		if nx.inQuote {
			continue
		}
		// A direct quote followed by more: the quote is the content.
		if toks[i-1].mark == 2 && toks[cs].mark == 1 && toks[cs].region == toks[i-1].region {
			if nx.isLowerWord() && strings.HasSuffix(nx.low, "ing") && nx.low != "according" {
				if _, _, cl := cueAt(toks, i+1, cs, b); cl == speechCue {
					return i, i + 1
				}
			}
			return i, -1
		}
		if nx.isLowerWord() && strings.HasSuffix(nx.low, "ing") && nx.low != "according" {
			if _, _, cl := cueAt(toks, i+1, cs, b); cl == speechCue {
				return i, i + 1
			}
		}
		// "doesn't want “that crap,” in an interview with CNN".
		if toks[i-1].mark == 2 && extraStart[nx.low] && !nx.inQuote && toks[cs].mark != 1 {
			return i, -1
		}
		// ", but ...", ", while ...": a new clause.
		if clauseBreak[nx.low] && i+2 < b {
			return i, -1
		}
		if (nx.low == "and" || nx.low == "but") && i+2 < b {
			if _, _, cl := cueAt(toks, i+2, cs, b); cl != notCue || subjectPronouns[toks[i+2].low] {
				return i, -1
			}
		}
	}
	// A content ending with a quotation and a short trailing phrase ("...”
	// during a speech in Iowa on Friday") ends with the quotation.
	for i := b - 1; i > cs; i-- {
		if toks[i].mark == 2 {
			rest := b - i - 1
			direct := toks[cs].mark == 1 || toks[cs].low == "that" && cs+1 < b && toks[cs+1].mark == 1
			if direct && rest > 0 && rest <= 14 && i+1 < b && (extraStart[toks[i+1].low] || toks[i+1].punct(",")) {
				return i + 1, -1
			}
			break
		}
		if toks[i].inQuote || toks[i].mark == 1 {
			break
		}
	}
	return b, -1
}

// clausePronouns and thinkVerbs make "I think it's good" an attribution
// without "that".
var (
	clausePronouns = set(`i we you they he she`)
	thinkVerbs     = set(`think believe know feel hope fear doubt guess suspect expect understand bet imagine`)
	clauseStarters = set(`it he she they we i you there this the his her their our my a an if what how
		whether why when who trump clinton`)
)

// inPoll handles "Trump leads by 9 points in the latest CNN poll": the
// poll is the source and "in" the cue.
func inPoll(toks []tok, a, b int) []Attribution {
	for p := b - 2; p > a+3 && b-p <= 14; p-- {
		t := toks[p]
		if t.inQuote || t.mark != 0 || t.punct(",") || t.punct(";") {
			return nil
		}
		if t.low != "in" {
			continue
		}
		for j := p + 1; j < b; j++ {
			if auxiliaries[toks[j].low] {
				return nil
			}
			if pollNouns[toks[j].low] {
				return []Attribution{{Source: span(toks, p+1, b), Cue: span(toks, p, p+1), Content: []model.Span{span(toks, a, p)}, CueLemma: "in"}}
			}
		}
		return nil
	}
	return nil
}

// addressees are plain objects of "tell": "told reporters he ...".
var addressees = set(`reporters journalists supporters voters the a an his her their crowd audience
	me us him them you interviewers host hosts students lawmakers members donors`)

// timeWords may follow a cue before the content: "said Tuesday".
var timeWords = set(`monday tuesday wednesday thursday friday saturday sunday today yesterday
	tonight morning afternoon evening night earlier later recently`)

// headlineCues may be capitalized after a name in a headline: "Bush Says".
var headlineCues = set(`says tells warns claims vows calls slams blasts urges admits denies insists
	pledges suggests reveals explains predicts promises accuses rips mocks praises defends`)

// determiners before a word make it a noun: "his remarks".
var determiners = set(`the a an his her their its our my your this these those`)

// introPhrase reports an introductory phrase rather than a clause: short,
// opening with a preposition, a time word or a participle ("During the
// two-hour service", "Pressed by Mr. Stephanopoulos").
func introPhrase(toks []tok, a, e int) bool {
	for a < e && leadWords[toks[a].low] {
		a++
	}
	if a >= e || words(toks, a, e) > 8 {
		return false
	}
	w := toks[a].low
	return prepositions[w] || introWords[w] || timeWords[w] || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly")
}

var introWords = set(`early late perhaps meanwhile despite when while as although though if
	once even asked pressed speaking`)

// byWhile words before a participle cue make the sentence subject its
// source: "by saying", "while saying".
var byWhile = set(`by while after before in when without`)

// prepositions open introductory phrases ("For his part, ...", "In the
// beginning the Russian President said").
var prepositions = set(`in on at for after before during with from by since despite amid under
	over about of`)

// pollNouns are the sources of "in the latest CNN poll" (singular: "in the
// polls" is no attribution).
var pollNouns = set(`poll survey average rankings tally count`)

// clauseBreak words open a new clause after a comma.
var clauseBreak = set(`while whereas although though which compared after even`)

// shareSource gives participle continuations the source of their main
// clause, as PolNeAR links both attributions to one source span ("McCain
// said, citing low growth").
func shareSource(src model.Span, atts []Attribution) []Attribution {
	for i := range atts {
		atts[i].Source = src
	}
	return atts
}

// continuation handles ", adding that ..." after a main attribution: an
// attribution whose speaker is the main clause's, with no source span.
func continuation(toks []tok, regs []region, k, b int) []Attribution {
	end, lemma, class := cueAt(toks, k, 0, b)
	if class == notCue {
		return nil
	}
	cs := contentStart(toks, lemma, end, b)
	if cs < 0 {
		return nil
	}
	ce, next := contentEnd(toks, regs, cs, b)
	if words(toks, cs, ce) < 2 {
		return nil
	}
	att := Attribution{Cue: span(toks, k, end), Content: []model.Span{span(toks, cs, ce)}, CueLemma: lemma, Direct: isDirect(toks, cs, ce)}
	out := []Attribution{att}
	if next >= 0 && next > k {
		out = append(out, continuation(toks, regs, next, b)...)
	}
	return out
}

// isDirect reports whether tokens [s, e) are mostly one quotation.
func isDirect(toks []tok, s, e int) bool {
	for s < e && (toks[s].low == "that" || toks[s].punct(",") || toks[s].punct(":")) {
		s++
	}
	if s >= e {
		return false
	}
	in := 0
	for i := s; i < e; i++ {
		if toks[i].region >= 0 {
			in++
		}
	}
	return toks[s].mark == 1 && in*10 >= (e-s)*8
}

// trailing handles "CONTENT, SOURCE CUE." and "CONTENT, CUE SOURCE." (the
// attribution after the content), including quotes split by their
// attribution ("A," he said, "B.") and "CONTENT, according to SOURCE."
func trailing(text string, toks []tok, regs []region, a, b int) ([]Attribution, bool) {
	for p := a + 1; p < b; p++ {
		t := toks[p]
		boundary := !t.inQuote && (t.punct(",") || t.mark == 2 || t.dash())
		if !t.inQuote && t.low == "according" && p+1 < b && toks[p+1].low == "to" && !toks[p-1].punct(",") {
			// "Clinton leads by 271 delegates according to a count".
			if att, after, ok := attributionAt(toks, p, b, false); ok && after >= b && words(toks, a, p) >= 3 {
				att.Content = []model.Span{span(toks, a, p)}
				return []Attribution{att}, true
			}
		}
		if !boundary {
			continue
		}
		// Content before the boundary.
		contentEndTok := p
		q := p + 1
		for q < b && (toks[q].punct(",") || toks[q].dash() || toks[q].mark == 2) && !toks[q].inQuote {
			q++
		}
		if t.mark == 2 {
			contentEndTok = p + 1
		}
		quoted := toks[a].mark == 1 && (t.mark == 2 || toks[p-1].mark == 2)
		if q >= b || words(toks, a, contentEndTok) < 3 && !quoted {
			continue
		}
		att, after, ok := attributionAt(toks, q, b, quoted)
		if !ok {
			continue
		}
		if att.CueLemma != "according to" && words(toks, a, contentEndTok) < 4 && !quoted {
			continue
		}
		if !quoted && introPhrase(toks, a, contentEndTok) {
			continue // "During the service, the pastor asked ..."
		}
		cls := cueLemmas[strings.Fields(att.CueLemma)[0]]
		if cls == beliefCue && !(after >= b) {
			continue
		}
		// A direct quote before the attribution must reach the boundary;
		// a dateline opening the sentence is not content.
		att.Content = []model.Span{span(toks, dateline(toks, a, contentEndTok), contentEndTok)}
		att.Direct = isDirect(toks, a, contentEndTok)
		out := []Attribution{att}
		// Split quote: the attribution is followed by ", “B”".
		j := after
		for j < b && (toks[j].punct(",") || toks[j].punct(":") || toks[j].punct(".") || toks[j].dash()) {
			j++
		}
		if j < b && toks[j].mark == 1 && j > after {
			r := regs[toks[j].region]
			e := j
			for e < len(toks) && toks[e].Start < r.Close {
				e++
			}
			if e > b {
				e = b
			}
			out[0].Content = append(out[0].Content, span(toks, j, e))
			return out, true
		}
		if j < b && toks[j].isLowerWord() && j > after {
			if _, _, cl := cueAt(toks, j, a, b); cl == speechCue && strings.HasSuffix(toks[j].low, "ing") && toks[j].low != "according" {
				return append(out, shareSource(out[0].Source, continuation(toks, regs, j, b))...), true
			}
			// "The conversation with Obama, stated Putin, confirms that
			// ...": an attribution set in the middle of the sentence; the
			// subject before it and the predicate after it are the content.
			if !out[0].Direct && toks[after].punct(",") && finiteVerb(toks[j].low) {
				out[0].Content = append(out[0].Content, span(toks, j, b))
			}
		}
		return out, true
	}
	return nil, false
}

// dateline returns where the text after a dateline opening [a, e) starts
// ("Moscow, Jul 15 (Prensa Latina) Russian ...", "MOSCOW, July 14. /TASS/.
// Russian ..."), or a when there is none.
func dateline(toks []tok, a, e int) int {
	if a+2 >= e || !toks[a].isCap() || !toks[a+1].punct(",") {
		return a
	}
	for i := a + 2; i < e && i < a+14; i++ {
		t := toks[i]
		if (t.punct(")") || t.dash() || t.punct("/")) && i+1 < e && toks[i+1].isCap() {
			return i + 1
		}
		if t.punct(")") || t.dash() {
			if i+2 < e && (toks[i+1].punct(".") || toks[i+1].dash()) && toks[i+2].isCap() {
				return i + 2
			}
		}
	}
	return a
}

// attributionAt matches "SOURCE CUE [EXTRA]" or "CUE SOURCE [EXTRA]" at q,
// running to a comma or the unit end; after is the token after it.
func attributionAt(toks []tok, q, b int, quoted bool) (Attribution, int, bool) {
	// CUE SOURCE: "said Peskov", "according to officials".
	if end, lemma, class := cueAt(toks, q, q, b); class != notCue && !strings.HasSuffix(toks[q].low, "ing") || lemma == "according to" {
		if lemma == "according to" {
			s := end
			e := s
			for e < b && !toks[e].punct(",") && !toks[e].punct("(") && e-s < 12 {
				e++
			}
			if e > s && (e >= b || toks[e].punct(",")) {
				return Attribution{Source: span(toks, s, e), Cue: span(toks, q, end), CueLemma: lemma}, e, true
			}
			return Attribution{}, 0, false
		}
		s := end
		e := s
		for e < b && toks[e].isWord() && !toks[e].inQuote && e-s < 10 && !stopBefore[toks[e].low] && (!extraStart[toks[e].low] || ofName(toks, e, b)) {
			e++
		}
		if e > s && subjectLike(toks, s, e) {
			// "said Huma Abedin, vice chairwoman for Clinton's campaign":
			// an appositive that ends the sentence belongs to the source.
			if e < b && toks[e].punct(",") && toks[e-1].isCap() && words(toks, e, b) <= 30 && !hasCue(toks, e+1, b) && !(e+1 < b && toks[e+1].mark == 1) {
				e = b
			}
			after := skipExtra(toks, e, b)
			if (after >= b || toks[after].punct(",")) && words(toks, e, after) <= 10 {
				return Attribution{Source: span(toks, s, e), Cue: span(toks, q, end), CueLemma: lemma}, after, true
			}
		}
		return Attribution{}, 0, false
	}
	// SOURCE CUE: find the cue within a short window of words; after a
	// quotation the source may carry a parenthesis or an appositive ("the
	// economist Jared Bernstein, a former adviser, wrote").
	window, depth := 10, 0
	if quoted {
		window = 25
	}
	for k := q + 1; k < b && k-q <= window; k++ {
		if toks[k].punct("(") {
			depth++
			continue
		}
		if toks[k].punct(")") {
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		if !toks[k].isWord() || toks[k].inQuote {
			if toks[k].punct(".") || toks[k].punct(",") && quoted && toks[q].isCap() || toks[k].punct(",") && quoted && determiners[toks[q].low] {
				continue
			}
			return Attribution{}, 0, false
		}
		if k-q > 10 && !quoted {
			break
		}
		end, lemma, class := cueAt(toks, k, q, b)
		if class == notCue || strings.HasSuffix(toks[k].low, "ing") || lemma == "according to" || toks[k-1].low == "to" {
			continue
		}
		srcEnd, cueStart := skipBack(toks, q, k)
		s := q
		for s < srcEnd && leadWords[toks[s].low] {
			s++
		}
		srcTrim := srcEnd
		for srcTrim > s && toks[srcTrim-1].punct(",") {
			srcTrim--
		}
		if s >= srcTrim || !subjectLike(toks, s, srcTrim) {
			return Attribution{}, 0, false
		}
		srcEnd = srcTrim
		after := skipExtra(toks, end, b)
		if after < b && !toks[after].punct(",") || words(toks, end, after) > 10 && !quoted || end < b && toks[end].low == "that" {
			return Attribution{}, 0, false
		}
		return Attribution{Source: span(toks, s, srcEnd), Cue: span(toks, cueStart, end), CueLemma: lemma}, after, true
	}
	return Attribution{}, 0, false
}

// ofName reports "of" before a name: "the representative of the Kremlin".
func ofName(toks []tok, e, b int) bool {
	if toks[e].low != "of" || e+1 >= b {
		return false
	}
	n := toks[e+1]
	if n.low == "the" && e+2 < b {
		n = toks[e+2]
	}
	return n.isCap()
}

// hasCue reports a speech cue among tokens [a, b).
func hasCue(toks []tok, a, b int) bool {
	for i := a; i < b; i++ {
		if _, _, c := cueAt(toks, i, a, b); c == speechCue {
			return true
		}
	}
	return false
}

// extraStart words open a phrase after a trailing cue: "said after a
// meeting", "told reporters on Friday".
var extraStart = set(`after in on at during to of about when while before from with by as
	for last this yesterday today tonight earlier later monday tuesday wednesday thursday
	friday saturday sunday`)

// skipExtra skips words after a trailing attribution up to a comma or the
// unit end: an addressee, a time or place phrase, "(quoted by TASS)".
func skipExtra(toks []tok, i, b int) int {
	depth := 0
	for i < b {
		t := toks[i]
		switch {
		case t.punct("("):
			depth++
		case t.punct(")"):
			depth--
		case depth > 0:
		case t.mark == 1 && shortQuote(toks, i, b):
			// "told NBC’s “Today” on Monday": a quoted title.
			for i+1 < b && toks[i+1].mark != 2 {
				i++
			}
			for i+1 < b && toks[i+1].mark == 2 {
				i++
			}
		case t.punct(","), t.mark == 1, t.inQuote:
			return i
		case t.isWord(), t.punct("."), t.punct("'"), t.punct("’"), t.punct("-"):
		default:
			return i
		}
		i++
	}
	return i
}

// shortQuote reports a quotation opening at i that closes within a few
// words and before b: a title rather than speech.
func shortQuote(toks []tok, i, b int) bool {
	for j := i + 1; j < b && j < i+8; j++ {
		if toks[j].mark == 2 {
			return j > i+1
		}
	}
	return false
}

// subjectLike reports whether tokens [s, e) can be a source: a pronoun, a
// name, or a noun phrase without a verb-like word of the cue lexicon.
func subjectLike(toks []tok, s, e int) bool {
	if e-s == 1 {
		t := toks[s]
		return subjectPronouns[t.low] || t.isCap() || t.isLowerWord()
	}
	for i := s; i < e; i++ {
		if _, c := cueLemma(toks[i].low); c == speechCue && toks[i].isLowerWord() {
			return false
		}
		if i > s && toks[i].isLowerWord() && (auxiliaries[toks[i].low] || toks[i].low == "not") {
			return false // "he did not take an early look"
		}
	}
	return true
}
