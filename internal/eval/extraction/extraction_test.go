package extraction_test

import (
	"bytes"
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/extraction"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		{"snake_case x2 3.14", []string{"snake_case", "x2", "3", "14"}},
		{"Привет, мир — 東京", []string{"Привет", "мир", "東京"}},
		{"l'été", []string{"l", "été"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := extraction.Tokenize(tc.in)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred string
		tp, fp, fn  float64
		exact       bool
	}{
		{"identical", "one two three four five", "one two three four five", 1, 0, 0, true},
		{"punctuation ignored", "one, two. three four", "one two three four", 1, 0, 0, true},
		{"empty prediction", "one two three four five", "", 0, 0, 1, false},
		{"both empty", "", "", 0, 0, 0, true},
		// truth 4-grams: abcd bcde; pred: abcd bcde cdef -> tp 2, fp 1.
		{"extra words", "a b c d e", "a b c d e f", 2.0 / 3, 1.0 / 3, 0, false},
		// short texts are one shingle each.
		{"short mismatch", "a b", "a c", 0, 0.5, 0.5, false},
		{"soft hyphen stripped", "extraordinary claims here now", "extra\u00adordinary claims here now", 1, 0, 0, true},
		// repeated shingles count as a multiset.
		{"multiset", "x y z w x y z w", "x y z w", 1.0 / 5, 0, 4.0 / 5, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := extraction.Score(tc.truth, tc.pred)
			if !near(s.TP, tc.tp) || !near(s.FP, tc.fp) || !near(s.FN, tc.fn) || s.Exact != tc.exact {
				t.Errorf("Score = %+v, want tp %.3f fp %.3f fn %.3f exact %v", s, tc.tp, tc.fp, tc.fn, tc.exact)
			}
		})
	}
}

func TestAggregate(t *testing.T) {
	// Page 1: P=1, R=0.5; page 2: P=0.5, R=1; page 3 perfect.
	scores := []extraction.PageScore{
		{TP: 0.5, FP: 0, FN: 0.5},
		{TP: 0.5, FP: 0.5, FN: 0},
		{TP: 1, Exact: true},
	}
	r := extraction.Aggregate(scores)
	wantP, wantR := (1+0.5+1)/3.0, (0.5+1+1)/3.0
	if !near(r.Precision, wantP) || !near(r.Recall, wantR) {
		t.Errorf("P, R = %v, %v; want %v, %v", r.Precision, r.Recall, wantP, wantR)
	}
	// F1 of the means, not the mean of per-page F1.
	if want := 2 * wantP * wantR / (wantP + wantR); !near(r.F1, want) {
		t.Errorf("F1 = %v, want %v", r.F1, want)
	}
	if !near(r.Accuracy, 1.0/3) {
		t.Errorf("accuracy = %v, want 1/3", r.Accuracy)
	}
	if r.F1Std <= 0 || r.F1Std > 0.2 {
		t.Errorf("bootstrap std = %v, want a small positive spread", r.F1Std)
	}
	// A page with nothing predicted counts in recall only.
	r = extraction.Aggregate([]extraction.PageScore{{TP: 1}, {FN: 1}})
	if !near(r.Precision, 1) || !near(r.Recall, 0.5) {
		t.Errorf("P, R = %v, %v; want 1, 0.5", r.Precision, r.Recall)
	}
}

// TestStorylineOnSubset guards extraction quality: Storyline's F1 on a
// fixed spread of 20 benchmark pages (measured 0.977, plain go-trafilatura
// 0.968 on the same pages) must stay above the floor.
func TestStorylineOnSubset(t *testing.T) {
	dir := datasets.Require(t, "extraction", "article-extraction-benchmark")
	pages, err := extraction.Load(dir, 20)
	if err != nil {
		t.Fatal(err)
	}
	r := extraction.Run(pages, extraction.Extractors["storyline"])
	t.Logf("storyline on %d pages: P %.3f R %.3f F1 %.3f", r.Pages, r.Precision, r.Recall, r.F1)
	const floor = 0.970
	if r.F1 < floor {
		t.Errorf("F1 %.3f below the floor %.3f", r.F1, floor)
	}
	if r.Errors > 0 {
		t.Errorf("%d pages failed", r.Errors)
	}
}

func FuzzScore(f *testing.F) {
	f.Add("one two three four", "one two three")
	f.Add("", "x")
	f.Add("ü_ü 12", "\u00ad\u00ad")
	f.Fuzz(func(t *testing.T, truth, pred string) {
		s := extraction.Score(truth, pred)
		sum := s.TP + s.FP + s.FN
		if s.TP < 0 || s.FP < 0 || s.FN < 0 || (sum != 0 && math.Abs(sum-1) > 1e-9) {
			t.Errorf("Score(%q, %q) = %+v: shares must be >= 0 and sum to 1", truth, pred, s)
		}
		if r := extraction.Aggregate([]extraction.PageScore{s}); r.F1 < 0 || r.F1 > 1 || math.IsNaN(r.F1) {
			t.Errorf("F1 = %v out of [0, 1]", r.F1)
		}
	})
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	gt := `{"b": {"articleBody": "Body B.", "url": "https://b.example/"}, "a": {"articleBody": "Body A.", "url": "https://a.example/"}}`
	if err := os.WriteFile(filepath.Join(dir, "ground-truth.json"), []byte(gt), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte("<p>page " + id + "</p>"))
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, "html", id+".html.gz"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pages, err := extraction.Load(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].ID != "a" || pages[0].URL != "https://a.example/" || string(pages[1].HTML) != "<p>page b</p>" || pages[1].Truth != "Body B." {
		t.Errorf("Load = %+v", pages)
	}
	if _, err := extraction.Load(filepath.Join(dir, "missing"), 0); err == nil {
		t.Errorf("Load of a missing folder: want an error")
	}
	os.Remove(filepath.Join(dir, "html", "b.html.gz"))
	if _, err := extraction.Load(dir, 0); err == nil || !strings.Contains(err.Error(), "b.html.gz") {
		t.Errorf("missing page: err = %v, want one naming the file", err)
	}
}
