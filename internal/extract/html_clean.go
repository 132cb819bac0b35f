package extract

import (
	"bytes"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"strings"
	"unicode"
)

// htmlPageMeta is what cleanup knows of the page besides its content blocks.
type htmlPageMeta struct {
	Title       string
	Description string
	// Links holds the normalized texts (htmlNormWords) of the page's
	// links, to tell paragraphs that are a whole link, such as teasers
	// of other stories; the extracted tree no longer has the links.
	Links map[string]bool
}

// htmlCleanBlocks removes the furniture the main-text extractor leaves in:
// the headline and standfirst repeated above the text, date and reading
// time lines at the top, and short promotional or credit lines (related
// links, newsletter prompts, share and follow calls, copyright and
// reporting credits) anywhere.
func htmlCleanBlocks(bs []htmlBlock, meta htmlPageMeta) []htmlBlock {
	title := htmlNormWords(meta.Title)
	// The headline and standfirst as headings above the first paragraph.
	start := 0
	for start < len(bs) && start < 4 {
		b := bs[start]
		if b.isHeading() || (title != "" && htmlNormWords(b.Text) == title) || htmlIsDateLine(b) {
			start++
			continue
		}
		break
	}
	out := make([]htmlBlock, 0, len(bs)-start)
	for i, b := range bs[start:] {
		if htmlIsJunkBlock(b) {
			continue
		}
		// Shouted teaser headlines linking to other stories ("SEAN
		// SPICER ELIMINATED FROM ...") between paragraphs.
		if b.Runes >= 20 && b.Runes < 200 && htmlIsUpperLine(b.Text) && meta.Links[htmlNormWords(b.Text)] {
			continue
		}
		if i < 3 && htmlIsDateLine(b) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// htmlNormWords lowercases s and keeps its words separated by single spaces.
func htmlNormWords(s string) string {
	b, _ := htmlAppendNormWords(nil, s, false)
	return string(b)
}

// htmlAppendNormWords appends the words of s to buf as htmlNormWords
// writes them; space tells that a separator is pending from earlier text
// and is returned for what follows. ASCII is handled byte by byte.
func htmlAppendNormWords(buf []byte, s string, space bool) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			lower := c | 0x20
			if lower >= 'a' && lower <= 'z' || c >= '0' && c <= '9' {
				if space && len(buf) > 0 {
					buf = append(buf, ' ')
				}
				space = false
				if c >= 'A' && c <= 'Z' {
					c = lower
				}
				buf = append(buf, c)
			} else {
				space = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if space && len(buf) > 0 {
				buf = append(buf, ' ')
			}
			space = false
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return buf, space
}

// htmlBoilerplate matches the start of short furniture paragraphs.
var htmlBoilerplate = regexp.MustCompile(`(?i)^(` +
	`related( (post|stories|articles?|coverage|content|reading))?\s*[:：]|` +
	`(read|see|watch|listen)( (more|also|next|now))?\s*[:：]|` +
	`(also|more)\s*:|more on this|` +
	`you (may|might) (also )?like|recommended( for you)?\s*:?$|` +
	`(most (read|popular|viewed)|popular on|trending|don'?t miss|top stories|editors'? picks)\b|` +
	`(sign up|subscribe)\b.{0,80}(newsletter|inbox|email|today)|` +
	`get (the|our) .{0,60}(newsletter|app)|` +
	`follow (us|\S+ on (twitter|facebook|instagram))|` +
	`like this (story|article)\?|share (this|on)\b|` +
	`click here\b|continue reading( below)?$|story continues below|advertisement$|` +
	`(copyright|©|\(c\))\s|` +
	`filed under\s*:|tags?\s*:|categories?\s*:|` +
	`tempo de leitura|reading time|\d+\s*min(ute)?s? read|` +
	`(additional )?reporting by\b|editing by\b|\(reporting by\b|` +
	`this copy is for your personal|all rights reserved|` +
	`have a tip\?|thanks for signing up|sorry!?$|there was an error processing` +
	`)`)

// htmlBoilerplateAnywhere matches furniture wording anywhere in a short htmlBlock.
var htmlBoilerplateAnywhere = regexp.MustCompile(`(?i)(all rights reserved|contributed (to this )?report(ing)?\.?$|` +
	`newsletters?\.?$|delivered (to|right in) your inbox|` +
	`may get a share of the sale|affiliate commission)`)

// htmlIsJunkBlock reports whether a htmlBlock is promotional or credit furniture,
// or carries no words at all.
func htmlIsJunkBlock(b htmlBlock) bool {
	if !htmlHasWordRune(b.Text) {
		return true
	}
	if b.Runes > 300 {
		return false
	}
	// The regular expressions are slow next to everything else here:
	// run them only when a cheap look at the words says they may match.
	lower := strings.ToLower(b.Text)
	first := lower
	if i := strings.IndexFunc(first, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }); i >= 0 {
		first = first[:i]
	}
	if (htmlBoilerplateStarts[first] || first == "") && htmlBoilerplate.MatchString(b.Text) {
		return true
	}
	for _, k := range htmlBoilerplateKeys {
		if strings.Contains(lower, k) {
			return htmlBoilerplateAnywhere.MatchString(b.Text)
		}
	}
	return false
}

// htmlBoilerplateStarts are the first words htmlBoilerplate can match
// ("" covers blocks opening with a digit or a sign such as ©).
var htmlBoilerplateStarts = map[string]bool{}

// htmlBoilerplateKeys are words htmlBoilerplateAnywhere needs.
var htmlBoilerplateKeys = []string{"rights reserved", "contributed", "newsletter", "inbox", "share of the sale", "affiliate"}

func init() {
	for _, w := range strings.Fields("related read see watch listen also more you recommended most popular trending don't dont top editors editors' " +
		"sign subscribe get follow like share click continue story advertisement copyright filed tags tag categories category " +
		"don tempo reading additional reporting editing this all have thanks sorry there") {
		htmlBoilerplateStarts[w] = true
	}
}

func htmlHasWordRune(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// htmlIsUpperLine reports whether a line of several words has no lowercase
// letter.
func htmlIsUpperLine(s string) bool {
	upper, words, space := 0, 0, true
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
		// Words as strings.Fields splits them.
		if unicode.IsSpace(r) {
			space = true
		} else if space {
			words++
			space = false
		}
	}
	return words >= 4 && upper >= 15
}

var (
	htmlReYear    = regexp.MustCompile(`\b(19|20)\d\d\b`)
	htmlReDay     = regexp.MustCompile(`(^|\D)([1-9]|[012]\d|3[01])(\D|$)`)
	htmlReClock   = regexp.MustCompile(`\b\d{1,2}[:h]\d\d\b`)
	htmlReNumDate = regexp.MustCompile(`\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b`)
)

// htmlIsDateLine reports whether a short htmlBlock is a date, time or byline
// stamp rather than text ("5:45 AM PST 11/19/2019 by ...", "sexta-feira,
// 22 de outubro de 2010 às 20:13", "Updated at 1:23 p.m.").
func htmlIsDateLine(b htmlBlock) bool {
	if b.Runes > 70 || b.isHeading() && b.Runes > 40 {
		return false
	}
	if strings.ContainsAny(b.Text, ".!?") && strings.Count(b.Text, " ") > 8 {
		return false
	}
	if strings.HasPrefix(strings.ToLower(b.Text), "updated") {
		return true
	}
	if htmlReClock.MatchString(b.Text) || htmlReNumDate.MatchString(b.Text) {
		return true
	}
	// A year with a day number: "22 de outubro de 2010", "Nov. 19, 2019".
	if y := htmlReYear.FindStringIndex(b.Text); y != nil {
		rest := b.Text[:y[0]] + " " + b.Text[y[1]:]
		return htmlReDay.MatchString(rest)
	}
	return false
}

// htmlLinkTexts collects the normalized texts of the links of a page
// that have three words or more.
func htmlLinkTexts(doc *html.Node) map[string]bool {
	m := map[string]bool{}
	var buf []byte
	var text func(n *html.Node, space bool) bool
	text = func(n *html.Node, space bool) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				buf, _ = htmlAppendNormWords(buf, c.Data, space)
				// Text nodes are separate words (see htmlNodeText).
				space = true
				continue
			}
			space = text(c, space)
		}
		return space
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			buf = buf[:0]
			text(n, false)
			if bytes.Count(buf, []byte{' '}) >= 2 && !m[string(buf)] {
				m[string(buf)] = true
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// htmlNodeText returns the text under n.
func htmlNodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
