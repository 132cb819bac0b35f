// HTML pages: main text through go-trafilatura's content tree, cleaned of
// the furniture it leaves; metadata from the page markup and JSON-LD;
// publication date through go-htmldate.

package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gogs/chardet"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// MaxHTMLBytes is the largest HTML input HTML reads; longer pages are cut
// there and the article is flagged "truncated". Parsing keeps the whole
// tree in memory (several times the input), so the cap bounds memory; the
// largest pages of the benchmarks are under 2 MB.
const MaxHTMLBytes = 6 << 20

// MaxHTMLText is the most visible text (bytes outside scripts and styles)
// HTML extracts from a page; the rest of the tree is dropped and the
// article flagged "truncated". The main-text extractor's time and garbage
// grow with the square of the text length (1.3 GB of allocations for
// 512 KB of paragraphs), and real articles have well under 100 KB of text;
// no page of the article-extraction benchmark and one of htmldate's 999
// evaluation pages reach the cap (scores unchanged).
const MaxHTMLText = 256 << 10

// ErrNotHTML is returned when the input does not look like an HTML page.
var ErrNotHTML = errors.New("not HTML")

// HTML extracts the article of an HTML page: raw.Body holds the page in any
// charset, raw.URL its address when known. The error names raw.Origin and
// the reason. An article without text is returned with the "no_text" flag.
func HTML(raw model.RawDoc) (*model.Article, error) {
	origin := raw.Origin
	if origin == "" {
		origin = raw.URL
	}
	doc, truncated, err := htmlParse(raw.Body, origin)
	if err != nil {
		return nil, err
	}
	var flags []string
	if truncated {
		flags = append(flags, "truncated")
	}
	a := htmlExtractDocument(doc, raw.URL)
	a.Origin = raw.Origin
	a.Flags = append(flags, a.Flags...)
	return a, nil
}

// htmlParse reads a page into a tree: size cap, charset conversion,
// parsing and the visible-text cap. (Removing comments, styles and SVG
// first bought no measurable speed and cost a correct date.) It
// reports whether the page was cut.
func htmlParse(body []byte, origin string) (*html.Node, bool, error) {
	truncated := false
	if len(body) > MaxHTMLBytes {
		body = body[:MaxHTMLBytes]
		truncated = true
	}
	if !htmlLooksLikeHTML(body) {
		return nil, false, fmt.Errorf("extract: %s: %w", origin, ErrNotHTML)
	}
	text, err := htmlDecodeHTML(body, "")
	if err != nil {
		return nil, false, fmt.Errorf("extract: %s: decoding: %w", origin, err)
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, false, fmt.Errorf("extract: %s: parsing HTML: %w", origin, err)
	}
	if htmlCapText(doc, MaxHTMLText) {
		truncated = true
	}
	return doc, truncated, nil
}

