package clustering

// Scores are precision, recall and F1.
type Scores struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// BCubed scores a clustering against gold labels, both given as item ->
// cluster label maps over the same items (items missing from pred count as
// singletons). For each item, precision is the share of its predicted
// cluster that shares its gold label and recall the share of its gold
// cluster found in its predicted cluster; both are averaged over items
// (Amigó, Gonzalo, Artiles and Verdejo 2009).
func BCubed(gold, pred map[string]string) Scores {
	if len(gold) == 0 {
		return Scores{}
	}
	type key struct{ g, p string }
	inter := map[key]int{}
	gsize := map[string]int{}
	psize := map[string]int{}
	predOf := func(item string) string {
		if p, ok := pred[item]; ok {
			return "p\x00" + p
		}
		return "single\x00" + item
	}
	for item, g := range gold {
		p := predOf(item)
		inter[key{g, p}]++
		gsize[g]++
		psize[p]++
	}
	var ps, rs float64
	for item, g := range gold {
		p := predOf(item)
		n := float64(inter[key{g, p}])
		ps += n / float64(psize[p])
		rs += n / float64(gsize[g])
	}
	n := float64(len(gold))
	s := Scores{Precision: ps / n, Recall: rs / n}
	s.F1 = f1(s.Precision, s.Recall)
	return s
}

// Pairwise scores a clustering by item pairs: a pair is predicted positive
// when both items share a predicted cluster and truly positive when they
// share a gold label.
func Pairwise(gold, pred map[string]string) Scores {
	type key struct{ g, p string }
	inter := map[key]int{}
	gsize := map[string]int{}
	psize := map[string]int{}
	for item, g := range gold {
		p, ok := pred[item]
		if !ok {
			p = "single\x00" + item
		} else {
			p = "p\x00" + p
		}
		inter[key{g, p}]++
		gsize[g]++
		psize[p]++
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var tp, predPos, goldPos float64
	for _, n := range inter {
		tp += pairs(n)
	}
	for _, n := range psize {
		predPos += pairs(n)
	}
	for _, n := range gsize {
		goldPos += pairs(n)
	}
	return PRF(tp, predPos-tp, goldPos-tp)
}

// PRF computes scores from true positives, false positives and false
// negatives; an empty denominator scores 1 when there was nothing to find
// or claim.
func PRF(tp, fp, fn float64) Scores {
	s := Scores{Precision: 1, Recall: 1}
	if tp+fp > 0 {
		s.Precision = tp / (tp + fp)
	}
	if tp+fn > 0 {
		s.Recall = tp / (tp + fn)
	}
	s.F1 = f1(s.Precision, s.Recall)
	return s
}
