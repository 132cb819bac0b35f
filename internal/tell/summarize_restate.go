package tell

import (
	"sort"
	"sync"
)

// Restatement and corroboration, the two rules that make a story's
// summary say each thing once and lead with what several outlets report.
//
// A summary sentence restates another when either would be cited for the
// other: one holds Options.Restate of the other's distinct content words,
// at least two (the support test of every citation, applied between two
// summary sentences). "Putin will hold talks with Kerry on Thursday on
// Syria and Ukraine" and "Putin and Kerry held talks on Ukraine and Syria
// ..." are one statement told twice, a preview and a report; the
// selector does not add a sentence that restates a chosen one
// (objective.restates). The better-written sentence that may take a
// pick's place (objective.betterWritten) is not held to the rule: it
// stands for the pick's content, which restates nothing chosen, so a
// report that holds a chosen preview's words and adds the fact the pick
// carries ("... without touching upon direct military cooperation") may
// enter.
//
// A statement several outlets carry is what a reader should read first:
// with Options.Corroboration the greedy score of a candidate is
// multiplied by 1 + Corroboration*(k-1)/(n-1), k being the number of the
// n documents supporting it (its citations, counted with the same
// support test), so the factor stays within 1 + Corroboration however
// large the story.

// holds reports whether candidate a holds share of candidate b's
// distinct content words, at least two of them (or all of a one-word
// sentence).
func (ob *objective) holds(a, b int, share float64) bool {
	return holdsWords(ob.cands[a].content, ob.cands[b].content, share)
}

// holdsWords reports whether the sorted word set ac holds share of the
// sorted word set bc, at least two words (or all of a one-word set).
func holdsWords(ac, bc []string, share float64) bool {
	need := min(2, len(bc))
	if need == 0 {
		return false
	}
	n := 0
	for _, t := range bc {
		if k := sort.SearchStrings(ac, t); k < len(ac) && ac[k] == t {
			n++
		}
	}
	return n >= need && float64(n) >= share*float64(len(bc))
}

// restates reports whether candidate i and a chosen sentence say the
// same thing: either holds ob.restate of the other's content words, read
// by restateWords.
func (ob *objective) restates(i int, chosen []int) bool {
	if ob.restate <= 0 {
		return false
	}
	wi := ob.restateWords(i)
	for _, c := range chosen {
		wc := ob.restateWords(c)
		if ob.cands[c].group == ob.cands[i].group || holdsWords(wc, wi, ob.restate) || holdsWords(wi, wc, ob.restate) {
			return true
		}
	}
	return false
}

// restateWords is candidate i's distinct content words with, in English,
// an irregular verb's past forms read as its base ("held talks" and
// "will hold talks" report one event), memoized.
func (ob *objective) restateWords(i int) []string {
	if ob.lang != "en" {
		return ob.cands[i].content
	}
	if ob.rwords == nil {
		ob.rwords = make([][]string, len(ob.cands))
	}
	if ob.rwords[i] == nil {
		ob.rwords[i] = baseForms(ob.cands[i].content)
	}
	return ob.rwords[i]
}

// irregularPast lists English irregular verbs common in news, base form
// first, then its past forms.
var irregularPast = [][]string{
	{"hold", "held"}, {"meet", "met"}, {"tell", "told"}, {"take", "took", "taken"},
	{"make", "made"}, {"give", "gave", "given"}, {"go", "went", "gone"},
	{"come", "came"}, {"speak", "spoke", "spoken"}, {"see", "saw", "seen"},
	{"find", "found"}, {"leave", "left"}, {"lead", "led"}, {"win", "won"},
	{"lose", "lost"}, {"send", "sent"}, {"bring", "brought"},
	{"begin", "began", "begun"}, {"become", "became"}, {"keep", "kept"},
	{"strike", "struck"}, {"fight", "fought"}, {"seek", "sought"},
	{"shoot", "shot"}, {"flee", "fled"}, {"choose", "chose", "chosen"},
	{"sell", "sold"}, {"buy", "bought"}, {"pay", "paid"}, {"run", "ran"},
	{"rise", "rose", "risen"}, {"fall", "fell", "fallen"}, {"break", "broke", "broken"},
	{"write", "wrote", "written"}, {"steal", "stole", "stolen"}, {"drive", "drove", "driven"},
	{"throw", "threw", "thrown"}, {"know", "knew", "known"}, {"grow", "grew", "grown"},
	{"draw", "drew", "drawn"}, {"stand", "stood"}, {"understand", "understood"},
	{"build", "built"}, {"spend", "spent"}, {"feel", "felt"}, {"hear", "heard"},
	{"catch", "caught"}, {"teach", "taught"}, {"think", "thought"}, {"sit", "sat"},
	{"wear", "wore", "worn"}, {"swear", "swore", "sworn"}, {"sink", "sank", "sunk"},
	{"freeze", "froze", "frozen"}, {"forbid", "forbade", "forbidden"},
}