// htmlExtractDocument runs the extraction on a parsed page.
func htmlExtractDocument(doc *html.Node, pageURL string) *model.Article {
	a := &model.Article{URL: pageURL}
	opts := trafilatura.Options{ExcludeComments: true, HtmlDateMode: trafilatura.Disabled}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	lds := htmlJSONLD(doc)
	articles := htmlJSONLDArticles(lds)
	published, dateErr := htmlPublishedFromDocument(doc, pageURL, lds)
	// What reads the whole page runs before the pruning.
	paywalled := htmlIsPaywalled(doc, articles)
	a.Language = htmlDeclaredLanguage(doc)
	links := htmlLinkTexts(doc)
	htmlPruneForText(doc, false)
	stub := htmlAddMetadataStub(doc)
	res, err := trafilatura.ExtractDocument(doc, opts)
	htmlRemove(stub)
	if err == nil && res != nil {
		a.Title = htmlOneLine(res.Metadata.Title)
		a.Byline = htmlOneLine(res.Metadata.Author)
		a.Outlet.Name = htmlOneLine(res.Metadata.Sitename)
		meta := htmlPageMeta{Title: a.Title, Description: res.Metadata.Description, Links: links}
		blocks := htmlBlocksOf(res.ContentNode)
		if wide := htmlWiderText(doc, pageURL, blocks); wide != nil {
			blocks = wide
		}
		a.Paragraphs = htmlParagraphsOf(htmlCleanBlocks(blocks, meta))
	}
	// Structured data fills what the page markup did not give.
	for _, ld := range articles {
		if a.Title == "" {
			a.Title = htmlOneLine(htmlLDString(ld["headline"]))
		}
		if a.Byline == "" {
			a.Byline = htmlOneLine(htmlLDNames(ld["author"]))
		}
		if a.Outlet.Name == "" {
			a.Outlet.Name = htmlOneLine(htmlLDNames(ld["publisher"]))
		}
		if len(a.Paragraphs) == 0 {
			a.Paragraphs = htmlSplitParagraphs(htmlLDString(ld["articleBody"]))
		}
	}
	if a.Title == "" {
		a.Title = htmlOneLine(htmlTitleTag(doc))
	}
	if htmlTooLittle(a.Paragraphs) {
		// A few words without a sentence are menu or title leftovers.
		a.Paragraphs = nil
	}
	a.Outlet.Domain = htmlDomainOf(pageURL)
	if a.Outlet.Name == "" {
		a.Outlet.Name = a.Outlet.Domain
	}
	a.Text = strings.Join(a.Paragraphs, "\n\n")
	if dateErr == nil {
		a.Published = published
	}
	if a.Language == "" && a.Text != "" {
		if l := nlp.DetectLanguage(a.Text); l != "und" {
			a.Language = l
		}
	}
	if a.Text == "" {
		a.Flags = append(a.Flags, "no_text")
	}
	if paywalled {
		a.Flags = append(a.Flags, "paywall")
	}
	if a.Title == "" {
		a.Flags = append(a.Flags, "no_title")
	}
	if a.Published == nil {
		a.Flags = append(a.Flags, "no_date")
	}
	return a
}

// htmlMetadataStub is the JSON-LD object htmlAddMetadataStub hands to
// go-trafilatura: an article with a section and keywords and nothing else.
const htmlMetadataStub = `{"@type":"Article","articleSection":"storyline","keywords":"storyline"}`

// htmlAddMetadataStub appends to the page's head (or root element) a
// JSON-LD script declaring a section and keywords, and returns it.
//
// go-trafilatura v1.12.2 searches the whole page with some forty
// selectors for categories and tags when neither the meta tags nor the
// JSON-LD give any; HTML discards both fields, and that search was 5% of
// its time. Declared ones skip it. The stub has no name, headline,
// author, publisher or article body, so it leaves the title, byline,
// site name, description and text go-trafilatura returns as they were
// (every field is identical on the 181 benchmark and 1,000 htmldate
// pages; a test checks the metadata on a page with its own JSON-LD).
// The caller removes the stub (htmlRemove) once go-trafilatura is done.
func htmlAddMetadataStub(doc *html.Node) *html.Node {
	parent := htmlFirstElement(doc, atom.Head)
	if parent == nil {
		if parent = htmlFirstElement(doc, atom.Html); parent == nil {
			return nil
		}
	}
	s := &html.Node{Type: html.ElementNode, DataAtom: atom.Script, Data: "script",
		Attr: []html.Attribute{{Key: "type", Val: "application/ld+json"}}}
	s.AppendChild(&html.Node{Type: html.TextNode, Data: htmlMetadataStub})
	parent.AppendChild(s)
	return s
}

// htmlFirstElement returns the first element of type a in doc's top two
// levels (the root element and its children), or nil.
func htmlFirstElement(doc *html.Node, a atom.Atom) *html.Node {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == a {
			return c
		}
		for g := c.FirstChild; g != nil; g = g.NextSibling {
			if g.Type == html.ElementNode && g.DataAtom == a {
				return g
			}
		}
	}
	return nil
}

