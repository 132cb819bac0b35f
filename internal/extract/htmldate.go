package extract

import (
	"fmt"

	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/model"
)

// PublishedDateHTML finds the publication date of an HTML page (any
// charset); url is the page address when known, used for dates in paths.
// It returns an error when the page holds no usable date.
func PublishedDateHTML(body []byte, url string) (*model.Published, error) {
	doc, _, err := htmlParse(body, url)
	if err != nil {
		return nil, err
	}
	return htmlPublishedFromDocument(doc, url, nil)
}

// htmlPublishedFromDocument runs the date search on a parsed page; lds
// are its decoded JSON-LD scripts when the caller has them (nil: decoded
// here). go-htmldate picks the day, which it does better than trusting
// structured metadata first (measured on htmldate's evaluation set); when
// the page's structured metadata declares a time on that same day, that
// time is kept with its zone.
func htmlPublishedFromDocument(doc *html.Node, pageURL string, lds []any) (*model.Published, error) {
	// The fast search first: when it finds a date, the extensive one
	// (go-dateparser over free text, slow) returns the same day on
	// htmldate's evaluation set, so it only runs when the fast one fails.
	opts := htmldate.Options{UseOriginalDate: true, URL: pageURL, ExtractTime: true, SkipExtensiveSearch: true}
	res, err := htmldate.FromDocument(doc, opts)
	if err != nil || res.IsZero() {
		opts.SkipExtensiveSearch = false
		res, err = htmldate.FromDocument(doc, opts)
	}
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
	if lds == nil {
		lds = htmlJSONLD(doc)
	}
	sd, ok := htmlStructuredPublished(doc, lds)
	switch {
	case !ok || !sd.HasTime:
	case res.HasTime && sd.Time.Equal(res.DateTime):
		// The same instant: keep the zone the metadata wrote it in, the
		// outlet's own, whose calendar day is the printed date.
		p.Time, p.Precision = sd.Time, model.PrecisionMinute
	case sd.Time.Format("2006-01-02") == res.DateTime.Format("2006-01-02"):
		p.Time, p.Precision = sd.Time, model.PrecisionMinute
	}
	return p, nil
}
