package rewrite_test

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/rewrite"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name, in string
		want     []rewrite.Part
	}{
		{"marks before the stop", "Putin met Kerry [1]. They talked [2, 3].",
			[]rewrite.Part{{"Putin met Kerry.", []int{1}}, {"They talked.", []int{2, 3}}}},
		{"marks after the stop", "Putin met Kerry. [1] They talked. [3][2]",
			[]rewrite.Part{{"Putin met Kerry.", []int{1}}, {"They talked.", []int{2, 3}}}},
		{"range and separated marks", "Talks lasted hours [1-3]. Kerry spoke [1], [2].",
			[]rewrite.Part{{"Talks lasted hours.", []int{1, 2, 3}}, {"Kerry spoke.", []int{1, 2}}}},
		{"marks inside a sentence join it", "Putin met Kerry [1] and discussed Syria [2].",
			[]rewrite.Part{{"Putin met Kerry and discussed Syria.", []int{1, 2}}}},
		{"trailing text without marks", "Putin met Kerry [1]. Nothing else happened.",
			[]rewrite.Part{{"Putin met Kerry.", []int{1}}, {"Nothing else happened.", nil}}},
		{"preface, bullets, bold, think", "<think>I should be careful.</think>\nHere is the rewrite:\n\n- **Putin** met Kerry [1].\n- They talked [2].",
			[]rewrite.Part{{"Putin met Kerry.", []int{1}}, {"They talked.", []int{2}}}},
		{"code fence", "```\nPutin met Kerry [1].\n```",
			[]rewrite.Part{{"Putin met Kerry.", []int{1}}}},
		{"quote closes after the mark", `Peskov called it "useful [2]". Kerry agreed [1].`,
			[]rewrite.Part{{`Peskov called it "useful".`, []int{2}}, {"Kerry agreed.", []int{1}}}},
		{"a mark alone after the stop", "Putin met Kerry [1]. [2]",
			[]rewrite.Part{{"Putin met Kerry.", []int{1, 2}}}},
		{"bracketed words are text", "Putin [the president] met Kerry [1].",
			[]rewrite.Part{{"Putin [the president] met Kerry.", []int{1}}}},
		{"empty", "  \n ", nil},
		{"unterminated think", "<think>Let me see [1].", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := rewrite.Parse(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		part rewrite.Part
		why  string // "" keeps it
	}{
		{"faithful", rewrite.Part{"Putin met Kerry in Moscow on Thursday.", []int{1}}, ""},
		{"demonym and possessive", rewrite.Part{"Russia's president met Kerry.", []int{1}}, ""},
		{"number word for digits", rewrite.Part{"The talks lasted more than 3 hours.", []int{2}}, ""},
		{"hyphenated name part", rewrite.Part{"Nusra was the target of the strikes Kerry proposed.", []int{3}}, ""},
		{"adjective of a place", rewrite.Part{"The Syrian talks lasted more than three hours.", []int{2}}, ""},
		{"short words need an exact match", rewrite.Part{"Putin met Kerry in Mosul.", []int{1}}, `names "Mosul"`},
		{"no citation", rewrite.Part{"Putin met Kerry.", nil}, "cites no source"},
		{"zero", rewrite.Part{"Putin met Kerry.", []int{0}}, "cites [0]"},
		{"past the end", rewrite.Part{"Putin met Kerry.", []int{1, 9}}, "cites [9]"},
		{"name from another sentence", rewrite.Part{"Putin discussed Syria.", []int{1}}, `names "Syria", which source sentence 1 does not`},
		{"invented name", rewrite.Part{"Putin met Kerry and Lavrov.", []int{1}}, `names "Lavrov"`},
		{"invented month", rewrite.Part{"Putin met Kerry in July.", []int{1}}, `names "July"`},
		{"invented number", rewrite.Part{"The talks lasted 5 hours.", []int{2}}, `number "5"`},
		{"invented number word", rewrite.Part{"The talks lasted four hours.", []int{2}}, `number "four"`},
		{"invented scale", rewrite.Part{"Kerry proposed a million strikes.", []int{3}}, `gives "million"`},
		{"nothing in common", rewrite.Part{"It was done.", []int{2}}, "shares no word"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			why := rewrite.Check(tc.part, summary, "en")
			if tc.why == "" && why != "" || tc.why != "" && !strings.Contains(why, tc.why) {
				t.Errorf("Check(%q %v) = %q, want %q", tc.part.Text, tc.part.Sources, why, tc.why)
			}
		})
	}
}

