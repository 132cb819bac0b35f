package tell_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/duc"
	"github.com/storyline-news/storyline/internal/eval/rouge"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/tell"
)

func article(id, outlet, title, text string, day int) *model.Article {
	return &model.Article{
		ID: id, Outlet: model.Outlet{Name: outlet}, Title: title, Text: text, Language: "en",
		Published: &model.Published{Time: time.Date(2016, 7, day, 12, 0, 0, 0, time.UTC), Precision: model.PrecisionDay},
	}
}

func TestSummarizeCites(t *testing.T) {
	docs := []tell.Doc{
		{ID: "a", Sentences: []string{
			"The ministers of both countries met in Geneva on Monday to discuss the ceasefire in the north.",
			"The talks lasted five hours and ended without a joint statement from either side.",
			"A local bakery reopened after the storm damaged its roof last winter.",
		}},
		{ID: "b", Sentences: []string{
			"Ministers of both countries met in Geneva on Monday for talks on the ceasefire in the north.",
			"Observers expect a second round of talks next month in the same city.",
		}},
		{ID: "c", Sentences: []string{
			"Foreign ministers met in Geneva to discuss the northern ceasefire, officials said on Monday.",
			"The talks lasted five hours, according to a diplomat who attended the meeting.",
		}},
	}
	sum := tell.Summarize(docs, tell.Options{Words: 40})
	if len(sum) == 0 {
		t.Fatal("empty summary")
	}
	words := 0
	for _, s := range sum {
		words += len(strings.Fields(s.Text))
		if len(s.Articles) == 0 {
			t.Errorf("%q cites nothing", s.Text)
		}
		if strings.Contains(s.Text, "bakery") {
			t.Errorf("off-topic sentence chosen: %q", s.Text)
		}
	}
	if words > 40 {
		t.Errorf("summary has %d words, budget 40", words)
	}
	if !strings.Contains(sum[0].Text, "Geneva") || len(sum[0].Articles) < 2 {
		t.Errorf("first sentence %+v: want the Geneva meeting cited by several documents", sum[0])
	}
	if p := tell.CitationPrecision(sum, docs, "en", 0); p != 1 {
		t.Errorf("citation precision %.2f", p)
	}
	// A wrong citation is caught.
	bad := []model.Cited{{Text: sum[0].Text, Articles: []string{"a", "b", "c"}}, {Text: "A local bakery reopened after the storm damaged its roof.", Articles: []string{"a", "c"}}}
	if p := tell.CitationPrecision(bad, docs, "en", 0); p != 0.5 {
		t.Errorf("citation precision of a wrong citation = %.2f, want 0.5", p)
	}
}

func TestSupports(t *testing.T) {
	tests := []struct {
		text string
		in   []string
		want bool
	}{
		{"Putin received Kerry in the Kremlin.", []string{"Kerry was received by Putin at the Kremlin on Thursday."}, true},
		{"Putin received Kerry in the Kremlin.", []string{"The weather in Moscow was hot."}, false},
		{"Putin received Kerry.", nil, false},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if got := tell.Supports("en", tc.text, tc.in, 0); got != tc.want {
				t.Errorf("Supports(%q) = %v", tc.text, got)
			}
		})
	}
}

// withEntity adds an entity to a and a mention for every occurrence of
// each of its variants in the text (longest variants first).
func withEntity(a *model.Article, key, name string, typ model.EntityType, variants ...string) {
	a.Entities = append(a.Entities, model.Entity{Key: key, Name: name, Type: typ, Variants: variants})
	taken := make([]bool, len(a.Text))
	vs := append([]string{name}, variants...)
	sort.Slice(vs, func(i, j int) bool { return len(vs[i]) > len(vs[j]) })
	for _, v := range vs {
		for off := 0; ; {
			k := strings.Index(a.Text[off:], v)
			if k < 0 {
				break
			}
			st := off + k
			off = st + len(v)
			if taken[st] {
				continue
			}
			for x := st; x < off; x++ {
				taken[x] = true
			}
			a.Mentions = append(a.Mentions, model.Mention{Span: model.Span{Start: st, End: off}, Text: v, Type: typ, Entity: key})
		}
	}
	sort.Slice(a.Mentions, func(i, j int) bool { return a.Mentions[i].Start < a.Mentions[j].Start })
}

