package tell

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"
)

// selectDocs is a small cluster whose documents share some sentences and
// word pairs, so concept weights are not all zero.
func selectDocs() []Doc {
	base := []string{
		"The ministers of both countries met in Geneva on Monday to discuss the ceasefire in the north.",
		"The talks lasted five hours and ended without a joint statement from either side.",
		"Observers said a second round of talks was expected next month in the same city.",
		"The ceasefire in the north was agreed in March after two years of fighting.",
		"He said that the ministers would meet again when the fighting stopped in the north.",
		"Both governments were under pressure to reach a deal before the winter.",
	}
	var docs []Doc
	for d := 0; d < 4; d++ {
		var s []string
		for i, b := range base {
			if (i+d)%3 != 0 {
				s = append(s, b)
			}
		}
		s = append(s, fmt.Sprintf("A local story number %d about a bakery reopened after the storm.", d))
		docs = append(docs, Doc{ID: fmt.Sprint("d", d), Sentences: s})
	}
	return docs
}

func TestObjectiveGreedyMatchesDefault(t *testing.T) {
	for _, overflow := range []bool{false, true} {
		t.Run(fmt.Sprint("overflow=", overflow), func(t *testing.T) {
			o := Options{Words: 40, Overflow: overflow, StopWords: -1}.withDefaults()
			docs := selectDocs()
			cands, all := prepare(docs, o)
			wBi, wUni, capU, _ := weights(docs, all, cands, o)
			want := selectGreedy(cands, wBi, wUni, capU, o)
			ob := &objective{cands: cands, wBi: wBi, wUni: wUni, capU: capU}
			got, _ := selectWith(ob, o, o.Starts)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("general greedy chose %v, default greedy %v", got, want)
			}
		})
	}
}

func TestExactAndTailNeverWorse(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
	}{
		{"concepts", Options{Words: 40, StopWords: -1}},
		{"stop words", Options{Words: 40, StopWords: 0.1}},
		{"overflow", Options{Words: 30, Overflow: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o.withDefaults()
			docs := selectDocs()
			cands, all := prepare(docs, o)
			wBi, wUni, capU, _ := weights(docs, all, cands, o)
			ob := &objective{cands: cands, wBi: wBi, wUni: wUni, capU: capU}
			if o.StopWords > 0 {
				ob.stop = newStopTerm(all, cands, 10*o.StopWords, o)
			}
			g, gv := selectWith(ob, o, o.Starts)
			if v := ob.value(g, o.Words); math.Abs(v-gv) > 1e-6 {
				t.Errorf("greedy total %.3f, value of its summary %.3f", gv, v)
			}
			e, ev := selectExact(ob, o, g, gv, 5000)
			if ev < gv-1e-9 {
				t.Errorf("exact %.3f below greedy %.3f", ev, gv)
			}
			if v := ob.value(e, o.Words); math.Abs(v-ev) > 1e-6 {
				t.Errorf("exact reports %.3f, value of its summary %.3f", ev, v)
			}
			words := 0
			groups := map[int]bool{}
			for i, ci := range e {
				if groups[cands[ci].group] {
					t.Errorf("two variants of one sentence in %v", e)
				}
				groups[cands[ci].group] = true
				if i < len(e)-1 || !o.Overflow {
					words += cands[ci].words
				}
			}
			if words > o.Words {
				t.Errorf("exact summary uses %d words, budget %d", words, o.Words)
			}
			tail := tailOrder(ob, e, o.Words)
			if ob.value(tail, o.Words) < ev-1e-9 {
				t.Errorf("tail order lowered the value")
			}
		})
	}
}

func TestStopRatios(t *testing.T) {
	doc := map[string]float64{"said": 10, "was": 2}
	ref := map[string]float64{"was": 4}
	got := StopRatios(doc, 100, ref, 100, 2)
	for w, want := range map[string]float64{"said": 2.0 / 12, "was": 6.0 / 4} {
		if math.Abs(got[w]-want) > 1e-9 {
			t.Errorf("%s: ratio %.4f, want %.4f", w, got[w], want)
		}
	}
	counts := map[string]float64{}
	if n := StopCounts("en", []string{"He said it was over.", "The war was over"}, counts); n != 9 {
		t.Errorf("StopCounts total %v, want 9", n)
	}
	if counts["was"] != 2 || counts["war"] != 0 {
		t.Errorf("StopCounts %v: want was=2 and no content words", counts)
	}
}

