package tell

import (
	"fmt"
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

// StoryOptions tune Tell.
type StoryOptions struct {
	// Summary configures the summarizer (Words defaults to 100).
	Summary Options
	// Now is the reference time for Importance (default: the latest
	// publication time among the articles).
	Now time.Time
	// MaxSingles caps the claims carried by one outlet only (default 6).
	MaxSingles int
}

// StoryDangling is the Options.Dangling Tell uses when the caller sets
// none: in a story a pronoun-led sentence should follow the one naming
// its referent, even though ROUGE, which counts bigrams across sentence
// boundaries, scores the reordered DUC 2003 summaries 0.03 R-2 lower.
const StoryDangling = 0.05

// StoryRestate is the Options.Restate Tell uses when the caller sets
// none: two summary sentences say the same thing when either would be
// cited for the other, the support test of every citation
// (DefaultSupport). A reader's summary says each thing once; ROUGE
// rewards saying the central things twice, so the shared summarizer
// leaves it off (DUC 2003 R-1 43.82 -> 43.58, TAC 2011 English R-1
// 48.15 -> 47.10 with it on).
const StoryRestate = DefaultSupport

// StoryCorroboration is the Options.Corroboration Tell uses when the
// caller sets none: a statement every outlet carries gains up to a
// quarter in the greedy's score, so the summary leads with what is
// corroborated. The evaluations' references are not written that way
// (DUC 2003 R-1 43.82 -> 43.24 with it on), so the shared summarizer
// leaves it off.
const StoryCorroboration = 0.25

// Tell builds a story from the articles about one event: headline, event
// date, time span, a cited summary, a timeline, quotes grouped by
// statement, claims compared across outlets and an importance score. The
// story ID is left to the caller. Articles without text are kept in
// Articles but contribute nothing else.
func Tell(articles []*model.Article, opts StoryOptions) model.Story {
	if opts.MaxSingles <= 0 {
		opts.MaxSingles = 6
	}
	so := opts.Summary
	if so.Dangling == 0 {
		so.Dangling = StoryDangling
	}
	if so.Restate == 0 {
		so.Restate = StoryRestate
	}
	if so.Corroboration == 0 {
		so.Corroboration = StoryCorroboration
	}
	if so.Language == "" {
		so.Language = majorityLanguage(articles)
	}
	so = so.withDefaults()
	docs := Docs(articles)
	st := model.Story{Articles: make([]string, 0, len(articles))}
	for _, a := range articles {
		st.Articles = append(st.Articles, a.ID)
		if a.Published != nil && !a.Published.Time.IsZero() {
			t := a.Published.Time
			if st.Start.IsZero() || t.Before(st.Start) {
				st.Start = t
			}
			if t.After(st.End) {
				st.End = t
			}
		}
	}
	st.Headline = Headline(articles, so.Language)
	st.EventDate = EventDate(articles)
	memo := newSentMemo(so.Language)
	st.Summary = summarize(docs, so, memo)
	if st.Summary == nil {
		st.Summary = []model.Cited{}
	}
	st.Timeline = timeline(articles, so.Language, memo)
	st.Quotes = quotes(articles, so.Language, memo)
	st.Claims = claims(articles, so.Language, opts.MaxSingles, memo)
	now := opts.Now
	if now.IsZero() {
		now = st.End
	}
	st.Importance = Importance(articles, now)
	return st
}

// Docs turns articles into summarizer documents: the analyzed sentences
// when present, else the text split by nlp.Sentences.
func Docs(articles []*model.Article) []Doc {
	docs := make([]Doc, 0, len(articles))
	for _, a := range articles {
		d := Doc{ID: a.ID, Title: a.Title, Sentences: ArticleSentences(a)}
		if a.Published != nil {
			d.Published = a.Published.Time
		}
		docs = append(docs, d)
	}
	return docs
}

// ArticleSentences returns the article's sentences as text.
func ArticleSentences(a *model.Article) []string {
	if len(a.Sentences) > 0 {
		out := make([]string, len(a.Sentences))
		for i, s := range a.Sentences {
			out[i] = s.Text
		}
		return out
	}
	var out []string
	text := a.Text
	if text == "" {
		text = strings.Join(a.Paragraphs, "\n\n")
	}
	for _, sp := range nlp.Sentences(text) {
		if s := strings.Join(strings.Fields(text[sp[0]:sp[1]]), " "); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func majorityLanguage(articles []*model.Article) string {
	n := map[string]int{}
	best, bestN := "en", 0
	for _, a := range articles {
		if a.Language == "" || a.Language == "und" {
			continue
		}
		n[a.Language]++
		if n[a.Language] > bestN || n[a.Language] == bestN && a.Language < best {
			best, bestN = a.Language, n[a.Language]
		}
	}
	return best
}

// Headline picks the title most representative of the group: the one
// whose content words the other articles' titles and leads share most.
// Without any title it shortens the most central lead sentence.
func Headline(articles []*model.Article, lang string) string {
	var ctx []map[string]bool
	for _, a := range articles {
		s := a.Title
		if ss := ArticleSentences(a); len(ss) > 0 {
			s += " " + ss[0]
		}
		ctx = append(ctx, contentSet(lang, s))
	}
	best, bestScore := "", -1.0
	for i, a := range articles {
		if a.Title == "" || a.HasFlag("no_title") {
			continue
		}
		if s := centrality(contentSet(lang, a.Title), ctx, i); s > bestScore {
			best, bestScore = a.Title, s
		}
	}
	if best != "" {
		return strings.TrimSpace(best)
	}
	for i, a := range articles {
		ss := ArticleSentences(a)
		if len(ss) == 0 {
			continue
		}
		if s := centrality(contentSet(lang, ss[0]), ctx, i); s > bestScore {
			best, bestScore = ss[0], s
		}
	}
	return shorten(best, 14)
}

// centrality is the mean share of set's words found in the other
// contexts.
func centrality(set map[string]bool, ctx []map[string]bool, self int) float64 {
	if len(set) == 0 {
		return 0
	}
	sum, n := 0.0, 0
	for j, c := range ctx {
		if j == self {
			continue
		}
		r, _ := overlap(set, c)
		sum += r
		n++
	}
	if n == 0 {
		return 1
	}
	return sum / float64(n)
}

// shorten cuts a sentence to its first clause, or to max words.
func shorten(s string, max int) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ",;:—"); i > 20 {
		s = s[:i]
	}
	w := strings.Fields(s)
	if len(w) > max {
		w = w[:max]
		return strings.Join(w, " ") + "…"
	}
	return strings.TrimRight(strings.Join(w, " "), ".")
}

var reDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// EventDate is the day the story happened: each article votes for the
// days its time expressions name, a day named in sentence i weighing
// 1/(1+i) (its best mention counts), skipping the date line and dateline
// of the first 40 bytes and days after the article's publication, and
// halving the publication day itself (plans and follow-ups); the day
// with most weight wins (earliest on ties), else the earliest publication
// day. It returns "" when nothing dates the story.
func EventDate(articles []*model.Article) string {
	votes := map[string]float64{}
	for _, a := range articles {
		best := map[string]float64{}
		for _, r := range a.TimeRefs {
			v := dayOf(r.Value)
			if v == "" || r.Start < 40 || r.Type != "" && r.Type != "DATE" && r.Type != "TIME" {
				continue
			}
			if a.Published != nil && !a.Published.Time.IsZero() && v > a.Published.Time.Format("2006-01-02") {
				continue // a plan, not the event
			}
			w := 1 / float64(1+max(0, r.Sentence))
			if a.Published != nil && v == a.Published.Time.Format("2006-01-02") {
				w /= 2 // "today" is mostly what comes next; news reports what happened
			}
			if w > best[v] {
				best[v] = w
			}
		}
		for v, w := range best {
			votes[v] += w
		}
	}
	best, bestV := "", 0.0
	for d, v := range votes {
		if v > bestV || v == bestV && d < best {
			best, bestV = d, v
		}
	}
	if best != "" {
		return best
	}
	for _, a := range articles {
		if a.Published != nil && !a.Published.Time.IsZero() {
			d := a.Published.Time.Format("2006-01-02")
			if best == "" || d < best {
				best = d
			}
		}
	}
	return best
}

// dayOf returns the ISO day of a TIMEX3 value ("2016-07-14",
// "2016-07-14TEV", "2016-07-14T20:00"), or "".
func dayOf(v string) string {
	if len(v) >= 10 && reDay.MatchString(v[:10]) {
		return v[:10]
	}
	return ""
}

// Timeline groups the dated sentences of the articles by day (or month),
// one entry per distinct event of that day: sentences about the same
// thing (sharing a quarter of their content words, at least two) are merged and cite all their
// articles. The entry text is the sentence most articles support.
func Timeline(articles []*model.Article, lang string) []model.TimelineEntry {
	return timeline(articles, lang, nil)
}

// timeline is Timeline reading the sentences through memo.
func timeline(articles []*model.Article, lang string, memo *sentMemo) []model.TimelineEntry {
	type item struct {
		date, text, article string
		set                 map[string]bool
	}
	var items []item
	for _, a := range articles {
		ss := ArticleSentences(a)
		seen := map[string]bool{}
		for _, r := range a.TimeRefs {
			if r.Type != "" && r.Type != "DATE" && r.Type != "TIME" {
				continue
			}
			d := dayOf(r.Value)
			if d == "" && len(r.Value) == 7 && r.Value[4] == '-' {
				d = r.Value // a month
			}
			if d == "" || r.Sentence < 0 || r.Sentence >= len(ss) || countFields(ss[r.Sentence]) < 6 {
				continue // a date line or a dateline, not an event
			}
			key := d + "\x00" + fmt.Sprint(r.Sentence)
			if seen[key] {
				continue
			}
			seen[key] = true
			items = append(items, item{date: d, text: ss[r.Sentence], article: a.ID, set: memo.contentSet(lang, ss[r.Sentence])})
		}
	}
	type group struct {
		date     string
		members  []item
		articles []string
	}
	var groups []*group
	for _, it := range items {
		var g *group
		for _, cand := range groups {
			if cand.date != it.date {
				continue
			}
			for _, m := range cand.members {
				if r, n := overlapMin(it.set, m.set); r >= 0.25 && n >= 2 {
					g = cand
					break
				}
			}
			if g != nil {
				break
			}
		}
		if g == nil {
			g = &group{date: it.date}
			groups = append(groups, g)
		}
		g.members = append(g.members, it)
		if !containsStr(g.articles, it.article) {
			g.articles = append(g.articles, it.article)
		}
	}
	// On the day of the event, what the story's protagonists (people
	// named by half its articles or more) did is the event itself: such a
	// sentence joins the day's main entry when it shares a little of its
	// wording, though outlets word it too differently to meet above.
	if day := EventDate(articles); day != "" {
		var main *group
		for _, g := range groups {
			if g.date == day && (main == nil || len(g.articles) > len(main.articles)) {
				main = g
			}
		}
		names := protagonists(articles)
		kept := groups[:0]
		for _, g := range groups {
			joins := false
			for _, m := range g.members {
				if main == nil || g == main || g.date != day {
					break
				}
				if !namesAny(m.text, names) {
					continue
				}
				for _, x := range main.members {
					if r, n := overlapMin(m.set, x.set); r >= 0.15 && n >= 2 {
						joins = true
					}
				}
			}
			if !joins {
				kept = append(kept, g)
				continue
			}
			main.members = append(main.members, g.members...)
			for _, id := range g.articles {
				if !containsStr(main.articles, id) {
					main.articles = append(main.articles, id)
				}
			}
		}
		groups = kept
	}
	out := make([]model.TimelineEntry, 0, len(groups))
	for _, g := range groups {
		best, bestS := g.members[0].text, -1.0
		for _, m := range g.members {
			s := 0.0
			for _, o := range g.members {
				r, _ := overlap(m.set, o.set)
				s += r
			}
			s -= float64(countFields(m.text)) / 1000 // shorter on ties
			if s > bestS {
				best, bestS = m.text, s
			}
		}
		out = append(out, model.TimelineEntry{Date: g.date, Text: best, Articles: g.articles})
	}
	out = onceEach(out)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date < out[j].Date
		}
		return len(out[i].Articles) > len(out[j].Articles)
	})
	return out
}

