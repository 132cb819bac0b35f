// Package tls evaluates timeline summaries (TLS) the way the timeline
// summarization literature does: Date F1 between the dates of a system and
// a reference timeline, and alignment-based ROUGE-1/2 (Martschat and
// Markert 2017, the date-cost many-to-one variant): each system date is
// aligned to the nearest reference date and its n-gram matches count
// 1/(1+days apart). It also reads the ML-Crisis layout: source articles
// in <topic>/<YYYY-MM-DD>/<id>.txt and reference timelines in tilse format
// (a date line, summary sentences, a line of dashes).
package tls

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Entry is one date of a timeline and its summary sentences.
type Entry struct {
	Date      time.Time
	Sentences []string
}

// Timeline is a list of entries in date order.
type Timeline []Entry

// ParseTimeline reads a tilse timeline: blocks of a YYYY-MM-DD line
// followed by sentences, separated by lines of dashes. name is used in
// errors.
func ParseTimeline(name string, r io.Reader) (Timeline, error) {
	var tl Timeline
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	line := 0
	var cur *Entry
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		switch {
		case l == "":
		case strings.Trim(l, "-") == "" && len(l) >= 3:
			cur = nil
		case cur == nil:
			d, err := time.Parse("2006-01-02", l)
			if err != nil {
				return nil, fmt.Errorf("tls: %s:%d: want a YYYY-MM-DD date line, got %q", name, line, truncate(l, 40))
			}
			tl = append(tl, Entry{Date: d})
			cur = &tl[len(tl)-1]
		default:
			cur.Sentences = append(cur.Sentences, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tls: %s: %w", name, err)
	}
	sort.SliceStable(tl, func(i, j int) bool { return tl[i].Date.Before(tl[j].Date) })
	return tl, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// ReadTimeline reads a tilse timeline file.
func ReadTimeline(path string) (Timeline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	defer f.Close()
	return ParseTimeline(path, f)
}

// Article is one source article of a TLS topic.
type Article struct {
	ID   string
	Date time.Time
	Text string
}

// ReadTopic reads the articles of one topic folder laid out as
// <YYYY-MM-DD>/<id>.txt, in date order.
func ReadTopic(dir string) ([]Article, error) {
	days, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("tls: %w", err)
	}
	var out []Article
	for _, d := range days {
		if !d.IsDir() {
			continue
		}
		date, err := time.Parse("2006-01-02", d.Name())
		if err != nil {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, d.Name(), "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("tls: %w", err)
			}
			out = append(out, Article{ID: d.Name() + "/" + strings.TrimSuffix(filepath.Base(f), ".txt"), Date: date, Text: string(b)})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("tls: %s: no <date>/<id>.txt articles", dir)
	}
	return out, nil
}

// Scores are the timeline metrics, as fractions.
type Scores struct {
	DateP, DateR, DateF1 float64
	// AR1 and AR2 are alignment-based ROUGE-1 and ROUGE-2.
	AR1P, AR1R, AR1F float64
	AR2P, AR2R, AR2F float64
}

// Evaluate scores a system timeline against a reference.
func Evaluate(sys, ref Timeline) Scores {
	var s Scores
	refDates := map[time.Time]bool{}
	for _, e := range ref {
		refDates[e.Date] = true
	}
	hit := 0
	seen := map[time.Time]bool{}
	for _, e := range sys {
		if refDates[e.Date] && !seen[e.Date] {
			hit++
		}
		seen[e.Date] = true
	}
	s.DateP, s.DateR, s.DateF1 = prf(float64(hit), float64(len(seen)), float64(len(refDates)))
	s.AR1P, s.AR1R, s.AR1F = alignedROUGE(sys, ref, 1)
	s.AR2P, s.AR2R, s.AR2F = alignedROUGE(sys, ref, 2)
	return s
}

func prf(hit, sysN, refN float64) (p, r, f float64) {
	if sysN > 0 {
		p = hit / sysN
	}
	if refN > 0 {
		r = hit / refN
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// tokens lower-cases and splits on anything but letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func ngrams(sents []string, n int) map[string]float64 {
	m := map[string]float64{}
	for _, s := range sents {
		t := tokens(s)
		for i := 0; i+n <= len(t); i++ {
			m[strings.Join(t[i:i+n], " ")]++
		}
	}
	return m
}

func total(m map[string]float64) float64 {
	s := 0.0
	for _, v := range m {
		s += v
	}
	return s
}

// alignedROUGE aligns every system date to the nearest reference date
// (many to one) and counts its clipped n-gram matches with that date's
// summary, weighted by 1/(1+days apart).
func alignedROUGE(sys, ref Timeline, n int) (p, r, f float64) {
	if len(sys) == 0 || len(ref) == 0 {
		return 0, 0, 0
	}
	refGrams := make([]map[string]float64, len(ref))
	refTotal := 0.0
	for i, e := range ref {
		refGrams[i] = ngrams(e.Sentences, n)
		refTotal += total(refGrams[i])
	}
	sysTotal, match := 0.0, 0.0
	for _, e := range sys {
		g := ngrams(e.Sentences, n)
		sysTotal += total(g)
		best, bestD := 0, math.Inf(1)
		for i, re := range ref {
			if d := math.Abs(e.Date.Sub(re.Date).Hours() / 24); d < bestD {
				best, bestD = i, d
			}
		}
		w := 1 / (1 + bestD)
		for k, v := range g {
			if rv, ok := refGrams[best][k]; ok {
				match += w * math.Min(v, rv)
			}
		}
	}
	return prf(match, sysTotal, refTotal)
}
