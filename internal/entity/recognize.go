package entity

import (
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// typeOf maps CoNLL entity types to the model's.
var typeOf = map[string]model.EntityType{
	"PER":  model.Person,
	"LOC":  model.Place,
	"ORG":  model.Organization,
	"MISC": model.OtherEntity,
}

// Tokens splits text into the tokens the recognizer sees: nlp.Tokenize,
// with the possessive "'s" and the negation "n't" split off as CoNLL-2003
// does ("Putin's" → "Putin" "'s").
func Tokens(text string) []nlp.Token {
	toks := nlp.Tokenize(text)
	out := toks[:0:0]
	for _, t := range toks {
		if cut := clitic(t.Text); cut > 0 {
			out = append(out,
				nlp.Token{Text: t.Text[:cut], Start: t.Start, End: t.Start + cut},
				nlp.Token{Text: t.Text[cut:], Start: t.Start + cut, End: t.End})
			continue
		}
		out = append(out, t)
	}
	return out
}

// clitic returns where a trailing possessive or negation starts in w, or 0.
func clitic(w string) int {
	for _, suf := range []string{"'s", "’s", "'S", "’S", "n't", "n’t"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return len(w) - len(suf)
		}
	}
	return 0
}

// Recognize finds the named entities of text with the shipped model.
func Recognize(text string) ([]model.Mention, error) {
	r, err := Default()
	if err != nil {
		return nil, err
	}
	return r.Recognize(text), nil
}

// Recognize finds the named entities of text: mentions with byte spans
// into text and their type; Entity is left empty (see LinkArticle). The
// whole text is one document: its sentences share context.
func (r *Recognizer) Recognize(text string) []model.Mention {
	var doc [][]string
	var spans [][]nlp.Token
	toks := Tokens(text)
	k := 0
	for _, sp := range nlp.Sentences(text) {
		var sent []nlp.Token
		for k < len(toks) && toks[k].Start < sp[1] {
			if toks[k].Start >= sp[0] {
				sent = append(sent, toks[k])
			}
			k++
		}
		if len(sent) == 0 {
			continue
		}
		words := make([]string, len(sent))
		for i, t := range sent {
			words[i] = conllForm(t.Text)
		}
		doc = append(doc, words)
		spans = append(spans, sent)
	}
	tags := r.TagDocument(doc)
	var out []model.Mention
	for si, s := range tags {
		for _, c := range splitAtBrackets(chunks(s), spans[si]) {
			start, end := spans[si][c.start].Start, spans[si][c.end-1].End
			out = append(out, model.Mention{
				Span: model.Span{Start: start, End: end},
				Text: text[start:end],
				Type: typeOf[c.typ],
			})
		}
	}
	return out
}

type chunk struct {
	start, end int
	typ        string
}

// chunks reads IOB2 tags as produced by the tagger.
func chunks(tags []string) []chunk {
	var out []chunk
	for i := 0; i < len(tags); i++ {
		if !strings.HasPrefix(tags[i], "B-") {
			continue
		}
		typ := tags[i][2:]
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+typ {
			j++
		}
		out = append(out, chunk{i, j, typ})
		i = j - 1
	}
	return out
}

// splitAtBrackets cuts chunks at brackets and quotes, which a name does
// not contain ("(Barack) Obama" is tagged as one chunk at times), and drops
// the punctuation at their edges.
func splitAtBrackets(cs []chunk, toks []nlp.Token) []chunk {
	var out []chunk
	for _, c := range cs {
		start := c.start
		for i := c.start; i <= c.end; i++ {
			if i < c.end && !isBracket(toks[i].Text) {
				continue
			}
			if i > start {
				out = append(out, chunk{start, i, c.typ})
			}
			start = i + 1
		}
	}
	return out
}

func isBracket(s string) bool {
	switch s {
	case "(", ")", "[", "]", "{", "}", "\"", "“", "”", "«", "»":
		return true
	}
	return false
}

// conllForm writes typographic quotes and dashes the way the CoNLL-2003
// text does, so the model knows them.
func conllForm(w string) string {
	switch w {
	case "“", "”", "«", "»", "„", "″":
		return "\""
	case "‘", "’", "‚", "′":
		return "'"
	case "—", "–", "‐", "‑", "―":
		return "-"
	case "…":
		return "..."
	}
	if strings.ContainsRune(w, '’') {
		return strings.ReplaceAll(w, "’", "'")
	}
	return w
}
