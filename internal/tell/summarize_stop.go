package tell

import "math"

// StopCounts counts, over sentences, the tokens of every stemmed stop
// word of lang and all tokens, as the summarizer tokenizes them: the
// material of StopRatios.
func StopCounts(lang string, sentences []string, counts map[string]float64) (total float64) {
	for _, s := range sentences {
		toks, _ := tokens(lang, s)
		for _, t := range toks {
			total++
			if isStop(lang, t) {
				counts[t]++
			}
		}
	}
	return total
}

// StopRatios compares how often each stop word occurs in reference
// summaries and in the documents they summarize: the ratio of its rate
// in the references to its rate in the documents, smoothed by adding
// smooth expected occurrences to both sides. Reporters write "said",
// "he" and "that" far more than summaries do, summaries "was", "were"
// and "and" more.
func StopRatios(docCounts map[string]float64, docTotal float64, refCounts map[string]float64, refTotal, smooth float64) map[string]float64 {
	out := make(map[string]float64, len(docCounts))
	for w, c := range docCounts {
		exp := c / math.Max(1, docTotal) * refTotal
		out[w] = (refCounts[w] + smooth) / (exp + smooth)
	}
	return out
}
