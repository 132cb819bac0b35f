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

// htmlWiderText returns better blocks than the main extractor's, or nil
// when the extraction stands. First, blocks the extractor glued together
// are split back into the page's paragraphs (see htmlResegment). Then
// readability's blocks replace the extractor's when the main extractor
// kept only part of an article split over several containers (a known
// weakness: it picks one). That runs only when the page's prose
// paragraphs hold half as much text again as was extracted, and accepts
// readability's output only when it contains nearly every extracted block
// and adds several long paragraphs that end like sentences, so that it
// widens the same article rather than picking another part of the page.
func htmlWiderText(doc *html.Node, pageURL string, got []htmlBlock) []htmlBlock {
	split := htmlResegment(doc, got)
	if split != nil {
		got = split
	}
	if wide := htmlReadabilityText(doc, pageURL, got); wide != nil {
		return wide
	}
	return split
}

// htmlResegmentMaxBlocks bounds the extractions htmlResegment looks at:
// go-trafilatura's fallback returns one block per strategy it tried.
const htmlResegmentMaxBlocks = 4

// htmlResegment splits blocks the extractor glued together back into the
// page's own paragraphs. For a page with less text than its minimum,
// go-trafilatura falls back to the text content of the <article> element
// or of the whole page, which joins headline and paragraphs with no space
// between them ("Council voteThe city council ..."). A block that is not
// a paragraph of the page, but whose letters are exactly those of several
// consecutive paragraphs of the page, is replaced by them; pieces that
// repeat an earlier block or are only the page's <title> are left out, as
// are blocks repeated whole. It returns nil when nothing changed.
func htmlResegment(doc *html.Node, got []htmlBlock) []htmlBlock {
	if len(got) == 0 || len(got) > htmlResegmentMaxBlocks {
		return nil
	}
	page := htmlBlocksOf(doc)
	keys := make([]string, len(page))
	isPara := make(map[string]bool, len(page))
	for i, b := range page {
		keys[i] = htmlNoSpace(b.Text)
		isPara[keys[i]] = true
	}
	title := htmlNormWords(htmlTitleTag(doc))
	var out []htmlBlock
	seen := make(map[string]bool)
	changed := false
	for _, b := range got {
		k := htmlNoSpace(b.Text)
		from, to := -1, -1
		if !isPara[k] {
			from, to = htmlGluedRun(k, keys)
		}
		if from < 0 {
			// The fallback also repeats a paragraph each of its
			// strategies found.
			n := htmlNormWords(b.Text)
			if seen[n] {
				changed = true
				continue
			}
			seen[n] = true
			out = append(out, b)
			continue
		}
		changed = true
		for _, p := range page[from:to] {
			n := htmlNormWords(p.Text)
			if seen[n] || n == title {
				continue
			}
			seen[n] = true
			out = append(out, p)
		}
	}
	if !changed {
		return nil
	}
	return out
}

// htmlGluedRun returns the run keys[from:to] of at least two consecutive
// keys whose concatenation is k, or -1, -1.
func htmlGluedRun(k string, keys []string) (from, to int) {
	for i, first := range keys {
		if len(first) >= len(k) || !strings.HasPrefix(k, first) {
			continue
		}
		at, j := len(first), i+1
		for at < len(k) && j < len(keys) && keys[j] != "" && strings.HasPrefix(k[at:], keys[j]) {
			at += len(keys[j])
			j++
		}
		if at == len(k) {
			return i, j
		}
	}
	return -1, -1
}

// htmlNoSpace returns s without its white space.
func htmlNoSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// htmlReadabilityText is the readability widening of htmlWiderText.
func htmlReadabilityText(doc *html.Node, pageURL string, got []htmlBlock) []htmlBlock {
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
