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
//
// A program that never reads the guess can turn detection off for the
// whole process with SetOff(true): Storyline's extract package does,
// since the trigram scoring left after the cap (distances to 40-odd
// language profiles, a fixed cost per page) was still 6% of its
// extraction time.
package whatlanggo

import (
	"sync/atomic"
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

// off is set by SetOff.
var off atomic.Bool

// SetOff turns language detection off (true) or back on for the whole
// process. While off, Detect and its variants read nothing and return no
// language (Lang -1, as upstream does for a text without letters), and
// DetectScript returns nil.
func SetOff(v bool) { off.Store(v) }

// Off reports whether detection is turned off.
func Off() bool { return off.Load() }

// none is the answer while detection is off.
var none = Info{Lang: -1}

// Detect returns the language and script of the start of text.
func Detect(text string) Info {
	if off.Load() {
		return none
	}
	return upstream.Detect(head(text))
}

// DetectLang returns the language of the start of text.
func DetectLang(text string) Lang {
	if off.Load() {
		return none.Lang
	}
	return upstream.DetectLang(head(text))
}

// DetectLangWithOptions returns the language of the start of text.
func DetectLangWithOptions(text string, options Options) Lang {
	if off.Load() {
		return none.Lang
	}
	return upstream.DetectLangWithOptions(head(text), options)
}

// DetectWithOptions returns the language and script of the start of text.
func DetectWithOptions(text string, options Options) Info {
	if off.Load() {
		return none
	}
	return upstream.DetectWithOptions(head(text), options)
}

// DetectScript returns the script of the start of text.
func DetectScript(text string) *unicode.RangeTable {
	if off.Load() {
		return nil
	}
	return upstream.DetectScript(head(text))
}

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
