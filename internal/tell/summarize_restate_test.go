package tell

import (
	"math"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

// restateDocs is a story told by four outlets: a preview of talks, a
// report of the same talks in other words, the fact two outlets report
// (the talks left military cooperation out) and details one outlet
// carries.
func restateDocs() []Doc {
	return []Doc{
		{ID: "preview", Sentences: []string{
			"President Alda Morren will hold talks with Foreign Minister Tomas Veld of Borduria on Thursday, presumably to focus on the river dam and the border crisis.",
			"The ministry said the dam and the border would be the main themes of the visit to the capital.",
			"Veld is also going to meet the defence minister on Friday.",
		}},
		{ID: "report", Sentences: []string{
			"President Alda Morren and Foreign Minister Tomas Veld of Borduria held talks behind closed doors on the border crisis and the river dam with the hope of achieving progress in the negotiations, according to media reports.",
			"The results of the talks on the dam, which lasted more than three hours, will be released on Friday at a press conference.",
			"Morren said that the sides hope for progress in the negotiations on the border crisis.",
		}},
		{ID: "wire", Sentences: []string{
			"The talks between President Alda Morren and Foreign Minister Tomas Veld on Thursday left out direct military cooperation on the border, the spokesman of the president said.",
			"The spokesman said the sides hope for progress in the negotiations with Borduria.",
			"Veld thanked Morren for the hope of progress in the negotiations on the dam.",
		}},
		{ID: "agency", Sentences: []string{
			"Direct military cooperation on the border was left out of the talks between Morren and Veld, the spokesman said on Friday.",
			"Morren will hold talks with Veld on Thursday evening, the agency learned.",
			"The foreign minister called the talks on the border crisis and the dam frank and serious.",
		}},
	}
}

func TestSummarizeRestate(t *testing.T) {
	docs := restateDocs()
	for _, tc := range []struct {
		name     string
		restate  float64
		restated bool
	}{
		{"off", -1, true},
		{"on", StoryRestate, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum := Summarize(docs, Options{Words: 100, Restate: tc.restate})
			for _, s := range sum {
				t.Logf("%v %s", s.Articles, s.Text)
			}
			texts := make([]string, len(sum))
			for i, s := range sum {
				texts[i] = s.Text
			}
			if got := RestatedPairs("en", texts, 0) > 0; got != tc.restated {
				t.Errorf("%d restated pairs, want some: %v", RestatedPairs("en", texts, 0), tc.restated)
			}
		})
	}
}

func TestRestates(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		want       bool
	}{
		{"preview and report", "Putin will hold talks with Kerry on Thursday on Syria and Ukraine.",
			"Putin and Kerry held talks behind closed doors on Ukraine and Syria.", true},
		{"irregular past read as base", "Alda Morren will hold talks with Tomas Veld on Thursday evening.",
			"Morren held talks with Veld in the capital.", true},
		{"new fact about the same people", "Putin will hold talks with Kerry on Thursday on Syria and Ukraine.",
			"The talks left out direct military cooperation between Russia and the United States.", false},
		{"other event", "Putin will hold talks with Kerry on Thursday.", "A truck rammed into a crowd in Nice, killing over 80 people.", false},
		{"one word in common", "Kerry met Lavrov on Friday.", "Obama sends Putin his best wishes on Friday.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Restates("en", tc.a, tc.b, 0); got != tc.want {
				t.Errorf("Restates(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := Restates("en", tc.b, tc.a, 0); got != tc.want {
				t.Errorf("Restates is not symmetric on %q, %q", tc.b, tc.a)
			}
		})
	}
}

// storyArticles makes articles of docs for Tell.
func storyArticles(docs []Doc) []*model.Article {
	var out []*model.Article
	for _, d := range docs {
		a := &model.Article{ID: d.ID, Language: "en", Text: strings.Join(d.Sentences, " ")}
		for _, s := range d.Sentences {
			a.Sentences = append(a.Sentences, model.Sentence{Text: s})
		}
		out = append(out, a)
	}
	return out
}

// TestTellSaysEachThingOnce checks the story defaults: no summary
// sentence restates another, and the summary opens with a statement more
// than one outlet supports; with both rules off the same story's summary
// tells the talks twice.
func TestTellSaysEachThingOnce(t *testing.T) {
	for _, tc := range []struct {
		name     string
		o        Options
		restated bool
	}{
		{"story defaults", Options{}, false},
		{"rules off", Options{Restate: -1, Corroboration: -1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := Tell(storyArticles(restateDocs()), StoryOptions{Summary: tc.o})
			texts := make([]string, len(st.Summary))
			for i, s := range st.Summary {
				texts[i] = s.Text
				t.Logf("%v %s", s.Articles, s.Text)
			}
			if n := RestatedPairs("en", texts, 0); n > 0 != tc.restated {
				t.Errorf("%d pairs of summary sentences restate each other, want some: %v", n, tc.restated)
			}
			if !tc.restated && (len(st.Summary) == 0 || len(st.Summary[0].Articles) < 2) {
				t.Errorf("summary does not open with a corroborated statement: %+v", st.Summary)
			}
		})
	}
}

// TestCorroboration checks that a candidate's corroboration factor counts
// the documents its citations name.
func TestCorroboration(t *testing.T) {
	docs := restateDocs()
	o := Options{Words: 100, Corroboration: 0.25}.withDefaults()
	cands, all := prepare(docs, o)
	wBi, wUni, capU := weights(docs, all, cands, o)
	ob := newObjective(docs, all, cands, wBi, wUni, capU, o)
	seen := map[int]bool{}
	for i, c := range cands {
		k := len(citeDocs(c.text, c.doc, docs, all, o))
		seen[k] = true
		want := 1 + 0.25*float64(k-1)/float64(len(docs)-1)
		if math.Abs(ob.corrFactor(i)-want) > 1e-12 {
			t.Errorf("%q: factor %.3f, want %.3f for %d citing documents", c.text, ob.corrFactor(i), want, k)
		}
	}
	if !seen[1] || !seen[3] {
		t.Errorf("the example should hold sentences cited by one and by three documents, got %v", seen)
	}
	off := newObjective(docs, all, cands, wBi, wUni, capU, Options{Words: 100}.withDefaults())
	if off.corrFactor(0) != 1 {
		t.Errorf("factor %.3f with Corroboration off, want 1", off.corrFactor(0))
	}
}
