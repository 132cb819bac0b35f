package extract

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// furniturePhrases are lines that page templates print around articles;
// matched case-insensitively against a whole line (trailing ':' ignored).
var furniturePhrases = map[string]bool{
	"all news": true, "follow us on": true, "follow us": true, "share": true, "share this": true,
	"share this article": true, "share on facebook": true, "share on twitter": true, "tweet": true,
	"print": true, "email": true, "e-mail": true, "comments": true, "comment": true, "read more": true,
	"advertisement": true, "related": true, "related articles": true, "related news": true,
	"more news": true, "latest news": true, "top stories": true, "most read": true, "most popular": true,
	"subscribe": true, "sign up": true, "newsletter": true, "log in": true, "login": true,
	"english bulletin": true, "back to top": true, "skip to content": true, "menu": true,
	"home": true, "news": true, "facebook": true, "twitter": true, "whatsapp": true, "telegram": true,
	"copy link": true, "photo": true, "video": true, "listen": true, "loading": true,
}

var (
	// A photo credit: "© Mikhail Metzel/TASS", "Photo: Reuters",
	// "(AP Photo/Evan Vucci)", "[PPIO]" at the end of a caption.
	creditRe       = regexp.MustCompile(`^(?:©|\(c\)|Photo(?:graph)?s?\s*(?::|by)|Image\s*(?::|by)|Credit\s*:|Getty Images|AFP PHOTO)`)
	trailCreditRe  = regexp.MustCompile(`(?:\s\p{Lu}[\p{L}.-]+(?:\s\p{Lu}[\p{L}.-]+){0,3}/\p{Lu}[\p{L}]+|\s\[[\p{Lu}\d]{2,10}\]|\((?:AP|AFP|Reuters|Getty)[^)]*\))$`)
	markdownRule   = regexp.MustCompile(`^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$`)
	markdownLink   = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	markdownEmph   = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	markdownHeader = regexp.MustCompile(`^\s{0,3}#{1,6}\s+`)
	tagRe          = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>`)
	signatureRe    = regexp.MustCompile(`(?i)^(?:[\p{L}.&' -]{1,40}\s(?:and|&)\s)?(?:agencies|agency|wires?|staff|reuters|afp|ap|xinhua|tass|efe|dpa|ansa)$|^[\p{L}.&' -]{1,30}\s(?:and|&)\s(?:agencies|wires)$`)
)

// cleanLine removes markup that survives into text files: markdown
// emphasis, links and headers, HTML tags and entities, stray combining
// marks at the start, zero-width characters and repeated white space.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = markdownHeader.ReplaceAllString(s, "")
	s = markdownLink.ReplaceAllString(s, "$1")
	s = markdownEmph.ReplaceAllString(s, "$2")
	if strings.ContainsAny(s, "<&") {
		s = tagRe.ReplaceAllString(s, "")
		s = html.UnescapeString(s)
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\uFFFD':
			return -1
		case '\u00a0', '\t':
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	// A combining mark cannot start a line: it is left over from text in
	// another script that was cut away.
	for s != "" {
		r, w := utf8.DecodeRuneInString(s)
		if !unicode.Is(unicode.Mn, r) {
			break
		}
		s = s[w:]
	}
	return strings.Join(strings.Fields(s), " ")
}

// isFurniture reports whether a cleaned line is page furniture on its own.
func isFurniture(line string) bool {
	low := strings.ToLower(strings.TrimRight(line, ": |•·"))
	if furniturePhrases[low] {
		return true
	}
	if markdownRule.MatchString(line) || creditRe.MatchString(line) {
		return true
	}
	// Lines with no letters at all: separators, lone bullets.
	for _, r := range line {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// isCaption reports whether a line ends with a photo credit and does not
// read as a sentence ("Russia's president Vladimir Putin Mikhail
// Metzel/TASS", "... in Moscow on 24 March 2016 [PPIO]").
func isCaption(line string) bool {
	if !trailCreditRe.MatchString(line) {
		return false
	}
	return len(strings.Fields(line)) <= 40
}

// endsLikeSentence reports whether a line ends with sentence punctuation.
func endsLikeSentence(line string) bool {
	line = strings.TrimRightFunc(line, func(r rune) bool {
		return r == '"' || r == '”' || r == '’' || r == '\'' || r == ')' || r == '»' || unicode.IsSpace(r)
	})
	if line == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ':' || r == ';'
}

// removeCaptions drops captions and their repeats: a line that ends with a
// credit, a short unpunctuated line printed more than once, and a short
// unpunctuated line that a caption line starts with (the same caption
// printed once with its credit and once without).
func removeCaptions(lines []string) []string {
	count := map[string]int{}
	for _, l := range lines {
		count[l]++
	}
	var captions []string
	for _, l := range lines {
		if isCaption(l) {
			captions = append(captions, l)
		}
	}
	out := lines[:0:0]
	seen := map[string]bool{}
	for _, l := range lines {
		short := !endsLikeSentence(l) && len(strings.Fields(l)) <= 30
		drop := isCaption(l)
		// A short unpunctuated line printed twice is a caption: drop every
		// copy. A repeated sentence is kept once.
		if !drop && count[l] > 1 && (short || seen[l]) {
			drop = true
		}
		seen[l] = true
		if !drop && short {
			for _, c := range captions {
				if c != l && strings.HasPrefix(c, l) {
					drop = true
					break
				}
			}
		}
		if !drop {
			out = append(out, l)
		}
	}
	return out
}
