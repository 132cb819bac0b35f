// Package extract turns a raw document into an article: main text without
// page furniture, headline, outlet, author, publication date (page
// metadata, a printed date, a wire dateline such as "MOSCOW, July 14.
// /TASS/.", or evidence in the text) and language. HTML pages go through
// html.go; plain text and Markdown through text.go; already structured
// records (JSON Lines, feed items) keep their fields and only get what is
// missing.
package extract

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// ErrNoText is returned when a document holds no article text.
var ErrNoText = errors.New("no article text found")

var timeZero time.Time

func noText(raw model.RawDoc) error {
	return fmt.Errorf("extract: %s: %w", raw.Origin, ErrNoText)
}

// Extract dispatches on raw.Format and fills what every format shares:
// the language, fields the source already gave, and the flags.
func Extract(raw model.RawDoc) (*model.Article, error) {
	var (
		a   *model.Article
		err error
	)
	cut := false
	switch raw.Format {
	case "text", "markdown", "":
		raw, cut = capRaw(raw)
		a, err = Text(raw)
	case "html":
		a, err = HTML(raw)
	case "article":
		raw, cut = capRaw(raw)
		a, err = structured(raw)
	default:
		return nil, fmt.Errorf("extract: %s: unknown format %q", raw.Origin, raw.Format)
	}
	if err != nil {
		return nil, err
	}
	if capParagraphs(a, MaxText) {
		cut = true
	}
	if cut && !a.HasFlag("truncated") {
		a.Flags = append(a.Flags, "truncated")
	}
	if a.ID == "" {
		a.ID = raw.ID
	}
	if a.Origin == "" {
		a.Origin = raw.Origin
	}
	if a.URL == "" {
		a.URL = raw.URL
	}
	// The source's own fields win over what extraction inferred.
	if raw.Title != "" {
		a.Title = cleanLine(raw.Title)
	}
	if raw.Source != "" {
		a.Outlet.Name = raw.Source
	}
	if raw.Author != "" {
		a.Byline = raw.Author
	}
	if t, prec, ok := ParsePublished(raw.Published); ok {
		a.Published = &model.Published{Time: t, Precision: prec, Source: model.DateMetadata}
	}
	if raw.Language != "" {
		a.Language = strings.ToLower(raw.Language)
	}
	if a.Language == "" {
		a.Language = nlp.DetectLanguage(a.Title + "\n" + a.Text)
	}
	a.Label = raw.Label
	if strings.TrimSpace(a.Text) == "" {
		return nil, noText(raw)
	}
	if a.Title == "" && !a.HasFlag("no_title") {
		a.Flags = append(a.Flags, "no_title")
	}
	return a, nil
}

// structured extracts from a record that already has its fields: the text
// is cleaned line by line like a text file, but the given title is kept.
func structured(raw model.RawDoc) (*model.Article, error) {
	text := raw.Text
	if text == "" {
		text = string(raw.Body)
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	paras := joinWrapped(splitLines(text))
	a := &model.Article{ID: raw.ID, Origin: raw.Origin, URL: raw.URL, Paragraphs: paras, Text: strings.Join(paras, "\n\n")}
	if d, ok := findDateline(paras); ok && d.Outlet != "" {
		a.Outlet.Name = d.Outlet
	}
	return a, nil
}

// MaxText is the most article text, in bytes, Extract keeps from a
// document of any format, as HTML keeps MaxHTMLText of a page: longer text
// is cut after the last paragraph that fits and the article is flagged
// "truncated". A record of many megabytes is not a news article, and the
// analysis stages cost far more than linear time in its length (a 15 MB
// JSON line took 52 s and 1.7 GB before its store rejected it).
const MaxText = MaxHTMLText

// capRaw cuts the text of a text, Markdown or structured record to twice
// MaxText (room for the furniture extraction removes) at a line break,
// reporting whether it cut.
func capRaw(raw model.RawDoc) (model.RawDoc, bool) {
	const limit = 2 * MaxText
	cut := false
	if len(raw.Body) > limit {
		raw.Body = []byte(cutAtLine(string(raw.Body), limit))
		cut = true
	}
	if len(raw.Text) > limit {
		raw.Text = cutAtLine(raw.Text, limit)
		cut = true
	}
	return raw, cut
}

// cutAtLine returns the longest prefix of s of at most max bytes that ends
// at a line break, else at a space, else at a rune boundary.
func cutAtLine(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head := s[:max]
	if i := strings.LastIndexByte(head, '\n'); i > max/2 {
		return head[:i]
	}
	if i := strings.LastIndexByte(head, ' '); i > max/2 {
		return head[:i]
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// capParagraphs keeps the paragraphs of a that fit in max bytes of text
// (the first one cut at a space when it alone is longer) and reports
// whether it dropped anything.
func capParagraphs(a *model.Article, max int) bool {
	if len(a.Text) <= max {
		return false
	}
	if len(a.Paragraphs) == 0 {
		a.Text = cutAtLine(a.Text, max)
		return true
	}
	size, keep := 0, 0
	for _, p := range a.Paragraphs {
		sep := 0
		if keep > 0 {
			sep = 2
		}
		if size+sep+len(p) > max {
			break
		}
		size += sep + len(p)
		keep++
	}
	if keep == 0 {
		a.Paragraphs = []string{cutAtLine(a.Paragraphs[0], max)}
	} else {
		a.Paragraphs = a.Paragraphs[:keep]
	}
	a.Text = strings.Join(a.Paragraphs, "\n\n")
	return true
}
