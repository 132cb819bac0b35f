package entity

import (
	"strings"
)

// newGazetteer returns a gazetteer holding the hand-written lists.
func newGazetteer() *gazetteer {
	g := &gazetteer{phrases: map[uint64]uint16{}, lower: map[string]uint8{}}
	for i, list := range []string{countriesList, citiesList, firstNamesList, titlesList, orgSuffixList, nationalityList, timeWordsList} {
		for _, w := range strings.Fields(list) {
			g.add(strings.ReplaceAll(w, "_", " "), uint16(gzCountry)<<i)
		}
	}
	return g
}

// prepared is a document ready for feature extraction.
type prepared struct {
	// stage1 holds the first stage's tags when tagging with the second.
	stage1 [][]int
	agg    map[string]*[5]int
	// featIDs caches the first stage's feature ids per sentence, token i
	// holding featIDs[si][featOff[si][i]:featOff[si][i+1]].
	featIDs, featOff [][]int32
	sents            [][]token
	caps             []bool
	gz               [][]phraseMatch
	dc               *docContext
}

func prepare(doc [][]string, g *gazetteer) *prepared {
	p := &prepared{sents: make([][]token, len(doc)), caps: make([]bool, len(doc)), gz: make([][]phraseMatch, len(doc))}
	for si, s := range doc {
		toks := make([]token, len(s))
		for i, w := range s {
			toks[i] = newToken(w)
		}
		p.sents[si] = toks
		p.caps[si] = isCapsSentence(toks)
		p.gz[si] = make([]phraseMatch, len(toks))
		g.match(toks, p.gz[si])
	}
	p.dc = newDocContext(p.sents, p.caps)
	p.dc.lower2 = g.lower
	return p
}

// ids resolves feature hashes to feature ids, appending them to dst.
func (r *Recognizer) lookup(hs []uint64, dst []int32) []int32 {
	for _, h := range hs {
		if id, ok := r.ids[h]; ok {
			dst = append(dst, id)
		}
	}
	return dst
}

// emission sums the weight rows of feature ids into dst. Ids beyond this
// stage's rows (features only the other stage knows) weigh nothing.
func (r *Recognizer) emission(ids []int32, dst []float32) {
	for k := range dst {
		dst[k] = 0
	}
	rows := int32(len(r.w) / nTags)
	for _, id := range ids {
		if id >= rows {
			continue
		}
		row := r.w[int(id)*nTags : int(id)*nTags+nTags]
		for k := range dst {
			dst[k] += row[k]
		}
	}
}

// viterbi returns the best tag sequence for emission scores em (n rows of
// nTags) under transition weights trans.
func viterbi(em []float32, n int, trans *[nTags + 1][nTags]float32, out []int) []int {
	out = out[:0]
	if n == 0 {
		return out
	}
	score := make([]float32, n*nTags)
	back := make([]int8, n*nTags)
	negInf := float32(math32Inf)
	for k := 0; k < nTags; k++ {
		if allowed(-1, k) {
			score[k] = em[k] + trans[nTags][k]
		} else {
			score[k] = negInf
		}
	}
	for i := 1; i < n; i++ {
		for k := 0; k < nTags; k++ {
			best, arg := negInf, 0
			for p := 0; p < nTags; p++ {
				if !allowed(p, k) {
					continue
				}
				s := score[(i-1)*nTags+p] + trans[p][k]
				if s > best {
					best, arg = s, p
				}
			}
			score[i*nTags+k] = best + em[i*nTags+k]
			back[i*nTags+k] = int8(arg)
		}
	}
	best, arg := negInf, 0
	for k := 0; k < nTags; k++ {
		if s := score[(n-1)*nTags+k]; s > best {
			best, arg = s, k
		}
	}
	for i := 0; i < n; i++ {
		out = append(out, 0)
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(back[i*nTags+arg])
	}
	return out
}

const math32Inf = -3.4e38

// tagPrepared tags every sentence of a prepared document. With cache,
// the feature ids of every token are kept in p for a second stage that
// shares this stage's ids (see shareIDs).
func (r *Recognizer) tagPrepared(p *prepared, cache bool) [][]int {
	f := &featurizer{}
	out := make([][]int, len(p.sents))
	var em []float32
	var ids []int32
	reuse := p.stage1 != nil && p.featIDs != nil
	if cache {
		p.featIDs = make([][]int32, len(p.sents))
		p.featOff = make([][]int32, len(p.sents))
	}
	for si, s := range p.sents {
		if cap(em) < len(s)*nTags {
			em = make([]float32, len(s)*nTags)
		}
		em = em[:len(s)*nTags]
		var sentIDs, offs []int32
		for i := range s {
			f.out = f.out[:0]
			ids = ids[:0]
			if reuse {
				off := p.featOff[si]
				ids = append(ids, p.featIDs[si][off[i]:off[i+1]]...)
			} else {
				f.features(s, i, p.caps[si], p.gz[si], p.dc)
			}
			if p.stage1 != nil {
				f.stage2(p, si, i)
			}
			ids = r.lookup(f.out, ids)
			if cache {
				offs = append(offs, int32(len(sentIDs)))
				sentIDs = append(sentIDs, ids...)
			}
			r.emission(ids, em[i*nTags:(i+1)*nTags])
		}
		if cache {
			p.featIDs[si] = sentIDs
			p.featOff[si] = append(offs, int32(len(sentIDs)))
		}
		out[si] = viterbi(em, len(s), &r.trans, nil)
	}
	return out
}

// tagAll runs the stages of the model on a prepared document.
func (r *Recognizer) tagAll(p *prepared) [][]int {
	tags := r.tagPrepared(p, r.next != nil && r.next.shared)
	if r.next != nil {
		p.stage1 = tags
		p.agg = aggregate(p)
		tags = r.next.tagPrepared(p, false)
		p.stage1, p.agg, p.featIDs, p.featOff = nil, nil, nil, nil
	}
	return tags
}

// TagDocument tags a document given as sentences of words and returns
// IOB2 tags ("B-PER", "I-PER", "O", ...). Sentences of one document share
// context (words capitalized elsewhere), so pass whole documents. The
// model's tags pass through the post-tagging rules of rules.go.
func (r *Recognizer) TagDocument(doc [][]string) [][]string {
	idx := r.tagAll(prepare(doc, r.gz))
	out := make([][]string, len(idx))
	for si, s := range idx {
		out[si] = make([]string, len(s))
		for i, k := range s {
			out[si][i] = tagNames[k]
		}
	}
	applyRules(doc, out)
	return out
}
