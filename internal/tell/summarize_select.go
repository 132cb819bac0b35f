package tell

import (
	"math"
	"sort"
)

// objective is the summary score the selector maximizes: covered bigram
// concepts once each, content words up to their caps, and (when
// Options.StopWords is positive) function words by the chance that a
// reference holds as many copies.
type objective struct {
	cands []candidate
	wBi   []float64
	wUni  []float64
	capU  []int
	stop  *stopTerm // nil: no stop-word term

	docs       []Doc
	ctab       caseTable // built on first use by defectsOf
	defMemo    []int8    // defects per candidate plus one; 0: not computed
	dangling   []float64 // score factor of each candidate's opening reference
	positional []bool    // the candidate's reference is "the former"/"the latter"
	content    map[string]bool
	restate    float64    // Options.Restate; 0: off
	lang       string     // Options.Language
	rwords     [][]string // restateWords per candidate, built on use
	corr       []float64  // corroboration factor per candidate; nil: off
}

// newObjective builds the objective of o over the candidates, given the
// concept weights of weights.
func newObjective(docs []Doc, all [][]sentenceInfo, cands []candidate, wBi, wUni []float64, capU []int, o Options) *objective {
	ob := &objective{cands: cands, wBi: wBi, wUni: wUni, capU: capU, docs: docs}
	if o.Quality > 0 {
		ob.defMemo = make([]int8, len(cands))
	}
	if o.Dangling > 0 || o.FormerLatter > 0 {
		ob.dangling = make([]float64, len(cands))
		for i := range cands {
			ob.dangling[i] = 1
			switch dangling(cands[i].text) {
			case refPronoun:
				ob.dangling[i] = 1 - o.Dangling
			case refPositional:
				ob.dangling[i] = 1 - o.FormerLatter
				if ob.positional == nil {
					ob.positional = make([]bool, len(cands))
				}
				ob.positional[i] = true
			}
		}
	}
	ob.restate, ob.lang = o.Restate, o.Language
	if o.Corroboration > 0 {
		ob.corroborations(all, o.Corroboration, o.Support)
	}
	if o.StopWords > 0 {
		unit := math.Pow(float64(len(docs)), o.DFPower) * o.Unigram * o.StopWords
		ob.stop = newStopTerm(all, cands, unit, o)
	}
	return ob
}

// state is what a partial summary covers.
type state struct {
	covB []bool
	covU []int
	covS []int
}

func (ob *objective) empty() state {
	s := state{covB: make([]bool, len(ob.wBi)), covU: make([]int, len(ob.wUni))}
	if ob.stop != nil {
		s.covS = make([]int, len(ob.stop.gains))
	}
	return s
}

// gain is what candidate i adds to s counting its first maxWords words.
func (ob *objective) gain(i, maxWords int, s state) float64 {
	c := &ob.cands[i]
	g := 0.0
	var seenB, seenU []int32
	for j := range c.toks {
		if c.tokWord[j] >= maxWords {
			break
		}
		if b := c.bigrams[j]; b >= 0 && !s.covB[b] && ob.wBi[b] > 0 && !contains(seenB, b) {
			g += ob.wBi[b]
			seenB = append(seenB, b)
		}
		if u := c.unis[j]; u >= 0 && ob.wUni[u] > 0 && s.covU[u]+count(seenU, u) < ob.capU[u] {
			g += ob.wUni[u]
			seenU = append(seenU, u)
		}
	}
	if ob.stop != nil {
		g += ob.stop.gain(i, c, maxWords, s.covS)
	}
	return g
}

// add covers candidate i's first maxWords words in s.
func (ob *objective) add(i, maxWords int, s state) {
	c := &ob.cands[i]
	for j := range c.toks {
		if c.tokWord[j] >= maxWords {
			break
		}
		if b := c.bigrams[j]; b >= 0 {
			s.covB[b] = true
		}
		if u := c.unis[j]; u >= 0 {
			s.covU[u]++
		}
		if ob.stop != nil {
			if id := ob.stop.ids[i][j]; id >= 0 {
				s.covS[id]++
			}
		}
	}
}

// refFactor is the factor of Options.Dangling or FormerLatter on
// candidate i's score and gain after the chosen sentences: 1 unless i
// opens with a reference outside itself that the previous sentence does
// not resolve.
func (ob *objective) refFactor(i int, chosen []int) float64 {
	if ob.dangling == nil || ob.dangling[i] == 1 || ob.follows(i, chosen) {
		return 1
	}
	return ob.dangling[i]
}

// totalFactor is refFactor for "the former"/"the latter", which also
// counts against the summaries the greedy's restarts compare; a pronoun
// opening only steers the greedy's order (counting it in the totals cost
// DUC 2003 R-2 12.72 -> 12.54).
func (ob *objective) totalFactor(i int, chosen []int) float64 {
	if ob.positional == nil || !ob.positional[i] {
		return 1
	}
	return ob.refFactor(i, chosen)
}

