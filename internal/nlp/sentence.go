package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentences splits text into sentences and returns their byte spans, with
// surrounding white space trimmed. A sentence ends at '.', '!', '?' or '…'
// (with any closing quotes and brackets that follow) before white space and
// an opening quote, bracket, capital, digit or dash; line breaks that
// separate paragraphs always end a sentence; abbreviations and initials do
// not. The full stops of other scripts (the Devanagari danda '।', the
// Arabic question mark, the Urdu full stop, the CJK '。！？', and the
// Armenian, Ethiopic and Burmese stops) always end a sentence, with or
// without a space after them.
func Sentences(text string) [][2]int {
	var out [][2]int
	start := 0
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if s < e {
			out = append(out, [2]int{s, e})
		}
		start = end
	}
	i := 0
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			// A blank line, or a line break after a sentence end, closes
			// the sentence; a lone break inside a sentence is a wrap.
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' || endsSentence(text[start:i]) || looksLikeLine(text[start:i]) {
				emit(i)
			}
			i += w
			continue
		}
		hard := isHardStop(r)
		if r == '.' || r == '!' || r == '?' || r == '…' || hard {
			j := i + w
			for j < len(text) {
				r2, w2 := utf8.DecodeRuneInString(text[j:])
				if r2 == '.' || r2 == '!' || r2 == '?' || isHardStop(r2) || isClosing(r2) {
					j += w2
					continue
				}
				break
			}
			if j >= len(text) {
				break
			}
			if hard {
				emit(j)
				i = j
				continue
			}
			r2, _ := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r2) {
				i = j
				continue
			}
			k := j
			for k < len(text) {
				r3, w3 := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsSpace(r3) {
					break
				}
				k += w3
			}
			if k >= len(text) {
				break
			}
			next, _ := utf8.DecodeRuneInString(text[k:])
			if r == '.' && !periodEnds(text[start:i+1], text[k:]) {
				i = j
				continue
			}
			if unicode.IsUpper(next) || unicode.IsDigit(next) || isOpening(next) || next == '-' || next == '—' || next == '–' || !unicode.IsLower(next) && unicode.IsLetter(next) {
				emit(j)
				i = k
				continue
			}
			i = j
			continue
		}
		i += w
	}
	emit(len(text))
	return out
}

// periodEnds decides whether the period closing before (which ends with
// '.') ends a sentence, given the text after it.
func periodEnds(before, after string) bool {
	// The word the period is attached to.
	k := len(before) - 1
	for k > 0 {
		r, w := utf8.DecodeLastRuneInString(before[:k])
		if unicode.IsSpace(r) || isOpening(r) {
			break
		}
		k -= w
	}
	word := before[k:]
	if abbreviations[strings.ToLower(word)] {
		// "Jul. 14" or "Mr. Putin" continue; "U.S." before a capital
		// usually ends the sentence ("...in the U.S. The talks...").
		// "U.S." ends a sentence only when a sentence opener follows
		// ("...in the U.S. The talks"), not before a name or title
		// ("U.S. Secretary of State").
		low := strings.ToLower(word)
		if low == "u.s." || low == "u.k." || low == "u.n." || low == "etc." {
			return opensSentence(after)
		}
		return false
	}
	if len(word) == 2 && word[0] >= 'A' && word[0] <= 'Z' {
		return false // an initial: "John F. Kennedy"
	}
	if strings.Count(word, ".") >= 2 {
		// Other dotted acronyms ("U.S.A.", "a.m.") likewise.
		return opensSentence(after)
	}
	return true
}

// opensSentence reports whether text starts with a word that typically
// opens a sentence: a capitalized function word, a quote or a digit.
func opensSentence(text string) bool {
	end := strings.IndexFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '\'' })
	if end < 0 {
		end = len(text)
	}
	w := text[:end]
	if w == "" {
		r, _ := utf8.DecodeRuneInString(text)
		return isOpening(r)
	}
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsDigit(r) {
		return false
	}
	return unicode.IsUpper(r) && IsStopword("en", strings.ToLower(w))
}

func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isClosing(r) })
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ':' || isHardStop(r)
}

// IsScriptStop reports the sentence-final marks of scripts other than
// Latin, Greek and Cyrillic (the danda, CJK stops, Arabic question mark
// and others), which always end a sentence.
func IsScriptStop(r rune) bool { return isHardStop(r) }

// IsQuestionMark reports '?' and its forms in other scripts.
func IsQuestionMark(r rune) bool { return r == '?' || r == '؟' || r == '？' }

// isHardStop reports the sentence-final marks of other scripts, which,
// unlike the Latin period, never close an abbreviation.
func isHardStop(r rune) bool {
	switch r {
	case '।', '॥', // Devanagari and other Indic scripts
		'؟', '۔', // Arabic question mark, Urdu full stop
		'。', '！', '？', // CJK
		'։', // Armenian
		'።', // Ethiopic
		'။': // Burmese
		return true
	}
	return false
}

// looksLikeLine reports whether a line that ends without punctuation stands
// alone: a headline, a caption, a byline. Short lines starting with a
// capital and longer than a few words are treated as complete.
func looksLikeLine(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isOpening(r)
}

func isClosing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '›':
		return true
	}
	return false
}

func isOpening(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«', '‹', '„':
		return true
	}
	return false
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, w := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += w
	}
	for e > s {
		r, w := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= w
	}
	return s, e
}