// onceEach keeps one entry per text: a sentence naming two dates ("met on
// Thursday ... a constitution by August") heads an entry under each. It
// stays under the date more articles report, then the more precise date
// (a day before a month), then the earlier one.
func onceEach(entries []model.TimelineEntry) []model.TimelineEntry {
	better := func(a, b model.TimelineEntry) bool {
		if len(a.Articles) != len(b.Articles) {
			return len(a.Articles) > len(b.Articles)
		}
		if len(a.Date) != len(b.Date) {
			return len(a.Date) > len(b.Date)
		}
		return a.Date < b.Date
	}
	best := map[string]int{}
	for i, e := range entries {
		if j, ok := best[e.Text]; !ok || better(e, entries[j]) {
			best[e.Text] = i
		}
	}
	out := entries[:0:0]
	for i, e := range entries {
		if best[e.Text] == i {
			out = append(out, e)
		}
	}
	return out
}

// protagonists are the names (and name variants) of the people half the
// story's articles or more name.
func protagonists(articles []*model.Article) []string {
	n := map[string]int{}
	variants := map[string][]string{}
	for _, a := range articles {
		seen := map[string]bool{}
		for _, e := range a.Entities {
			if e.Type != model.Person || e.Key == "" {
				continue
			}
			if !seen[e.Key] {
				seen[e.Key] = true
				n[e.Key]++
			}
			variants[e.Key] = append(variants[e.Key], e.Name)
			variants[e.Key] = append(variants[e.Key], e.Variants...)
		}
	}
	var out []string
	for k, c := range n {
		if 2*c >= len(articles) && len(articles) > 1 {
			out = append(out, variants[k]...)
		}
	}
	sort.Strings(out)
	return out
}

