// Package whatlanggo stands in for github.com/RadhiFadlillah/whatlanggo in
// Storyline's build (see the replace directives in the main go.mod). It
// forwards to the unmodified upstream package, imported under a second
// module path, with one change: detection reads at most the first
// MaxRunes runes of the text.
//
// Why: go-trafilatura v1.12.2 runs the detector on the whole extracted
// text of every page and offers no option to skip it; the trigram count
// over long articles was a fifth of Storyline's extraction time.
// Storyline decides the language itself and ignores go-trafilatura's
// guess. Trigram detection settles within a few sentences: 512 runes are
// some 80 words.
package whatlanggo

import (
	"unicode"

	upstream "upstream.invalid/whatlanggo"
)

// MaxRunes is how much of a text the detector reads.
const MaxRunes = 512

// The upstream types and constants, unchanged.
type (
	Lang    = upstream.Lang
	Info    = upstream.Info
	Options = upstream.Options
)

// Detect returns the language and script of the start of text.
func Detect(text string) Info { return upstream.Detect(head(text)) }

// DetectLang returns the language of the start of text.
func DetectLang(text string) Lang { return upstream.DetectLang(head(text)) }

// DetectLangWithOptions returns the language of the start of text.
func DetectLangWithOptions(text string, options Options) Lang {
	return upstream.DetectLangWithOptions(head(text), options)
}

// DetectWithOptions returns the language and script of the start of text.
func DetectWithOptions(text string, options Options) Info {
	return upstream.DetectWithOptions(head(text), options)
}

// DetectScript returns the script of the start of text.
func DetectScript(text string) *unicode.RangeTable { return upstream.DetectScript(head(text)) }

// CodeToLang returns the language of an ISO 639-3 code.
func CodeToLang(code string) Lang { return upstream.CodeToLang(code) }

// LangToString returns the English name of lang.
func LangToString(lang Lang) string { return upstream.LangToString(lang) }

// LangToStringShort returns the ISO 639-3 code of lang.
func LangToStringShort(lang Lang) string { return upstream.LangToStringShort(lang) }

// head returns text cut after MaxRunes runes.
func head(text string) string {
	n := 0
	for i := range text {
		if n == MaxRunes {
			return text[:i]
		}
		n++
	}
	return text
}
