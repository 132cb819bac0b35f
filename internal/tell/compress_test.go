package tell_test

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/tell"
)

func TestCompressions(t *testing.T) {
	tests := []struct {
		name  string
		rules string
		in    string
		want  []string // variants that must be offered
		never []string // variants that must not be offered
	}{
		{"paren", "paren",
			"The particles from the tail of Comet Tempel-Tuttle move at 43 miles (69 kilometers) per second.",
			[]string{"The particles from the tail of Comet Tempel-Tuttle move at 43 miles per second."}, nil},
		{"dash aside", "paren",
			"Occasionally, larger chunks enter the atmosphere to produce bolides _ fireballs _ that leave luminous trails.",
			[]string{"Occasionally, larger chunks enter the atmosphere to produce bolides that leave luminous trails."}, nil},
		{"dash aside before a clause stays", "paren",
			"Although some predict a better storm next November _ actually, the second part of this storm _ it will be visible only from Europe.",
			nil, []string{"Although some predict a better storm next November it will be visible only from Europe."}},
		{"dash tail after an aside stays", "paren",
			"Every one of the satellites orbiting the Earth _ spacecraft used for communications and science _ will be hit by meteor dust.",
			nil, []string{"Every one of the satellites orbiting the Earth _ spacecraft used for communications and science."}},
		{"trailing said", "trail-attribution",
			"Some satellites in low-earth orbits can actually hide from meteoroid storms, Ozkul said.",
			[]string{"Some satellites in low-earth orbits can actually hide from meteoroid storms."}, nil},
		{"trailing said name", "trail-attribution",
			"Only a handful of these satellites will be reoriented, said Maj. Perry L. Nouis of the Air Force, spokesman for the Space Command.",
			[]string{"Only a handful of these satellites will be reoriented."}, nil},
		{"main verb said is no attribution", "trail-attribution",
			"Alastair Hamilton, who is responsible for distribution, said some viewers still might lose their signal for a few minutes.",
			nil, []string{"Alastair Hamilton, who is responsible for distribution."}},
		{"quote keeps its speaker", "trail-attribution",
			`"We will not give up," the minister said on Monday.`, nil, []string{`"We will not give up,".`, `"We will not give up."`}},
		{"lead attribution", "lead-attribution",
			"Envoy Jamsheed Marker said late Thursday that the U.N. proposal envisages broad autonomy for the territory.",
			[]string{"The U.N. proposal envisages broad autonomy for the territory."}, nil},
		{"lead attribution before a pronoun stays", "lead-attribution",
			"Chile said it would protest to British authorities over the arrest.", nil, []string{"It would protest to British authorities over the arrest."}},
		{"age", "age", "Pinochet, 82, was held Friday night in London.", []string{"Pinochet was held Friday night in London."}, nil},
		{"age before a phrase stays", "age", "Pinochet, 82, in London for surgery, was held Friday night.", nil,
			[]string{"Pinochet in London for surgery, was held Friday night."}},
		{"en dash range stays", "paren", "The index rose in the years 2015 – 2016.", nil, []string{"The index rose in the years 2015."}},
		{"relative", "relative",
			"The shower, which peaks every 33 years, is caused by the passage of the Earth through the tail of the comet.",
			[]string{"The shower is caused by the passage of the Earth through the tail of the comet."}, nil},
		{"appositive", "appositive",
			"Baltasar Garzon, one of two Spanish magistrates handling the probes, filed a request to question Pinochet.",
			[]string{"Baltasar Garzon filed a request to question Pinochet."}, nil},
		{"lead adverbial", "lead-adverbial",
			"For its part, Syria has accused Turkey of forming military alliances with Israel.",
			[]string{"Syria has accused Turkey of forming military alliances with Israel."}, nil},
		{"dateline", "dateline", "WASHINGTON (AP) _ The Senate passed the budget bill late on Friday.",
			[]string{"The Senate passed the budget bill late on Friday."}, nil},
		{"none", "none", "The particles move at 43 miles (69 kilometers) per second.", nil,
			[]string{"The particles move at 43 miles per second."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tell.ParseCompression(tc.rules)
			if err != nil {
				t.Fatal(err)
			}
			got := tell.Compressions("en", tc.in, c)
			has := map[string]bool{}
			for _, v := range got {
				has[v] = true
			}
			for _, w := range tc.want {
				if !has[w] {
					t.Errorf("missing variant %q; got %q", w, got)
				}
			}
			for _, w := range tc.never {
				if has[w] {
					t.Errorf("bad variant %q offered", w)
				}
			}
			for _, v := range got {
				checkVariant(t, tc.in, v)
			}
		})
	}
}