// namesAny reports whether text holds one of names as whole words.
func namesAny(text string, names []string) bool {
	for _, nm := range names {
		if nm == "" {
			continue
		}
		for off := 0; ; {
			i := strings.Index(text[off:], nm)
			if i < 0 {
				break
			}
			st, end := off+i, off+i+len(nm)
			before, after := ' ', ' '
			if st > 0 {
				before, _ = utf8.DecodeLastRuneInString(text[:st])
			}
			if end < len(text) {
				after, _ = utf8.DecodeRuneInString(text[end:])
			}
			if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
				return true
			}
			off = end
		}
	}
	return false
}

// overlapMin is the overlap coefficient |a∩b| / min(|a|,|b|) and |a∩b|.
func overlapMin(a, b map[string]bool) (float64, int) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	if len(b) < len(a) {
		a, b = b, a
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a)), n
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

var pronouns = map[string]bool{"he": true, "she": true, "they": true, "it": true, "i": true, "we": true, "him": true, "her": true, "them": true}

// Quotes groups the articles' quotes into statements, shown once with
// every article that reports it and the other wordings as variants.
//
// Only quotes a reader can attribute are kept: the speaker must resolve
// to a person or organization of the story, an institution named after
// its seat, or a role phrase ("a Russian military spokesperson"), mapped
// to the person the story names with that title when it does (see
// speakerOf); the speaker is shown under the name most of the story's
// articles give. Quotes of one speaker sharing half their content words
// (after stemming) are one statement; across articles a third of the
// shorter quote's words, at least three, is enough, since outlets
// translate one remark differently. A quote whose speaker cannot be
// attributed only joins a statement it repeats nearly word for word (a
// mistranslated name), and is dropped otherwise. Quotes of fewer than
// three words are topics, not statements, and are left out.
func Quotes(articles []*model.Article, lang string) []model.StoryQuote {
	return quotes(articles, lang, nil)
}