// htmlRemove takes n out of its tree; nil does nothing.
func htmlRemove(n *html.Node) {
	if n != nil && n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// htmlTooLittle reports whether paragraphs hold less than one sentence
// of text: under 8 words and no sentence punctuation.
func htmlTooLittle(ps []string) bool {
	words := 0
	for _, p := range ps {
		words += len(strings.Fields(p))
		if strings.ContainsAny(p, ".!?。！？") {
			return false
		}
	}
	return words < 8
}

// htmlPruneForText removes, once the date search has read the page, what
// the text extractor would only copy and then discard: scripts other than
// JSON-LD, styles, SVG drawings, templates, frames, comments, form
// controls, media and images (go-trafilatura drops them all before
// looking for text), style and preload links, and the white space that
// only indents the markup between block elements. go-trafilatura clones
// the tree three times and walks it some sixty times, so its time
// follows the node count; white-space text is half the nodes of a
// typical news page.
func htmlPruneForText(n *html.Node, inArticle bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		drop := false
		switch c.Type {
		case html.CommentNode:
			drop = true
		case html.TextNode:
			// White space next to a block boundary shows nothing.
			drop = htmlIsBlank(c.Data) && n.DataAtom != atom.Pre && n.DataAtom != atom.Textarea &&
				(htmlIsBoundary(n, c.PrevSibling) || htmlIsBoundary(n, c.NextSibling))
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Style, atom.Svg, atom.Template, atom.Iframe, atom.Noscript,
				atom.Select, atom.Option, atom.Optgroup, atom.Datalist, atom.Input, atom.Button, atom.Textarea,
				atom.Img, atom.Picture, atom.Source, atom.Video, atom.Audio, atom.Track, atom.Canvas,
				atom.Map, atom.Area, atom.Embed, atom.Object, atom.Param,
				atom.Nav, atom.Menu:
				drop = true
			case atom.Footer, atom.Aside:
				// An article's own footer may name its author.
				drop = !inArticle
			case atom.Script:
				drop = !strings.Contains(strings.ToLower(htmlAttr(c, "type")), "ld+json")
			case atom.Link:
				// go-trafilatura reads canonical and alternate links.
				rel := strings.ToLower(htmlAttr(c, "rel"))
				drop = !strings.Contains(rel, "canonical") && !strings.Contains(rel, "alternate") &&
					!strings.Contains(rel, "license") && !strings.Contains(rel, "author")
			}
		}
		if !drop && (c.Type == html.ElementNode || c.Type == html.DocumentNode) {
			htmlPruneForText(c, inArticle || c.DataAtom == atom.Article)
			// Wrappers left empty (ad slots, icons, emptied containers).
			switch c.DataAtom {
			case atom.Div, atom.Span, atom.I, atom.A:
				drop = c.FirstChild == nil
			}
		}
		if drop {
			n.RemoveChild(c)
		}
		c = next
	}
}

// htmlIsBlank reports whether s is only ASCII white space.
func htmlIsBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
		default:
			return false
		}
	}
	return true
}

// htmlIsBoundary reports whether white space under parent next to n
// separates nothing: n starts a block or shows no text, or is absent
// (the edge of parent) and parent is a block.
func htmlIsBoundary(parent, n *html.Node) bool {
	if n == nil {
		return htmlBlockTags[parent.DataAtom] || parent.DataAtom == atom.Head
	}
	switch n.Type {
	case html.CommentNode:
		return true
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Head, atom.Title, atom.Meta, atom.Link, atom.Script, atom.Style, atom.Base, atom.Noscript, atom.Template:
			return true
		}
		return htmlBlockTags[n.DataAtom]
	}
	return false
}

// htmlCapText cuts the tree after max bytes of visible text and reports
// whether it did.
func htmlCapText(doc *html.Node, max int) bool {
	total := 0
	var cut *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && cut == nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				total += len(c.Data)
				if total > max {
					cut = c
				}
			case html.ElementNode:
				if c.DataAtom != atom.Script && c.DataAtom != atom.Style {
					walk(c)
				}
			default:
				walk(c)
			}
		}
	}
	walk(doc)
	if cut == nil {
		return false
	}
	for n := cut; n != nil && n.Parent != nil; n = n.Parent {
		for n.NextSibling != nil {
			n.Parent.RemoveChild(n.NextSibling)
		}
	}
	return true
}