var (
	baseOnce sync.Once
	baseOf   map[string]string // stem of a past form -> stem of its base
)

// baseForms returns the sorted distinct words of ws with the stems of
// irregular past forms replaced by their base's stem.
func baseForms(ws []string) []string {
	baseOnce.Do(func() {
		baseOf = map[string]string{}
		stem := func(w string) string {
			if t, _ := tokens("en", w); len(t) == 1 {
				return t[0]
			}
			return w
		}
		for _, forms := range irregularPast {
			b := stem(forms[0])
			for _, f := range forms[1:] {
				if s := stem(f); s != b {
					baseOf[s] = b
				}
			}
		}
	})
	changed := false
	for _, w := range ws {
		if _, ok := baseOf[w]; ok {
			changed = true
			break
		}
	}
	if !changed {
		return ws
	}
	out := make([]string, 0, len(ws))
	seen := map[string]bool{}
	for _, w := range ws {
		if b, ok := baseOf[w]; ok {
			w = b
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out
}

// corroborations fills ob.corr with each candidate's score factor,
// 1 + weight*(k-1)/(n-1) for k of n documents supporting it.
func (ob *objective) corroborations(all [][]sentenceInfo, weight, support float64) {
	sets := make([][]map[string]bool, len(all))
	for d, ss := range all {
		sets[d] = make([]map[string]bool, len(ss))
		for i := range ss {
			sets[d][i] = ss[i].content
		}
	}
	x := newSupportIndex(sets)
	if len(all) < 2 {
		return
	}
	ob.corr = make([]float64, len(ob.cands))
	stmt := map[string]bool{}
	var out []bool
	for i := range ob.cands {
		clear(stmt)
		for _, t := range ob.cands[i].content {
			stmt[t] = true
		}
		out = x.supporters(stmt, support, out)
		k := 0
		for d, ok := range out {
			if ok || d == ob.cands[i].doc {
				k++
			}
		}
		ob.corr[i] = 1 + weight*float64(k-1)/float64(len(all)-1)
	}
}

// corrFactor is candidate i's corroboration factor (1 when off).
func (ob *objective) corrFactor(i int) float64 {
	if ob.corr == nil {
		return 1
	}
	return ob.corr[i]
}

// Restates reports whether two summary sentences say the same thing by
// the selector's rule (Options.Restate): either holds threshold
// (DefaultSupport when zero) of the other's distinct stemmed content
// words, at least two, an English irregular verb's past forms read as its
// base.
func Restates(lang, a, b string, threshold float64) bool {
	if threshold <= 0 {
		threshold = DefaultSupport
	}
	if lang == "" || lang == "und" {
		lang = "en"
	}
	words := func(s string) []string {
		var out []string
		for t := range contentSet(lang, s) {
			out = append(out, t)
		}
		sort.Strings(out)
		if lang == "en" {
			out = baseForms(out)
		}
		return out
	}
	wa, wb := words(a), words(b)
	return holdsWords(wa, wb, threshold) || holdsWords(wb, wa, threshold)
}

// RestatedPairs counts the pairs of sentences that restate each other
// (see Restates): zero for a summary that says each thing once.
func RestatedPairs(lang string, sentences []string, threshold float64) int {
	n := 0
	for i := range sentences {
		for j := i + 1; j < len(sentences); j++ {
			if Restates(lang, sentences[i], sentences[j], threshold) {
				n++
			}
		}
	}
	return n
}
