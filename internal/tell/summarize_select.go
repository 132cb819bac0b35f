package tell

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Experiments are options of Summarize that were compared with the
// default on DUC 2003 (22 clusters, 100 words) and TAC 2011 English (250
// words) by `storyline eval summarize-tune` and did not win on both (see
// BENCHMARKS.md); they stay so the comparisons can be rerun. The zero
// value turns them all off.
type Experiments struct {
	// ProperWeight multiplies the weight of content words written
	// capitalized inside sentences more often than not (names), and
	// ProperBigram (when ProperWeight is set; 0 means 1) that of bigrams
	// holding one.
	ProperWeight, ProperBigram float64
	// UniMinDF and BiMinDF raise the document-frequency floor of content
	// words and of bigrams above the one MinDocFrac gives.
	UniMinDF, BiMinDF int
	// ExactNodes, when positive, refines the greedy summary by branch
	// and bound over the summaries within the budget, visiting at most
	// this many nodes.
	ExactNodes int
	// SoftCover adds the sentence coverage function of Lin and Bilmes
	// (2011) to the objective, weighted so that 1 makes the best single
	// sentence gain as much from it as from concepts; SoftAlpha is the
	// share of a sentence's total similarity that can be covered
	// (default 0.2).
	SoftCover, SoftAlpha float64
	// UnigramDecay weighs the k-th repeat of a content word by
	// UnigramDecay^k instead of fully up to UnigramCap.
	UnigramDecay float64
	// TailOrder, with Overflow, puts last the sentence whose cut at the
	// budget costs the least.
	TailOrder bool
	// StopBigram multiplies the weight of bigrams holding a stop word
	// (default 1; negative for 0).
	StopBigram float64
	// NoPronounStart leaves out sentences opening with a personal or
	// demonstrative pronoun, whose referent is in the sentence before.
	NoPronounStart bool
	// Recency multiplies the greedy score of a sentence by 1 +
	// Recency*r, r the rank of its document's date from 0 (oldest) to 1
	// (newest); negative values favour the oldest.
	Recency float64
	// WordRates, when set, multiplies the weight of a content word's
	// concepts by its rate in reference summaries over its rate in
	// documents (keyed by stemmed word, learned on other clusters),
	// raised to WordRatePower (default 1); a bigram takes the geometric
	// mean of its content words' rates.
	WordRates     map[string]float64
	WordRatePower float64
	// UniPoisson replaces the flat weight of content words up to their
	// cap by UniPoisson times the weight of a word of every document
	// times the chance that a reference holds k copies, Poisson with
	// mean budget x the word's share of the documents' tokens x
	// UniRatios[round(10 x its document share)] (1 when absent).
	UniPoisson float64
	UniRatios  []float64
	// StopPairs scores pairs of adjacent stop words ("of the", "it
	// was") as StopWords scores single ones, with StopPairRates as their
	// reference/document ratios (default 0: off).
	StopPairs     float64
	StopPairRates map[string]float64
	// QuotePrior, PronounPrior and FirstPrior multiply the greedy score
	// of sentences holding quotation marks, opening with a pronoun, and
	// opening their document (0 means 1).
	QuotePrior, PronounPrior, FirstPrior float64
	// DedupDF counts document frequencies over groups of copies (documents
	// sharing most of their sentences, such as a wire story and its
	// update) instead of documents.
	DedupDF bool
	// SkipBigram adds concepts made of two content words with only stop
	// words between them ("president ~ brazil" from "president of
	// Brazil"), weighted SkipBigram times a bigram of the same document
	// frequency (default 0: none).
	SkipBigram float64
	// Starts is the number of greedy restarts from the strongest single
	// sentences (default 5, negative for none).
	Starts int
}

// objective is the summary score used by the selectors other than the
// default greedy: covered bigram concepts once each, content words up to
// their caps (optionally with a geometric decay per repeat), and an
// optional soft coverage of every sentence of the documents (Lin and
// Bilmes 2011).
type objective struct {
	cands []candidate
	wBi   []float64
	wUni  []float64
	capU  []int
	decay float64     // weight of the k-th repeat of a word is decay^k (0: flat)
	uniG  [][]float64 // when set, the gain of each copy of each content word
	soft  *softCover
	stop  *stopTerm
	// stop2 scores pairs of stop words ("of the") the same way.
	stop2 *stopTerm
	// prior multiplies each candidate's greedy score (nil: none).
	prior []float64
}