// follows reports whether candidate i is the sentence after the last
// chosen one in the same document, so that its opening reference has its
// antecedent right before it.
func (ob *objective) follows(i int, chosen []int) bool {
	if len(chosen) == 0 {
		return false
	}
	p := &ob.cands[chosen[len(chosen)-1]]
	return p.doc == ob.cands[i].doc && p.pos == ob.cands[i].pos-1
}

// defectsOf is defects of candidate i, memoized.
func (ob *objective) defectsOf(i int) int {
	if ob.defMemo[i] == 0 {
		if ob.ctab == nil {
			ob.ctab = newCaseTable(ob.docs)
		}
		ob.defMemo[i] = int8(min(defects(ob.cands[i].text, ob.cands[i].doc, ob.ctab), 100) + 1)
	}
	return int(ob.defMemo[i]) - 1
}

// supportsCand reports whether candidate a holds o.Support of candidate
// b's content words, at least two (it carries b's content).
func (ob *objective) supportsCand(a, b int, o Options) bool {
	return ob.holds(a, b, o.Support)
}

// saidBetter reports whether a chosen sentence carries the content of
// candidate i with fewer writing defects, which makes i a worse-written
// repetition.
func (ob *objective) saidBetter(i int, chosen []int, o Options) bool {
	d := ob.defectsOf(i)
	if d == 0 {
		return false
	}
	for _, c := range chosen {
		if ob.defectsOf(c) < d && ob.supportsCand(c, i, o) {
			return true
		}
	}
	return false
}

// betterWritten looks, when the greedy's pick best has writing defects,
// for a sentence that carries the same content with fewer: it supports
// best (holds o.Support of its content words, at least two), gains at
// least 1-o.Quality of best's gain, fits the remaining budget and
// comes from a source sentence not in the summary. Among those it takes
// the fewest defects, then the best greedy score. It returns -1 when
// best stays.
func (ob *objective) betterWritten(best int, bestGain float64, rem int, s state, groups map[int]bool, o Options) (int, float64) {
	d := ob.defectsOf(best)
	if d == 0 {
		return -1, 0
	}
	b := &ob.cands[best]
	if ob.content == nil {
		ob.content = map[string]bool{}
	}
	clear(ob.content)
	for _, t := range b.content {
		ob.content[t] = true
	}
	need := min(2, len(b.content))
	if need == 0 {
		return -1, 0
	}
	alt, altD, altScore, altGain := -1, d, 0.0, 0.0
	for i := range ob.cands {
		c := &ob.cands[i]
		if i == best || groups[c.group] || !o.Overflow && c.words > rem {
			continue
		}
		n := 0
		for _, t := range c.content {
			if ob.content[t] {
				n++
			}
		}
		if n < need || float64(n) < o.Support*float64(len(b.content)) {
			continue
		}
		g := ob.gain(i, rem, s)
		if g < (1-o.Quality)*bestGain {
			continue
		}
		cd := ob.defectsOf(i)
		sc := g / math.Pow(float64(min(c.words, rem)), o.LengthPower)
		if cd < altD || cd == altD && alt >= 0 && sc > altScore {
			alt, altD, altScore, altGain = i, cd, sc, g
		}
	}
	return alt, altGain
}

func count(s []int32, v int32) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// greedyStarts is how many of the strongest single sentences the greedy
// is restarted from.
const greedyStarts = 5