// quoteAt builds a quote of a's text found at its first occurrence.
func quoteAt(a *model.Article, speaker, entity, resolved, text string, direct bool) model.Quote {
	st := strings.Index(a.Text, text)
	return model.Quote{Speaker: speaker, Entity: entity, SpeakerName: resolved, Text: text, Direct: direct, Span: model.Span{Start: st, End: st + len(text)}}
}

func TestQuotesGroupTranslations(t *testing.T) {
	a := article("a", "TASS", "t", "Kremlin spokesman Dmitry Peskov said the topic of direct military cooperation in the fight against terrorism did not figure in the talks.", 15)
	withEntity(a, "person:dmitry-peskov", "Dmitry Peskov", model.Person, "Peskov")
	a.Quotes = []model.Quote{quoteAt(a, "Kremlin spokesman Dmitry Peskov", "person:dmitry-peskov", "Dmitry Peskov", "the topic of direct military cooperation in the fight against terrorism did not figure in the talks", false)}
	b := article("b", "SANA", "t", "Peskov spoke to reporters. \"The topic of direct cooperation of the military in combating terrorism did not appear,\" he said. \"We will continue the conversation we began yesterday,\" Lavrov said.", 15)
	withEntity(b, "person:dmitry-peskov", "Dmitry Peskov", model.Person, "Peskov")
	withEntity(b, "person:sergei-lavrov", "Sergei Lavrov", model.Person, "Lavrov")
	b.Quotes = []model.Quote{
		quoteAt(b, "he", "person:dmitry-peskov", "Dmitry Peskov", "The topic of direct cooperation of the military in combating terrorism did not appear", true),
		quoteAt(b, "Lavrov", "person:sergei-lavrov", "Sergei Lavrov", "We will continue the conversation we began yesterday", true),
	}
	c := article("c", "RT", "t", "Sands said the topic of direct military cooperation in the fight against terrorism did not figure in the talks at all.", 15)
	c.Quotes = []model.Quote{quoteAt(c, "Sands", "", "", "the topic of direct military cooperation in the fight against terrorism did not figure in the talks at all", false)}
	qs := tell.Quotes([]*model.Article{a, b, c}, "en")
	if len(qs) != 2 {
		t.Fatalf("got %d statements, want 2: %+v", len(qs), qs)
	}
	for _, q := range qs {
		if q.Speaker == "Dmitry Peskov" {
			if len(q.Articles) != 3 || len(q.Variants) != 2 {
				t.Errorf("Peskov statement %+v: want three articles and two variants", q)
			}
			if q.Article != "b" {
				t.Errorf("Peskov statement shown from %s, want the direct quote of b", q.Article)
			}
		}
	}
}