func TestCheckAbbreviations(t *testing.T) {
	src := []model.Cited{{Text: "The UN envoy met U.S. officials in Geneva.", Articles: []string{"a"}}}
	for _, text := range []string{"The U.N. envoy met officials.", "The envoy met US officials in Geneva."} {
		if why := rewrite.Check(rewrite.Part{Text: text, Sources: []int{1}}, src, "en"); why != "" {
			t.Errorf("Check(%q) = %q", text, why)
		}
	}
}

func TestBuildKeepsAParaphrase(t *testing.T) {
	answer := "Vladimir Putin hosted John Kerry in Moscow on Thursday [1]. " +
		"The Russian president and the US Secretary of State talked for over three hours, mainly about Syria [1,2]. " +
		"Kerry suggested a joint centre to coordinate air strikes on Jabhat al-Nusra [3]."
	r := rewrite.Build(summary, "en", answer, 0)
	if len(r.Sentences) != 3 || r.Warning != "" {
		t.Errorf("a faithful paraphrase lost sentences: %+v", r)
	}
}

func TestBuildKeepsSummaryUnchanged(t *testing.T) {
	before := fmt.Sprint(summary)
	r := rewrite.Build(summary, "en", good+" Barack Obama agreed [2].", 0)
	if fmt.Sprint(summary) != before {
		t.Error("Build changed the summary it was given")
	}
	if len(r.Sentences) != 3 || !strings.Contains(r.Warning, "dropped 1 of 4") {
		t.Errorf("rewrite = %+v", r)
	}
}

var reMark = regexp.MustCompile(`\[\s*\d{1,6}(?:\s*(?:,|;|-|–|and)\s*\d{1,6})*\s*\]`)

func FuzzParse(f *testing.F) {
	for _, s := range []string{good, "A [1]. B. [2][3] C [1-4], [9].", "<think>x", "- **A** [1]\n- B [2]", "[1]", "x [2-99999]", "A [1]. [", `"Q [1]". `, "\ufeffÜnïcödé [1]!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		parts := rewrite.Parse(in)
		for _, p := range parts {
			if !utf8.ValidString(p.Text) || strings.TrimSpace(p.Text) != p.Text || p.Text == "" {
				t.Fatalf("bad text %q from %q", p.Text, in)
			}
			if reMark.MatchString(p.Text) {
				t.Fatalf("text %q keeps a citation mark (from %q)", p.Text, in)
			}
			if !sort.IntsAreSorted(p.Sources) {
				t.Fatalf("sources %v not sorted", p.Sources)
			}
			for i := 1; i < len(p.Sources); i++ {
				if p.Sources[i] == p.Sources[i-1] {
					t.Fatalf("sources %v repeat", p.Sources)
				}
			}
		}
		r := rewrite.Build(summary, "en", in, 0)
		all := map[string]bool{}
		for _, c := range summary {
			for _, id := range c.Articles {
				all[id] = true
			}
		}
		for _, s := range r.Sentences {
			if len(s.Articles) == 0 {
				t.Fatalf("kept %q citing nothing", s.Text)
			}
			for _, id := range s.Articles {
				if !all[id] {
					t.Fatalf("kept %q citing unknown %q", s.Text, id)
				}
			}
		}
		if len(r.Sentences) == 0 && r.Warning == "" {
			t.Fatalf("empty rewrite without a reason for %q", in)
		}
		_ = model.Cited{}
	})
}

func TestParseNestedMarks(t *testing.T) {
	in := strings.Repeat("[", 20000) + "1" + strings.Repeat("]", 20000) + " Putin met Kerry [1]."
	parts := rewrite.Parse(in) // must not take quadratic time
	if len(parts) == 0 {
		t.Fatal("no parts")
	}
	if len(parts) != 1 || !strings.HasSuffix(parts[0].Text, "] Putin met Kerry.") || !reflect.DeepEqual(parts[0].Sources, []int{1}) {
		t.Errorf("%d parts, last %q", len(parts), parts[len(parts)-1].Text[max(0, len(parts[len(parts)-1].Text)-40):])
	}
}

func BenchmarkParseBuild(b *testing.B) {
	answer := strings.Repeat(good+" ", 200)
	for i := 0; i < b.N; i++ {
		rewrite.Build(summary, "en", answer, 0)
	}
}
