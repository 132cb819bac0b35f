package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
)

// TestEvalSummarizeTACLanguages runs `eval summarize --tac` on two
// languages with the official runs side by side: one object per language,
// every topic read (Hebrew names three topics' texts ".Hebrew"), the runs
// of the language scored, and our Hindi summaries filling their budget
// (the danda used to end no sentence, which left summaries nearly empty).
func TestEvalSummarizeTACLanguages(t *testing.T) {
	dir := datasets.Require(t, "summarization", "tac2011-multiling")
	out, errOut, code := run(t, "eval", "summarize", "--tac", dir, "--lang", "hebrew,hindi", "--systems", "--tokens", "unicode", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Languages map[string]struct {
			Clusters  int                           `json:"clusters"`
			R1        float64                       `json:"rouge1_recall"`
			Citations float64                       `json:"citation_precision"`
			Systems   map[string]map[string]float64 `json:"systems"`
		} `json:"languages"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, lang := range []string{"hebrew", "hindi"} {
		l, ok := got.Languages[lang]
		if !ok {
			t.Fatalf("no %s in %s", lang, out)
		}
		if l.Clusters != 10 || l.Citations != 1 || len(l.Systems) < 7 {
			t.Errorf("%s: %d clusters, citation precision %.3f, %d official runs", lang, l.Clusters, l.Citations, len(l.Systems))
		}
		// The official centroid baseline (ID9) is a floor any working
		// summarizer clears in every language.
		if base := l.Systems["ID9"]["rouge1_recall"]; l.R1 <= base {
			t.Errorf("%s: ROUGE-1 recall %.4f, not above the centroid baseline's %.4f", lang, l.R1, base)
		}
	}
	for _, bad := range [][]string{{"--lang", "klingon"}, {"--tokens", "bytes"}} {
		_, errOut, code := run(t, append([]string{"eval", "summarize", "--tac", dir}, bad...)...)
		if code == 0 || !strings.Contains(errOut, bad[1]) {
			t.Errorf("%v: exit %d, stderr %q: want a usage error naming %q", bad, code, errOut, bad[1])
		}
	}
}