// quotes is Quotes reading the story's sentences through memo.
func quotes(articles []*model.Article, lang string, memo *sentMemo) []model.StoryQuote {
	type q struct {
		sp            speaker
		text, article string
		direct        bool
		set           map[string]bool
	}
	type group struct {
		qs []q
	}
	sn := newStoryNames(articles)
	names := nameWords(articles, lang)
	idf := sentenceIDF(articles, lang, memo)
	var items, orphans []q
	for _, a := range articles {
		for _, x := range a.Quotes {
			text := strings.TrimSpace(x.Text)
			if countFields(text) < 3 {
				continue // "condemned Nice attack": a topic, not a statement
			}
			set := contentSet(lang, text)
			for w := range set {
				if names[w] {
					delete(set, w) // every quote of a story names its people
				}
			}
			sp, ok := speakerOf(x, a, articles, sn)
			it := q{sp: sp, text: text, article: a.ID, direct: x.Direct, set: set}
			if ok {
				items = append(items, it)
			} else {
				orphans = append(orphans, it)
			}
		}
	}
	// Statements are the connected quotes: one speaker's words reported
	// by two outlets, or nearly the same words whoever is named. Within
	// one article a speaker's quotes are distinct statements unless they
	// mostly repeat each other.
	parent := make([]int, len(items))
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	top := maxWeight(idf)
	// sameSpeaker's lower-casing and splitting, done once per quote
	// rather than once per pair.
	type spName struct {
		lower, last string
		ok          bool
	}
	forms := make([]spName, len(items))
	for i, it := range items {
		l := strings.ToLower(it.sp.name)
		if f := strings.Fields(l); len(f) > 0 {
			forms[i] = spName{lower: l, last: f[len(f)-1], ok: true}
		}
	}
	sameName := func(i, j int) bool {
		a, b := items[i].sp.name, items[j].sp.name
		fa, fb := forms[i], forms[j]
		if a == "" || b == "" || !fa.ok || !fb.ok {
			return sameSpeaker(a, b)
		}
		if fa.lower == fb.lower {
			return true
		}
		return strings.Contains(fb.lower, fa.last) || strings.Contains(fa.lower, fb.last)
	}
	for i := range items {
		for j := 0; j < i; j++ {
			a, b := items[i], items[j]
			r, n := overlapMin(a.set, b.set)
			same := a.sp.key == b.sp.key || sameName(i, j)
			var link bool
			if a.article == b.article {
				link = same && r >= 0.6 && n >= 3
			} else {
				// Words every sentence of the story uses ("president",
				// "talks") say little about which remark this is. The
				// weighted overlap is computed only when it decides.
				link = same && (r >= 0.5 && n >= 2 || r >= 0.34 && n >= 3) && weightedOverlapMin(a.set, b.set, idf, top) >= 0.33 || r >= 0.7 && n >= 5
			}
			if link {
				parent[root(i)] = root(j)
			}
		}
	}
	var groups []*group
	byRoot := map[int]*group{}
	for i, it := range items {
		g := byRoot[root(i)]
		if g == nil {
			g = &group{}
			byRoot[root(i)] = g
			groups = append(groups, g)
		}
		g.qs = append(g.qs, it)
	}
	for _, it := range orphans {
		for _, g := range groups {
			joined := false
			for _, m := range g.qs {
				if r, n := overlapMin(it.set, m.set); r >= 0.7 && n >= 5 {
					it.sp = m.sp
					g.qs = append(g.qs, it)
					joined = true
					break
				}
			}
			if joined {
				break
			}
		}
	}
	out := make([]model.StoryQuote, 0, len(groups))
	for _, g := range groups {
		votes := map[string]int{}
		shown := map[string]string{}
		for _, x := range g.qs {
			votes[x.sp.key]++
			if len(x.sp.name) > len(shown[x.sp.key]) {
				shown[x.sp.key] = x.sp.name
			}
		}
		key := ""
		for k, n := range votes {
			if n > votes[key] || n == votes[key] && k < key {
				key = k
			}
		}
		// The statement is shown in its fullest direct wording.
		rep := g.qs[0]
		for _, x := range g.qs[1:] {
			if x.direct && !rep.direct || x.direct == rep.direct && len(x.set) > len(rep.set) {
				rep = x
			}
		}
		sq := model.StoryQuote{Speaker: shown[key], Text: rep.text, Article: rep.article, Articles: []string{rep.article}}
		for _, x := range g.qs {
			if !containsStr(sq.Articles, x.article) {
				sq.Articles = append(sq.Articles, x.article)
			}
			if x.text != sq.Text && !containsStr(sq.Variants, x.text) {
				sq.Variants = append(sq.Variants, x.text)
			}
		}
		out = append(out, sq)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Speaker != out[j].Speaker {
			return out[i].Speaker < out[j].Speaker
		}
		return len(out[i].Articles) > len(out[j].Articles)
	})
	return out
}

