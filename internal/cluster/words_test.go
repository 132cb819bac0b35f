package cluster

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWordTableMatchesMap checks the word cache table against a map on
// words around the 16-byte inline key (short, exactly 16, 17, long, equal
// prefixes, non-ASCII) across growth.
func TestWordTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("abcdeéßж")
	word := func() string {
		n := 1 + rng.IntN(24)
		if rng.IntN(4) == 0 {
			return strings.Repeat("x", 14+rng.IntN(6)) // shared prefixes around 16 bytes
		}
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteRune(letters[rng.IntN(len(letters))])
		}
		return b.String()
	}
	var tab wordTable
	ref := map[string]*termEntry{} // each word's entry is told apart by its stem
	for i := 0; i < 20000; i++ {
		w := word()
		got := tab.get([]byte(w))
		want, ok := ref[w]
		switch {
		case ok && (got == nil || got.stem != want):
			t.Fatalf("word %d %q: got %+v, want stem %p", i, w, got, want)
		case !ok && got != nil:
			t.Fatalf("word %d %q: got %+v, want none", i, w, got)
		case !ok:
			e := wordEntry{stem: &termEntry{s: w}}
			if len(w) > 16 {
				e.word = w
			}
			if p := tab.put([]byte(w), e); p.stem != e.stem {
				t.Fatalf("put %q returned %+v", w, p)
			}
			ref[w] = e.stem
		}
	}
	if tab.n != len(ref) {
		t.Fatalf("table holds %d words, want %d", tab.n, len(ref))
	}
}
