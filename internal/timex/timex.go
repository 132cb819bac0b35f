// Package timex finds date and time expressions in English news text and
// normalizes them to TIMEX3 values (TimeML): absolute dates ("February 12,
// 2015", "15/07/2016"), dates relative to the publication time ("on
// Thursday", "yesterday", "two years ago", "next month"), times of day,
// durations ("four hours") and sets ("every week").
//
// The approach follows HeidelTime's ideas, written fresh: regular
// expression rules find candidate expressions, overlapping candidates are
// resolved in favour of the longest, and underspecified expressions are
// anchored to the document creation time (DCT) with the tense of the
// sentence deciding the direction ("on Friday" is the past Friday in
// "talks ended on Friday" and the coming one in "talks will resume on
// Friday"), as news writing does.
package timex

import (
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Tag finds the time expressions in text and normalizes them. ref is the
// document creation (publication) time; when ref is zero, expressions
// relative to it are returned with TIMEX3 placeholders ("XXXX-XX-XX",
// "XXXX-07-14", "XXXX") instead of guessed values. Spans are byte offsets
// into text; Sentence indexes nlp.Sentences(text). The result is sorted by
// position and its spans never overlap.
func Tag(text string, ref time.Time) []model.TimeRef {
	d := newDoc(text, ref)
	cands := d.candidates()
	chosen := selectCands(cands)
	out := make([]model.TimeRef, 0, len(chosen))
	for _, c := range chosen {
		v, typ := d.normalize(c)
		if v == "" {
			continue
		}
		out = append(out, model.TimeRef{
			Span:     model.Span{Start: c.start, End: c.end},
			Text:     text[c.start:c.end],
			Value:    v,
			Type:     typ,
			Sentence: d.sentenceOf(c.start),
		})
	}
	dateClocks(text, chosen, out)
	return out
}

// dateClocks gives a clock time that carries no day of its own ("at 10
// a.m. on Tuesday") the day of the date expression right next to it in
// its sentence, instead of the DCT.
func dateClocks(text string, cs []*cand, out []model.TimeRef) {
	if len(cs) != len(out) {
		return // an expression was dropped; indexes no longer line up
	}
	for i, c := range cs {
		if c.kind != "clock" || c.g["wd"] != "" || c.g["month"] != "" || !strings.Contains(out[i].Value, "T") {
			continue
		}
		for _, j := range []int{i + 1, i - 1} {
			if j < 0 || j >= len(out) || out[j].Sentence != out[i].Sentence || out[j].Type != "DATE" || len(out[j].Value) < 10 {
				continue
			}
			lo, hi := min(out[i].End, out[j].End), max(out[i].Start, out[j].Start)
			if hi-lo > 8 || strings.ContainsAny(text[lo:hi], ".;") {
				continue // not adjacent: "at 10 a.m. on Tuesday", "Tuesday at 10 a.m."
			}
			day := out[j].Value[:10]
			if _, err := time.Parse("2006-01-02", day); err != nil {
				continue
			}
			out[i].Value = day + out[i].Value[strings.Index(out[i].Value, "T"):]
			break
		}
	}
}

// doc is the state of one Tag call.
type doc struct {
	text  string
	lower string // ASCII-lowercased text: same byte offsets as text
	ref   time.Time
	sents [][2]int
	// lastQuarter is the last explicit quarter value seen ("1989-Q3"),
	// anchoring "the quarter" and "a year ago" in earnings reports.
	lastQuarter string
	// lastDay, lastMonth and lastYear are the last date the text named,
	// anchoring "the next day", "that month", "the following year".
	lastDay   time.Time
	lastMonth time.Time
	lastYear  int
}

func newDoc(text string, ref time.Time) *doc {
	return &doc{text: text, lower: asciiLower(text), ref: ref, sents: nlp.Sentences(text)}
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// sentenceOf returns the index of the sentence holding byte offset p (the
// nearest preceding one when p falls between sentences).
func (d *doc) sentenceOf(p int) int {
	i := sort.Search(len(d.sents), func(i int) bool { return d.sents[i][1] > p })
	if i >= len(d.sents) {
		return max(len(d.sents)-1, 0)
	}
	if d.sents[i][0] > p && i > 0 {
		return i - 1
	}
	return i
}

// sentenceSpan returns the span of the sentence around p.
func (d *doc) sentenceSpan(p int) (int, int) {
	if len(d.sents) == 0 {
		return 0, len(d.text)
	}
	s := d.sents[d.sentenceOf(p)]
	if p < s[0] || p >= s[1] {
		return min(s[0], p), max(s[1], p)
	}
	return s[0], s[1]
}

// selectCands keeps the longest candidates, dropping those that overlap a
// longer (or equally long, earlier-ruled) one, and returns them in text
// order.
func selectCands(cs []*cand) []*cand {
	sort.SliceStable(cs, func(i, j int) bool {
		li, lj := cs[i].end-cs[i].start, cs[j].end-cs[j].start
		if li != lj {
			return li > lj
		}
		if cs[i].rule != cs[j].rule {
			return cs[i].rule < cs[j].rule
		}
		return cs[i].start < cs[j].start
	})
	var kept []*cand
	for _, c := range cs {
		ok := true
		for _, k := range kept {
			if c.start < k.end && k.start < c.end {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, c)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}

// trimSpace narrows [s,e) to exclude surrounding white space.
func trimSpace(text string, s, e int) (int, int) {
	for s < e && strings.ContainsRune(" \t\r\n", rune(text[s])) {
		s++
	}
	for e > s && strings.ContainsRune(" \t\r\n", rune(text[e-1])) {
		e--
	}
	return s, e
}
