package timeml

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Tagger finds time expressions in text written at dct (zero when unknown).
type Tagger func(text string, dct time.Time) []Timex

// Files lists the .tml files under each path (a file or a folder, walked
// recursively), sorted, without duplicates.
func Files(paths ...string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("timeml: %w", err)
		}
		if !st.IsDir() {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".tml") && !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("timeml: %w", err)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("timeml: no .tml files in %s", strings.Join(paths, ", "))
	}
	return out, nil
}

// Result is the outcome of an evaluation run.
type Result struct {
	Counts
	Metrics
	// Elapsed is the time spent tagging (not reading files).
	Elapsed time.Duration
	// Pairs holds the aligned expressions per document when requested.
	Pairs map[string][]Pair `json:"-"`
	// Texts holds each document's text when pairs are kept.
	Texts map[string]string `json:"-"`
}

// Evaluate reads every file, tags its text with tag and scores the output.
// keepPairs keeps the alignments for error analysis.
func Evaluate(files []string, tag Tagger, keepPairs bool) (*Result, error) {
	res := &Result{}
	if keepPairs {
		res.Pairs = map[string][]Pair{}
		res.Texts = map[string]string{}
	}
	for _, f := range files {
		doc, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		t0 := time.Now()
		sys := tag(doc.Text, doc.DCT)
		res.Elapsed += time.Since(t0)
		sort.SliceStable(sys, func(i, j int) bool { return sys[i].Start < sys[j].Start })
		for i := range sys {
			s := &sys[i]
			if s.Start < 0 || s.End > len(doc.Text) || s.Start > s.End {
				return nil, fmt.Errorf("timeml: %s: tagger returned span [%d,%d) outside text of %d bytes", f, s.Start, s.End, len(doc.Text))
			}
		}
		pairs := Align(doc.Timexes, sys)
		res.Counts.Add(Count(pairs))
		if keepPairs {
			res.Pairs[f] = pairs
			res.Texts[f] = doc.Text
		}
	}
	res.Metrics = res.Counts.Metrics()
	return res, nil
}
