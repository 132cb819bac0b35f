package extract

import (
	"fmt"
	"time"

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
// structured metadata first (measured on htmldate's evaluation set), with
// three corrections:
//   - a visible element marked itemprop=datePublished (or <time pubdate>)
//     overrides it when all such elements agree on another day;
//   - when a declared publication time is that instant or on that day, its
//     time is kept, preferring one written in the outlet's own offset over
//     a UTC one;
//   - a time written in UTC with a Z (converted by software) is moved to
//     the outlet's zone (htmlPublisherZone), whose calendar day is the one
//     printed on the page.
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
	t, hasTime, hasZone, zulu := res.DateTime, res.HasTime, res.HasTimezone, htmlIsZulu(res.SrcString)
	if lds == nil {
		lds = htmlJSONLD(doc)
	}
	stamps := htmlPublishedStamps(doc, lds)
	if s, ok := htmlMarkupPublished(stamps); ok && !htmlSameDay(s.Time, t) {
		// The date the reader sees, marked as the publication date.
		t, hasTime, hasZone, zulu = s.Time, s.HasTime, s.HasZone, s.Zulu
	}
	if s, ok := htmlMatchingStamp(stamps, t, hasTime && hasZone); ok {
		// The same instant or day declared as a publication time: keep
		// its time and the zone it was written in.
		t, hasTime, hasZone, zulu = s.Time, true, s.HasZone, s.Zulu
	}
	if _, off := t.Zone(); off == 0 && hasTime && hasZone && zulu {
		// A time converted to UTC: the outlet printed the day of its
		// own zone.
		if loc, ok := htmlPublisherZone(doc, lds, pageURL); ok {
			t = t.In(loc)
		}
	}
	p := &model.Published{Time: t, Precision: model.PrecisionDay, Source: model.DateMetadata}
	if hasTime {
		p.Precision = model.PrecisionMinute
	}
	return p, nil
}

// htmlSameDay reports whether a and b fall on the same calendar day as
// written (each in its own zone).
func htmlSameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// htmlMarkupPublished returns the publication date the page's visible
// markup declares (itemprop=datePublished or <time pubdate> in the body)
// when all such elements agree on one day.
func htmlMarkupPublished(stamps []htmlDateStamp) (htmlDateStamp, bool) {
	var first htmlDateStamp
	found := false
	for _, s := range stamps {
		if !s.Body || s.Src != "itemprop" && s.Src != "pubdate" {
			continue
		}
		if !found {
			first, found = s, true
		} else if !htmlSameDay(first.Time, s.Time) {
			return htmlDateStamp{}, false
		}
	}
	return first, found
}

// htmlMatchingStamp returns the declared publication time that is the
// instant t (when exact) or falls on t's written day and carries a time,
// preferring one written with a non-zero offset (the outlet's zone).
func htmlMatchingStamp(stamps []htmlDateStamp, t time.Time, exact bool) (htmlDateStamp, bool) {
	var best htmlDateStamp
	found := false
	for _, s := range stamps {
		if !s.HasTime {
			continue
		}
		if !(exact && s.HasZone && s.Time.Equal(t)) && !htmlSameDay(s.Time, t) {
			continue
		}
		if !found || best.htmlIsUTC() && !s.htmlIsUTC() && s.HasZone {
			best, found = s, true
		}
	}
	return best, found
}
