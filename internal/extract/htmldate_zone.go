package extract

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // publisher zones must resolve on hosts without a zone database

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlDateStamp is one timestamp a page declares in markup or metadata.
type htmlDateStamp struct {
	Time    time.Time
	HasTime bool
	HasZone bool   // the string carried an explicit offset or Z
	Zulu    bool   // the offset was written as Z (a converted UTC time)
	Src     string // "jsonld", "meta:<name>", "itemprop", "pubdate"
	Body    bool   // found in <body>
}

// htmlIsUTC reports whether s is a timestamp with an explicit zero offset.
func (s htmlDateStamp) htmlIsUTC() bool {
	_, off := s.Time.Zone()
	return s.HasZone && s.HasTime && off == 0
}

// htmlISOStamp matches the ISO 8601 forms found in metadata, loosely:
// one-digit months, days and seconds occur ("2022-1-26T14:32:06+02:00",
// "2020-12-05T23:15:0Z").
var htmlISOStamp = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{1,2})(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?)?`)

// htmlParseISOStamp parses an ISO 8601 timestamp, keeping the wall-clock
// date as written (the date the outlet printed), and says whether it
// carried a time and an explicit offset. ok is false for implausible
// years (before 1995 or in the future).
func htmlParseISOStamp(s string) (t time.Time, hasTime, hasZone, ok bool) {
	m := htmlISOStamp.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false, false, false
	}
	num := func(v string) int {
		n, _ := strconv.Atoi(v)
		return n
	}
	y, mo, d := num(m[1]), num(m[2]), num(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false, false, false
	}
	loc := time.UTC
	if m[7] != "" && m[7] != "Z" && m[7] != "z" {
		z := strings.ReplaceAll(m[7], ":", "")
		off := (num(z[1:3])*60 + num(z[3:5])) * 60
		if z[0] == '-' {
			off = -off
		}
		if off != 0 {
			loc = time.FixedZone("", off)
		}
	}
	if m[4] != "" {
		h, mi, sec := num(m[4]), num(m[5]), num(m[6])
		if h > 24 || mi > 59 || sec > 60 {
			return time.Time{}, false, false, false
		}
		t = time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
		hasTime, hasZone = true, m[7] != ""
	} else {
		t = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	}
	if t.Day() != d {
		return time.Time{}, false, false, false // 2020-02-30
	}
	return t, hasTime, hasZone, htmlPlausibleYear(t)
}

// htmlPublishedStamps returns every publication timestamp a page declares:
// datePublished of JSON-LD article objects, publication-time <meta> tags,
// elements with itemprop=datePublished (microdata, head or body) and
// <time pubdate>. Modification times are not included.
func htmlPublishedStamps(doc *html.Node, lds []any) []htmlDateStamp {
	var out []htmlDateStamp
	add := func(v, src string, body bool) {
		if t, hasTime, hasZone, ok := htmlParseISOStamp(v); ok {
			out = append(out, htmlDateStamp{Time: t, HasTime: hasTime, HasZone: hasZone, Zulu: htmlIsZulu(v), Src: src, Body: body})
		}
	}
	for _, a := range htmlJSONLDArticles(lds) {
		if s, ok := a["datePublished"].(string); ok {
			add(s, "jsonld", false)
		}
	}
	var walk func(n *html.Node, body bool)
	walk = func(n *html.Node, body bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Body:
				body = true
			case atom.Script, atom.Style:
				return
			}
			if strings.EqualFold(htmlAttr(n, "itemprop"), "datePublished") {
				v := htmlAttr(n, "datetime")
				if v == "" {
					v = htmlAttr(n, "content")
				}
				src := "itemprop"
				if n.DataAtom == atom.Meta {
					src = "meta:itemprop"
				}
				add(v, src, body)
			} else if n.DataAtom == atom.Meta {
				k := strings.ToLower(htmlAttr(n, "property"))
				if k == "" {
					k = strings.ToLower(htmlAttr(n, "name"))
				}
				for _, m := range htmlPublishedMetaNames {
					if k == m {
						add(htmlAttr(n, "content"), "meta:"+k, body)
						break
					}
				}
			} else if n.DataAtom == atom.Time && htmlHasAttr(n, "pubdate") {
				add(htmlAttr(n, "datetime"), "pubdate", body)
			} else if n.DataAtom == atom.Time && body {
				add(htmlAttr(n, "datetime"), "time", body)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, body)
		}
	}
	walk(doc, false)
	return out
}

func htmlHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// htmlPageOffsets counts the non-zero UTC offsets written in the page's
// timestamps (<time datetime>, <meta content>, JSON-LD dates): the zone the
// publisher's system writes its times in.
func htmlPageOffsets(doc *html.Node, lds []any) map[int]int {
	counts := map[int]int{}
	note := func(v string) {
		if len(v) < 16 || len(v) > 40 || v[4] != '-' {
			return
		}
		if t, hasTime, hasZone, ok := htmlParseISOStamp(v); ok && hasTime && hasZone {
			if _, off := t.Zone(); off != 0 {
				counts[off]++
			}
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Time:
				note(htmlAttr(n, "datetime"))
			case atom.Meta:
				note(htmlAttr(n, "content"))
			case atom.Script, atom.Style:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	var ld func(v any, depth int)
	ld = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				ld(e, depth+1)
			}
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && strings.HasPrefix(k, "date") {
					note(s)
				} else {
					ld(e, depth+1)
				}
			}
		}
	}
	for _, v := range lds {
		ld(v, 0)
	}
	return counts
}

// htmlTLDZones maps country-code top-level domains to the zone most of
// their outlets publish in.
var htmlTLDZones = map[string]string{
	"de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "it": "Europe/Rome",
	"fr": "Europe/Paris", "es": "Europe/Madrid", "nl": "Europe/Amsterdam", "be": "Europe/Brussels",
	"lu": "Europe/Luxembourg", "dk": "Europe/Copenhagen", "se": "Europe/Stockholm", "no": "Europe/Oslo",
	"pl": "Europe/Warsaw", "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest",
	"si": "Europe/Ljubljana", "hr": "Europe/Zagreb", "fi": "Europe/Helsinki", "gr": "Europe/Athens",
	"ro": "Europe/Bucharest", "bg": "Europe/Sofia", "ru": "Europe/Moscow", "ua": "Europe/Kyiv",
	"tr": "Europe/Istanbul", "il": "Asia/Jerusalem", "in": "Asia/Kolkata", "jp": "Asia/Tokyo",
	"kr": "Asia/Seoul", "cn": "Asia/Shanghai", "tw": "Asia/Taipei", "hk": "Asia/Hong_Kong",
	"sg": "Asia/Singapore", "au": "Australia/Sydney", "nz": "Pacific/Auckland", "br": "America/Sao_Paulo",
	"ar": "America/Argentina/Buenos_Aires", "mx": "America/Mexico_City", "ca": "America/Toronto",
	"uk": "Europe/London", "ie": "Europe/Dublin", "pt": "Europe/Lisbon", "za": "Africa/Johannesburg",
}

// htmlPublisherZone guesses the zone a page's outlet dates its articles
// in: the most frequent non-zero offset among the page's own timestamps,
// else the zone of the address's country-code domain. ok is false when
// neither says anything (generic domains such as .com with UTC-only
// timestamps).
func htmlPublisherZone(doc *html.Node, lds []any, pageURL string) (*time.Location, bool) {
	best, bestN := 0, 0
	for off, n := range htmlPageOffsets(doc, lds) {
		if n > bestN || n == bestN && off < best {
			best, bestN = off, n
		}
	}
	if bestN > 0 {
		return time.FixedZone("", best), true
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, false
	}
	host := strings.ToLower(u.Hostname())
	tld := host[strings.LastIndexByte(host, '.')+1:]
	name, ok := htmlTLDZones[tld]
	if !ok {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// htmlIsZulu reports whether a timestamp string ends in Z: a time that
// software converted to UTC (JavaScript's toISOString, most CMS APIs),
// unlike an explicit +00:00 which sites set to UTC print.
func htmlIsZulu(v string) bool {
	v = strings.TrimSpace(v)
	return len(v) > 10 && (v[len(v)-1] == 'Z' || v[len(v)-1] == 'z') && v[len(v)-2] >= '0' && v[len(v)-2] <= '9'
}
