package clustering

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/storyline-news/storyline/internal/cluster"
)

// PairArticle is one side of a judged pair.
type PairArticle struct {
	URL, Title, Text string
}

// Pair is a human same-story judgment.
type Pair struct {
	First, Second PairArticle
	Same          bool
}

// ReadPairs reads a TGNews/Toloka pool: tab-separated with a header naming
// INPUT:first_url, INPUT:first_title, INPUT:first_text (and second_*) and
// GOLDEN:quality (OK = same story, BAD = not); fields may be quoted. Rows
// with another quality value are an error; other columns are ignored.
func ReadPairs(r io.Reader, name string) ([]Pair, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("clustering: %s: empty file, want a header", name)
		}
		return nil, fmt.Errorf("clustering: %s: header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	need := []string{"INPUT:first_url", "INPUT:second_url", "INPUT:first_title", "INPUT:second_title", "INPUT:first_text", "INPUT:second_text", "GOLDEN:quality"}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return nil, fmt.Errorf("clustering: %s: header lacks column %q", name, n)
		}
	}
	var out []Pair
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("clustering: %s:%d: %w", name, line, err)
		}
		get := func(n string) (string, error) {
			i := col[n]
			if i >= len(rec) {
				return "", fmt.Errorf("clustering: %s:%d: %d fields, no %s", name, line, len(rec), n)
			}
			return rec[i], nil
		}
		var f [7]string
		for i, n := range need {
			if f[i], err = get(n); err != nil {
				return nil, err
			}
		}
		p := Pair{First: PairArticle{f[0], f[2], f[4]}, Second: PairArticle{f[1], f[3], f[5]}}
		switch strings.TrimSpace(f[6]) {
		case "OK":
			p.Same = true
		case "BAD":
		default:
			return nil, fmt.Errorf("clustering: %s:%d: GOLDEN:quality %q, want OK or BAD", name, line, f[6])
		}
		out = append(out, p)
	}
	return out, nil
}

// PairsResult is the pairwise score of a pool.
type PairsResult struct {
	Scores
	Pairs, Positive, Articles int
}

// ScorePairs replays every distinct article of the pool (by URL, else by
// title and text) through one Clusterer in file order, as the pool's own
// evaluation script does with threads, and predicts a pair to be the same
// story when both articles landed in the same story. Dates are unknown.
// lang is the pool's language, or "" to identify it per article.
func ScorePairs(pairs []Pair, lang string, m cluster.Model, o cluster.Options) PairsResult {
	if o.PairMode {
		return scoreEachPair(pairs, lang, m, o)
	}
	c := cluster.New(m, o)
	key := func(a PairArticle) string {
		if a.URL != "" {
			return a.URL
		}
		return a.Title + "\x00" + a.Text
	}
	ids := map[string]string{}
	add := func(a PairArticle) string {
		k := key(a)
		if id, ok := ids[k]; ok {
			return id
		}
		id := fmt.Sprintf("p%d", len(ids)+1)
		ids[k] = id
		c.Add(cluster.Doc{ID: id, Title: a.Title, Text: a.Text, Language: lang})
		return id
	}
	type idpair struct{ a, b string }
	var ps []idpair
	for _, p := range pairs {
		ps = append(ps, idpair{add(p.First), add(p.Second)})
	}
	res := PairsResult{Pairs: len(pairs), Articles: len(ids)}
	var t pairTally
	for i, p := range pairs {
		t.add(c.StoryOf(ps[i].a) == c.StoryOf(ps[i].b), p.Same)
	}
	res.Positive, res.Scores = t.positive, PRF(t.tp, t.fp, t.fn)
	return res
}

// pairTally counts predicted against gold same-story judgments.
type pairTally struct {
	tp, fp, fn float64
	positive   int
}

func (t *pairTally) add(pred, gold bool) {
	if gold {
		t.positive++
	}
	switch {
	case pred && gold:
		t.tp++
	case pred:
		t.fp++
	case gold:
		t.fn++
	}
}

// scoreEachPair decides every pair on its own: a fresh Clusterer, warmed
// with the document frequencies of the whole pool (Observe), takes the
// first article and then the second; the pair is positive when the second
// joins the first's story.
func scoreEachPair(pairs []Pair, lang string, m cluster.Model, o cluster.Options) PairsResult {
	an := cluster.NewAnalyzer(withDefaults(o).Dedup)
	doc := func(id string, a PairArticle) cluster.Doc {
		return cluster.Doc{ID: id, Title: a.Title, Text: a.Text, Language: lang}
	}
	seen := map[string]bool{}
	var pool []*cluster.Analyzed
	for _, p := range pairs {
		for _, a := range []PairArticle{p.First, p.Second} {
			k := a.URL + "\x00" + a.Title + "\x00" + a.Text
			if !seen[k] {
				seen[k] = true
				pool = append(pool, an.Analyze(doc("", a)))
			}
		}
	}
	res := PairsResult{Pairs: len(pairs), Articles: len(pool)}
	var t pairTally
	for _, p := range pairs {
		c := cluster.New(m, o)
		for _, a := range pool {
			c.Observe(a)
		}
		c.AddAnalyzed(an.Analyze(doc("a", p.First)))
		t.add(!c.AddAnalyzed(an.Analyze(doc("b", p.Second))).NewStory, p.Same)
	}
	res.Positive, res.Scores = t.positive, PRF(t.tp, t.fp, t.fn)
	return res
}
