package tell

import (
	"github.com/storyline-news/storyline/internal/model"
)

// DefaultSupport is the share of a statement's content words that one
// sentence of an article must contain for the article to support it.
const DefaultSupport = 0.5

// contentSet returns the distinct stemmed content words of s.
func contentSet(lang, s string) map[string]bool {
	toks, _ := tokens(lang, s)
	m := map[string]bool{}
	for _, t := range toks {
		if !isStop(lang, t) {
			m[t] = true
		}
	}
	return m
}

// overlap is the share of a's words found in b.
func overlap(a, b map[string]bool) (float64, int) {
	if len(a) == 0 {
		return 0, 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a)), n
}

// supported is the support test: some sentence holds at least threshold
// of the statement's content words, and at least two of them (or all of a
// one-word statement).
func supported(stmt map[string]bool, sentences []map[string]bool, threshold float64) bool {
	need := 2
	if len(stmt) < 2 {
		need = len(stmt)
	}
	if need == 0 {
		return false
	}
	for _, s := range sentences {
		if r, n := overlap(stmt, s); r >= threshold && n >= need {
			return true
		}
	}
	return false
}

// Supports reports whether one of sentences carries the content of text:
// at least threshold (DefaultSupport when zero) of its distinct stemmed
// content words, and at least two of them. This is the check behind every
// citation Summarize and Tell make.
func Supports(lang, text string, sentences []string, threshold float64) bool {
	if threshold <= 0 {
		threshold = DefaultSupport
	}
	if lang == "" {
		lang = "en"
	}
	sets := make([]map[string]bool, len(sentences))
	for i, s := range sentences {
		sets[i] = contentSet(lang, s)
	}
	return supported(contentSet(lang, text), sets, threshold)
}

func citeDocs(text string, own int, docs []Doc, all [][]sentenceInfo, o Options) []string {
	stmt := contentSet(o.Language, text)
	ids := []string{docs[own].ID}
	for di, d := range docs {
		if di == own {
			continue
		}
		sets := make([]map[string]bool, len(all[di]))
		for i, s := range all[di] {
			sets[i] = s.content
		}
		if supported(stmt, sets, o.Support) {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// CitationPrecision is the share of summary sentences all of whose cited
// documents support them (by Supports with threshold, DefaultSupport when
// zero). A sentence that cites an unknown document or none counts as
// wrong. It returns 1 for an empty summary.
func CitationPrecision(summary []model.Cited, docs []Doc, lang string, threshold float64) float64 {
	if len(summary) == 0 {
		return 1
	}
	byID := map[string]*Doc{}
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	ok := 0
	for _, s := range summary {
		good := len(s.Articles) > 0
		for _, id := range s.Articles {
			d := byID[id]
			if d == nil || !Supports(lang, s.Text, d.Sentences, threshold) {
				good = false
				break
			}
		}
		if good {
			ok++
		}
	}
	return float64(ok) / float64(len(summary))
}