func TestStopTermGains(t *testing.T) {
	o := Options{Words: 100}.withDefaults()
	all := [][]sentenceInfo{{{toks: []string{"the", "war", "the", "end", "of", "it"}}}}
	toks, tw := tokens("en", "The end of the war")
	cands := []candidate{{toks: toks, tokWord: tw, words: 5}}
	st := newStopTerm(all, cands, 1, o)
	for _, w := range []string{"the", "of"} {
		id := int32(-1)
		for j, t := range toks {
			if t == w {
				id = st.ids[0][j]
			}
		}
		if id < 0 {
			t.Fatalf("%q has no stop id", w)
		}
		g := st.gains[id]
		mu := o.StopRate * 100 * map[string]float64{"the": 2, "of": 1}[w] / 6 * o.StopRates[w]
		if math.Abs(g[0]-(1-math.Exp(-mu))) > 1e-9 {
			t.Errorf("%s: first copy gains %.4f, want %.4f", w, g[0], 1-math.Exp(-mu))
		}
		for k := 1; k < len(g); k++ {
			if g[k] > g[k-1] {
				t.Errorf("%s: copy %d gains more than copy %d", w, k+1, k)
			}
		}
	}
}

func TestSkipKeys(t *testing.T) {
	toks, _ := tokens("en", "President of Brazil met the press")
	got := skipKeys(toks, "en")
	want := []string{"", "", toks[0] + "~" + toks[2], "", "", toks[3] + "~" + toks[5]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipKeys(%v) = %q, want %q", toks, got, want)
	}
}

func TestRecencyRanks(t *testing.T) {
	docs := selectDocs()
	base := time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		docs[i].Published = base.AddDate(0, 0, []int{3, 1, 1, 2}[i])
	}
	got := recencyRanks(docs)
	want := []float64{1, 1.0 / 6, 1.0 / 6, 2.0 / 3}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("ranks %v, want %v", got, want)
			break
		}
	}
}

func TestCopyGroups(t *testing.T) {
	mk := func(ss ...string) []sentenceInfo {
		var out []sentenceInfo
		for _, s := range ss {
			toks, _ := tokens("en", s)
			out = append(out, sentenceInfo{toks: toks})
		}
		return out
	}
	all := [][]sentenceInfo{
		mk("One story opens here.", "It goes on.", "It ends."),
		mk("Another story.", "Nothing shared."),
		mk("One story opens here.", "It goes on.", "An update ends it."),
		mk("It ends.", "A third text."),
	}
	got := copyGroups(all)
	if got[0] != got[2] || got[0] == got[1] || got[3] == got[0] || got[3] == got[1] {
		t.Errorf("groups %v: want documents 0 and 2 together, 1 and 3 alone", got)
	}
}

func TestPoissonTail(t *testing.T) {
	g := poissonTail(1, 2)
	if len(g) < 3 || math.Abs(g[0]-2*(1-math.Exp(-1))) > 1e-12 {
		t.Fatalf("poissonTail(1, 2) = %v", g)
	}
	for k := 1; k < len(g); k++ {
		if g[k] >= g[k-1] {
			t.Errorf("tail not decreasing at %d: %v", k, g)
		}
	}
	if g := poissonTail(0, 1); len(g) != 0 {
		t.Errorf("poissonTail(0) = %v, want none", g)
	}
}

func TestWordRateAndPairKey(t *testing.T) {
	o := Options{}.withDefaults()
	o.WordRates = map[string]float64{"war": 4, "peac": 0.25}
	for _, tc := range []struct {
		words []string
		want  float64
	}{
		{[]string{"war"}, 4},
		{[]string{"the", "war"}, 4},
		{[]string{"war", "peac"}, 1},
		{[]string{"war", "unknown"}, 2},
		{[]string{"of", "the"}, 1},
	} {
		if got := wordRate(tc.words, o); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("wordRate(%v) = %v, want %v", tc.words, got, tc.want)
		}
	}
	toks, _ := tokens("en", "the end of the war")
	key := stopPairKey("en")
	var got []string
	for j := range toks {
		got = append(got, key(toks, j))
	}
	want := []string{"", "", "", "of the", ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stop pair keys %q, want %q", got, want)
	}
}

func TestProperStems(t *testing.T) {
	docs := []Doc{{Sentences: []string{
		"Yesterday Cardoso won the vote in Brazil.",
		"The vote was close, and Cardoso said Brazil needs reform.",
		"Reform is what voters want.",
	}}}
	got := properStems(docs, "en")
	for _, w := range []string{"Cardoso", "Brazil"} {
		toks, _ := tokens("en", w)
		if !got[toks[0]] {
			t.Errorf("%s not found as a name in %v", w, got)
		}
	}
	for _, w := range []string{"vote", "reform", "yesterday"} {
		toks, _ := tokens("en", w)
		if got[toks[0]] {
			t.Errorf("%s taken for a name", w)
		}
	}
}
