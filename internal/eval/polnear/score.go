package polnear

import (
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/quote"
)

// Counts are the span matches of one role.
type Counts struct {
	Gold, Pred int
	// Exact and Overlap count matched pairs (matching is one-to-one).
	Exact, Overlap int
}

// PRF returns precision, recall and F1 for matched predictions m.
func (c Counts) PRF(m int) (p, r, f float64) {
	if c.Pred > 0 {
		p = float64(m) / float64(c.Pred)
	}
	if c.Gold > 0 {
		r = float64(m) / float64(c.Gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// Result is the score of an extractor on a set of documents. The F1
// fields are percentages. Matching, per document and per role: a role
// span of an attribution is the outer extent of its pieces (from the
// first piece's start to the last piece's end), with white space, quote
// marks and punctuation trimmed from both edges, in gold and prediction
// alike. Exact: a predicted span matches a gold span with the same start
// and end. Overlap: a predicted span matches a gold span it shares at
// least one character with. Matching is one-to-one (greedy, largest
// overlap first within text order), precision = matched / predicted,
// recall = matched / gold. Predictions with an empty span (an
// attribution without a source) are not counted.
type Result struct {
	SourceF1         float64 `json:"source_f1"`
	CueF1            float64 `json:"cue_f1"`
	ContentF1        float64 `json:"content_f1"`
	SourceF1Overlap  float64 `json:"source_f1_overlap"`
	CueF1Overlap     float64 `json:"cue_f1_overlap"`
	ContentF1Overlap float64 `json:"content_f1_overlap"`
	Documents        int     `json:"documents"`
	// DocumentsPerSecond counts extraction time only (reading excluded).
	DocumentsPerSecond float64 `json:"documents_per_second"`
	// Per-role details: precision and recall (percent) and counts.
	Roles map[string]RoleScore `json:"roles"`
	// Direct quotations (gold content opening with a quote mark): the
	// share whose content a prediction overlaps, and among those the
	// share whose source the same prediction matches exactly (percent).
	DirectGold          int     `json:"direct_gold"`
	DirectRecallOverlap float64 `json:"direct_recall_overlap"`
	DirectSourceExact   float64 `json:"direct_source_exact"`
}

// RoleScore details one role.
type RoleScore struct {
	Gold             int     `json:"gold"`
	Predicted        int     `json:"predicted"`
	ExactMatched     int     `json:"exact_matched"`
	OverlapMatched   int     `json:"overlap_matched"`
	ExactPrecision   float64 `json:"exact_precision"`
	ExactRecall      float64 `json:"exact_recall"`
	OverlapPrecision float64 `json:"overlap_precision"`
	OverlapRecall    float64 `json:"overlap_recall"`
}

// Extractor finds attributions in a text.
type Extractor func(text string) []quote.Attribution

// Default runs quote.Attribute without entity mentions.
func Default(text string) []quote.Attribution { return quote.Attribute(text, nil) }

// Evaluate scores extract on docs.
func Evaluate(docs []Document, extract Extractor) Result {
	roles := []string{Source, Cue, Content}
	counts := map[string]*Counts{}
	for _, r := range roles {
		counts[r] = &Counts{}
	}
	var spent time.Duration
	var directGold, directHit, directSrc int
	for _, d := range docs {
		t0 := time.Now()
		pred := extract(d.Text)
		spent += time.Since(t0)
		dg, dh, ds := direct(d, pred)
		directGold += dg
		directHit += dh
		directSrc += ds
		for _, r := range roles {
			var g, p []model.Span
			for _, a := range d.Attrs {
				var pieces []model.Span
				switch r {
				case Source:
					pieces = a.Source
				case Cue:
					pieces = a.Cue
				case Content:
					pieces = a.Content
				}
				if s, ok := extent(d.Text, pieces); ok {
					g = append(g, s)
				}
			}
			for _, a := range pred {
				var pieces []model.Span
				switch r {
				case Source:
					pieces = []model.Span{a.Source}
				case Cue:
					pieces = []model.Span{a.Cue}
				case Content:
					pieces = a.Content
				}
				if s, ok := extent(d.Text, pieces); ok {
					p = append(p, s)
				}
			}
			c := counts[r]
			c.Gold += len(g)
			c.Pred += len(p)
			c.Exact += match(g, p, true)
			c.Overlap += match(g, p, false)
		}
	}
	res := Result{Documents: len(docs), Roles: map[string]RoleScore{}, DirectGold: directGold}
	if directGold > 0 {
		res.DirectRecallOverlap = 100 * float64(directHit) / float64(directGold)
	}
	if directHit > 0 {
		res.DirectSourceExact = 100 * float64(directSrc) / float64(directHit)
	}
	if spent > 0 {
		res.DocumentsPerSecond = float64(len(docs)) / spent.Seconds()
	}
	for _, r := range roles {
		c := counts[r]
		ep, er, ef := c.PRF(c.Exact)
		op, or, of := c.PRF(c.Overlap)
		res.Roles[r] = RoleScore{Gold: c.Gold, Predicted: c.Pred, ExactMatched: c.Exact, OverlapMatched: c.Overlap,
			ExactPrecision: 100 * ep, ExactRecall: 100 * er, OverlapPrecision: 100 * op, OverlapRecall: 100 * or}
		switch r {
		case Source:
			res.SourceF1, res.SourceF1Overlap = 100*ef, 100*of
		case Cue:
			res.CueF1, res.CueF1Overlap = 100*ef, 100*of
		case Content:
			res.ContentF1, res.ContentF1Overlap = 100*ef, 100*of
		}
	}
	return res
}

// direct counts the gold attributions of d whose content opens with a
// quote mark, those a prediction's content overlaps, and those whose
// overlapping prediction also has the exact source.
func direct(d Document, pred []quote.Attribution) (gold, hit, src int) {
	for _, g := range d.Attrs {
		if len(g.Content) == 0 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(d.Text[g.Content[0].Start:g.Content[0].End])
		if r != '“' && r != '"' && r != '«' {
			continue
		}
		gs, ok := extent(d.Text, g.Content)
		if !ok {
			continue
		}
		gold++
		gsrc, gok := extent(d.Text, g.Source)
		found, same := false, false
		for _, p := range pred {
			ps, ok := extent(d.Text, p.Content)
			if !ok || ps.End <= gs.Start || gs.End <= ps.Start {
				continue
			}
			found = true
			if psrc, pok := extent(d.Text, []model.Span{p.Source}); gok && pok && psrc == gsrc {
				same = true
			}
		}
		if found {
			hit++
		}
		if same {
			src++
		}
	}
	return gold, hit, src
}

// extent returns the trimmed outer extent of pieces, ok=false when empty.
func extent(text string, pieces []model.Span) (model.Span, bool) {
	s, e := -1, -1
	for _, p := range pieces {
		if p.Start < 0 || p.End > len(text) || p.Start >= p.End {
			continue
		}
		if s < 0 || p.Start < s {
			s = p.Start
		}
		if p.End > e {
			e = p.End
		}
	}
	if s < 0 {
		return model.Span{}, false
	}
	for s < e {
		r, w := utf8.DecodeRuneInString(text[s:e])
		if !trimmable(r) {
			break
		}
		s += w
	}
	for e > s {
		r, w := utf8.DecodeLastRuneInString(text[s:e])
		if !trimmable(r) {
			break
		}
		e -= w
	}
	return model.Span{Start: s, End: e}, s < e
}

func trimmable(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || r == utf8.RuneError
}

// match counts one-to-one matches between gold and predicted spans.
func match(gold, pred []model.Span, exact bool) int {
	used := make([]bool, len(gold))
	n := 0
	for _, p := range pred {
		best, bestOv := -1, 0
		for i, g := range gold {
			if used[i] {
				continue
			}
			if exact {
				if g == p {
					best = i
					break
				}
				continue
			}
			ov := min(g.End, p.End) - max(g.Start, p.Start)
			if ov > bestOv {
				best, bestOv = i, ov
			}
		}
		if best >= 0 {
			used[best] = true
			n++
		}
	}
	return n
}
