package cluster_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// synthetic returns articles about three events: a summit (two days), a
// flood, and a second summit of the same people months later.
func synthetic() []cluster.Doc {
	summit := "President Alvarez met Prime Minister Okonkwo in Geneva for talks on the trade dispute and the border crossing. Alvarez said the talks were constructive and Okonkwo promised new tariff proposals."
	flood := "Heavy rain flooded villages along the Tamsin river, forcing hundreds of families from their homes. Rescue teams in Borrowdale used boats to reach people stranded on rooftops as water levels rose."
	var docs []cluster.Doc
	for i := 0; i < 4; i++ {
		docs = append(docs, cluster.Doc{ID: fmt.Sprintf("summit-%d", i), Title: "Alvarez and Okonkwo hold Geneva talks",
			Text: fmt.Sprintf("GENEVA (Wire) _ %s Officials described round %d as frank.", summit, i), Language: "en",
			Published: day("2016-07-14").Add(time.Duration(i) * 6 * time.Hour), Outlet: fmt.Sprint("outlet", i)})
		docs = append(docs, cluster.Doc{ID: fmt.Sprintf("flood-%d", i), Title: "Floods force families from homes",
			Text: fmt.Sprintf("%s Local officials counted %d shelters.", flood, i+3), Language: "en",
			Published: day("2016-07-14").Add(time.Duration(i) * 5 * time.Hour)})
	}
	for i := 0; i < 2; i++ {
		docs = append(docs, cluster.Doc{ID: fmt.Sprintf("summit2-%d", i), Title: "Alvarez and Okonkwo meet again in Geneva",
			Text: fmt.Sprintf("GENEVA (Wire) _ %s Version %d.", summit, i), Language: "en", Published: day("2016-11-20")})
	}
	return docs
}

func run(docs []cluster.Doc) (*cluster.Clusterer, []cluster.Assignment) {
	c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
	var out []cluster.Assignment
	for _, d := range docs {
		out = append(out, c.Add(d))
	}
	return c, out
}

func TestGroupsEventsAndTime(t *testing.T) {
	c, _ := run(synthetic())
	s := func(id string) string { return c.StoryOf(id) }
	for i := 1; i < 4; i++ {
		if s(fmt.Sprint("summit-", i)) != s("summit-0") {
			t.Errorf("summit-%d in %s, summit-0 in %s", i, s(fmt.Sprint("summit-", i)), s("summit-0"))
		}
		if s(fmt.Sprint("flood-", i)) != s("flood-0") {
			t.Errorf("flood-%d not with flood-0", i)
		}
	}
	if s("summit-0") == s("flood-0") {
		t.Error("summit and flood merged")
	}
	if s("summit2-0") == s("summit-0") {
		t.Error("meetings four months apart in one story")
	}
	a, _ := c.Story(s("summit-0"))
	b, _ := c.Story(s("summit2-0"))
	if a.Storyline != b.Storyline {
		t.Errorf("the two meetings are in storylines %s and %s, want one", a.Storyline, b.Storyline)
	}
	if !a.Start.Equal(day("2016-07-14")) || a.End.Before(a.Start) {
		t.Errorf("time span %v..%v", a.Start, a.End)
	}
	if len(a.Outlets) != 4 {
		t.Errorf("outlets %v, want 4", a.Outlets)
	}
}

func TestDeterministic(t *testing.T) {
	docs := synthetic()
	_, a := run(docs)
	_, b := run(docs)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same input order, different assignments:\n%v\n%v", a, b)
	}
	if a[0].Story != "s1" || a[0].Storyline != "l1" || !a[0].NewStory {
		t.Fatalf("first article: %+v, want new story s1 in l1", a[0])
	}
}