// checkVariant checks what Summarize relies on: a variant is shorter, its
// words are words of the original, and the original supports it (so an
// article citing the original cites the variant correctly).
func checkVariant(t *testing.T, orig, v string) {
	t.Helper()
	if len(strings.Fields(v)) >= len(strings.Fields(orig)) {
		t.Errorf("variant %q is not shorter than %q", v, orig)
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(orig)) {
		words[strings.Trim(w, `.,;:!?"“”'()_`)] = true
	}
	for _, w := range strings.Fields(strings.ToLower(v)) {
		if w = strings.Trim(w, `.,;:!?"“”'()_`); w != "" && !words[w] {
			t.Errorf("variant %q adds %q", v, w)
		}
	}
	if !tell.Supports("en", v, []string{orig}, 0) {
		t.Errorf("%q does not support its variant %q", orig, v)
	}
}

func TestParseCompression(t *testing.T) {
	tests := []struct {
		in      string
		want    tell.Compression
		wantErr bool
	}{
		{"default", tell.DefaultCompression, false},
		{"none", tell.CompressOff, false},
		{"", tell.CompressOff, false},
		{"paren, age", tell.CompressParen | tell.CompressAge, false},
		{"paren,bogus", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := tell.ParseCompression(tc.in)
			if (err != nil) != tc.wantErr || !tc.wantErr && got != tc.want {
				t.Errorf("ParseCompression(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.wantErr)
			}
			if !tc.wantErr {
				back, err := tell.ParseCompression(got.String())
				if err != nil || back != got {
					t.Errorf("String %q does not parse back: %v %v", got.String(), back, err)
				}
			}
		})
	}
}

// TestSummarizeCompressedCites summarizes with every rule on and checks
// that shortened sentences keep correct citations.
func TestSummarizeCompressedCites(t *testing.T) {
	all, _ := tell.ParseCompression("all")
	docs := []tell.Doc{
		{ID: "a", Sentences: []string{
			"The ministers of both countries met in Geneva (Switzerland) on Monday to discuss the ceasefire in the north, officials said.",
			"The talks lasted five hours and ended without a joint statement from either side.",
		}},
		{ID: "b", Sentences: []string{
			"Ministers of both countries met in Geneva on Monday for talks on the ceasefire in the north.",
			"The talks, which lasted five hours, ended without a joint statement, a diplomat said.",
		}},
	}
	sum := tell.Summarize(docs, tell.Options{Words: 30, Compress: all})
	if len(sum) == 0 {
		t.Fatal("empty summary")
	}
	if p := tell.CitationPrecision(sum, docs, "en", 0); p != 1 {
		t.Errorf("citation precision %.2f: %+v", p, sum)
	}
}

func FuzzCompressions(f *testing.F) {
	for _, s := range []string{
		"The particles move at 43 miles (69 kilometers) per second, he said.",
		"WASHINGTON (AP) _ Officials said Tuesday that the talks, which began Monday, would resume.",
		"Pinochet, 82, a former dictator, was held _ in London _ on Friday.",
		"(", "_ _ _", ", said .",
	} {
		f.Add(s)
	}
	all, _ := tell.ParseCompression("all")
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range tell.Compressions("en", s, all) {
			if len(v) >= len(s) {
				t.Errorf("variant %q of %q is not shorter", v, s)
			}
		}
	})
}
