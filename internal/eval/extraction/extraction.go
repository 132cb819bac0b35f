// Package extraction runs the article-extraction benchmark of Scrapinghub
// (181 news pages with their hand-extracted article bodies) and scores
// extractors with the benchmark's own metric: multisets of word 4-grams,
// per-page precision and recall averaged over pages, F1 of the averages,
// exact-token accuracy and a bootstrap spread of F1.
package extraction

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/storyline-news/storyline/internal/datasets"
)

// Page is one benchmark page with its ground truth.
type Page struct {
	ID    string
	URL   string
	HTML  []byte // decompressed page bytes
	Truth string // the annotated article body
}

// Load reads the benchmark folder dir (holding ground-truth.json and
// html/<id>.html.gz), sorted by id. limit > 0 keeps every k-th page so
// that about limit pages remain, spread over the whole set.
func Load(dir string, limit int) ([]Page, error) {
	gtPath := filepath.Join(dir, "ground-truth.json")
	b, err := os.ReadFile(gtPath)
	if err != nil {
		return nil, fmt.Errorf("extraction: %w", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("extraction: %s: %w", gtPath, err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if limit > 0 && limit < len(ids) {
		step := float64(len(ids)) / float64(limit)
		var keep []string
		for i := 0; i < limit; i++ {
			keep = append(keep, ids[int(float64(i)*step)])
		}
		ids = keep
	}
	pages := make([]Page, 0, len(ids))
	for _, id := range ids {
		p := filepath.Join(dir, "html", id+".html.gz")
		body, err := datasets.ReadGzip(p)
		if err != nil {
			return nil, fmt.Errorf("extraction: %s: %w", p, err)
		}
		pages = append(pages, Page{ID: id, URL: gt[id].URL, HTML: body, Truth: gt[id].ArticleBody})
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("extraction: %s: no pages", gtPath)
	}
	return pages, nil
}

// Extractor returns the main text of an HTML page.
type Extractor func(html []byte, url string) (string, error)

// Result is the benchmark's score of one extractor.
type Result struct {
	Extractor      string  `json:"extractor,omitempty"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
	F1Std          float64 `json:"f1_std"`
	Accuracy       float64 `json:"accuracy"`
	Pages          int     `json:"pages"`
	Errors         int     `json:"errors"`
	Seconds        float64 `json:"seconds"`
	PagesPerSecond float64 `json:"pages_per_second"`
	MBPerSecond    float64 `json:"mb_per_second"`
	// PagesPerCPUSecond divides by the CPU time the process used while
	// extracting (garbage collection included) instead of wall time: the
	// per-core figure, meaningful when the machine is shared. Zero when
	// the platform does not report CPU time.
	PagesPerCPUSecond float64 `json:"pages_per_cpu_second"`
}

// PageScore is the metric of one page: tp, fp and fn shares of the page's
// shingles (summing to 1 unless both texts are empty) and whether the token
// lists are equal.
type PageScore struct {
	TP, FP, FN float64
	Exact      bool
}

// Run extracts every page with ex, timing only the extraction (after one
// untimed warm-up call), and scores the outputs. A page whose extraction fails counts as an empty output.
func Run(pages []Page, ex Extractor) Result {
	preds := make([]string, len(pages))
	var errs int
	var bytes int
	// One untimed call first: the libraries compile regular expressions
	// (some through a WebAssembly runtime) on first use, a one-off cost
	// per process that would otherwise be charged to the first extractor.
	if len(pages) > 0 {
		ex(pages[0].HTML, pages[0].URL)
	}
	start, cpu0 := time.Now(), processCPU()
	for i, p := range pages {
		out, err := ex(p.HTML, p.URL)
		if err != nil {
			errs++
			out = ""
		}
		preds[i] = out
		bytes += len(p.HTML)
	}
	secs := time.Since(start).Seconds()
	cpu := (processCPU() - cpu0).Seconds()
	scores := make([]PageScore, len(pages))
	for i, p := range pages {
		scores[i] = Score(p.Truth, preds[i])
	}
	r := Aggregate(scores)
	r.Errors = errs
	r.Seconds = secs
	if secs > 0 {
		r.PagesPerSecond = float64(len(pages)) / secs
		r.MBPerSecond = float64(bytes) / 1e6 / secs
	}
	if cpu > 0 {
		r.PagesPerCPUSecond = float64(len(pages)) / cpu
	}
	return r
}

// Score compares a predicted text with the ground truth of one page. Soft
// hyphens are removed from the prediction first, as the upstream runners
// do.
func Score(truth, pred string) PageScore {
	pred = strings.ReplaceAll(pred, "\u00ad", "")
	tt, pt := Tokenize(truth), Tokenize(pred)
	ts, ps := shingles(tt), shingles(pt)
	var tp, fp, fn float64
	for k, tc := range ts {
		pc := ps[k]
		tp += float64(min(tc, pc))
		fn += float64(max(0, tc-pc))
	}
	for k, pc := range ps {
		fp += float64(max(0, pc-ts[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return PageScore{TP: tp, FP: fp, FN: fn, Exact: equal(tt, pt)}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Tokenize returns the runs of word characters of s (letters, numbers and
// "_", as Python's Unicode \w+).
func Tokenize(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		w := r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// shingles counts the 4-grams of tokens; fewer than four tokens make one
// shorter shingle, none make none.
func shingles(tokens []string) map[string]int {
	const n = 4
	m := map[string]int{}
	if len(tokens) == 0 {
		return m
	}
	if len(tokens) < n {
		m[strings.Join(tokens, "\x00")]++
		return m
	}
	for i := 0; i+n <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+n], "\x00")]++
	}
	return m
}

// pr returns the per-page precision and recall and whether each is
// defined (the page counts in that average).
func pr(s PageScore) (p, r float64, okP, okR bool) {
	if s.FP == 0 && s.FN == 0 {
		return 1, 1, true, true
	}
	if s.TP+s.FP > 0 {
		p, okP = s.TP/(s.TP+s.FP), true
	}
	if s.TP+s.FN > 0 {
		r, okR = s.TP/(s.TP+s.FN), true
	}
	return p, r, okP, okR
}

// means returns mean precision, mean recall and accuracy over the pages
// picked by idx.
func means(scores []PageScore, idx []int) (p, r, acc float64) {
	var sp, sr float64
	var np, nr, exact int
	for _, i := range idx {
		pp, rr, okP, okR := pr(scores[i])
		if okP {
			sp += pp
			np++
		}
		if okR {
			sr += rr
			nr++
		}
		if scores[i].Exact {
			exact++
		}
	}
	if np > 0 {
		p = sp / float64(np)
	}
	if nr > 0 {
		r = sr / float64(nr)
	}
	if len(idx) > 0 {
		acc = float64(exact) / float64(len(idx))
	}
	return p, r, acc
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Aggregate turns per-page scores into the benchmark's figures: precision
// and recall are means over pages, F1 is computed from those means, and
// F1Std is the standard deviation of F1 over 1000 bootstrap resamples of
// the pages (fixed seed, so runs are reproducible).
func Aggregate(scores []PageScore) Result {
	all := make([]int, len(scores))
	for i := range all {
		all[i] = i
	}
	p, r, acc := means(scores, all)
	res := Result{Precision: p, Recall: r, F1: f1(p, r), Accuracy: acc, Pages: len(scores)}
	if len(scores) > 1 {
		rng := rand.New(rand.NewPCG(1, 2))
		const n = 1000
		var sum, sum2 float64
		idx := make([]int, len(scores))
		for b := 0; b < n; b++ {
			for i := range idx {
				idx[i] = rng.IntN(len(scores))
			}
			bp, br, _ := means(scores, idx)
			f := f1(bp, br)
			sum += f
			sum2 += f * f
		}
		mean := sum / n
		res.F1Std = math.Sqrt(math.Max(0, sum2/n-mean*mean))
	}
	return res
}
