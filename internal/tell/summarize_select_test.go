package tell

import (
	"fmt"
	"math"
	"testing"
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

// value scores a whole summary in order, the last sentence counting
// only up to the budget.
func (ob *objective) value(chosen []int, words int) float64 {
	s := ob.empty()
	total := 0.0
	used := 0
	for _, i := range chosen {
		rem := words - used
		if rem <= 0 {
			break
		}
		total += ob.gain(i, rem, s)
		ob.add(i, rem, s)
		used += ob.cands[i].words
	}
	return total
}

func TestSelectGreedy(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
	}{
		{"concepts", Options{Words: 40, StopWords: -1}},
		{"stop words", Options{Words: 40}},
		{"overflow", Options{Words: 30, Overflow: true}},
		{"position", Options{Words: 40, Position: 2}},
		{"french", Options{Words: 40, Language: "fr"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o.withDefaults()
			docs := selectDocs()
			cands, all := prepare(docs, o)
			wBi, wUni, capU := weights(docs, all, cands, o)
			ob := newObjective(docs, all, cands, wBi, wUni, capU, o)
			if (ob.stop != nil) != (o.StopWords > 0) {
				t.Fatalf("stop term %v with StopWords %v", ob.stop != nil, o.StopWords)
			}
			chosen, total := selectGreedy(ob, o)
			if len(chosen) == 0 {
				t.Fatal("empty summary")
			}
			if v := ob.value(chosen, o.Words); math.Abs(v-total) > 1e-6 {
				t.Errorf("greedy total %.3f, value of its summary %.3f", total, v)
			}
			words := 0
			groups := map[int]bool{}
			for i, ci := range chosen {
				if groups[cands[ci].group] {
					t.Errorf("two variants of one sentence in %v", chosen)
				}
				groups[cands[ci].group] = true
				if i < len(chosen)-1 || !o.Overflow {
					words += cands[ci].words
				}
			}
			if words > o.Words {
				t.Errorf("summary uses %d words, budget %d", words, o.Words)
			}
			// No single candidate that fits is worth more than the summary.
			for i := range cands {
				if cands[i].words <= o.Words || o.Overflow {
					if g := ob.gain(i, o.Words, ob.empty()); g > total+1e-9 {
						t.Errorf("candidate %d alone gains %.3f, summary %.3f", i, g, total)
					}
				}
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
