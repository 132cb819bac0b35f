package extract

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/storyline-news/storyline/internal/model"
)

// PublishedDateHTML finds the publication date of an HTML page (any
// charset); url is the page address when known, used for dates in paths
// and, for times written in UTC, for the outlet's zone (country-code
// domain). The time is in the zone whose calendar day the outlet printed.
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
// these corrections:
//   - a day from a generic date meta ("date", "dcterms.date", ...) that
//     nothing else backs yields to the date found without that meta when
//     it is up to a month earlier;
//   - a day taken from an address yields to the page's first declared
//     publication time when that is 1 to 31 days later;
//   - a visible element marked itemprop=datePublished (or <time pubdate>)
//     overrides it when all such elements agree on another day;
//   - so do the body's <time datetime> elements, all on one day, when
//     neither publication metadata nor a date in the address backs the
//     day htmldate found;
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
		opts.DateParserConfig = htmlDateParserConfig(htmlDeclaredLanguage(doc))
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
	if !htmlFromAddress(res.SrcString) && !htmlDeclared(stamps, t) && !htmlURLDay(pageURL, t) {
		// A day from a generic date meta, which no publication
		// metadata or address backs, is often the last change: a date
		// found without that meta wins when it is up to a month earlier.
		if r, ok := htmlWithoutGenericMeta(doc, opts, res.SrcString); ok {
			if d := htmlDayOf(t).Sub(htmlDayOf(r.DateTime)); d >= 24*time.Hour && d <= 31*24*time.Hour {
				t, hasTime, hasZone, zulu = r.DateTime, r.HasTime, r.HasTimezone, htmlIsZulu(r.SrcString)
			}
		}
	}
	if s, ok := htmlLaterDeclared(stamps, t); ok && htmlFromAddress(res.SrcString) {
		// A date in an address is when the story's page was made;
		// metadata says when it was published, later.
		t, hasTime, hasZone, zulu = s.Time, s.HasTime, s.HasZone, s.Zulu
	}
	if s, ok := htmlMarkupPublished(stamps); ok && !htmlSameDay(s.Time, t) {
		// The date the reader sees, marked as the publication date.
		t, hasTime, hasZone, zulu = s.Time, s.HasTime, s.HasZone, s.Zulu
	}
	if s, ok := htmlVisibleTime(stamps); ok && !htmlSameDay(s.Time, t) && !htmlDeclared(stamps, t) && !htmlURLDay(pageURL, t) {
		// A day no publication metadata and no address backs (a
		// generic "date" meta, often the last change, or a guess from
		// the text) yields to the date all visible <time> elements show.
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

// htmlDateParserConfigs caches htmlDateParserConfig's answers by language.
var htmlDateParserConfigs sync.Map

// htmlDateParserConfig returns the go-dateparser configuration for the
// extensive date search of a page that declares language lang (a
// two-letter code, or ""): go-htmldate's own configuration (past dates,
// strict parsing) with the languages narrowed to lang and English. Without
// them go-dateparser tries each of its 200-odd locales on every candidate
// text that is not a date, which was most of the search's time; printed
// dates are in the page's language or English (all article fields and
// dates are unchanged on the 181 benchmark and 1,000 htmldate pages). It
// returns nil, go-htmldate's default over all languages, for a page
// without a declared language or one go-dateparser does not know.
func htmlDateParserConfig(lang string) *dps.Configuration {
	if lang == "" {
		return nil
	}
	if c, ok := htmlDateParserConfigs.Load(lang); ok {
		return c.(*dps.Configuration)
	}
	cfg := &dps.Configuration{PreferredDateSource: dps.Past, StrictParsing: true, Languages: []string{lang}}
	if lang != "en" {
		cfg.Languages = append(cfg.Languages, "en")
	}
	if !dps.IsKnownLocale(lang) {
		cfg = nil
	} else if _, err := dps.Parse(cfg, "2 January 2020"); err != nil {
		// A language go-dateparser has locale data for but does not
		// accept in Languages.
		cfg = nil
	}
	htmlDateParserConfigs.Store(lang, cfg)
	return cfg
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
		if !s.HasTime || s.Src == "time" {
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

// htmlVisibleTime returns the date of the body's <time datetime>
// elements when they all fall on one day.
func htmlVisibleTime(stamps []htmlDateStamp) (htmlDateStamp, bool) {
	var first htmlDateStamp
	found := false
	for _, s := range stamps {
		if s.Src != "time" {
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

// htmlDeclared reports whether t's day is declared as the publication
// date by the page's metadata or itemprop markup.
func htmlDeclared(stamps []htmlDateStamp, t time.Time) bool {
	for _, s := range stamps {
		if s.Src != "time" && htmlSameDay(s.Time, t) {
			return true
		}
	}
	return false
}

// htmlURLDate matches a full date in a page address: /2020/02/17/,
// /2017/7/12/, 2019-12-22 or 20190619 between separators.
var htmlURLDate = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/_.-]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)`)

// htmlURLDay reports whether the page address carries a full date equal
// to t's written day.
func htmlURLDay(pageURL string, t time.Time) bool {
	u, err := url.Parse(pageURL)
	if err != nil {
		return false
	}
	for _, m := range htmlURLDate.FindAllStringSubmatch(u.Path, -1) {
		y, mo, d := m[1], m[2], m[3]
		if y == "" {
			y, mo, d = m[4], m[5], m[6]
		}
		yi, _ := strconv.Atoi(y)
		mi, _ := strconv.Atoi(mo)
		di, _ := strconv.Atoi(d)
		if yi == t.Year() && mi == int(t.Month()) && di == t.Day() {
			return true
		}
	}
	return false
}

// htmlFromAddress reports whether go-htmldate took its date from an
// address (the page's or a link's) rather than from a timestamp.
func htmlFromAddress(src string) bool {
	return strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "/")
}

// htmlLaterDeclared returns the page's first declared publication time
// (JSON-LD first, then metadata in page order) when it falls 1 to 31
// days after t's day. A UTC time counts on the day it is 10 hours
// earlier: it may be the evening before in the outlet's zone (the
// Americas are up to 10 hours behind UTC).
func htmlLaterDeclared(stamps []htmlDateStamp, t time.Time) (htmlDateStamp, bool) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	for _, s := range stamps {
		if s.Src == "time" {
			continue
		}
		st := s.Time
		if s.htmlIsUTC() {
			st = st.Add(-10 * time.Hour)
		}
		d := time.Date(st.Year(), st.Month(), st.Day(), 0, 0, 0, 0, time.UTC)
		diff := d.Sub(day)
		return s, diff >= 24*time.Hour && diff <= 31*24*time.Hour
	}
	return htmlDateStamp{}, false
}

// htmlGenericMetaNames are <meta> names that carry a date without saying
// which: content systems fill them with the time of the last change as
// often as with the publication time.
var htmlGenericMetaNames = map[string]bool{"date": true, "dc.date": true, "dcterms.date": true, "last-modified": true, "og:updated_time": true}

// htmlGenericDateMetas returns the generic date metas whose content is src.
func htmlGenericDateMetas(doc *html.Node, src string) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Body:
				return
			case atom.Meta:
				k := strings.ToLower(htmlAttr(n, "name"))
				if k == "" {
					k = strings.ToLower(htmlAttr(n, "property"))
				}
				if htmlGenericMetaNames[k] && strings.TrimSpace(htmlAttr(n, "content")) == src {
					out = append(out, n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// htmlWithoutGenericMeta runs the date search again with the page's
// generic date metas whose content is src taken out (and put back after).
// ok is false when there are none or the search finds nothing.
func htmlWithoutGenericMeta(doc *html.Node, opts htmldate.Options, src string) (htmldate.Result, bool) {
	metas := htmlGenericDateMetas(doc, src)
	if len(metas) == 0 {
		return htmldate.Result{}, false
	}
	type detached struct{ n, parent, next *html.Node }
	ds := make([]detached, 0, len(metas))
	for _, m := range metas {
		ds = append(ds, detached{m, m.Parent, m.NextSibling})
		m.Parent.RemoveChild(m)
	}
	defer func() {
		for i := len(ds) - 1; i >= 0; i-- {
			ds[i].parent.InsertBefore(ds[i].n, ds[i].next)
		}
	}()
	opts.SkipExtensiveSearch = true
	r, err := htmldate.FromDocument(doc, opts)
	if err != nil || r.IsZero() {
		opts.SkipExtensiveSearch = false
		r, err = htmldate.FromDocument(doc, opts)
	}
	return r, err == nil && !r.IsZero()
}

// htmlDayOf returns t's written calendar day as midnight UTC.
func htmlDayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
