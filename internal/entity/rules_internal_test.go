package entity

import (
	"strings"
	"testing"
)

// FuzzApplyRules checks that the post-tagging rules keep any tag sequence
// valid IOB2 (an I- tag continues a chunk of its type) and of its length.
func FuzzApplyRules(f *testing.F) {
	f.Add(`Moscow , Jul 15 ( Prensa Latina ) The Undersecretary of State said " Islamic state " and the Minsk Agreements`, []byte{1, 7, 0, 0, 0, 3, 4, 0, 0, 5, 6, 6, 0, 0, 7, 0, 0, 0, 0, 1, 2})
	f.Add(`Berlin , SANA - the group Hamas`, []byte{1, 0, 1, 0, 0, 0, 5})
	names := []string{"O", "B-LOC", "I-LOC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		ws := strings.Fields(text)
		ts := make([]string, len(ws))
		for i := range ts {
			k := 0
			if i < len(raw) {
				k = int(raw[i]) % len(names)
			}
			ts[i] = names[k]
			// Repair the input to valid IOB2 first.
			if strings.HasPrefix(ts[i], "I-") && (i == 0 || ts[i-1] == "O" || ts[i-1][2:] != ts[i][2:]) {
				ts[i] = "B-" + ts[i][2:]
			}
		}
		applyRules([][]string{ws}, [][]string{ts})
		if len(ts) != len(ws) {
			t.Fatalf("length %d, want %d", len(ts), len(ws))
		}
		for i, tg := range ts {
			if strings.HasPrefix(tg, "I-") && (i == 0 || ts[i-1] == "O" || ts[i-1][2:] != tg[2:]) {
				t.Fatalf("invalid IOB2 at %d: %v", i, ts)
			}
		}
	})
}
