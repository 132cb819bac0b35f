package extract

import (
	"net/url"
	"strings"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlProseRunes counts the text of the page's prose paragraphs: <p>
// elements of more than 80 characters with under 30% of their text in
// links. It estimates how much article text a page holds.
func htmlProseRunes(doc *html.Node) int {
	total := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return
			case atom.P:
				text, link := htmlTextAndLinkRunes(n)
				if text > 80 && link*10 < text*3 {
					total += text
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return total
}

// htmlTextAndLinkRunes counts the non-space runes under n and those inside
// links.
func htmlTextAndLinkRunes(n *html.Node) (text, link int) {
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		if n.Type == html.TextNode {
			c := htmlRuneCountLetters(n.Data)
			text += c
			if inLink {
				link += c
			}
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return text, link
}

// htmlWiderText returns readability's blocks instead of the main
// extractor's when the main extractor kept only part of an article split
// over several containers (a known weakness: it picks one). It runs only
// when the page's prose paragraphs hold half as much text again as was
// extracted, and accepts readability's output only when it contains
// nearly every extracted block and adds several long paragraphs that end
// like sentences, so that it widens the same article rather than picking
// another part of the page. It returns nil when the extraction stands.
func htmlWiderText(doc *html.Node, pageURL string, got []htmlBlock) []htmlBlock {
	have := 0
	for _, b := range got {
		have += b.Runes
	}
	if have == 0 || htmlProseRunes(doc)*2 < have*3 {
		return nil
	}
	var u *url.URL
	if p, err := url.Parse(pageURL); err == nil && p.Host != "" {
		u = p
	}
	art, err := readability.FromDocument(doc, u)
	if err != nil || art.Node == nil {
		return nil
	}
	wide := htmlBlocksOf(art.Node)
	inWide := make(map[string]bool, len(wide))
	for _, b := range wide {
		inWide[htmlNormWords(b.Text)] = true
	}
	inGot := make(map[string]bool, len(got))
	kept := 0
	for _, b := range got {
		k := htmlNormWords(b.Text)
		inGot[k] = true
		if inWide[k] {
			kept++
		}
	}
	var extra, extraRunes, sentences int
	for _, b := range wide {
		if inGot[htmlNormWords(b.Text)] {
			continue
		}
		extra++
		extraRunes += b.Runes
		t := strings.TrimRight(b.Text, " ")
		if i := len(t) - 4; i > 0 {
			t = t[i:]
		}
		if strings.ContainsAny(t, ".!?\"”»") {
			sentences++
		}
	}
	if kept*10 < len(got)*9 || extra < 5 || extraRunes < 150*extra || sentences*2 < extra {
		return nil
	}
	return wide
}