// state is what a partial summary covers.
type state struct {
	covB  []bool
	covU  []int
	soft  []float64
	covS  []int
	covS2 []int
}

func (ob *objective) empty() state {
	s := state{covB: make([]bool, len(ob.wBi)), covU: make([]int, len(ob.wUni))}
	if ob.soft != nil {
		s.soft = make([]float64, len(ob.soft.capacity))
	}
	if ob.stop != nil {
		s.covS = make([]int, len(ob.stop.gains))
	}
	if ob.stop2 != nil {
		s.covS2 = make([]int, len(ob.stop2.gains))
	}
	return s
}

func (s state) clone() state {
	t := state{covB: append([]bool(nil), s.covB...), covU: append([]int(nil), s.covU...)}
	if s.soft != nil {
		t.soft = append([]float64(nil), s.soft...)
	}
	if s.covS != nil {
		t.covS = append([]int(nil), s.covS...)
	}
	if s.covS2 != nil {
		t.covS2 = append([]int(nil), s.covS2...)
	}
	return t
}

// gain is what candidate i adds to s counting its first maxWords words.
func (ob *objective) gain(i, maxWords int, s state) float64 {
	c := &ob.cands[i]
	var g float64
	if ob.decay == 0 && ob.uniG == nil {
		g = gain(c, maxWords, ob.wBi, ob.wUni, ob.capU, s.covB, s.covU)
	} else {
		var seenB, seenU []int32
		for j := range c.toks {
			if c.tokWord[j] >= maxWords {
				break
			}
			if b := c.bigrams[j]; b >= 0 && !s.covB[b] && ob.wBi[b] > 0 && !contains(seenB, b) {
				g += ob.wBi[b]
				seenB = append(seenB, b)
			}
			if u := c.unis[j]; u >= 0 && ob.uniG != nil {
				k := s.covU[u] + count(seenU, u)
				if k < len(ob.uniG[u]) {
					g += ob.uniG[u][k]
					seenU = append(seenU, u)
				}
			} else if u >= 0 && ob.wUni[u] > 0 {
				k := s.covU[u] + count(seenU, u)
				if k < ob.capU[u] {
					g += ob.wUni[u] * math.Pow(ob.decay, float64(k))
					seenU = append(seenU, u)
				}
			}
		}
	}
	if ob.soft != nil {
		g += ob.soft.gain(i, c.words, maxWords, s.soft)
	}
	if ob.stop != nil {
		g += ob.stop.gain(i, c, maxWords, s.covS)
	}
	if ob.stop2 != nil {
		g += ob.stop2.gain(i, c, maxWords, s.covS2)
	}
	if c.skips != nil {
		var seen []int32
		for j, b := range c.skips {
			if c.tokWord[j] >= maxWords {
				break
			}
			if b >= 0 && !s.covB[b] && ob.wBi[b] > 0 && !contains(seen, b) && !contains(c.bigrams, b) {
				g += ob.wBi[b]
				seen = append(seen, b)
			}
		}
	}
	return g
}

// add covers candidate i's first maxWords words in s.
func (ob *objective) add(i, maxWords int, s state) {
	c := &ob.cands[i]
	cover(c, maxWords, s.covB, s.covU)
	for j, b := range c.skips {
		if c.tokWord[j] >= maxWords {
			break
		}
		if b >= 0 {
			s.covB[b] = true
		}
	}
	if ob.soft != nil {
		ob.soft.add(i, c.words, maxWords, s.soft)
	}
	for k, st := range []*stopTerm{ob.stop, ob.stop2} {
		if st == nil {
			continue
		}
		cov := s.covS
		if k == 1 {
			cov = s.covS2
		}
		for j, id := range st.ids[i] {
			if c.tokWord[j] >= maxWords {
				break
			}
			if id >= 0 {
				cov[id]++
			}
		}
	}
}