// One remark translated differently by two outlets shares only a few
// words; with the same speaker it is one statement, while the speaker's
// other remark in the same article stays apart.
func TestQuotesGroupLooseTranslations(t *testing.T) {
	a := article("a", "Prensa", "t", "Putin emphasized that they would be mutually seeking a solution to the conflicts that \"we consider important and solvable\". Putin also said the weather in Moscow was fine.", 14)
	withEntity(a, "person:vladimir-putin", "Vladimir Putin", model.Person, "Putin")
	a.Quotes = []model.Quote{
		quoteAt(a, "Putin", "person:vladimir-putin", "Putin", "they would be mutually seeking a solution to the conflicts that \"we consider important and solvable", false),
		quoteAt(a, "Putin", "person:vladimir-putin", "Putin", "the weather in Moscow was fine", false),
	}
	b := article("b", "SANA", "t", "Putin said \"I'd like to note our mutual efforts to settle and resolve the conflicts that we believe are of importance and should be resolved.\" Russian President Vladimir Putin met Kerry.", 15)
	withEntity(b, "person:vladimir-putin", "Vladimir Putin", model.Person, "Putin", "President Vladimir Putin")
	b.Quotes = []model.Quote{quoteAt(b, "Putin", "person:vladimir-putin", "Vladimir Putin", "I'd like to note our mutual efforts to settle and resolve the conflicts that we believe are of importance and should be resolved.", true)}
	qs := tell.Quotes([]*model.Article{a, b}, "en")
	if len(qs) != 2 {
		t.Fatalf("got %d statements, want 2: %+v", len(qs), qs)
	}
	for _, q := range qs {
		if q.Speaker != "Vladimir Putin" {
			t.Errorf("speaker %q, want the full name", q.Speaker)
		}
		if strings.Contains(q.Text, "weather") {
			if len(q.Articles) != 1 {
				t.Errorf("weather remark grouped: %+v", q)
			}
		} else if len(q.Articles) != 2 || q.Article != "b" || len(q.Variants) != 1 {
			t.Errorf("translated remark %+v: want both articles, b's direct wording shown", q)
		}
	}
}

func TestQuotesSpeakers(t *testing.T) {
	text := "Kremlin spokesman Dmitry Peskov met reporters. " +
		"According to media reports, the talks went well. " +
		"The meeting reported the talks lasted three hours. " +
		"Russia's Foreign Ministry said ceasefire violations were the main theme. " +
		"The Kremlin spokesman said the talks were useful. " +
		"During talks between Putin and Kerry, the former asserted that Russia hopes for progress. " +
		"\"The soldier died heroically,\" a Russian military spokesperson was quoted as saying. " +
		"Putin said the conversation with Obama was good. " +
		"He said nothing else. " +
		"The footage of the meeting at the Kremlin showed a handshake. " +
		"The Kremlin said questions remain on cooperation."
	a := article("a", "TASS", "t", text, 15)
	a.Sentences = nil
	withEntity(a, "person:dmitry-peskov", "Dmitry Peskov", model.Person, "Peskov")
	withEntity(a, "organization:foreign-ministry", "Foreign Ministry", model.Organization)
	withEntity(a, "person:john-kerry", "Kerry", model.Person)
	withEntity(a, "place:kremlin", "Kremlin", model.Place)
	withEntity(a, "person:vladimir-putin", "Putin", model.Person)
	other := article("b", "SANA", "t", "Russian President Vladimir Putin received John Kerry.", 15)
	withEntity(other, "person:vladimir-putin", "Vladimir Putin", model.Person, "Putin")
	withEntity(other, "person:john-kerry", "John Kerry", model.Person, "Kerry")
	cases := []struct {
		speaker, entity, resolved, text string
		want                            string // "" when dropped
	}{
		{"media reports", "", "", "the talks went well", ""},
		{"the meeting", "", "", "the talks lasted three hours", ""},
		{"Russia's Foreign Ministry", "organization:foreign-ministry", "Ministry", "ceasefire violations were the main theme", "Russia's Foreign Ministry"},
		{"The Kremlin spokesman", "place:kremlin", "Kremlin", "the talks were useful", "Dmitry Peskov"},
		{"the former", "", "", "Russia hopes for progress", "Vladimir Putin"},
		{"a Russian military spokesperson", "other:russian", "Russian", "The soldier died heroically", "a Russian military spokesperson"},
		{"Putin", "", "", "the conversation with Obama was good", "Vladimir Putin"},
		{"He", "", "", "nothing else", ""},
		{"The footage of the meeting at the Kremlin", "place:kremlin", "Kremlin", "a handshake", ""},
		{"The Kremlin", "place:kremlin", "Kremlin", "questions remain on cooperation", "Kremlin"},
		{"Putin", "person:vladimir-putin", "Putin", "was good", ""}, // a topic, not a statement
	}
	for _, c := range cases {
		t.Run(c.speaker, func(t *testing.T) {
			b := *a
			b.Quotes = []model.Quote{quoteAt(&b, c.speaker, c.entity, c.resolved, c.text, false)}
			if b.Quotes[0].Span.Start < 0 {
				t.Fatalf("quote %q not in the text", c.text)
			}
			o := *other
			qs := tell.Quotes([]*model.Article{&b, &o}, "en")
			got := ""
			if len(qs) > 0 {
				got = qs[0].Speaker
			}
			if got != c.want {
				t.Errorf("speaker %q shown as %q, want %q", c.speaker, got, c.want)
			}
		})
	}
}

