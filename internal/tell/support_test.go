package tell

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestSupportIndexMatchesSupported checks the index against the plain
// support test on random stories: same answer for every statement,
// article and threshold, with the scratch state reused between calls.
func TestSupportIndexMatchesSupported(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	set := func(n, vocab int) map[string]bool {
		m := map[string]bool{}
		for range n {
			m[fmt.Sprintf("w%d", r.IntN(vocab))] = true
		}
		return m
	}
	for story := range 50 {
		vocab := 5 + r.IntN(60)
		sets := make([][]map[string]bool, 1+r.IntN(8))
		for a := range sets {
			for range r.IntN(12) {
				sets[a] = append(sets[a], set(r.IntN(10), vocab))
			}
		}
		idx := newSupportIndex(sets)
		var got []bool
		for range 40 {
			stmt := set(r.IntN(8), vocab)
			for _, th := range []float64{0.34, DefaultSupport, 1} {
				got = idx.supporters(stmt, th, got)
				for a := range sets {
					if want := supported(stmt, sets[a], th); got[a] != want {
						t.Fatalf("story %d: statement %v, article %d, threshold %v: index says %v, supported says %v", story, stmt, a, th, got[a], want)
					}
				}
			}
		}
	}
}
