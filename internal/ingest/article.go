package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

// ErrNotArticle is returned for JSON that parses but does not hold an
// article: no text (nor body, content or html), and not a title with a
// url either.
var ErrNotArticle = errors.New("not an article")

// flexString is a JSON value read as a string: strings as they are,
// numbers in their JSON spelling, arrays of strings joined by ", ", objects
// by their "name" (or "title") member, null and anything else as "".
// Sources disagree on whether author is a list or source an object, so
// the article reader accepts all of them instead of rejecting the line.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		s, ok := unquote(b)
		if !ok {
			if err := json.Unmarshal(b, &s); err != nil {
				return err
			}
		}
		*f = flexString(s)
	case '[':
		var parts []flexString
		if err := json.Unmarshal(b, &parts); err != nil {
			return err
		}
		var out []string
		for _, p := range parts {
			if s := strings.TrimSpace(string(p)); s != "" {
				out = append(out, s)
			}
		}
		*f = flexString(strings.Join(out, ", "))
	case '{':
		var o struct {
			Name  flexString `json:"name"`
			Title flexString `json:"title"`
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*f = o.Name
		if *f == "" {
			*f = o.Title
		}
	case 'n', 't', 'f':
		// null, true, false: no usable string.
		*f = ""
	default:
		*f = flexString(b) // a number, as written
	}
	return nil
}

// articleJSON lists the field names the article reader understands; the
// first non-empty of several aliases wins, in the order documented on
// ParseArticle. encoding/json matches names case-insensitively.
type articleJSON struct {
	ID          flexString `json:"id"`
	Event       flexString `json:"event"`
	Title       flexString `json:"title"`
	Headline    flexString `json:"headline"`
	Text        flexString `json:"text"`
	Body        flexString `json:"body"`
	Content     flexString `json:"content"`
	HTML        flexString `json:"html"`
	Published   flexString `json:"published"`
	Date        flexString `json:"date"`
	PublishedAt flexString `json:"published_at"`
	Source      flexString `json:"source"`
	Outlet      flexString `json:"outlet"`
	Language    flexString `json:"language"`
	Lang        flexString `json:"lang"`
	URL         flexString `json:"url"`
	Link        flexString `json:"link"`
	Author      flexString `json:"author"`
	Authors     flexString `json:"authors"`
	Byline      flexString `json:"byline"`
}

func first(vs ...flexString) string {
	for _, v := range vs {
		if s := strings.TrimSpace(string(v)); s != "" {
			return s
		}
	}
	return ""
}

// toDoc turns the decoded fields into a RawDoc, or ErrNotArticle.
func (a *articleJSON) toDoc() (model.RawDoc, error) {
	d := model.RawDoc{
		Format:    "article",
		ID:        first(a.ID),
		Label:     first(a.Event),
		Title:     first(a.Title, a.Headline),
		Text:      first(a.Text, a.Body, a.Content),
		Published: normalizeDate(first(a.Published, a.Date, a.PublishedAt)),
		Source:    first(a.Source, a.Outlet),
		Language:  first(a.Language, a.Lang),
		URL:       first(a.URL, a.Link),
		Author:    first(a.Author, a.Authors, a.Byline),
	}
	// Text keeps its inner layout (paragraph breaks); only the ends are
	// trimmed, by first.
	if d.Text == "" {
		if h := first(a.HTML); h != "" {
			d.Format = "html"
			d.Body = []byte(h)
		}
	}
	// A title alone is not enough: too many JSON files that are not
	// articles have one. With a URL the page can still be read.
	if d.Text == "" && d.Body == nil && (d.Title == "" || d.URL == "") {
		return model.RawDoc{}, fmt.Errorf("%w: no text, body, content or html field (nor a title with a url)", ErrNotArticle)
	}
	return d, nil
}

// normalizeDate turns a Unix time stamp (seconds or milliseconds) into
// RFC 3339 and leaves every other spelling to the extraction stage.
func normalizeDate(s string) string {
	if s == "" || strings.ContainsAny(s, "-/: ") {
		return s
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f > 1e8 {
			n = int64(f)
		} else {
			return s
		}
	}
	switch {
	case n > 1e8 && n < 1e11: // seconds: 1973 to 5138
		return time.Unix(n, 0).UTC().Format(time.RFC3339)
	case n >= 1e11 && n < 1e14: // milliseconds
		return time.UnixMilli(n).UTC().Format(time.RFC3339)
	}
	return s
}

