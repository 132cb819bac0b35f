// Package clustering evaluates and trains story grouping (package cluster)
// on labelled data: it reads the common JSON Lines format
// ({"id","event","title","text","published","source","language"}) and the
// TGNews/Toloka same-story pair pools (TSV), replays articles online in
// publication order, and scores the result with B-cubed precision, recall
// and F1 (Amigó et al., 2009) and pairwise F1. Train learns the model's
// weights, threshold and time window from such files.
package clustering

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// Article is one line of the common clustering format.
type Article struct {
	ID        string `json:"id"`
	Event     string `json:"event"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
	Source    string `json:"source"`
	Language  string `json:"language"`
}

// ReadJSONL reads the common format from r (name is used in errors). Blank
// lines are skipped; an id seen before is skipped too (counted once, the
// first occurrence wins); a line without id is an error.
func ReadJSONL(r io.Reader, name string) ([]Article, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	seen := map[string]bool{}
	var out []Article
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var a Article
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, fmt.Errorf("clustering: %s:%d: %w", name, line, err)
		}
		if a.ID == "" {
			return nil, fmt.Errorf("clustering: %s:%d: article without id", name, line)
		}
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("clustering: %s:%d: %w", name, line+1, err)
	}
	return out, nil
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02",
}

// ParseDate reads an ISO date or RFC 3339 time; ok is false for empty or
// unreadable values (the article is then undated).
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Doc converts an article to the grouping input.
func (a Article) Doc() cluster.Doc {
	t, _ := ParseDate(a.Published)
	return cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, Language: a.Language, Published: t, Outlet: a.Source}
}

// Order returns the articles in replay order: by publication time, stable,
// where an undated article (or one with a date that cluster rejects as
// implausible: before 1980 or in the future) keeps its place in input order
// behind the dated article before it.
func Order(arts []Article) []Article {
	type keyed struct {
		a   Article
		key time.Time
		i   int
	}
	now := time.Now().Add(48 * time.Hour)
	minDate := cluster.DefaultOptions().MinDate
	var last time.Time
	ks := make([]keyed, len(arts))
	for i, a := range arts {
		if t, ok := ParseDate(a.Published); ok && !t.Before(minDate) && !t.After(now) {
			last = t
		}
		ks[i] = keyed{a, last, i}
	}
	slices.SortStableFunc(ks, func(x, y keyed) int { return x.key.Compare(y.key) })
	out := make([]Article, len(ks))
	for i, k := range ks {
		out[i] = k.a
	}
	return out
}
