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
	switch raw.Format {
	case "text", "markdown", "":
		a, err = Text(raw)
	case "html":
		a, err = HTML(raw)
	case "article":
		a, err = structured(raw)
	default:
		return nil, fmt.Errorf("extract: %s: unknown format %q", raw.Origin, raw.Format)
	}
	if err != nil {
		return nil, err
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
