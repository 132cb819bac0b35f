package extract

import (
	"fmt"
	"strings"

	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/model"
)

// PublishedDateHTML finds the publication date of an HTML page (any
// charset); url is the page address when known, used for dates in paths.
// It returns an error when the page holds no usable date.
func PublishedDateHTML(body []byte, url string) (*model.Published, error) {
	if len(body) > MaxHTMLBytes {
		body = body[:MaxHTMLBytes]
	}
	if !htmlLooksLikeHTML(body) {
		return nil, fmt.Errorf("extract: %s: %w", url, ErrNotHTML)
	}
	text, err := htmlDecodeHTML(body, "")
	if err != nil {
		return nil, fmt.Errorf("extract: %s: decoding: %w", url, err)
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("extract: %s: parsing HTML: %w", url, err)
	}
	return htmlPublishedFromDocument(doc, url)
}

// htmlPublishedFromDocument runs the date search on a parsed page.
func htmlPublishedFromDocument(doc *html.Node, pageURL string) (*model.Published, error) {
	res, err := htmldate.FromDocument(doc, htmldate.Options{
		UseOriginalDate: true,
		URL:             pageURL,
		ExtractTime:     true,
	})
	if err != nil {
		return nil, fmt.Errorf("extract: %s: no publication date: %w", pageURL, err)
	}
	if res.IsZero() {
		return nil, fmt.Errorf("extract: %s: no publication date", pageURL)
	}
	p := &model.Published{Time: res.DateTime, Precision: model.PrecisionDay, Source: model.DateMetadata}
	if res.HasTime {
		p.Precision = model.PrecisionMinute
	}
	return p, nil
}
