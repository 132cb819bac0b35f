package dates

import (
	"bytes"
	"sort"

	htmldate "github.com/markusmobius/go-htmldate"

	"github.com/storyline-news/storyline/internal/extract"
)

// Finders are the date finders the evaluation can run by name:
// "storyline" is extract.PublishedDateHTML; "htmldate" and "htmldate-fast"
// are plain go-htmldate (FromReader on the raw bytes, UseOriginalDate, as
// upstream's evaluation calls it) with and without the extensive search.
var Finders = map[string]Finder{
	"storyline": func(page []byte, u string) string {
		p, err := extract.PublishedDateHTML(page, u)
		if err != nil || p == nil {
			return ""
		}
		return p.Time.Format("2006-01-02")
	},
	"htmldate":      plainHtmldate(false),
	"htmldate-fast": plainHtmldate(true),
}

// Names lists the finder names, sorted.
func Names() []string {
	var out []string
	for n := range Finders {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func plainHtmldate(fast bool) Finder {
	return func(page []byte, _ string) string {
		res, err := htmldate.FromReader(bytes.NewReader(page), htmldate.Options{
			UseOriginalDate:     true,
			SkipExtensiveSearch: fast,
		})
		if err != nil || res.IsZero() {
			return ""
		}
		return res.DateTime.Format("2006-01-02")
	}
}
