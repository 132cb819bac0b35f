package tell

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// qualityDocs is a story where one document, machine-translated, carries
// the lead content in badly cased words with no subject, and another
// carries it in readable English.
func qualityDocs() []Doc {
	return []Doc{
		{ID: "mt", Sentences: []string{
			"At talks with us Secretary of state John Kerry the minister has not discussed military cooperation in Syria.",
			"The weather in the capital was cold on the day of the visit.",
		}},
		{ID: "wire", Sentences: []string{
			"The minister and US Secretary of State John Kerry did not discuss military cooperation in Syria when they met for three hours.",
			"US Secretary of State John Kerry flew home after the meeting.",
		}},
		{ID: "paper", Sentences: []string{
			"On Monday US Secretary of State John Kerry arrived in Moscow, where military cooperation in Syria and the talks with the minister were expected to dominate a long and busy schedule of meetings.",
		}},
		{ID: "agency", Sentences: []string{
			"Officials said that on Thursday US Secretary of State John Kerry and the minister would discuss military cooperation in Syria, the future of the ceasefire, and a long list of other regional questions.",
		}},
	}
}

func TestDefects(t *testing.T) {
	docs := qualityDocs()
	tab := newCaseTable(docs)
	cases := []struct {
		name string
		text string
		doc  int
		want int
	}{
		{"miscased pair and missing subject", docs[0].Sentences[0], 0, 3},
		{"readable wire sentence", docs[1].Sentences[0], 1, 0},
		{"case of the first word says nothing", "Us Secretary of State John Kerry left.", 0, 0},
		{"space before the full stop", "Kerry met the minister in Moscow, reports correspondent .", 0, 1},
		{"doubled word", "Kerry met the the minister in Moscow.", 0, 1},
		{"opening phrase with a comma has a subject", "At a meeting of the minister with the envoy, Kerry has not discussed Syria.", 0, 0},
		{"short opening phrase", "On Thursday the minister has left.", 0, 0},
		{"own document's casing does not count", "They met the minister with us Secretary of state John Kerry.", 1, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := defects(c.text, c.doc, tab); got != c.want {
				t.Errorf("defects(%q) = %d, want %d", c.text, got, c.want)
			}
		})
	}
}

func TestDangling(t *testing.T) {
	cases := []struct {
		s    string
		want int
	}{
		{"He said the talks went well.", refPronoun},
		{"Their talks lasted four hours.", refPronoun},
		{"This week the talks resumed.", refNone},
		{"It was the second visit this year.", refNone},
		{"During talks between Putin and Kerry, the former asserted that Russia hopes for progress.", refPositional},
		{"The latter said nothing.", refPositional},
		{"Kerry met Putin and Lavrov; he spoke with the latter.", refPositional},
		{"The former president visited Moscow.", refNone},
		{"Kerry met the former minister on Friday.", refNone},
		{"Helen said the talks went well.", refNone},
	}
	for _, c := range cases {
		t.Run(c.s, func(t *testing.T) {
			if got := dangling(c.s); got != c.want {
				t.Errorf("dangling(%q) = %d, want %d", c.s, got, c.want)
			}
		})
	}
}

