package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// numberWords maps spelled-out numbers to digits, so "three" in a source
// supports "3" in the rewrite and the other way round.
var numberWords = map[string]string{
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
	"fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
	"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
	"hundred": "100", "dozen": "12",
}

// scaleWords change a number's size: they must come from the sources too.
var scaleWords = map[string]bool{"thousand": true, "million": true, "billion": true, "trillion": true}

// Check returns why a rewritten sentence must be dropped, or "" when it
// may stay. A sentence must cite at least one source sentence, only
// numbers from 1 to len(summary), share at least one content word with
// what it cites, and introduce no number (digits, number words, scale
// words) and no capitalised word (a name, a place, a title, a month) that
// its cited sentences do not contain. Capitalised words are compared
// case-insensitively and may differ from a source word by an ending of up
// to three letters (Russia, Russian, Russia's); a capitalised stop word
// ("The", "They") needs no source.
func Check(p Part, summary []model.Cited, lang string) string {
	if lang == "" || lang == "und" {
		lang = "en"
	}
	if len(p.Sources) == 0 {
		return "cites no source sentence"
	}
	for _, n := range p.Sources {
		if n < 1 || n > len(summary) {
			return fmt.Sprintf("cites [%d], but there are %d source sentences", n, len(summary))
		}
	}
	cited, notIn := citeList(p.Sources)
	src := newVocab(lang)
	for _, n := range p.Sources {
		src.add(summary[n-1].Text)
	}
	shared := false
	for _, w := range words(p.Text) {
		lw := strings.ToLower(w)
		if num, ok := numberOf(lw); ok && lw != "one" { // "one of the": rarely a count
			if !src.numbers[num] {
				return fmt.Sprintf("gives the number %q, which %s give", w, notIn)
			}
			continue
		}
		if scaleWords[lw] && !src.words[lw] {
			return fmt.Sprintf("gives %q, which %s give", w, notIn)
		}
		r, _ := utf8.DecodeRuneInString(w)
		stop := nlp.IsStopword(lang, lw)
		if unicode.IsUpper(r) && !stop && !src.knows(lw) {
			return fmt.Sprintf("names %q, which %s name", w, notIn)
		}
		if !stop && len(lw) > 1 && src.stems[nlp.Stem(lang, lw)] {
			shared = true
		}
	}
	if !shared {
		return fmt.Sprintf("shares no word with %s", cited)
	}
	return ""
}

// citeList names the cited sentences, alone and as the subject of "do
// not".
func citeList(nums []int) (string, string) {
	s := make([]string, len(nums))
	for i, n := range nums {
		s[i] = strconv.Itoa(n)
	}
	if len(nums) == 1 {
		return "source sentence " + s[0], "source sentence " + s[0] + " does not"
	}
	list := "source sentences " + strings.Join(s, ", ")
	return list, list + " do not"
}

// vocab is what cited source sentences contain.
type vocab struct {
	lang    string
	words   map[string]bool // lower-cased words
	stems   map[string]bool // stems of content words
	numbers map[string]bool // normalized numbers
}

func newVocab(lang string) *vocab {
	return &vocab{lang: lang, words: map[string]bool{}, stems: map[string]bool{}, numbers: map[string]bool{}}
}

func (v *vocab) add(text string) {
	for _, w := range words(text) {
		lw := strings.ToLower(w)
		v.words[lw] = true
		if num, ok := numberOf(lw); ok {
			v.numbers[num] = true
			continue
		}
		if !nlp.IsStopword(v.lang, lw) && len(lw) > 1 {
			v.stems[nlp.Stem(v.lang, lw)] = true
		}
		// "al-Assad": its parts are names the sources give too.
		for _, part := range strings.Split(lw, "-") {
			if part != "" && part != lw {
				v.words[part] = true
			}
		}
	}
}

// knows reports whether the sources hold lw, or a word of the same stem
// written with another ending: both share all but the last letter of the
// shorter one, at least four letters, and differ after that by at most
// four (Russia, Russian; Ukraine, Ukrainian; Kremlin, Kremlin's).
func (v *vocab) knows(lw string) bool {
	if v.words[lw] {
		return true
	}
	a := []rune(lw)
	for w := range v.words {
		b := []rune(w)
		short := min(len(a), len(b))
		if short < 5 {
			continue
		}
		p := 0
		for p < short && a[p] == b[p] {
			p++
		}
		if p >= short-1 && len(a)-p <= 4 && len(b)-p <= 4 {
			return true
		}
	}
	return false
}

var reDotted = regexp.MustCompile(`\b(?:\p{Lu}\.){2,}`)

// undot writes dotted abbreviations without their dots ("U.S." as "US"),
// so either spelling matches the other.
func undot(s string) string {
	return reDotted.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, ".", "") })
}

// words splits text into words: runs of letters, digits and marks, with
// inner hyphens, apostrophes and (between digits) decimal points and
// thousands separators; a trailing possessive "'s" is dropped.
func words(text string) []string {
	var out []string
	rs := []rune(undot(text))
	isIn := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for i := 0; i < len(rs); {
		if !isIn(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) {
			if isIn(rs[j]) {
				j++
				continue
			}
			if j+1 < len(rs) && isIn(rs[j+1]) && j > i {
				switch rs[j] {
				case '-':
					if unicode.IsLetter(rs[j-1]) && unicode.IsLetter(rs[j+1]) {
						j++
						continue
					}
				case '\'', '’':
					j++
					continue
				case '.', ',':
					if unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]) {
						j++
						continue
					}
				}
			}
			break
		}
		w := string(rs[i:j])
		for _, suf := range []string{"'s", "’s", "'S", "’S"} {
			w = strings.TrimSuffix(w, suf)
		}
		out = append(out, w)
		i = j
	}
	return out
}

// numberOf normalizes a word that is a number: digits (thousands
// separators dropped, leading zeros dropped, "14th" → "14") or a number
// word. It reports false for other words.
func numberOf(lw string) (string, bool) {
	if d, ok := numberWords[lw]; ok {
		return d, true
	}
	r, _ := utf8.DecodeRuneInString(lw)
	if !unicode.IsDigit(r) {
		return "", false
	}
	var b strings.Builder
	for _, r := range lw {
		switch {
		case unicode.IsDigit(r):
			b.WriteRune(r)
		case r == ',':
		case r == '.':
			b.WriteRune(r)
		default:
			// "14th", "1990s", "5km": the number is the digits before.
			return trimZeros(b.String()), true
		}
	}
	return trimZeros(b.String()), true
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	t := strings.TrimLeft(s, "0")
	if t == "" || t[0] == '.' {
		t = "0" + t
	}
	return t
}
