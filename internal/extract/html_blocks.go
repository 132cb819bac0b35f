package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlBlock is one paragraph-level piece of extracted content.
type htmlBlock struct {
	Tag      string // p, h1..h6, li, blockquote, pre, td, div...
	Text     string // whitespace-normalized text
	LinkText int    // runes of text inside <a>
	Runes    int    // runes of Text
	InList   bool   // inside ul/ol
	InTable  bool
}

// linkDensity is the share of the htmlBlock's text inside links.
func (b htmlBlock) linkDensity() float64 {
	if b.Runes == 0 {
		return 0
	}
	return float64(b.LinkText) / float64(b.Runes)
}

func (b htmlBlock) isHeading() bool {
	return len(b.Tag) == 2 && b.Tag[0] == 'h' && b.Tag[1] >= '1' && b.Tag[1] <= '6'
}

// htmlBlockTags start a new paragraph.
var htmlBlockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Tbody: true, atom.Thead: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Blockquote: true,
	atom.Pre: true, atom.Td: true, atom.Th: true, atom.Tr: true, atom.Table: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Section: true, atom.Article: true, atom.Figure: true, atom.Figcaption: true,
	atom.Header: true, atom.Footer: true, atom.Body: true, atom.Html: true,
	atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Form: true, atom.Hr: true,
	atom.Caption: true, atom.Details: true, atom.Summary: true, atom.Address: true,
}

// htmlBlocksOf splits a content tree into paragraph blocks.
func htmlBlocksOf(root *html.Node) []htmlBlock {
	var out []htmlBlock
	var cur strings.Builder
	var curLink int
	var curTag string
	var inList, inTable int
	flush := func() {
		t := strings.Join(strings.Fields(cur.String()), " ")
		if t != "" {
			b := htmlBlock{Tag: curTag, Text: t, Runes: len([]rune(t)), InList: inList > 0, InTable: inTable > 0}
			b.LinkText = min(curLink, b.Runes)
			out = append(out, b)
		}
		cur.Reset()
		curLink = 0
	}
	var walk func(n *html.Node, inLink bool, tag string)
	walk = func(n *html.Node, inLink bool, tag string) {
		a := n.DataAtom
		if n.Type == html.ElementNode && a == 0 {
			// Nodes built by the extractor carry their tag in Data only.
			a = atom.Lookup([]byte(n.Data))
		}
		switch n.Type {
		case html.TextNode:
			if cur.Len() == 0 {
				curTag = tag
			}
			cur.WriteString(n.Data)
			if inLink {
				curLink += htmlRuneCountLetters(n.Data)
			}
			return
		case html.ElementNode:
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg:
				return
			case atom.Br:
				cur.WriteByte(' ')
				return
			}
		}
		isBlock := n.Type == html.ElementNode && (htmlBlockTags[a] || a == 0)
		if isBlock {
			flush()
			tag = n.Data
			curTag = tag
		}
		if a == atom.A {
			inLink = true
		}
		switch a {
		case atom.Ul, atom.Ol:
			inList++
			defer func() { inList-- }()
		case atom.Table:
			inTable++
			defer func() { inTable-- }()
		}
		// Element boundaries separate words, as in the extractor's own
		// text output: the cleaned tree often lost the spaces between
		// inline elements.
		cur.WriteByte(' ')
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink, tag)
		}
		cur.WriteByte(' ')
		if isBlock {
			flush()
		}
	}
	walk(root, false, "div")
	flush()
	return out
}

// htmlRuneCountLetters counts the non-space runes of s, a close measure of
// normalized length for link density. It counts as if s's white space
// were collapsed to single spaces and a trailing one kept: every run of
// white space after a non-space rune counts one.
func htmlRuneCountLetters(s string) int {
	n := 0
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		isSpace := false
		if c < utf8.RuneSelf {
			i++
			isSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n++
	}
	return n
}
