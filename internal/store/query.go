package store

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query limits: longer queries are refused with ErrBadQuery rather than
// handed to a search engine.
const (
	MaxQueryBytes = 1024
	MaxQueryTerms = 32
)

// Term is one searchable unit of a query: a word or a quoted phrase,
// optionally matched as a prefix (the last word of a phrase).
type Term struct {
	// Text is the word or phrase as the user wrote it, without quotes or
	// the trailing '*'. It holds no '"' and at least one letter or digit.
	Text   string
	Phrase bool
	Prefix bool
}

// Query is a parsed search query: it matches a document when every term of
// at least one group matches (a disjunction of conjunctions).
type Query struct {
	Groups [][]Term
}

// ParseQuery parses the search syntax every Store implements:
//
//	storm flood        both words (in any field, any order)
//	"prime minister"   the phrase
//	elect*             words starting with "elect"
//	storm OR flood     either side; AND binds tighter: a b OR c = (a b) OR c
//
// Everything else is literal text: punctuation inside a word is left to the
// implementation's tokenizer ("U.S." is the phrase "u s"), stray operators
// and unbalanced quotes are ignored, and no input is a syntax error. A query
// that leaves no term, or is over MaxQueryBytes or MaxQueryTerms, fails with
// ErrBadQuery.
func ParseQuery(s string) (Query, error) {
	if len(s) > MaxQueryBytes {
		return Query{}, fmt.Errorf("store: search query of %d bytes, over %d: %w", len(s), MaxQueryBytes, ErrBadQuery)
	}
	s = strings.ToValidUTF8(s, " ")
	var (
		q     Query
		group []Term
		n     int
	)
	flush := func() {
		if len(group) > 0 {
			q.Groups = append(q.Groups, group)
			group = nil
		}
	}
	add := func(text string, phrase bool) {
		prefix := false
		if strings.HasSuffix(text, "*") {
			text = strings.TrimRight(text, "*")
			prefix = true
		}
		text = strings.Join(strings.FieldsFunc(text, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' || r == '*'
		}), " ")
		if !searchable(text) {
			return
		}
		n++
		// "OR" left from "*OR" or "OR*" is a word; a phrase keeps it one
		// when the query is rendered again.
		phrase = phrase || strings.Contains(text, " ") || text == "OR"
		group = append(group, Term{Text: text, Phrase: phrase, Prefix: prefix})
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			i += size
		case r == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				end = len(s) - i - 1
			}
			text := s[i+1 : i+1+end]
			i += end + 2
			// A '*' right after the closing quote makes the phrase a prefix.
			if i < len(s) && s[i] == '*' {
				text += "*"
				for i < len(s) && s[i] == '*' {
					i++
				}
			}
			add(text, true)
		default:
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' {
					break
				}
				j += size
			}
			word := s[i:j]
			i = j
			if word == "OR" {
				flush()
				continue
			}
			add(word, false)
		}
	}
	flush()
	if n == 0 {
		return Query{}, fmt.Errorf("store: search query %q has no word to search: %w", s, ErrBadQuery)
	}
	if n > MaxQueryTerms {
		return Query{}, fmt.Errorf("store: search query has %d terms, over %d: %w", n, MaxQueryTerms, ErrBadQuery)
	}
	return q, nil
}

// searchable reports whether s holds a letter or digit, the only characters
// search tokenizers index.
func searchable(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// String renders q back in the syntax ParseQuery reads; parsing the result
// gives q again.
func (q Query) String() string {
	var b strings.Builder
	for i, g := range q.Groups {
		if i > 0 {
			b.WriteString(" OR ")
		}
		for j, t := range g {
			if j > 0 {
				b.WriteByte(' ')
			}
			if t.Phrase {
				b.WriteString(`"` + t.Text + `"`)
			} else {
				b.WriteString(t.Text)
			}
			if t.Prefix {
				b.WriteByte('*')
			}
		}
	}
	return b.String()
}
