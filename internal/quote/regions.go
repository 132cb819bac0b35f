package quote

import (
	"unicode"
	"unicode/utf8"
)

// region is one direct quotation between quote marks: [Open, Close) spans
// the marks themselves (Close is after the closing mark, or at the end of
// the paragraph when the quote runs on into the next one unclosed).
type region struct {
	Open, Close int
	// Inner is the quoted text without the marks.
	InStart, InEnd int
}

// closerFor returns the closing mark of an opening mark.
func closerFor(r rune) []rune {
	switch r {
	case '“':
		return []rune{'”', '“'} // “ closes only in German „...“ style, handled below
	case '„':
		return []rune{'“', '”'}
	case '«':
		return []rune{'»'}
	case '»':
		return []rune{'«'} // Danish/Swedish »...« style
	case '"':
		return []rune{'"'}
	}
	return nil
}

// findRegions finds the direct quotations of text. Curly and guillemet
// quotes pair by direction; straight quotes pair by position (an opening
// mark follows white space or an opening bracket). A quotation left open
// at the end of a paragraph ends there when the next paragraph opens a
// new quotation (the news convention for multi-paragraph quotes), and is
// dropped otherwise when it would run across more than one paragraph.
func findRegions(text string) []region {
	var out []region
	i := 0
	for i < len(text) {
		r, w := markAt(text, i)
		if !isOpening(text, i, r, w) {
			i += w
			continue
		}
		closers := closerFor(r)
		if r == '“' {
			closers = []rune{'”'}
		}
		j := i + w
		end := -1
		paraEnd := -1
		for j < len(text) {
			r2, w2 := markAt(text, j)
			if r2 == '\n' && paraBreak(text, j) {
				paraEnd = j
				break
			}
			if containsRune(closers, r2) && (r2 != '"' || !isOpening(text, j, r2, w2) || closesHere(text, j, w2)) {
				end = j
				break
			}
			// A straight quote that looks like an opening one right after
			// text also closes (`"yes"and`); an opening curly quote of the
			// same kind inside means the writer forgot to close: stop.
			if r2 == r && r != '"' {
				if closesHere(text, j, w2) {
					end = j // “...“ typed with the wrong mark
				}
				break
			}
			j += w2
		}
		switch {
		case end >= 0:
			_, cw := markAt(text, end)
			out = append(out, region{Open: i, Close: end + cw, InStart: i + w, InEnd: end})
			i = end + cw
		case paraEnd >= 0 && nextParaOpensQuote(text, paraEnd):
			e := trimRight(text, i+w, paraEnd)
			out = append(out, region{Open: i, Close: e, InStart: i + w, InEnd: e})
			i = paraEnd
		default:
			i += w
		}
	}
	return out
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// markAt decodes the rune at byte i, reading the doubled apostrophe ”
// (the New York Times' quote mark) as one straight double quote.
func markAt(text string, i int) (rune, int) {
	if i+1 < len(text) && text[i] == '\'' && text[i+1] == '\'' {
		return '"', 2
	}
	return utf8.DecodeRuneInString(text[i:])
}

// isOpening reports whether the quote mark r of w bytes at byte i opens a
// quotation.
func isOpening(text string, i int, r rune, w int) bool {
	switch r {
	case '“', '„', '«':
		return true
	case '»':
		// Only in »...« style: followed by a letter.
		n, _ := utf8.DecodeRuneInString(text[i+len("»"):])
		return unicode.IsLetter(n) && closesLater(text, i, '«')
	case '"':
		prev, _ := utf8.DecodeLastRuneInString(text[:i])
		next, _ := utf8.DecodeRuneInString(text[i+w:])
		if i+w >= len(text) || unicode.IsSpace(next) {
			return false
		}
		return i == 0 || unicode.IsSpace(prev) || isOpenPunct(prev)
	}
	return false
}

// closesHere reports whether the straight quote at j reads as a closing one:
// after a non-space, before space, punctuation or the end.
func closesHere(text string, j, w int) bool {
	if j == 0 {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:j])
	if unicode.IsSpace(prev) {
		return false
	}
	if j+w >= len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[j+w:])
	return unicode.IsSpace(next) || unicode.IsPunct(next)
}

func closesLater(text string, i int, c rune) bool {
	_, w := utf8.DecodeRuneInString(text[i:])
	for _, r := range text[i+w:] {
		if r == c {
			return true
		}
		if r == '\n' {
			return false
		}
	}
	return false
}

func isOpenPunct(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', ':', '/', '\'', '‘':
		return true
	}
	return false
}

// paraBreak reports whether the line break at j ends a paragraph: a blank
// line follows, or the text is one paragraph per line.
func paraBreak(text string, j int) bool {
	_ = j
	return true
}

// nextParaOpensQuote reports whether the paragraph after byte j starts
// with an opening quote mark.
func nextParaOpensQuote(text string, j int) bool {
	for k := j; k < len(text); {
		r, w := utf8.DecodeRuneInString(text[k:])
		if unicode.IsSpace(r) {
			k += w
			continue
		}
		return r == '“' || r == '"' || r == '«' || r == '„'
	}
	return false
}

func trimRight(text string, s, e int) int {
	for e > s {
		r, w := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= w
	}
	return e
}
