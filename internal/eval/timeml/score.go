package timeml

// Pair is one aligned gold/system couple; either side may be nil when the
// expression was missed (System nil) or is spurious (Gold nil).
type Pair struct {
	Gold   *Timex
	System *Timex
}

// Align matches system expressions to gold ones one to one, as the
// TempEval-3 normalizer does: two expressions match when their extents
// overlap; each gold expression takes the unmatched overlapping system
// expression with the largest overlap. Both slices must be sorted by Start.
// The result lists every gold and every system expression once, in text
// order.
func Align(gold, sys []Timex) []Pair {
	used := make([]bool, len(sys))
	var out []Pair
	j0 := 0
	for gi := range gold {
		g := &gold[gi]
		best, bestOv := -1, 0
		for j := j0; j < len(sys); j++ {
			s := &sys[j]
			if s.Start >= g.End {
				break
			}
			if used[j] {
				continue
			}
			ov := min(g.End, s.End) - max(g.Start, s.Start)
			if ov > bestOv {
				best, bestOv = j, ov
			}
		}
		// Emit spurious system expressions that end before this gold one.
		for j0 < len(sys) && sys[j0].End <= g.Start {
			if !used[j0] {
				used[j0] = true
				out = append(out, Pair{System: &sys[j0]})
			}
			j0++
		}
		if best >= 0 {
			used[best] = true
			out = append(out, Pair{Gold: g, System: &sys[best]})
		} else {
			out = append(out, Pair{Gold: g})
		}
	}
	for j := range sys {
		if !used[j] {
			out = append(out, Pair{System: &sys[j]})
		}
	}
	return out
}

// Counts are the raw tallies of a TempEval-3 Task A comparison; add them
// over documents and derive the scores with Metrics (micro averages, as the
// official scorer reports).
type Counts struct {
	Files   int `json:"files"`
	Gold    int `json:"gold"`
	System  int `json:"system"`
	Strict  int `json:"strict_matches"`
	Relaxed int `json:"relaxed_matches"`
	Value   int `json:"value_matches"`
	Type    int `json:"type_matches"`
}

// Add accumulates o into c.
func (c *Counts) Add(o Counts) {
	c.Files += o.Files
	c.Gold += o.Gold
	c.System += o.System
	c.Strict += o.Strict
	c.Relaxed += o.Relaxed
	c.Value += o.Value
	c.Type += o.Type
}

// Count tallies one document's aligned pairs.
func Count(pairs []Pair) Counts {
	var c Counts
	c.Files = 1
	for _, p := range pairs {
		if p.Gold != nil {
			c.Gold++
		}
		if p.System != nil {
			c.System++
		}
		if p.Gold == nil || p.System == nil {
			continue
		}
		c.Relaxed++
		if p.Gold.Start == p.System.Start && p.Gold.End == p.System.End {
			c.Strict++
		}
		if p.Gold.Value == p.System.Value {
			c.Value++
		}
		if p.Gold.Type == p.System.Type {
			c.Type++
		}
	}
	return c
}

// Metrics are the TempEval-3 Task A scores.
type Metrics struct {
	StrictP   float64 `json:"strict_precision"`
	StrictR   float64 `json:"strict_recall"`
	StrictF1  float64 `json:"strict_f1"`
	RelaxedP  float64 `json:"relaxed_precision"`
	RelaxedR  float64 `json:"relaxed_recall"`
	RelaxedF1 float64 `json:"relaxed_f1"`
	// ValueAcc is the share of relaxed matches with the gold value;
	// ValueF1 = ValueAcc × RelaxedF1 (the official "attribute F1").
	ValueAcc float64 `json:"value_accuracy"`
	ValueF1  float64 `json:"value_f1"`
	TypeAcc  float64 `json:"type_accuracy"`
	TypeF1   float64 `json:"type_f1"`
}

// Metrics derives the scores from the tallies.
func (c Counts) Metrics() Metrics {
	var m Metrics
	div := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	f1 := func(p, r float64) float64 {
		if p+r == 0 {
			return 0
		}
		return 2 * p * r / (p + r)
	}
	m.StrictP, m.StrictR = div(c.Strict, c.System), div(c.Strict, c.Gold)
	m.StrictF1 = f1(m.StrictP, m.StrictR)
	m.RelaxedP, m.RelaxedR = div(c.Relaxed, c.System), div(c.Relaxed, c.Gold)
	m.RelaxedF1 = f1(m.RelaxedP, m.RelaxedR)
	m.ValueAcc = div(c.Value, c.Relaxed)
	m.ValueF1 = m.ValueAcc * m.RelaxedF1
	m.TypeAcc = div(c.Type, c.Relaxed)
	m.TypeF1 = m.TypeAcc * m.RelaxedF1
	return m
}
