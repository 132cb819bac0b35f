package tell

import "unicode"

// Tell reads every sentence of a story in four tellers (summary, claims,
// quotes' word weights, timeline); tokenizing and building the content
// set once per sentence and story spares the repeats.

// sentTokens is one sentence as the tellers read it: its stemmed tokens,
// the white-space word of each, and its distinct content words. All of
// it is shared and must not be modified.
type sentTokens struct {
	toks    []string
	tokWord []int
	stop    []bool // stop[i] is isStop(lang, toks[i])
	content map[string]bool
}

// sentMemo holds the sentences of one story in one language. It is not
// safe for concurrent use: each Tell has its own. A nil memo computes
// afresh every time.
type sentMemo struct {
	lang string
	m    map[string]*sentTokens
}

func newSentMemo(lang string) *sentMemo {
	return &sentMemo{lang: lang, m: map[string]*sentTokens{}}
}

// forLang returns m when it tokenizes in lang, else nil.
func (m *sentMemo) forLang(lang string) *sentMemo {
	if m == nil || m.lang != lang {
		return nil
	}
	return m
}

// get tokenizes s in the memo's language (lang when m is nil), as tokens
// and contentSet do.
func (m *sentMemo) get(lang, s string) *sentTokens {
	m = m.forLang(lang)
	if m != nil {
		if st, ok := m.m[s]; ok {
			return st
		}
	}
	toks, tokWord := tokens(lang, s)
	stop := stopFlags(lang, toks)
	content := map[string]bool{}
	for i, t := range toks {
		if !stop[i] {
			content[t] = true
		}
	}
	st := &sentTokens{toks: toks, tokWord: tokWord, stop: stop, content: content}
	if m != nil {
		m.m[s] = st
	}
	return st
}

// stopFlags is isStop(lang, t) for each token: the summarizer's
// weighting asks it several times per token.
func stopFlags(lang string, toks []string) []bool {
	out := make([]bool, len(toks))
	for i, t := range toks {
		out[i] = isStop(lang, t)
	}
	return out
}

// contentSet is contentSet(lang, s), shared: callers must not modify it.
func (m *sentMemo) contentSet(lang, s string) map[string]bool {
	return m.get(lang, s).content
}

// countFields is len(strings.Fields(s)) without building the slice.
func countFields(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
			continue
		}
		if !in {
			n++
			in = true
		}
	}
	return n
}