func TestTidyDateline(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Moscow, SANA – Kremlin said that the talks centered on Syria.", "Kremlin said that the talks centered on Syria."},
		{"Moscow, Jul 15 (Prensa Latina) Russian President Vladimir Putin held talks.", "Russian President Vladimir Putin held talks."},
		{"New York, (AP) — The storm hit the coast.", "The storm hit the coast."},
		{"Kerry, the US Secretary of State, met Putin.", "Kerry, the US Secretary of State, met Putin."},
		{"Moscow, he said, wants talks.", "Moscow, he said, wants talks."},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := tidy(c.in); got != c.want {
				t.Errorf("tidy(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// TestSummarizePrefersBetterWritten: with the quality rule the summary
// says the lead content in the wire's words, citing every article that
// supports them; without it, the machine translation wins on length.
func TestSummarizePrefersBetterWritten(t *testing.T) {
	docs := qualityDocs()
	for _, c := range []struct {
		name    string
		quality float64
		want    string
	}{
		{"off", -1, "mt"},
		{"on", 0, "wire"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum := Summarize(docs, Options{Words: 25, MinWords: 5, Quality: c.quality})
			if len(sum) == 0 {
				t.Fatal("empty summary")
			}
			if got := sum[0].Articles[0]; got != c.want {
				t.Errorf("first sentence %q from %s, want %s", sum[0].Text, got, c.want)
			}
			if p := CitationPrecision(sum, docs, "en", 0); p != 1 {
				t.Errorf("citation precision %.2f", p)
			}
			for _, s := range sum {
				var all []string
				for _, d := range docs {
					if Supports("en", s.Text, d.Sentences, 0) {
						all = append(all, d.ID)
					}
				}
				if len(all) != len(s.Articles) {
					t.Errorf("%q cites %v, supported by %v", s.Text, s.Articles, all)
				}
			}
		})
	}
}

// TestSummarizeFormerLatter: a sentence using "the former" as its subject
// gives way to one that names who spoke (b or c).
func TestSummarizeFormerLatter(t *testing.T) {
	docs := []Doc{
		{ID: "a", Sentences: []string{"During talks between Putin and Kerry, the former asserted Russia hopes for progress on Syria."}},
		{ID: "b", Sentences: []string{"Putin told Kerry at their talks in Moscow that Russia hopes for real progress on Syria soon."}},
		{ID: "c", Sentences: []string{"Putin and Kerry held talks on Syria, and Russia hopes for progress."}},
	}
	for _, c := range []struct {
		name string
		fl   float64
		want string
	}{
		{"off", -1, "a"},
		{"on", 0, "bc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum := Summarize(docs, Options{Words: 18, MinWords: 5, FormerLatter: c.fl})
			if len(sum) == 0 {
				t.Fatal("empty summary")
			}
			if got := sum[0].Articles[0]; !strings.Contains(c.want, got) {
				t.Errorf("first sentence %q from %s, want %s", sum[0].Text, got, c.want)
			}
		})
	}
}

func FuzzQuality(f *testing.F) {
	f.Add("At a meeting of the minister with us Secretary of state John Kerry has not discussed Syria .")
	f.Add("Moscow, SANA – Kremlin said that the talks centered on Syria.")
	f.Add("“ . , the former")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		docs := []Doc{{ID: "a", Sentences: []string{s}}, {ID: "b", Sentences: []string{s, strings.ToUpper(s)}}}
		if d := defects(s, 0, newCaseTable(docs)); d < 0 {
			t.Errorf("defects(%q) = %d", s, d)
		}
		dangling(s)
		if got := tidy(s); strings.TrimSpace(s) != "" && got == "" {
			t.Errorf("tidy(%q) is empty", s)
		}
	})
}

// TestSummarizeSkipsWorseRepetition: with room for two sentences the
// summary holds the lead content once, in the wire's words, and not the
// machine translation as well (the greedy's pick is replaced by the
// wire's sentence; a worse-written sentence whose content a chosen one
// carries is not added after it).
func TestSummarizeSkipsWorseRepetition(t *testing.T) {
	docs := qualityDocs()
	for _, c := range []struct {
		name    string
		quality float64
		wantMT  bool
	}{
		{"off", -1, true},
		{"on", 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum := Summarize(docs, Options{Words: 45, MinWords: 5, Quality: c.quality})
			hasMT := false
			for _, s := range sum {
				hasMT = hasMT || s.Articles[0] == "mt" && strings.Contains(s.Text, "us Secretary")
			}
			if hasMT != c.wantMT {
				t.Errorf("summary %+v: machine translation present %v, want %v", sum, hasMT, c.wantMT)
			}
		})
	}
}

// TestSummarizePronounAfterReferent: with Dangling the summary does not
// open with "They" or "Their"; the hostages are named first.
func TestSummarizePronounAfterReferent(t *testing.T) {
	docs := []Doc{
		{ID: "a", Sentences: []string{
			"They were working for a telephone company installing telephone lines across Chechnya.",
			"The four hostages from Britain and New Zealand were kidnapped in Grozny in October.",
		}},
		{ID: "b", Sentences: []string{
			"Officials said the telephone company had been installing telephone lines across Chechnya for two years when the four engineers were seized by armed men outside their house.",
			"The four hostages were kidnapped in Grozny by armed men in October.",
		}},
		{ID: "c", Sentences: []string{
			"Four hostages kidnapped in Grozny were found dead, officials in Chechnya said.",
			"Their company had been installing telephone lines across Chechnya.",
		}},
	}
	for _, c := range []struct {
		name        string
		dangling    float64
		wantPronoun bool // the summary opens with a pronoun
	}{
		{"off", -1, true},
		{"story default", StoryDangling, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum := Summarize(docs, Options{Words: 26, MinWords: 5, Dangling: c.dangling})
			if len(sum) == 0 {
				t.Fatal("empty summary")
			}
			if got := dangling(sum[0].Text) == refPronoun; got != c.wantPronoun {
				t.Errorf("summary opens with %q: pronoun %v, want %v", sum[0].Text, got, c.wantPronoun)
			}
		})
	}
}