// selectGreedy is the cost-scaled greedy of budgeted maximum coverage
// (Khuller et al.; Lin and Bilmes 2010), rerun from each of the
// strongest single sentences, keeping the best summary (a cheap partial
// enumeration that fixes the greedy's worst cases). At most one
// candidate of a source sentence enters a summary; with o.Overflow the
// last sentence may run past the budget and counts up to it. It returns
// the chosen candidates in order and the summary's objective value.
func selectGreedy(ob *objective, o Options) ([]int, float64) {
	cands := ob.cands
	run := func(first int) ([]int, float64) {
		s := ob.empty()
		var chosen []int
		used := 0
		total := 0.0
		groups := map[int]bool{}
		if first >= 0 && ob.defMemo != nil {
			if alt, _ := ob.betterWritten(first, ob.gain(first, o.Words, s), o.Words, s, groups, o); alt >= 0 {
				first = alt
			}
		}
		if first >= 0 {
			total += ob.gain(first, o.Words, s) * ob.totalFactor(first, nil)
			ob.add(first, o.Words, s)
			chosen = append(chosen, first)
			used += cands[first].words
			groups[cands[first].group] = true
		}
		for used < o.Words {
			best, bestScore, bestGain := -1, 0.0, 0.0
			rem := o.Words - used
			for i := range cands {
				c := &cands[i]
				if groups[c.group] || !o.Overflow && c.words > rem {
					continue
				}
				g := ob.gain(i, rem, s)
				if g <= 0 {
					continue
				}
				sc := g / math.Pow(float64(min(c.words, rem)), o.LengthPower)
				if o.Position > 0 {
					sc *= 1 + o.Position/float64(c.pos+1)
				}
				sc *= ob.refFactor(i, chosen) * ob.corrFactor(i)
				if sc > bestScore {
					best, bestScore, bestGain = i, sc, g
				}
			}
			if best < 0 {
				break
			}
			if ob.restates(best, chosen) {
				// The summary says this already, in other words.
				groups[cands[best].group] = true
				continue
			}
			if ob.defMemo != nil {
				if ob.saidBetter(best, chosen, o) {
					// The summary carries this content in better words.
					groups[cands[best].group] = true
					continue
				}
				if alt, g := ob.betterWritten(best, bestGain, rem, s, groups, o); alt >= 0 {
					best, bestGain = alt, g
				}
			}
			ob.add(best, rem, s)
			total += bestGain * ob.totalFactor(best, chosen)
			chosen = append(chosen, best)
			used += cands[best].words
			groups[cands[best].group] = true
		}
		return chosen, total
	}
	chosen, total := run(-1)
	type single struct {
		i int
		g float64
	}
	s0 := ob.empty()
	singles := make([]single, len(cands))
	for i := range cands {
		singles[i] = single{i, ob.gain(i, o.Words, s0)}
	}
	sort.Slice(singles, func(a, b int) bool { return singles[a].g > singles[b].g })
	for k := 0; k < len(singles) && k < greedyStarts; k++ {
		if !o.Overflow && cands[singles[k].i].words > o.Words {
			continue
		}
		if ob.refFactor(singles[k].i, nil) != 1 {
			continue // a summary does not open with "He" or "the former"
		}
		ch, t := run(singles[k].i)
		if t > total+1e-9 {
			chosen, total = ch, t
		}
	}
	return chosen, total
}

// stopTerm scores function words by the chance that a reference holds
// as many copies as the summary.
type stopTerm struct {
	ids   [][]int32   // per candidate token: stop word id or -1
	gains [][]float64 // per stop word: gain of its k-th copy
}

func (st *stopTerm) at(id int32, k int) float64 {
	g := st.gains[id]
	if k < len(g) {
		return g[k]
	}
	return 0
}

func (st *stopTerm) gain(i int, c *candidate, maxWords int, cov []int) float64 {
	g := 0.0
	var seen []int32
	for j, id := range st.ids[i] {
		if c.tokWord[j] >= maxWords {
			break
		}
		if id < 0 {
			continue
		}
		g += st.at(id, cov[id]+count(seen, id))
		seen = append(seen, id)
	}
	return g
}

// newStopTerm builds the stop-word term: a stop word making share p of
// the documents' tokens is expected StopRate*Words*p*StopRates[word]
// times in a reference, taken as Poisson, and its k-th copy in the
// summary gains unit times the chance that the reference holds at least
// k.
func newStopTerm(all [][]sentenceInfo, cands []candidate, unit float64, o Options) *stopTerm {
	ids := map[string]int32{}
	var freq []float64
	total := 0.0
	for _, doc := range all {
		for _, s := range doc {
			for _, t := range s.toks {
				total++
				if !isStop(o.Language, t) {
					continue
				}
				id, ok := ids[t]
				if !ok {
					id = int32(len(freq))
					ids[t] = id
					freq = append(freq, 0)
				}
				freq[id]++
			}
		}
	}
	st := &stopTerm{ids: make([][]int32, len(cands)), gains: make([][]float64, len(freq))}
	word := make([]string, len(freq))
	for w, id := range ids {
		word[id] = w
	}
	for id, f := range freq {
		mu := o.StopRate * float64(o.Words) * f / math.Max(1, total)
		if r, ok := o.StopRates[word[id]]; ok {
			mu *= r
		}
		// P(X >= k+1) for k = 0.. while it matters.
		p := math.Exp(-mu)
		cdf := p
		for k := 1; k <= 50; k++ {
			tail := 1 - cdf
			if tail < 1e-3 {
				break
			}
			st.gains[id] = append(st.gains[id], unit*tail)
			p *= mu / float64(k)
			cdf += p
		}
	}
	for i, c := range cands {
		st.ids[i] = make([]int32, len(c.toks))
		for j, t := range c.toks {
			st.ids[i][j] = -1
			if isStop(o.Language, t) {
				if id, ok := ids[t]; ok {
					st.ids[i][j] = id
				}
			}
		}
	}
	return st
}