// value scores a whole summary, in order, under the word budget when
// overflow is allowed (the last sentence counts up to the budget).
func (ob *objective) value(chosen []int, words int) float64 {
	s := ob.empty()
	total := 0.0
	used := 0
	for _, i := range chosen {
		rem := words - used
		if rem <= 0 {
			break
		}
		total += ob.gain(i, rem, s)
		ob.add(i, rem, s)
		used += ob.cands[i].words
	}
	return total
}

// softCover is the coverage function of Lin and Bilmes (2011): every
// sentence of the documents is covered by the summary's summed
// similarity to it, up to a share alpha of its similarity to all
// sentences.
type softCover struct {
	capacity []float64
	// sims[i] lists the sentences candidate i is similar to.
	sims  [][]simEntry
	scale float64
}

type simEntry struct {
	to  int32
	sim float64
}

func (sc *softCover) gain(i, words, maxWords int, cov []float64) float64 {
	f := 1.0
	if words > maxWords {
		f = float64(maxWords) / float64(words)
	}
	g := 0.0
	for _, e := range sc.sims[i] {
		c := cov[e.to]
		g += math.Min(c+f*e.sim, sc.capacity[e.to]) - math.Min(c, sc.capacity[e.to])
	}
	return g * sc.scale
}

func (sc *softCover) add(i, words, maxWords int, cov []float64) {
	f := 1.0
	if words > maxWords {
		f = float64(maxWords) / float64(words)
	}
	for _, e := range sc.sims[i] {
		cov[e.to] += f * e.sim
	}
}

// newSoftCover builds the similarities (cosine of tf-idf vectors of
// stemmed content words, idf over the sentences) between candidates and
// every sentence of the documents. weight scales the term so that the
// best single sentence gains weight times the concept gain of the best
// single sentence.
func newSoftCover(all [][]sentenceInfo, cands []candidate, alpha, weight float64, o Options, conceptBest float64) *softCover {
	sf := map[string]float64{}
	var sents [][]string
	for _, doc := range all {
		for _, s := range doc {
			sents = append(sents, s.toks)
			for t := range s.content {
				sf[t]++
			}
		}
	}
	n := float64(len(sents))
	type vec struct {
		w    map[string]float64
		norm float64
	}
	mk := func(toks []string) vec {
		v := vec{w: map[string]float64{}}
		for _, t := range toks {
			if isStop(o.Language, t) {
				continue
			}
			v.w[t] += math.Log((n + 1) / (sf[t] + 1))
		}
		for _, x := range v.w {
			v.norm += x * x
		}
		v.norm = math.Sqrt(v.norm)
		return v
	}
	sv := make([]vec, len(sents))
	post := map[string][]int32{}
	for i, t := range sents {
		sv[i] = mk(t)
		for w := range sv[i].w {
			post[w] = append(post[w], int32(i))
		}
	}
	cosine := func(a vec, into []float64) {
		for w, x := range a.w {
			for _, j := range post[w] {
				into[j] += x * sv[j].w[w]
			}
		}
		for j := range into {
			if into[j] > 0 {
				into[j] /= a.norm * sv[j].norm
			}
		}
	}
	sc := &softCover{capacity: make([]float64, len(sents)), sims: make([][]simEntry, len(cands)), scale: 1}
	buf := make([]float64, len(sents))
	for i := range sents {
		clear(buf)
		if sv[i].norm == 0 {
			continue
		}
		cosine(sv[i], buf)
		for _, x := range buf {
			sc.capacity[i] += x
		}
		sc.capacity[i] *= alpha
	}
	for ci := range cands {
		clear(buf)
		v := mk(cands[ci].toks)
		if v.norm == 0 {
			continue
		}
		cosine(v, buf)
		for j, x := range buf {
			if x > 0 {
				sc.sims[ci] = append(sc.sims[ci], simEntry{int32(j), x})
			}
		}
	}
	best := 0.0
	zero := make([]float64, len(sents))
	for ci := range cands {
		best = math.Max(best, sc.gain(ci, cands[ci].words, cands[ci].words, zero))
	}
	if best > 0 {
		sc.scale = weight * conceptBest / best
	}
	return sc
}

