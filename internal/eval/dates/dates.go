// Package dates runs htmldate's evaluation of publication-date extraction
// (1000 labelled web pages: eval_default.json and eval_mediacloud_2020.json)
// and scores a date finder with that evaluation's own counts: a missing
// date is a false negative, a date equal to the label (YYYY-MM-DD) a true
// positive, any other date a false positive.
package dates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
)

// LabelFiles are the label files of the evaluation, in the order upstream
// reads them.
var LabelFiles = []string{"eval_default.json", "eval_mediacloud_2020.json"}

// Page is one labelled entry. Label is empty when the label is not a date
// (one entry is NaN upstream), which never matches.
type Page struct {
	URL   string
	File  string
	Label string
	HTML  []byte
}

// Load reads the evaluation folder dir (the label files and
// html/<file>.gz). limit > 0 keeps about limit entries spread over the set.
func Load(dir string, limit int) ([]Page, error) {
	var pages []Page
	cache := map[string][]byte{}
	for _, lf := range LabelFiles {
		p := filepath.Join(dir, lf)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("dates: %w", err)
		}
		ps, err := ParseLabels(b)
		if err != nil {
			return nil, fmt.Errorf("dates: %s: %w", p, err)
		}
		pages = append(pages, ps...)
	}
	if limit > 0 && limit < len(pages) {
		step := float64(len(pages)) / float64(limit)
		var keep []Page
		for i := 0; i < limit; i++ {
			keep = append(keep, pages[int(float64(i)*step)])
		}
		pages = keep
	}
	for i := range pages {
		f := pages[i].File
		if b, ok := cache[f]; ok {
			pages[i].HTML = b
			continue
		}
		p := filepath.Join(dir, "html", f+".gz")
		b, err := datasets.ReadGzip(p)
		if err != nil {
			return nil, fmt.Errorf("dates: %s: %w", p, err)
		}
		cache[f] = b
		pages[i].HTML = b
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("dates: %s: no entries", dir)
	}
	return pages, nil
}

// ParseLabels reads one label file: {"<url>": {"file": "<name>", "date":
// "YYYY-MM-DD"}}, where a date may be a bare NaN (Python's json) or
// anything else that is not a date, which gives an empty Label. Entries
// come sorted by URL.
func ParseLabels(b []byte) ([]Page, error) {
	// Upstream writes a bare NaN (Python's json); make it JSON null.
	b = bytes.ReplaceAll(b, []byte(": NaN"), []byte(": null"))
	var m map[string]struct {
		File string `json:"file"`
		Date any    `json:"date"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	urls := make([]string, 0, len(m))
	for u := range m {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	pages := make([]Page, 0, len(urls))
	for _, u := range urls {
		e := m[u]
		if e.File == "" {
			return nil, fmt.Errorf("%s: no file", u)
		}
		pg := Page{URL: u, File: e.File}
		if d, ok := e.Date.(string); ok {
			if _, err := time.Parse("2006-01-02", d); err == nil {
				pg.Label = d
			}
		}
		pages = append(pages, pg)
	}
	return pages, nil
}

// Finder returns the publication date of a page as YYYY-MM-DD, or "" when
// it finds none.
type Finder func(html []byte, url string) string

// Result holds the evaluation's counts and scores.
type Result struct {
	Finder         string  `json:"finder,omitempty"`
	TP             int     `json:"tp"`
	FP             int     `json:"fp"`
	FN             int     `json:"fn"`
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	Accuracy       float64 `json:"accuracy"`
	F              float64 `json:"f"`
	Pages          int     `json:"pages"`
	Seconds        float64 `json:"seconds"`
	PagesPerSecond float64 `json:"pages_per_second"`
}

// Run applies find to every entry, timing only the finder (after one
// untimed warm-up call), and scores it.
func Run(pages []Page, find Finder) Result {
	got := make([]string, len(pages))
	// One untimed call first: first use compiles regular expressions
	// (some through a WebAssembly runtime), a one-off cost per process.
	if len(pages) > 0 {
		find(pages[0].HTML, pages[0].URL)
	}
	start := time.Now()
	for i, p := range pages {
		got[i] = find(p.HTML, p.URL)
	}
	secs := time.Since(start).Seconds()
	labels := make([]string, len(pages))
	for i, p := range pages {
		labels[i] = p.Label
	}
	r := Score(labels, got)
	r.Seconds = secs
	if secs > 0 {
		r.PagesPerSecond = float64(len(pages)) / secs
	}
	return r
}

// Score counts tp, fp and fn of found dates against labels and derives
// precision, recall, accuracy ((tp+tn)/all, tn being always 0 here) and
// F = 2tp/(2tp+fp+fn).
func Score(labels, found []string) Result {
	var r Result
	for i, l := range labels {
		switch {
		case found[i] == "":
			r.FN++
		case found[i] == l:
			r.TP++
		default:
			r.FP++
		}
	}
	r.Pages = len(labels)
	if r.TP+r.FP > 0 {
		r.Precision = float64(r.TP) / float64(r.TP+r.FP)
	}
	if r.TP+r.FN > 0 {
		r.Recall = float64(r.TP) / float64(r.TP+r.FN)
	}
	if r.Pages > 0 {
		r.Accuracy = float64(r.TP) / float64(r.Pages)
	}
	if d := 2*r.TP + r.FP + r.FN; d > 0 {
		r.F = float64(2*r.TP) / float64(d)
	}
	return r
}
