package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalRunScoresThePipeline runs a small labelled file with two
// unrelated events through `eval run` and checks the scores it prints
// against what the pipeline must get: two stories, each event whole.
func TestEvalRunScoresThePipeline(t *testing.T) {
	quake := []string{
		"A magnitude 6.1 earthquake struck the Indonesian island of Sumatra on Monday, killing at least 12 people and destroying hundreds of homes, officials said.",
		"Rescue teams searched collapsed homes on Sumatra on Monday after a 6.1 magnitude earthquake killed at least 12 people, Indonesian disaster officials said.",
		"The death toll from Monday's earthquake on Sumatra rose to 12 as rescuers dug through destroyed homes, Indonesia's disaster agency said.",
	}
	vote := []string{
		"Parliament in Oslo approved the national budget on Thursday after the governing coalition won the support of the Centre Party in a late vote.",
		"Norway's parliament passed the budget in Oslo on Thursday, the governing coalition securing Centre Party votes hours before the deadline.",
	}
	var b strings.Builder
	line := func(id, event, text, day string) {
		j, _ := json.Marshal(map[string]string{"id": id, "event": event, "title": "", "text": text, "published": day, "language": "en"})
		b.Write(j)
		b.WriteByte('\n')
	}
	for i, s := range quake {
		line(fmt.Sprintf("q%d", i), "quake", s, "2020-03-02")
	}
	for i, s := range vote {
		line(fmt.Sprintf("v%d", i), "vote", s, "2020-03-05")
	}
	line("q0", "quake", quake[0], "2020-03-02") // a repeated id counts once
	path := filepath.Join(t.TempDir(), "events.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "eval", "run", "--format", "json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Articles int     `json:"articles"`
		Events   int     `json:"events"`
		Stories  int     `json:"stories"`
		Missing  int     `json:"missing"`
		F1       float64 `json:"bcubed_f1"`
		Pairwise float64 `json:"pairwise_f1"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.Articles != 5 || got.Events != 2 || got.Missing != 0 {
		t.Errorf("articles %d events %d missing %d, want 5, 2, 0", got.Articles, got.Events, got.Missing)
	}
	if got.Stories != 2 || got.F1 != 1 || got.Pairwise != 1 {
		t.Errorf("stories %d, B-cubed F1 %.3f, pairwise F1 %.3f; want 2 stories scored 1.0", got.Stories, got.F1, got.Pairwise)
	}
	if _, errs, code := run(t, "eval", "run", path, path); code == 0 {
		t.Errorf("two files accepted; stderr %q", errs)
	}
}

// TestEvalClusterShuffleIsDeterministic checks --shuffle: the same seed
// gives the same stories, and every article is still counted once.
func TestEvalClusterShuffleIsDeterministic(t *testing.T) {
	var b strings.Builder
	for i := range 12 {
		event := []string{"quake", "vote", "flood"}[i%3]
		text := map[string]string{
			"quake": "A strong earthquake struck Sumatra on Monday, destroying homes and killing villagers, officials said.",
			"vote":  "Parliament in Oslo approved the national budget on Thursday after a late coalition deal.",
			"flood": "Floods swept through the Po valley on Friday as the river burst its banks near Ferrara.",
		}[event]
		j, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("%s%d", event, i), "event": event, "text": text, "published": "2020-03-02", "language": "en"})
		b.Write(j)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "events.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	assign := func(seed string) string {
		out := filepath.Join(t.TempDir(), "assign.tsv")
		_, errs, code := run(t, "eval", "cluster", "--shuffle", seed, "--assignments", out, "--format", "json", path)
		if code != 0 {
			t.Fatalf("seed %s: exit %d: %s", seed, code, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), "\n"); n != 12 {
			t.Errorf("seed %s: %d assignments, want 12", seed, n)
		}
		return string(data)
	}
	if a, b := assign("7"), assign("7"); a != b {
		t.Errorf("the same seed gave different assignments:\n%s\n%s", a, b)
	}
}