// selectWith is the cost-scaled greedy with restarts from the strongest
// single sentences (as selectGreedy) over a general objective.
func selectWith(ob *objective, o Options, starts int) ([]int, float64) {
	cands := ob.cands
	run := func(first int) ([]int, float64) {
		s := ob.empty()
		var chosen []int
		used := 0
		total := 0.0
		groups := map[int]bool{}
		if first >= 0 {
			total += ob.gain(first, o.Words, s)
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
				if ob.prior != nil {
					sc *= ob.prior[i]
				}
				if sc > bestScore {
					best, bestScore, bestGain = i, sc, g
				}
			}
			if best < 0 {
				break
			}
			ob.add(best, rem, s)
			total += bestGain
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
	for k := 0; k < len(singles) && k < starts; k++ {
		if !o.Overflow && cands[singles[k].i].words > o.Words {
			continue
		}
		ch, t := run(singles[k].i)
		if t > total+1e-9 {
			chosen, total = ch, t
		}
	}
	return chosen, total
}

// selectExact searches the summaries within the budget by branch and
// bound (depth first, best ratio first), starting from the incumbent
// found by the greedy. The bound is a fractional knapsack over each
// remaining candidate's best gain-per-word ratio of its prefixes, which
// never underestimates a submodular objective; the search stops after
// maxNodes nodes and returns the best summary seen.
func selectExact(ob *objective, o Options, incumbent []int, incValue float64, maxNodes int) ([]int, float64) {
	cands := ob.cands
	best := append([]int(nil), incumbent...)
	bestV := incValue
	nodes := 0
	groups := map[int]bool{}
	var chosen []int
	type item struct {
		i     int
		ratio float64
		cost  int
		g     float64
	}
	var rec func(s state, used int, v float64)
	rec = func(s state, used int, v float64) {
		nodes++
		rem := o.Words - used
		if rem <= 0 {
			return
		}
		var items []item
		for i := range cands {
			c := &cands[i]
			if groups[c.group] {
				continue
			}
			if c.words > rem && !o.Overflow {
				continue
			}
			lim := min(c.words, rem)
			r, g := ob.prefixRatio(i, lim, s)
			if g <= 0 {
				continue
			}
			items = append(items, item{i, r, lim, g})
		}
		sort.Slice(items, func(a, b int) bool { return items[a].ratio > items[b].ratio })
		// Leaves: a candidate that overflows ends the summary.
		for _, it := range items {
			if cands[it.i].words >= rem && v+it.g > bestV+1e-9 {
				bestV = v + it.g
				best = append(append([]int(nil), chosen...), it.i)
			}
		}
		for k, it := range items {
			if nodes >= maxNodes {
				return
			}
			// Bound over the items not yet branched on.
			bound, capLeft := v, float64(rem)
			for _, jt := range items[k:] {
				take := math.Min(capLeft, float64(jt.cost))
				bound += take * jt.ratio
				capLeft -= take
				if capLeft <= 0 {
					break
				}
			}
			if bound <= bestV+1e-9 {
				return
			}
			if cands[it.i].words >= rem {
				continue // scored as a leaf above
			}
			t := s.clone()
			ob.add(it.i, rem, t)
			groups[cands[it.i].group] = true
			chosen = append(chosen, it.i)
			nv := v + it.g
			if nv > bestV+1e-9 {
				bestV = nv
				best = append([]int(nil), chosen...)
			}
			rec(t, used+cands[it.i].words, nv)
			chosen = chosen[:len(chosen)-1]
			delete(groups, cands[it.i].group)
		}
	}
	rec(ob.empty(), 0, 0)
	return best, bestV
}

// prefixRatio returns an upper bound of the gain per word of every
// prefix of candidate i up to lim words, and the gain of lim words.
func (ob *objective) prefixRatio(i, lim int, s state) (float64, float64) {
	c := &ob.cands[i]
	g, r := 0.0, 0.0
	var seenB, seenU []int32
	for j := range c.toks {
		if c.tokWord[j] >= lim {
			break
		}
		if b := c.bigrams[j]; b >= 0 && !s.covB[b] && ob.wBi[b] > 0 && !contains(seenB, b) {
			g += ob.wBi[b]
			seenB = append(seenB, b)
		}
		if u := c.unis[j]; u >= 0 && ob.uniG != nil {
			k := s.covU[u] + count(seenU, u)
			if k < len(ob.uniG[u]) {
				g += ob.uniG[u][k]
				seenU = append(seenU, u)
			}
		} else if u >= 0 && ob.wUni[u] > 0 {
			k := s.covU[u] + count(seenU, u)
			if k < ob.capU[u] {
				w := ob.wUni[u]
				if ob.decay != 0 {
					w *= math.Pow(ob.decay, float64(k))
				}
				g += w
				seenU = append(seenU, u)
			}
		}
		r = math.Max(r, g/float64(c.tokWord[j]+1))
	}
	if ob.soft != nil {
		// The soft term is concave in the kept share of the sentence,
		// so its gain per word is largest at the start: its slope.
		slope := 0.0
		for _, e := range ob.soft.sims[i] {
			if s.soft[e.to] < ob.soft.capacity[e.to] {
				slope += e.sim
			}
		}
		r += slope * ob.soft.scale / float64(c.words)
		g += ob.soft.gain(i, c.words, lim, s.soft)
	}
	if ob.stop != nil {
		// Each stop word gains at most its first copy's weight.
		best := 0.0
		for j, id := range ob.stop.ids[i] {
			if id >= 0 && c.tokWord[j] < lim {
				best += ob.stop.at(id, s.covS[id])
			}
		}
		r += best
		g += ob.stop.gain(i, c, lim, s.covS)
	}
	if ob.stop2 != nil {
		best := 0.0
		for j, id := range ob.stop2.ids[i] {
			if id >= 0 && c.tokWord[j] < lim {
				best += ob.stop2.at(id, s.covS2[id])
			}
		}
		r += best
		g += ob.stop2.gain(i, c, lim, s.covS2)
	}
	return r, g
}

// tailOrder puts last the sentence whose cut costs the least when the
// summary runs past the budget (overflow mode: the scorer keeps only the
// first o.Words words).
func tailOrder(ob *objective, chosen []int, words int) []int {
	if len(chosen) < 2 {
		return chosen
	}
	bestV := ob.value(chosen, words)
	best := chosen
	for k := range chosen[:len(chosen)-1] {
		alt := make([]int, 0, len(chosen))
		for j, x := range chosen {
			if j != k {
				alt = append(alt, x)
			}
		}
		alt = append(alt, chosen[k])
		if v := ob.value(alt, words); v > bestV+1e-9 {
			best, bestV = alt, v
		}
	}
	return best
}

// selectObjective runs the selectors and objectives the experimental
// options ask for.
func selectObjective(docs []Doc, cands []candidate, all [][]sentenceInfo, wBi, wUni []float64, capU []int, uniGains [][]float64, o Options) []int {
	ob := &objective{cands: cands, wBi: wBi, wUni: wUni, capU: capU, decay: o.UnigramDecay, uniG: uniGains}
	if o.SoftCover > 0 {
		s0 := ob.empty()
		best := 0.0
		for i := range cands {
			best = math.Max(best, ob.gain(i, o.Words, s0))
		}
		ob.soft = newSoftCover(all, cands, o.SoftAlpha, o.SoftCover, o, best)
	}
	if o.StopWords > 0 {
		unit := math.Pow(float64(len(docs)), o.DFPower) * o.Unigram * o.StopWords
		ob.stop = newStopTerm(all, cands, unit, o)
	}
	if o.StopPairs > 0 {
		unit := math.Pow(float64(len(docs)), o.DFPower) * o.Unigram * o.StopPairs
		ob.stop2 = newStopTermKeyed(all, cands, unit, o, o.StopPairRates, stopPairKey(o.Language))
	}
	if o.Recency != 0 && len(docs) > 1 {
		rank := recencyRanks(docs)
		ob.prior = make([]float64, len(cands))
		for i, c := range cands {
			ob.prior[i] = math.Max(0.01, 1+o.Recency*rank[c.doc])
		}
	}
	if o.QuotePrior > 0 || o.PronounPrior > 0 || o.FirstPrior > 0 {
		if ob.prior == nil {
			ob.prior = make([]float64, len(cands))
			for i := range ob.prior {
				ob.prior[i] = 1
			}
		}
		for i, c := range cands {
			if o.QuotePrior > 0 && strings.ContainsAny(c.text, "\"“”«»") {
				ob.prior[i] *= o.QuotePrior
			}
			if o.PronounPrior > 0 && opensWithPronoun(c.text) {
				ob.prior[i] *= o.PronounPrior
			}
			if o.FirstPrior > 0 && c.pos == 0 {
				ob.prior[i] *= o.FirstPrior
			}
		}
	}
	chosen, v := selectWith(ob, o, o.Starts)
	if o.ExactNodes > 0 {
		chosen, _ = selectExact(ob, o, chosen, v, o.ExactNodes)
	}
	if o.TailOrder && o.Overflow {
		chosen = tailOrder(ob, chosen, o.Words)
	}
	return chosen
}

// recencyRanks ranks documents by date from 0 (oldest) to 1 (newest);
// ties and undated documents share the mean rank of their group.
func recencyRanks(docs []Doc) []float64 {
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return docs[idx[a]].Published.Before(docs[idx[b]].Published) })
	r := make([]float64, len(docs))
	for k := 0; k < len(idx); {
		j := k
		for j < len(idx) && docs[idx[j]].Published.Equal(docs[idx[k]].Published) {
			j++
		}
		mean := float64(k+j-1) / 2 / float64(len(docs)-1)
		for _, i := range idx[k:j] {
			r[i] = mean
		}
		k = j
	}
	return r
}

