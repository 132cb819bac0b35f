package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dateline is the opening of a wire-style article: the place it was filed
// from, the day (often without a year) and the agency, as in
// "MOSCOW, July 14. /TASS/.", "Moscow, Jul 15 (Prensa Latina)",
// "Moscow, SANA –" or "WASHINGTON (Reuters) -".
type Dateline struct {
	Place  string
	Outlet string
	Month  time.Month // 0 when the dateline carries no date
	Day    int
	Year   int // 0 when not printed
	// End is the byte offset just past the dateline in the paragraph.
	End int
}

const monthPattern = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`

// A place is one to four capitalized words ("MOSCOW", "New York", "Rio de
// Janeiro"); an outlet is one to five words in parentheses or slashes.
var (
	placeRe = `((?:[A-Z][\p{L}'’.-]*|de|da|del|la|le|al|el)(?:\s+(?:[A-Z][\p{L}'’.-]*|de|da|del|la|le|al|el)){0,3})`
	// "MOSCOW, July 14. /TASS/." and "Moscow, Jul 15 (Prensa Latina)"
	datelineDateRe = regexp.MustCompile(`^` + placeRe + `,\s+(` + monthPattern + `)\s+(\d{1,2})(?:,?\s+(\d{4}))?\s*[.,]?\s*(?:/([^/\n]{2,40})/\.?|\(([^)\n]{2,40})\))?\s*(?:[-–—:]+|--)?\s*`)
	// "WASHINGTON (Reuters) -", "PARIS (AP) —"
	datelineParenRe = regexp.MustCompile(`^` + placeRe + `\s+\(([^)\n]{2,40})\)\s*(?:[-–—:]+|--)\s*`)
	// "Moscow, SANA –"
	datelineDashRe = regexp.MustCompile(`^` + placeRe + `,\s+((?:[A-Z][\p{L}&.'’-]*)(?:\s+[A-Z][\p{L}&.'’-]*){0,3})\s+(?:[-–—]+)\s+`)
	// "NEW YORK —" (all capitals, no outlet)
	datelineBareRe = regexp.MustCompile(`^(\p{Lu}[\p{Lu}.'’ -]{2,30}?)(?:,\s+\p{Lu}[\p{L}.]+)?\s+(?:[-–—]+)\s+`)
)

// ParseDateline reads a dateline at the start of a paragraph.
func ParseDateline(para string) (Dateline, bool) {
	if m := datelineDateRe.FindStringSubmatchIndex(para); m != nil {
		d := Dateline{Place: para[m[2]:m[3]], End: m[1]}
		d.Month = parseMonth(para[m[4]:m[5]])
		d.Day, _ = strconv.Atoi(para[m[6]:m[7]])
		if m[8] >= 0 {
			d.Year, _ = strconv.Atoi(para[m[8]:m[9]])
		}
		switch {
		case m[10] >= 0:
			d.Outlet = para[m[10]:m[11]]
		case m[12] >= 0:
			d.Outlet = para[m[12]:m[13]]
		}
		if d.Month == 0 || d.Day < 1 || d.Day > 31 || !plausiblePlace(d.Place) {
			return Dateline{}, false
		}
		d.Outlet = cleanOutlet(d.Outlet)
		return d, true
	}
	if m := datelineParenRe.FindStringSubmatchIndex(para); m != nil {
		d := Dateline{Place: para[m[2]:m[3]], Outlet: cleanOutlet(para[m[4]:m[5]]), End: m[1]}
		if plausiblePlace(d.Place) {
			return d, true
		}
	}
	if m := datelineDashRe.FindStringSubmatchIndex(para); m != nil {
		d := Dateline{Place: para[m[2]:m[3]], Outlet: cleanOutlet(para[m[4]:m[5]]), End: m[1]}
		if plausiblePlace(d.Place) {
			return d, true
		}
	}
	if m := datelineBareRe.FindStringSubmatchIndex(para); m != nil {
		d := Dateline{Place: strings.TrimSpace(para[m[2]:m[3]]), End: m[1]}
		if plausiblePlace(d.Place) && strings.ToUpper(d.Place) == d.Place {
			return d, true
		}
	}
	return Dateline{}, false
}

// plausiblePlace rejects sentence openings that only look like places:
// "However, July 14" or "The, ..." are not datelines.
func plausiblePlace(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > 40 {
		return false
	}
	first := strings.ToLower(strings.Fields(p)[0])
	switch first {
	case "the", "a", "an", "however", "meanwhile", "but", "and", "on", "in", "at", "by", "since",
		"after", "before", "earlier", "later", "today", "yesterday", "he", "she", "they", "we", "it",
		"this", "that", "said", "according", "also", "then", "now", "still", "last", "next":
		return false
	}
	return parseMonth(first) == 0
}

func cleanOutlet(s string) string {
	s = strings.TrimSpace(strings.Trim(s, "/.() "))
	// "AP Photo" or "eds." are not outlets.
	if s == "" || strings.HasPrefix(strings.ToLower(s), "photo") {
		return ""
	}
	return s
}

var monthNames = map[string]time.Month{
	"jan": time.January, "january": time.January, "feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March, "apr": time.April, "april": time.April, "may": time.May,
	"jun": time.June, "june": time.June, "jul": time.July, "july": time.July, "aug": time.August,
	"august": time.August, "sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October, "nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

func parseMonth(s string) time.Month {
	return monthNames[strings.ToLower(strings.TrimSuffix(s, "."))]
}
