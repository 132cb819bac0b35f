// Package nlp owns the language-level basics every analysis stage shares:
// tokens, sentences, stop words, stemming and language identification. It
// is rule-based, allocation-conscious and has no model files.
package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word, number or punctuation mark with its byte offsets.
type Token struct {
	Text  string
	Start int
	End   int
}

// IsWord reports whether the token holds a letter or a digit.
func (t Token) IsWord() bool {
	for _, r := range t.Text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// Tokenize splits text into words, numbers and punctuation. Words keep inner
// apostrophes, hyphens and periods of abbreviations ("al-Nusra", "U.S.",
// "don't"); numbers keep separators ("3.5", "1,000", "15/07/2016").
func Tokenize(text string) []Token {
	var toks []Token
	i := 0
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r) || r == utf8.RuneError && w <= 1 || unicode.IsControl(r):
			i += w
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			j := i + w
			for j < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.IsMark(r2) {
					j += w2
					continue
				}
				if isJoiner(r2) && j+w2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+w2:])
					if unicode.IsLetter(r3) || unicode.IsDigit(r3) {
						j += w2
						continue
					}
				}
				break
			}
			// Keep the final period of an abbreviation such as "U.S." or
			// "Jan." (but not of an ordinary sentence end).
			if j < len(text) && text[j] == '.' && isAbbreviation(text[i:j+1]) {
				j++
			}
			toks = append(toks, Token{Text: text[i:j], Start: i, End: j})
			i = j
		default:
			toks = append(toks, Token{Text: text[i : i+w], Start: i, End: i + w})
			i += w
		}
	}
	return toks
}

func isJoiner(r rune) bool {
	switch r {
	case '-', '\'', '’', '.', ',', '/', ':', '‐', '‑':
		return true
	}
	return false
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr.": true, "mrs.": true, "ms.": true, "dr.": true, "prof.": true, "sr.": true, "jr.": true,
	"st.": true, "gen.": true, "col.": true, "lt.": true, "sgt.": true, "capt.": true, "gov.": true,
	"sen.": true, "rep.": true, "rev.": true, "hon.": true, "pres.": true, "adm.": true, "maj.": true,
	"jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true, "aug.": true,
	"sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
	"no.": true, "vs.": true, "etc.": true, "inc.": true, "ltd.": true, "co.": true, "corp.": true,
	"e.g.": true, "i.e.": true, "a.m.": true, "p.m.": true, "u.s.": true, "u.k.": true, "u.n.": true,
	"eds.": true, "ed.": true, "approx.": true, "dept.": true, "est.": true, "fig.": true, "mt.": true,
	"ft.": true, "ave.": true, "blvd.": true, "univ.": true,
}

func isAbbreviation(s string) bool {
	low := strings.ToLower(s)
	if abbreviations[low] {
		return true
	}
	// Single capital initials ("J." in "John F. Kennedy") and dotted
	// acronyms ("U.S.A.").
	if len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' {
		return true
	}
	return strings.Count(s, ".") >= 2 && !strings.Contains(s, "..")
}