func TestBadInput(t *testing.T) {
	text := "President Alvarez met Prime Minister Okonkwo in Geneva for talks on the trade dispute. Alvarez said the talks were constructive."
	c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
	first := c.Add(cluster.Doc{ID: "a", Title: "Geneva talks", Text: text, Language: "en", Published: day("2016-07-14")})
	tests := []struct {
		name      string
		doc       cluster.Doc
		flag      string
		sameStory bool // joins story of "a"
	}{
		{"no date", cluster.Doc{ID: "nodate", Title: "Geneva talks", Text: text + " More.", Language: "en"}, "no_date", true},
		{"1970", cluster.Doc{ID: "epoch", Title: "Geneva talks", Text: text + " Again.", Language: "en", Published: time.Unix(0, 0)}, "bad_date", true},
		{"future", cluster.Doc{ID: "future", Title: "Geneva talks", Text: text + " Later.", Language: "en", Published: day("2031-01-01")}, "bad_date", true},
		{"no text", cluster.Doc{ID: "notext", Title: "Alvarez and Okonkwo hold Geneva talks on trade dispute", Language: "en", Published: day("2016-07-14")}, "no_text", false},
		{"nothing", cluster.Doc{ID: "nothing", Published: day("2016-07-14")}, "no_text", false},
		{"unknown language", cluster.Doc{ID: "xx", Text: "1234 5678 ++ -- 9999", Language: "xx", Published: day("2016-07-14")}, "unknown_language", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			as := c.Add(tc.doc)
			if !slices.Contains(as.Flags, tc.flag) {
				t.Errorf("flags %v, want %q", as.Flags, tc.flag)
			}
			if tc.sameStory && as.Story != first.Story {
				t.Errorf("story %s, want %s", as.Story, first.Story)
			}
			if as.Story == "" || as.Storyline == "" {
				t.Errorf("no story: %+v", as)
			}
		})
	}
	t.Run("repeated id", func(t *testing.T) {
		n := c.Len()
		as := c.Add(cluster.Doc{ID: "a", Text: "something else entirely about floods", Language: "en"})
		if !as.Repeated || as.Story != c.StoryOf("a") || c.Len() != n {
			t.Errorf("repeated id: %+v, len %d -> %d", as, n, c.Len())
		}
	})
	t.Run("empty never matched", func(t *testing.T) {
		as := c.Add(cluster.Doc{ID: "nothing2", Published: day("2016-07-14")})
		if as.Story == c.StoryOf("nothing") {
			t.Error("two empty articles share a story")
		}
	})
	// The clock ignores implausible dates: a 2016 article still opens the
	// 2016 story.
	if as := c.Add(cluster.Doc{ID: "b", Title: "Geneva talks", Text: text + " Final.", Language: "en", Published: day("2016-07-15")}); as.Story != first.Story {
		t.Errorf("after bad dates, b went to %s, want %s", as.Story, first.Story)
	}
}

func TestDuplicatesKeptAsGroup(t *testing.T) {
	body := strings.Repeat("The ministry confirmed the new rail line will open next spring after delays caused by flooding and a dispute with contractors. ", 3)
	c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
	a := c.Add(cluster.Doc{ID: "orig", Title: "Rail line to open", Text: body, Outlet: "A", Published: day("2019-03-01")})
	b := c.Add(cluster.Doc{ID: "copy", Title: "New rail line opens next spring", Text: body, Outlet: "B", Published: day("2019-03-01")})
	if b.DuplicateOf != "orig" || b.Story != a.Story {
		t.Fatalf("copy: %+v", b)
	}
	s, _ := c.Story(a.Story)
	if len(s.Groups) != 1 || len(s.Groups[0]) != 2 || len(s.Outlets) != 2 {
		t.Fatalf("groups %v outlets %v", s.Groups, s.Outlets)
	}
}

