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
	ref := map[string]*wordEntry{}
	for i := 0; i < 20000; i++ {
		w := word()
		got := tab.get([]byte(w))
		if want := ref[w]; got != want {
			t.Fatalf("word %d %q: got %p, want %p", i, w, got, want)
		}
		if got == nil {
			e := &wordEntry{}
			if len(w) > 16 {
				e.word = w
			}
			tab.put([]byte(w), e)
			ref[w] = e
		}
	}
	if tab.n != len(ref) {
		t.Fatalf("table holds %d words, want %d", tab.n, len(ref))
	}
}