// sentenceIDF weighs each stemmed content word by how rare it is among
// the story's sentences: log(1 + sentences / sentences using it).
func sentenceIDF(articles []*model.Article, lang string, memo *sentMemo) map[string]float64 {
	df := map[string]int{}
	n := 0
	for _, a := range articles {
		for _, s := range ArticleSentences(a) {
			n++
			for w := range memo.contentSet(lang, s) {
				df[w]++
			}
		}
	}
	out := make(map[string]float64, len(df))
	for w, d := range df {
		out[w] = math.Log(1 + float64(n)/float64(d))
	}
	return out
}

// weightedOverlapMin is overlapMin with words weighted by idf (words
// unseen in the story weigh as the rarest).
func weightedOverlapMin(a, b map[string]bool, idf map[string]float64, top float64) float64 {
	wt := func(w string) float64 {
		if v, ok := idf[w]; ok {
			return v
		}
		return top
	}
	sum := func(m map[string]bool) float64 {
		s := 0.0
		for w := range m {
			s += wt(w)
		}
		return s
	}
	if len(b) < len(a) || len(b) == len(a) && sum(b) < sum(a) {
		a, b = b, a
	}
	total, shared := sum(a), 0.0
	for w := range a {
		if b[w] {
			shared += wt(w)
		}
	}
	if total == 0 {
		return 0
	}
	return shared / total
}