func TestMergeSplit(t *testing.T) {
	c, _ := run(synthetic())
	summit, flood := c.StoryOf("summit-0"), c.StoryOf("flood-0")
	before := len(c.Stories())
	if err := c.Merge(summit, flood); err != nil {
		t.Fatal(err)
	}
	if c.Resolve(flood) != summit || c.StoryOf("flood-2") != summit {
		t.Fatalf("after merge: resolve %s, flood-2 in %s", c.Resolve(flood), c.StoryOf("flood-2"))
	}
	if s, ok := c.Story(flood); !ok || s.ID != summit || len(s.Articles) != 8 || !slices.Contains(s.Aliases, flood) {
		t.Fatalf("Story(%s) = %+v", flood, s)
	}
	if got := len(c.Stories()); got != before-1 {
		t.Fatalf("%d stories after merge, want %d", got, before-1)
	}
	var floods []string
	for i := 0; i < 4; i++ {
		floods = append(floods, fmt.Sprint("flood-", i))
	}
	id, err := c.Split(summit, floods)
	if err != nil {
		t.Fatal(err)
	}
	if id == summit || id == flood || c.StoryOf("flood-0") != id || c.StoryOf("summit-0") != summit {
		t.Fatalf("split: new %s, flood-0 in %s, summit-0 in %s", id, c.StoryOf("flood-0"), c.StoryOf("summit-0"))
	}
	if _, err := c.Split(summit, []string{"flood-0"}); err == nil {
		t.Error("split of an article outside the story: no error")
	}
	if err := c.Merge("nope", summit); err == nil {
		t.Error("merge of unknown story: no error")
	}
	// A new article of the flood still finds the split-off story.
	as := c.Add(cluster.Doc{ID: "flood-9", Title: "Floods force families from homes", Text: synthetic()[1].Text + " Update.", Language: "en", Published: day("2016-07-15")})
	if as.Story != id {
		t.Errorf("new flood article in %s, want %s", as.Story, id)
	}
}

func TestDateline(t *testing.T) {
	for in, want := range map[string]string{
		"LONDON (AP) _ An influential lawmaker":            "LONDON",
		"MOSCOW, July 14. /TASS/. Russian President":       "MOSCOW",
		"Moscow, Jul 15 (Prensa Latina) Russian President": "Moscow",
		"SAN JUAN, Puerto Rico (AP) _ Hurricane":           "SAN JUAN",
		"The president said on Monday":                     "",
		"Putin, Kerry hold talks":                          "",
		"":                                                 "",
	} {
		if got := cluster.Dateline(in); got != want {
			t.Errorf("Dateline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestModelRoundTrip(t *testing.T) {
	m := cluster.DefaultModel()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	p := t.TempDir() + "/m.json"
	if err := m.Save(p); err != nil {
		t.Fatal(err)
	}
	m2, err := cluster.LoadModel(p)
	if err != nil || fmt.Sprint(m2.Weights) != fmt.Sprint(m.Weights) || m2.Threshold != m.Threshold {
		t.Fatalf("round trip: %v %+v", err, m2)
	}
	bad := m
	bad.Weights = bad.Weights[:2]
	if bad.Validate() == nil {
		t.Error("short weights accepted")
	}
}

func BenchmarkAdd(b *testing.B) {
	words := strings.Fields("government minister talks trade border flood rescue election vote court trial police storm market shares bank rate oil price strike union school hospital fire army peace treaty summit")
	c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2030-01-01")})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ev := i / 7
		var sb strings.Builder
		for k := 0; k < 120; k++ {
			sb.WriteString(words[(ev*31+k*k+i*(k%3))%len(words)])
			sb.WriteString(" ")
		}
		fmt.Fprintf(&sb, "Event%d Name%d said.", ev, ev%100)
		c.Add(cluster.Doc{ID: fmt.Sprint(i), Title: fmt.Sprintf("Event%d headline", ev), Text: sb.String(), Language: "en",
			Published: day("2020-01-01").Add(time.Duration(i) * time.Minute)})
	}
}

// Languages are analyzed as package nlp identifies them: an unlabelled
// Ukrainian article is Ukrainian, with its stop words, not Russian and not
// unknown; a Serbian one, which has no stop list, is flagged unknown.
func TestAnalyzeCyrillicLanguages(t *testing.T) {
	an := cluster.NewAnalyzer(cluster.DefaultOptions().Dedup)
	for _, tc := range []struct{ text, lang, flag string }{
		{"Президент заявив, що переговори з міністром були корисними і будуть продовжені в четвер.", "uk", ""},
		{"Президент заявил, что переговоры с министром были полезными и будут продолжены в четверг.", "ru", ""},
		{"Председник је рекао да су разговори са министром били корисни и да ће се наставити.", "und", "unknown_language"},
	} {
		a := an.Analyze(cluster.Doc{ID: "x", Text: tc.text})
		if a.Language != tc.lang || (tc.flag != "") != slices.Contains(a.Flags, tc.flag) {
			t.Errorf("%.20q: language %q flags %v, want %q %q", tc.text, a.Language, a.Flags, tc.lang, tc.flag)
		}
	}
}
