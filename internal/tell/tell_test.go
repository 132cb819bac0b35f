package tell_test

import (
	"fmt"
	"path/filepath"
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

func TestQuotesGroupTranslations(t *testing.T) {
	a := article("a", "TASS", "t", "x", 15)
	a.Quotes = []model.Quote{{Speaker: "Peskov", SpeakerName: "Dmitry Peskov", Text: "The topic of direct military cooperation in the fight against terrorism did not figure in the talks"}}
	b := article("b", "SANA", "t", "x", 15)
	b.Quotes = []model.Quote{
		{Speaker: "he", Text: "The topic of direct cooperation of the military in combating terrorism did not appear"},
		{Speaker: "Lavrov", SpeakerName: "Sergei Lavrov", Text: "We will continue the conversation we began yesterday"},
	}
	c := article("c", "RT", "t", "x", 15)
	c.Quotes = []model.Quote{{Speaker: "Sands", Text: "The topic of direct military cooperation in the fight against terrorism did not figure in the talks at all"}}
	qs := tell.Quotes([]*model.Article{a, b, c}, "en")
	if len(qs) != 2 {
		t.Fatalf("got %d statements, want 2: %+v", len(qs), qs)
	}
	for _, q := range qs {
		if q.Speaker == "Dmitry Peskov" {
			if len(q.Articles) != 3 || len(q.Variants) != 2 {
				t.Errorf("Peskov statement %+v: want three articles and two variants", q)
			}
		}
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