// maxWeight is the largest weight in idf: the weight of unseen words in
// weightedOverlapMin, computed once per story rather than per pair.
func maxWeight(idf map[string]float64) float64 {
	top := 0.0
	for _, v := range idf {
		top = math.Max(top, v)
	}
	return top
}

// nameWords are the stemmed words of the names of the story's people.
func nameWords(articles []*model.Article, lang string) map[string]bool {
	out := map[string]bool{}
	for _, a := range articles {
		for _, e := range a.Entities {
			if e.Type == model.Person {
				for w := range contentSet(lang, e.Name) {
					out[w] = true
				}
			}
		}
	}
	return out
}

// sameSpeaker: unknown speakers match anyone, known ones when one name
// contains the other's last word ("Peskov", "Dmitry Peskov").
func sameSpeaker(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la == lb {
		return true
	}
	fa, fb := strings.Fields(la), strings.Fields(lb)
	return strings.Contains(lb, fa[len(fa)-1]) || strings.Contains(la, fb[len(fb)-1])
}

// Importance scores a story for ranking: how many outlets (or articles,
// when outlets are unknown) cover it, how recent its last article is
// relative to now (half-life 24 hours), and how fast it grows (articles of
// the last 24 hours against those before).
func Importance(articles []*model.Article, now time.Time) float64 {
	if len(articles) == 0 {
		return 0
	}
	outlets := map[string]bool{}
	var last time.Time
	recent := 0
	for _, a := range articles {
		key := a.Outlet.Domain
		if key == "" {
			key = a.Outlet.Name
		}
		if key == "" {
			key = "article:" + a.ID
		}
		outlets[key] = true
		if a.Published != nil {
			t := a.Published.Time
			if t.After(last) {
				last = t
			}
			if !now.IsZero() && now.Sub(t) <= 24*time.Hour && !t.After(now.Add(time.Hour)) {
				recent++
			}
		}
	}
	coverage := math.Log2(1+float64(len(outlets))) + 0.5*math.Log2(1+float64(len(articles)))
	recency := 1.0
	if !now.IsZero() && !last.IsZero() && now.After(last) {
		recency = math.Pow(0.5, now.Sub(last).Hours()/24)
	}
	growth := float64(recent) / float64(len(articles))
	return coverage * (0.5 + 0.5*recency) * (1 + 0.5*growth)
}

// RankStories orders stories by importance, most important first, then
// by their latest article and ID so the order is deterministic.
func RankStories(stories []model.Story) {
	sort.SliceStable(stories, func(i, j int) bool {
		a, b := stories[i], stories[j]
		if a.Importance != b.Importance {
			return a.Importance > b.Importance
		}
		if !a.End.Equal(b.End) {
			return a.End.After(b.End)
		}
		return a.ID < b.ID
	})
}

// OrderStoryline puts a storyline's stories in time order: by event date,
// then start, then ID. Unknown story IDs go last in their given order.
func OrderStoryline(line *model.Storyline, stories map[string]model.Story) {
	key := func(id string) (string, time.Time, bool) {
		s, ok := stories[id]
		if !ok {
			return "", time.Time{}, false
		}
		d := s.EventDate
		if d == "" && !s.Start.IsZero() {
			d = s.Start.Format("2006-01-02")
		}
		return d, s.Start, true
	}
	sort.SliceStable(line.Stories, func(i, j int) bool {
		di, si, oki := key(line.Stories[i])
		dj, sj, okj := key(line.Stories[j])
		if oki != okj {
			return oki
		}
		if di != dj {
			return di < dj
		}
		if !si.Equal(sj) {
			return si.Before(sj)
		}
		return line.Stories[i] < line.Stories[j]
	})
}