// ParseArticle reads one JSON object as an article (the common format of
// the evaluation data: {"id","event","title","text","published","source",
// "language"}). Aliases are accepted, the first non-empty wins: title or
// headline; text, body or content (else html, which makes a Format "html"
// document with the markup in Body); published, date or published_at (Unix
// seconds or milliseconds become RFC 3339); source or outlet; language or
// lang; url or link; author, authors or byline. Names match in any case;
// arrays of strings are joined and objects read through their "name".
// JSON that parses but carries no text (and not a title with a url) is
// ErrNotArticle.
func ParseArticle(data []byte) (model.RawDoc, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return model.RawDoc{}, fmt.Errorf("%w: want a JSON object", ErrNotArticle)
	}
	var a articleJSON
	if err := json.Unmarshal(data, &a); err != nil {
		return model.RawDoc{}, fmt.Errorf("invalid JSON: %w", err)
	}
	return a.toDoc()
}

// ParseArticles reads a .json file's content: one article object, an
// array of article objects, or an object whose "articles" member is such
// an array. It returns the articles found and, for a list, one error per
// element that is not an article (naming its 1-based position as
// "#N"); the documents' ID is the "id" field when present, and list
// elements carry Origin "#N" for the caller to prefix with the file's
// path. A file that is
// none of these shapes returns ErrNotArticle.
func ParseArticles(data []byte) ([]model.RawDoc, []error, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, nil, fmt.Errorf("%w: empty JSON", ErrNotArticle)
	}
	switch data[0] {
	case '[':
		return parseArray(data)
	case '{':
		var w struct {
			articleJSON
			Articles json.RawMessage `json:"articles"`
		}
		if err := json.Unmarshal(data, &w); err != nil {
			return nil, nil, fmt.Errorf("invalid JSON: %w", err)
		}
		if a := bytes.TrimSpace(w.Articles); len(a) > 0 && a[0] == '[' {
			return parseArray(a)
		}
		d, err := w.articleJSON.toDoc()
		if err != nil {
			if len(w.Articles) > 0 {
				return nil, nil, fmt.Errorf("%w: \"articles\" is not an array and the object has no text", ErrNotArticle)
			}
			return nil, nil, err
		}
		return []model.RawDoc{d}, nil, nil
	}
	return nil, nil, fmt.Errorf("%w: want a JSON object or array", ErrNotArticle)
}

func parseArray(data []byte) ([]model.RawDoc, []error, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, nil, fmt.Errorf("invalid JSON: %w", err)
	}
	var docs []model.RawDoc
	var errs []error
	for i, it := range items {
		d, err := ParseArticle(it)
		if err != nil {
			errs = append(errs, fmt.Errorf("#%d: %w", i+1, err))
			continue
		}
		d.Origin = "#" + strconv.Itoa(i+1)
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return nil, errs, fmt.Errorf("%w: a list of %d items without one article", ErrNotArticle, len(items))
	}
	return docs, errs, nil
}

// unquote decodes a JSON string token that the decoder already checked,
// without a second validation pass (the hot path of JSON Lines ingest).
// Invalid UTF-8 becomes U+FFFD, as encoding/json does. It reports false
// for anything it does not handle, leaving that to encoding/json.
func unquote(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	b = b[1 : len(b)-1]
	if bytes.IndexByte(b, '\\') < 0 {
		if utf8.Valid(b) {
			return string(b), true
		}
		return repairUTF8(b), true
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(b) {
			return "", false
		}
		switch b[i] {
		case '"', '\\', '/':
			out = append(out, b[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b[i+1:])
			if !ok {
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+6 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					r2, ok = hex4(b[i+3:])
				}
				if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	if !utf8.Valid(out) {
		return repairUTF8(out), true
	}
	return string(out), true
}

// repairUTF8 replaces each invalid byte with U+FFFD, as encoding/json does.
func repairUTF8(b []byte) string {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return string(out)
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