func TestHeadlineAndOrdering(t *testing.T) {
	a := article("a", "A", "", "Floods hit the city of Porto Alegre on Monday, forcing thousands from their homes. Rescue teams arrived.", 3)
	a.Flags = []string{"no_title"}
	b := article("b", "B", "", "Thousands flee as floods hit Porto Alegre. The river rose two metres.", 4)
	if h := tell.Headline([]*model.Article{a, b}, "en"); !strings.Contains(h, "Porto Alegre") || len(strings.Fields(h)) > 15 {
		t.Errorf("derived headline %q", h)
	}
	c := article("c", "C", "Floods hit Porto Alegre", "Floods hit Porto Alegre, Brazil.", 4)
	d := article("d", "D", "Mayor resigns", "The mayor resigned.", 4)
	if h := tell.Headline([]*model.Article{a, b, c, d}, "en"); h != "Floods hit Porto Alegre" {
		t.Errorf("headline %q, want the central title", h)
	}
	now := time.Date(2016, 7, 5, 0, 0, 0, 0, time.UTC)
	big := tell.Importance([]*model.Article{a, b, c}, now)
	small := tell.Importance([]*model.Article{d}, now)
	old := tell.Importance([]*model.Article{a, b, c}, now.Add(10*24*time.Hour))
	if !(big > small && big > old) {
		t.Errorf("importance: 3 outlets %.3f, 1 outlet %.3f, 3 outlets 10 days later %.3f", big, small, old)
	}
	stories := []model.Story{{ID: "s1", Importance: small}, {ID: "s2", Importance: big}}
	tell.RankStories(stories)
	if stories[0].ID != "s2" {
		t.Errorf("ranking %v", stories)
	}
	line := &model.Storyline{Stories: []string{"late", "early", "unknown"}}
	tell.OrderStoryline(line, map[string]model.Story{"late": {EventDate: "2016-07-14"}, "early": {EventDate: "2016-03-24"}})
	if strings.Join(line.Stories, ",") != "early,late,unknown" {
		t.Errorf("storyline order %v", line.Stories)
	}
}

func TestClaimsFigureConflict(t *testing.T) {
	a := article("a", "A", "t", "The talks in Moscow lasted three hours and covered Syria and Ukraine in detail.", 15)
	b := article("b", "B", "t", "The talks in Moscow lasted four hours and covered Syria and Ukraine in detail.", 15)
	cs := tell.Claims([]*model.Article{a, b}, "en", 6)
	found := false
	for _, c := range cs {
		if c.Kind == "conflict" && strings.Contains(c.Detail, "3 hour (a)") && strings.Contains(c.Detail, "4 hour (b)") {
			found = true
		}
	}
	if !found {
		t.Errorf("no figure conflict in %+v", cs)
	}
}

