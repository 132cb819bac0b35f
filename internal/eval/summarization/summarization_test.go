package summarization_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/duc"
	"github.com/storyline-news/storyline/internal/eval/rouge"
	"github.com/storyline-news/storyline/internal/eval/summarization"
	"github.com/storyline-news/storyline/internal/tell"
)

func TestSetOptions(t *testing.T) {
	for _, tc := range []struct {
		spec    string
		check   func(tell.Options) bool
		wantErr string
	}{
		{"default", func(o tell.Options) bool { return reflect.DeepEqual(o, tell.Options{}) }, ""},
		{"", func(o tell.Options) bool { return reflect.DeepEqual(o, tell.Options{}) }, ""},
		{"Unigram=0.75, UnigramCap=3", func(o tell.Options) bool { return o.Unigram == 0.75 && o.UnigramCap == 3 }, ""},
		{"NoQuotes=true,Language=fr", func(o tell.Options) bool { return o.NoQuotes && o.Language == "fr" }, ""},
		{"ExactNodes=100", nil, "no field"},
		{"Compress=paren+age", func(o tell.Options) bool { return o.Compress == tell.CompressParen|tell.CompressAge }, ""},
		{"Nope=1", nil, "no field"},
		{"Unigram", nil, "not Field=value"},
		{"UnigramCap=x", nil, "UnigramCap"},
		{"StopRates=1", nil, "cannot be set"},
		{"Compress=bogus", nil, "bogus"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			var o tell.Options
			err := summarization.SetOptions(&o, tc.spec)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(o) {
				t.Errorf("options %+v do not reflect %q", o, tc.spec)
			}
		})
	}
}

func FuzzSetOptions(f *testing.F) {
	for _, s := range []string{"default", "Unigram=1,Words=3", "Compress=all", "=", ",,", "StopWords=-1e309"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		var o tell.Options
		_ = summarization.SetOptions(&o, spec)
	})
}

func TestCompare(t *testing.T) {
	res := func(r1 ...float64) summarization.Result {
		var out summarization.Result
		for _, x := range r1 {
			var r rouge.Result
			r.N = make([]rouge.Score, 2)
			r.N[0].Recall, r.N[1].Recall = x, x/2
			out.PerCluster = append(out.PerCluster, r)
		}
		return out
	}
	p := summarization.Compare(res(0.4, 0.4, 0.4), res(0.5, 0.3, 0.4))
	if p.Wins != 1 || p.Losses != 1 {
		t.Errorf("wins %d losses %d, want 1 and 1", p.Wins, p.Losses)
	}
	if p.R1Diff > 1e-12 || p.R1Diff < -1e-12 || p.R1Err <= 0 {
		t.Errorf("R-1 difference %.4f ± %.4f, want 0 with a positive error", p.R1Diff, p.R1Err)
	}
}

// TestShippedStopRates relearns the English stop-word rates from DUC 2003
// and checks that tell's built-in table is what the generator writes.
func TestShippedStopRates(t *testing.T) {
	dir := datasets.Require(t, "summarization", "duc2003-task2")
	cl, err := duc.ReadDUC(filepath.Join(dir, "docs"), filepath.Join(dir, "models"))
	if err != nil {
		t.Fatal(err)
	}
	got := summarization.StopRatesSource(summarization.StopRatios(cl, "en"), "storyline eval summarize-tune --duc duc2003-task2 --write-stop-rates internal/tell/summarize_stoprates.go")
	want, err := os.ReadFile(filepath.Join("..", "..", "tell", "summarize_stoprates.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/tell/summarize_stoprates.go differs from the rates learned on DUC 2003; regenerate it")
	}
}

// TestRunDUC2003 runs the default summarizer on a few DUC 2003 clusters:
// citations stay exact and ROUGE stays above a floor well below the
// full-run figures.
func TestRunDUC2003(t *testing.T) {
	dir := datasets.Require(t, "summarization", "duc2003-task2")
	cl, err := duc.ReadDUC(filepath.Join(dir, "docs"), filepath.Join(dir, "models"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := summarization.Run(context.Background(), cl[:4], tell.Options{Words: 100, Overflow: true}, rouge.DUC2004())
	if err != nil {
		t.Fatal(err)
	}
	if r.Citation != 1 {
		t.Errorf("citation precision %.3f, want 1", r.Citation)
	}
	if r.R1 < 0.36 || r.R2 < 0.08 {
		t.Errorf("ROUGE-1 %.4f, ROUGE-2 %.4f on 4 clusters: below the floor (0.36, 0.08)", r.R1, r.R2)
	}
	if r.Sources < 1 || r.Restated < 0 || len(r.RestatedPairs) != 4 || len(r.SourcesPerSentence) != 4 {
		t.Errorf("sources per sentence %.2f (want at least 1), restated pairs %.2f, per cluster %v %v", r.Sources, r.Restated, r.RestatedPairs, r.SourcesPerSentence)
	}
	story, err := summarization.Run(context.Background(), cl[:4], tell.Options{Words: 100, Overflow: true, Restate: tell.StoryRestate}, rouge.DUC2004())
	if err != nil {
		t.Fatal(err)
	}
	if story.Restated != 0 {
		t.Errorf("with Restate %.2f restated pairs a summary, want 0", story.Restated)
	}
	t.Logf("restated pairs a summary: %.2f default, %.2f with Restate", r.Restated, story.Restated)
	if len(r.Summaries) != 4 || len(r.PerCluster) != 4 || len(r.Citations) != 4 || r.Mean.N[0].Recall != r.R1 {
		t.Errorf("per-cluster results %d summaries, %d scores, %d citations; mean R-1 %.4f, R1 %.4f", len(r.Summaries), len(r.PerCluster), len(r.Citations), r.Mean.N[0].Recall, r.R1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := summarization.Run(ctx, cl[:4], tell.Options{Words: 100}, rouge.DUC2004()); err == nil {
		t.Errorf("Run with a cancelled context: no error")
	}
}

// TestLearners checks the stop-word rate learner on two made-up clusters whose
// references never say "said" and always say "was".
func TestLearners(t *testing.T) {
	doc := func(id, text string) duc.Document { return duc.Document{ID: id, Text: text} }
	cl := []duc.Cluster{
		{ID: "c1", Docs: []duc.Document{
			doc("a", "The mayor said the bridge is closed. He said repairs will take a year."),
			doc("b", "The bridge is closed, officials said on Monday. It was built in 1950."),
		}, Models: [][]string{{"The bridge was closed for repairs."}}},
		{ID: "c2", Docs: []duc.Document{
			doc("c", "The strike is over, the union said. Workers said they are back."),
			doc("d", "Workers are back at the plant, the company said."),
		}, Models: [][]string{{"The strike was over and workers were back."}}},
	}
	stop := summarization.StopRatios(cl, "en")
	if !(stop["said"] < 1 && stop["was"] > 1) {
		t.Errorf("stop rates said %.2f was %.2f: want said below 1 and was above", stop["said"], stop["was"])
	}
}
