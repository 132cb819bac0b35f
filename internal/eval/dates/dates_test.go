package dates_test

import (
	"bytes"
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/dates"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name          string
		labels, found []string
		tp, fp, fn    int
		p, r, acc, f  float64
	}{
		{"all right", []string{"2020-01-02", "2021-03-04"}, []string{"2020-01-02", "2021-03-04"}, 2, 0, 0, 1, 1, 1, 1},
		{"one wrong one missing", []string{"2020-01-02", "2021-03-04", "2022-05-06"}, []string{"2020-01-02", "2021-03-05", ""}, 1, 1, 1, 0.5, 0.5, 1.0 / 3, 0.5},
		// An unlabelled (NaN) entry never matches: a date is an fp, none an fn.
		{"unlabelled", []string{"", ""}, []string{"2020-01-01", ""}, 0, 1, 1, 0, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := dates.Score(tc.labels, tc.found)
			if r.TP != tc.tp || r.FP != tc.fp || r.FN != tc.fn {
				t.Errorf("tp/fp/fn = %d/%d/%d, want %d/%d/%d", r.TP, r.FP, r.FN, tc.tp, tc.fp, tc.fn)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"precision", r.Precision, tc.p}, {"recall", r.Recall, tc.r}, {"accuracy", r.Accuracy, tc.acc}, {"F", r.F, tc.f}} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestParseLabels(t *testing.T) {
	in := []byte(`{"https://b.example/": {"file": "b.html", "date": NaN}, "https://a.example/": {"file": "a.html", "date": "2019-04-05"}, "https://c.example/": {"file": "c.html", "date": "soon"}}`)
	ps, err := dates.ParseLabels(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []dates.Page{{URL: "https://a.example/", File: "a.html", Label: "2019-04-05"}, {URL: "https://b.example/", File: "b.html"}, {URL: "https://c.example/", File: "c.html"}}
	if len(ps) != len(want) {
		t.Fatalf("got %d entries, want %d", len(ps), len(want))
	}
	for i := range want {
		if ps[i].URL != want[i].URL || ps[i].File != want[i].File || ps[i].Label != want[i].Label {
			t.Errorf("entry %d = %+v, want %+v", i, ps[i], want[i])
		}
	}
	if _, err := dates.ParseLabels([]byte(`{"u": {"date": "2020-01-01"}}`)); err == nil {
		t.Errorf("entry without file: want an error")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "html"), 0o755)
	os.WriteFile(filepath.Join(dir, "eval_default.json"), []byte(`{"https://a.example/": {"file": "a.html", "date": "2019-04-05"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "eval_mediacloud_2020.json"), []byte(`{"https://b.example/": {"file": "a.html", "date": NaN}}`), 0o644)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`<html><head><meta property="article:published_time" content="2019-04-05"></head></html>`))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "html", "a.html.gz"), buf.Bytes(), 0o644)
	ps, err := dates.Load(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || len(ps[0].HTML) == 0 || len(ps[1].HTML) == 0 {
		t.Fatalf("Load = %d entries, want 2 sharing one page", len(ps))
	}
	r := dates.Run(ps, dates.Finders["storyline"])
	if r.TP != 1 || r.FP != 1 {
		t.Errorf("tp/fp = %d/%d, want 1/1 (the NaN entry never matches)", r.TP, r.FP)
	}
}

// TestStorylineOnSubset guards date quality on a fixed spread of 100
// entries of htmldate's evaluation (measured F 0.958, tp 92 fp 8 fn 0;
// plain go-htmldate gives F 0.953, tp 91 fp 9, on these entries).
func TestStorylineOnSubset(t *testing.T) {
	dir := datasets.Require(t, "extraction", "htmldate-eval")
	ps, err := dates.Load(dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	r := dates.Run(ps, dates.Finders["storyline"])
	t.Logf("storyline on %d entries: tp %d fp %d fn %d F %.3f", r.Pages, r.TP, r.FP, r.FN, r.F)
	const floor = 0.955
	if r.F < floor {
		t.Errorf("F %.3f below the floor %.3f", r.F, floor)
	}
}

func FuzzParseLabels(f *testing.F) {
	f.Add([]byte(`{"u": {"file": "a.html", "date": NaN}}`))
	f.Add([]byte(`{"u": {"file": "a.html", "date": "2020-02-30"}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := dates.ParseLabels(b)
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.File == "" {
				t.Errorf("entry %q without file accepted", p.URL)
			}
		}
	})
}

func TestMisses(t *testing.T) {
	pages := []dates.Page{
		{URL: "https://a.example/", Label: "2020-01-02", HTML: []byte(`<html><head><meta property="article:published_time" content="2020-01-02T10:00:00+01:00"></head></html>`)},
		{URL: "https://b.example/", Label: "2021-03-04", HTML: []byte(`<html><head><meta name="date" content="2021-03-05"><meta name="robots" content="index"><meta name="msvalidate.01" content="B92876C49BD8"><meta name="format" content="date=no"></head><body><time datetime="2021-03-04">4 March</time></body></html>`)},
		{URL: "https://c.example/", Label: "2022-05-06", HTML: []byte(`<html><body><p>no date</p></body></html>`)},
	}
	find := func(page []byte, u string) string {
		switch u {
		case "https://a.example/":
			return "2020-01-02"
		case "https://b.example/":
			return "2021-03-05"
		}
		return ""
	}
	ms := dates.Misses(pages, find, 5)
	if len(ms) != 2 || ms[0].URL != "https://b.example/" || ms[1].URL != "https://c.example/" {
		t.Fatalf("Misses = %+v, want b and c", ms)
	}
	if ms[0].Found != "2021-03-05" || ms[0].Label != "2021-03-04" || ms[1].Found != "" {
		t.Errorf("found/label = %q/%q and %q", ms[0].Found, ms[0].Label, ms[1].Found)
	}
	want := []string{`<meta name="date" content="2021-03-05">`, `<time datetime="2021-03-04">`}
	if got := ms[0].Evidence; len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("evidence = %q, want %q", got, want)
	}
	if len(ms[1].Evidence) != 0 {
		t.Errorf("page without dates: evidence %q", ms[1].Evidence)
	}
	if got := dates.Evidence(pages[1].HTML, 1); len(got) != 1 {
		t.Errorf("Evidence(n=1) = %q, want one piece", got)
	}
}
