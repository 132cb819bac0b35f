// Package feed turns RSS, Atom and JSON Feed documents into raw articles,
// one per item, using github.com/mmcdole/gofeed for the parsing. It marks
// items that carry only a teaser so the caller can fetch the full page.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/storyline-news/storyline/internal/model"
)

// Errors of Parse, wrapped with the feed's origin.
var (
	ErrInvalid = errors.New("not an RSS, Atom or JSON feed")
	ErrEmpty   = errors.New("feed has no items")
)

// TeaserWords is the length under which an item without full content is
// taken for a teaser: a description that short is a summary pointing to
// the page, not the article.
const TeaserWords = 120

// Item is one feed item as a raw document.
type Item struct {
	// Doc is the item as an article: Format "article", Title, Text (the
	// item's content, or its description when it has none, as plain
	// text), URL (the item's link), Published, Author, Source (the
	// feed's title), Language (the feed's, primary subtag) and Origin
	// ("ORIGIN#N", N counting items from 1).
	Doc model.RawDoc
	// Teaser is true when the item has no content of its own and its
	// description is shorter than TeaserWords: the article is on the page
	// at Doc.URL.
	Teaser bool
}

// Detect reports whether data looks like a feed (RSS, Atom or JSON Feed).
func Detect(data []byte) bool {
	return gofeed.DetectFeedType(bytes.NewReader(data)) != gofeed.FeedTypeUnknown
}

// Parse reads a feed document. origin names it in errors and in the
// items' Origin. A feed that cannot be parsed is ErrInvalid; one without
// items is ErrEmpty. Items with neither text nor title nor link are left
// out.
func Parse(data []byte, origin string) ([]Item, error) {
	if gofeed.DetectFeedType(bytes.NewReader(data)) == gofeed.FeedTypeUnknown {
		return nil, fmt.Errorf("feed: %s: %w", origin, ErrInvalid)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("feed: %s: %w: %v", origin, ErrInvalid, err)
	}
	if len(f.Items) == 0 {
		return nil, fmt.Errorf("feed: %s: %w", origin, ErrEmpty)
	}
	source := clean(f.Title)
	lang := primaryLanguage(f.Language)
	var items []Item
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		content := Text(it.Content)
		desc := Text(it.Description)
		text := content
		if text == "" {
			text = desc
		}
		d := model.RawDoc{
			Format:    "article",
			Origin:    origin + "#" + strconv.Itoa(i+1),
			URL:       strings.TrimSpace(it.Link),
			Title:     clean(Text(it.Title)),
			Text:      text,
			Source:    source,
			Author:    authors(it),
			Published: published(it),
			Language:  lang,
		}
		if d.Text == "" && d.Title == "" && d.URL == "" {
			continue
		}
		teaser := content == "" && len(strings.Fields(desc)) < TeaserWords
		items = append(items, Item{Doc: d, Teaser: teaser})
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("feed: %s: %w (%d items without text, title or link)", origin, ErrEmpty, len(f.Items))
	}
	return items, nil
}

func authors(it *gofeed.Item) string {
	var names []string
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, strings.TrimSpace(p.Name))
		}
	}
	if len(names) == 0 && it.DublinCoreExt != nil {
		names = append(names, it.DublinCoreExt.Creator...)
	}
	return strings.Join(names, ", ")
}

func published(it *gofeed.Item) string {
	switch {
	case it.PublishedParsed != nil:
		return it.PublishedParsed.UTC().Format(time.RFC3339)
	case strings.TrimSpace(it.Published) != "":
		return strings.TrimSpace(it.Published)
	case it.UpdatedParsed != nil:
		return it.UpdatedParsed.UTC().Format(time.RFC3339)
	}
	return strings.TrimSpace(it.Updated)
}

// primaryLanguage turns "en-US" into "en".
func primaryLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	return s
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// blocks end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Tr: true, atom.Table: true, atom.Pre: true, atom.Section: true,
	atom.Article: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Dd: true, atom.Dt: true,
}

// skipped elements contribute no text.
var skipped = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Template: true}

// Text turns an item's HTML (or plain text, which passes through) into
// paragraphs of plain text joined by "\n\n": block elements end
// paragraphs, scripts and styles are dropped, entities are decoded and
// runs of white space collapsed.
func Text(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if !strings.ContainsAny(s, "<&") {
		return plainParagraphs(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := clean(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipped[a] {
				skip++
			} else if blocks[a] {
				flush()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipped[a] && skip > 0 {
				skip--
			} else if blocks[a] {
				flush()
			}
		}
	}
}

// plainParagraphs keeps blank-line paragraph breaks of plain text.
func plainParagraphs(s string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = clean(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