// TestDUCFloor summarizes a few DUC 2004 clusters and checks a ROUGE floor
// well below the full-run figure, so a broken summarizer fails fast.
func TestDUCFloor(t *testing.T) {
	dir := datasets.Require(t, "summarization", "duc2004-task2")
	cs, err := duc.ReadDUC(filepath.Join(dir, "docs"), filepath.Join(dir, "models"))
	if err != nil {
		t.Fatal(err)
	}
	var rs []rouge.Result
	for _, c := range cs[:5] {
		docs := make([]tell.Doc, len(c.Docs))
		for i, d := range c.Docs {
			docs[i] = tell.Doc{ID: d.ID, Sentences: duc.Sentences(d)}
		}
		sum := tell.Summarize(docs, tell.Options{Words: 100, Overflow: true})
		var lines []string
		for _, s := range sum {
			lines = append(lines, s.Text)
		}
		if p := tell.CitationPrecision(sum, docs, "en", 0); p != 1 {
			t.Errorf("%s: citation precision %.2f", c.ID, p)
		}
		rs = append(rs, rouge.Evaluate(lines, c.Models, rouge.DUC2004()))
	}
	avg := rouge.Average(rs)
	if avg.N[0].Recall < 0.33 || avg.N[1].Recall < 0.07 {
		t.Errorf("ROUGE-1 %.4f, ROUGE-2 %.4f on 5 clusters: below the floor (0.33, 0.07)", avg.N[0].Recall, avg.N[1].Recall)
	}
}

func BenchmarkSummarize(b *testing.B) {
	dir := datasets.Require(b, "summarization", "duc2004-task2")
	cs, err := duc.ReadDUC(filepath.Join(dir, "docs"), "")
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]tell.Doc, len(cs[0].Docs))
	for i, d := range cs[0].Docs {
		docs[i] = tell.Doc{ID: d.ID, Sentences: duc.Sentences(d)}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tell.Summarize(docs, tell.Options{Words: 100, Overflow: true})
	}
}

func TestClaimsOnlyOneOutlet(t *testing.T) {
	a := article("a", "", "t", "The ministers met in Geneva on Monday to discuss the ceasefire in the north. "+
		"The minister said that \"the ceasefire must hold everywhere,\" without mentioning the shelling of hospitals by allied militias last week. "+
		"The minister said that \"the ceasefire must hold everywhere,\" adding that monitors would travel to several northern villages soon.", 15)
	a.Text += " The ministers also agreed that engineers would repair bridges damaged near the ceasefire line."
	b := article("b", "B", "t", "Ministers met in Geneva on Monday to discuss the northern ceasefire. The minister said that \"the ceasefire must hold everywhere.\"", 15)
	cs := tell.Claims([]*model.Article{a, b}, "en", 6)
	var clause, unknown bool
	for _, c := range cs {
		if c.Kind != "single" {
			continue
		}
		if strings.Contains(c.Detail, "article:") {
			t.Errorf("detail %q names an article ID instead of saying the outlet is unknown", c.Detail)
		}
		if strings.Contains(c.Detail, "adds:") {
			if strings.Contains(c.Detail, "without mentioning the shelling") {
				clause = true
			}
			if strings.Contains(c.Detail, "adding that") {
				t.Errorf("reported speech shown as the outlet's addition: %q", c.Detail)
			}
		} else if c.Detail == "only one article (outlet unknown)" {
			unknown = true
		}
	}
	if !clause {
		t.Errorf("the comment only a carries after the quotation is not shown: %+v", cs)
	}
	if !unknown {
		t.Errorf("no single claim of the outlet-less article a: %+v", cs)
	}
}