// htmlOneLine collapses the white space of s.
func htmlOneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// htmlParagraphsOf returns the texts of blocks.
func htmlParagraphsOf(bs []htmlBlock) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, b.Text)
	}
	return out
}

// htmlSplitParagraphs splits extracted text into trimmed non-empty paragraphs.
func htmlSplitParagraphs(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

// htmlDomainOf returns the host of u without "www.", or "".
func htmlDomainOf(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return ""
	}
	h := strings.ToLower(p.Hostname())
	return strings.TrimPrefix(h, "www.")
}

// htmlLooksLikeHTML reports whether b plausibly holds an HTML page: some markup
// near the start and no NUL bytes typical of binary files.
func htmlLooksLikeHTML(b []byte) bool {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		// UTF-16 pages carry NULs; accept them only with a BOM.
		if !(bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF})) {
			return false
		}
		return true
	}
	return bytes.IndexByte(head, '<') >= 0
}

// htmlDecodeHTML converts b to UTF-8. The charset comes from a BOM, the
// content type, or a <meta> declaration; a page that is valid UTF-8 with
// non-ASCII bytes is read as UTF-8 whatever it declares, since wrong
// declarations of a single-byte charset are common and valid multibyte
// UTF-8 sequences are rare by chance. A page that declares UTF-8 but is
// not, or declares nothing and is not UTF-8, gets its charset guessed
// from its bytes.
func htmlDecodeHTML(b []byte, contentType string) ([]byte, error) {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	enc, name, certain := charset.DetermineEncoding(head, contentType)
	valid := utf8.Valid(b)
	if valid && !htmlIsUTF16(name) {
		return b, nil
	}
	declared := certain || bytes.Contains(bytes.ToLower(head), []byte("charset"))
	if !valid && (name == "utf-8" || !declared) {
		if e := htmlGuessCharset(b); e != nil {
			enc, name = e, "guessed"
		}
	}
	if name == "utf-8" {
		return bytes.ToValidUTF8(b, []byte("\uFFFD")), nil
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		return nil, err
	}
	if htmlWesternCharsets[name] && htmlAllAccentedWords(out) >= 8 {
		// A page in another 8-bit charset (Windows-1251, KOI8-R, Greek)
		// that declares a Western one reads as "Ïðåçèäåíò": words made
		// only of accented letters, which Western text hardly has.
		if e := htmlGuessCharset(b); e != nil {
			if g, _, err := transform.Bytes(e.NewDecoder(), b); err == nil && htmlAllAccentedWords(g) < htmlAllAccentedWords(out) {
				return g, nil
			}
		}
	}
	return out, nil
}

// htmlWesternCharsets are the declared charsets a page in a non-Latin
// 8-bit charset most often claims by mistake.
var htmlWesternCharsets = map[string]bool{"windows-1252": true, "iso-8859-1": true, "iso-8859-15": true}

// htmlAllAccentedWords counts the words of four letters or more whose
// every letter is a non-ASCII Latin-1 letter (À to ÿ).
func htmlAllAccentedWords(b []byte) int {
	n, run, all := 0, 0, true
	for _, r := range string(b) {
		if unicode.IsLetter(r) {
			run++
			if r < 0xC0 || r > 0xFF {
				all = false
			}
			continue
		}
		if run >= 4 && all {
			n++
		}
		run, all = 0, true
	}
	if run >= 4 && all {
		n++
	}
	return n
}

// htmlGuessCharset guesses the charset of bytes that are not UTF-8 from
// their statistics, or returns nil.
func htmlGuessCharset(b []byte) encoding.Encoding {
	sample := b
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	r, err := chardet.NewHtmlDetector().DetectBest(sample)
	if err != nil || r == nil || r.Confidence < 30 || strings.EqualFold(r.Charset, "utf-8") {
		return nil
	}
	e, err := htmlindex.Get(r.Charset)
	if err != nil {
		return nil
	}
	return e
}

func htmlIsUTF16(name string) bool { return strings.HasPrefix(name, "utf-16") }
