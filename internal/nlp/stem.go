package nlp

import (
	"strings"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
)

// Stem returns the Snowball stem of a lower-cased word in lang. Languages
// without a stemmer return the word unchanged.
func Stem(lang, word string) string {
	switch lang {
	case "en", "und", "":
		return english.Stem(word, false)
	case "ru":
		return russian.Stem(word, false)
	case "es":
		return spanish.Stem(word, false)
	case "fr":
		return french.Stem(word, false)
	}
	return word
}

// Terms returns the stemmed content words of text: lower-cased, stop words
// and tokens without letters dropped. It is the shared basis of term
// vectors for grouping and summarizing.
func Terms(lang, text string) []string {
	toks := Tokenize(text)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !t.IsWord() {
			continue
		}
		w := strings.ToLower(strings.Trim(t.Text, ".'’-"))
		if w == "" || IsStopword(lang, w) || !hasLetter(w) {
			continue
		}
		out = append(out, Stem(lang, w))
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 127 {
			return true
		}
	}
	return false
}
