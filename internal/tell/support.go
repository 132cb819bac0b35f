package tell

// supportIndex answers the support test (see supported) for one statement
// against every article of a story at once. Claims asks it for every
// sentence of every article; testing each pair of sentences took a third
// of the pipeline's time on large stories. The index walks only the
// sentences that share a word with the statement.
type supportIndex struct {
	postings map[string][]int32 // content word → sentences holding it
	artOf    []int32            // sentence → its article
	arts     int
	counts   []int32 // scratch: shared words per sentence
	touched  []int32 // scratch: sentences with a non-zero count
}

// newSupportIndex indexes the content sets of the sentences of each
// article: sets[article][sentence].
func newSupportIndex(sets [][]map[string]bool) *supportIndex {
	x := &supportIndex{postings: map[string][]int32{}, arts: len(sets)}
	for a, ss := range sets {
		for _, s := range ss {
			id := int32(len(x.artOf))
			x.artOf = append(x.artOf, int32(a))
			for t := range s {
				x.postings[t] = append(x.postings[t], id)
			}
		}
	}
	x.counts = make([]int32, len(x.artOf))
	return x
}

// supporters reports, for each article, whether one of its sentences
// supports stmt at threshold: exactly supported(stmt, sets[article],
// threshold). The slice is reused by the next call.
func (x *supportIndex) supporters(stmt map[string]bool, threshold float64, out []bool) []bool {
	if cap(out) < x.arts {
		out = make([]bool, x.arts)
	}
	out = out[:x.arts]
	for i := range out {
		out[i] = false
	}
	need := 2
	if len(stmt) < 2 {
		need = len(stmt)
	}
	if need == 0 {
		return out
	}
	for t := range stmt {
		for _, s := range x.postings[t] {
			if x.counts[s] == 0 {
				x.touched = append(x.touched, s)
			}
			x.counts[s]++
		}
	}
	for _, s := range x.touched {
		n := int(x.counts[s])
		if float64(n)/float64(len(stmt)) >= threshold && n >= need {
			out[x.artOf[s]] = true
		}
		x.counts[s] = 0
	}
	x.touched = x.touched[:0]
	return out
}