var anaphoricStarts = map[string]bool{"he": true, "she": true, "it": true, "they": true, "this": true, "these": true, "those": true, "that": true, "we": true, "i": true, "his": true, "her": true, "their": true, "its": true}

// opensWithPronoun reports whether s opens with a pronoun pointing back.
func opensWithPronoun(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	w := strings.ToLower(strings.Trim(f[0], `"'“”,`))
	return anaphoricStarts[w]
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

// newStopTerm builds the stop-word term: a word making share p of the
// documents' tokens is expected rate*words*p times in a reference.
func newStopTerm(all [][]sentenceInfo, cands []candidate, unit float64, o Options) *stopTerm {
	return newStopTermKeyed(all, cands, unit, o, o.StopRates, func(toks []string, j int) string {
		if isStop(o.Language, toks[j]) {
			return toks[j]
		}
		return ""
	})
}

// stopPairKey is the pair of stop words ending at token j, or "".
func stopPairKey(lang string) func([]string, int) string {
	return func(toks []string, j int) string {
		if j > 0 && isStop(lang, toks[j-1]) && isStop(lang, toks[j]) {
			return toks[j-1] + " " + toks[j]
		}
		return ""
	}
}

func newStopTermKeyed(all [][]sentenceInfo, cands []candidate, unit float64, o Options, rates map[string]float64, key func([]string, int) string) *stopTerm {
	ids := map[string]int32{}
	var freq []float64
	total := 0.0
	for _, doc := range all {
		for _, s := range doc {
			for j := range s.toks {
				total++
				t := key(s.toks, j)
				if t == "" {
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
		if r, ok := rates[word[id]]; ok {
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
		for j := range c.toks {
			st.ids[i][j] = -1
			if t := key(c.toks, j); t != "" {
				if id, ok := ids[t]; ok {
					st.ids[i][j] = id
				}
			}
		}
	}
	return st
}

// properStems lists the stems of words that are capitalized inside
// sentences more often than lower-cased: names.
func properStems(docs []Doc, lang string) map[string]bool {
	capN, lowN := map[string]int{}, map[string]int{}
	for _, d := range docs {
		for _, s := range d.Sentences {
			for i, w := range strings.Fields(s) {
				w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
				if i == 0 || w == "" {
					continue
				}
				r, _ := utf8.DecodeRuneInString(w)
				toks, _ := tokens(lang, w)
				if len(toks) != 1 {
					continue
				}
				if unicode.IsUpper(r) {
					capN[toks[0]]++
				} else {
					lowN[toks[0]]++
				}
			}
		}
	}
	out := map[string]bool{}
	for t, n := range capN {
		if n > lowN[t] {
			out[t] = true
		}
	}
	return out
}