// FuzzQuotesSpeaker feeds arbitrary speaker phrases, texts and spans to
// the attribution: it must never panic, and every statement it keeps
// names a speaker and cites the article.
func FuzzQuotesSpeaker(f *testing.F) {
	f.Add("the former", "During talks between Putin and Kerry, the former asserted that Russia hopes for progress.", "Russia hopes for progress", 3)
	f.Add("The Kremlin spokesman", "Kremlin spokesman Dmitry Peskov spoke. The Kremlin spokesman said the talks were useful.", "the talks were useful", -5)
	f.Add("Putin and Kerry", "Putin and Kerry expressed desire to achieve a breakthrough.", "desire to achieve a breakthrough", 1000)
	f.Add(" and ", "", "x", 0)
	f.Fuzz(func(t *testing.T, speaker, text, quote string, start int) {
		a := article("a", "A", "t", text, 15)
		withEntity(a, "person:vladimir-putin", "Vladimir Putin", model.Person, "Putin")
		withEntity(a, "person:john-kerry", "John Kerry", model.Person, "Kerry")
		withEntity(a, "person:dmitry-peskov", "Dmitry Peskov", model.Person, "Peskov")
		a.Sentences = []model.Sentence{{Span: model.Span{Start: 0, End: len(text)}, Text: text}}
		a.Quotes = []model.Quote{{Speaker: speaker, Text: quote, Span: model.Span{Start: start, End: start + len(quote)}}}
		for _, q := range tell.Quotes([]*model.Article{a}, "en") {
			if q.Speaker == "" || len(q.Articles) == 0 || q.Articles[0] != "a" {
				t.Errorf("statement %+v", q)
			}
		}
	})
}

// FuzzClaims compares two arbitrary articles: no panic, and every claim
// one outlet alone carries cites exactly one article.
func FuzzClaims(f *testing.F) {
	f.Add("Kerry said that “Syria is the main hotbed,” without admitting that his country caused the emergence of terrorism.", "Kerry said Syria is the main hotbed of terrorism.")
	f.Add("\"a, b\" c, d e f g h i.", "“”,,")
	f.Fuzz(func(t *testing.T, x, y string) {
		a := article("a", "", "t", x, 15)
		b := article("b", "B", "t", y, 15)
		for _, c := range tell.Claims([]*model.Article{a, b}, "en", 6) {
			if c.Kind == "single" && len(c.Articles) != 1 {
				t.Errorf("single claim %+v", c)
			}
		}
	})
}

// On the event's day, a sentence about what the story's protagonists did
// joins the main entry though worded differently; another event of the
// same day stays apart.
func TestTimelineEventDay(t *testing.T) {
	mk := func(id string, sents ...string) *model.Article {
		a := article(id, id, "t", "", 15)
		for i, s := range sents {
			st := len(a.Text)
			a.Text += s + " "
			a.Sentences = append(a.Sentences, model.Sentence{Span: model.Span{Start: st, End: st + len(s)}, Text: s})
			a.TimeRefs = append(a.TimeRefs, model.TimeRef{Span: model.Span{Start: 100 + st, End: 108 + st}, Text: "Thursday", Value: "2016-07-14", Type: "DATE", Sentence: i})
		}
		withEntity(a, "person:vladimir-putin", "Vladimir Putin", model.Person, "Putin")
		withEntity(a, "person:john-kerry", "John Kerry", model.Person, "Kerry")
		return a
	}
	a := mk("a", "Putin received Kerry in the Kremlin for long talks on Syria, Ukraine, sanctions, terrorism, trade and the Minsk agreements.")
	b := mk("b", "Putin and Kerry held long talks in the Kremlin about Syria, Ukraine, sanctions, terrorism, trade and the Minsk agreements.")
	c := mk("c", "Before the start, the head of US diplomacy asked Putin for separate talks without aides present.",
		"A truck rammed into a crowd celebrating in Nice, killing over 80 people.")
	tl := tell.Timeline([]*model.Article{a, b, c}, "en")
	var day []model.TimelineEntry
	for _, e := range tl {
		if e.Date == "2016-07-14" {
			day = append(day, e)
		}
	}
	if len(day) != 2 {
		t.Fatalf("got %d entries on the event day, want 2: %+v", len(day), day)
	}
	if len(day[0].Articles) != 3 || strings.Contains(day[0].Text, "truck") {
		t.Errorf("main entry %+v: want the meeting cited by all three articles", day[0])
	}
	if len(day[1].Articles) != 1 || !strings.Contains(day[1].Text, "truck") {
		t.Errorf("second entry %+v: want the attack, from c alone", day[1])
	}
}
