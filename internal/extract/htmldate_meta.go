package extract

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlArticleTypes are the schema.org types whose datePublished is the
// article's.
var htmlArticleTypes = map[string]bool{
	"newsarticle": true, "article": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "backgroundnewsarticle": true,
	"reviewnewsarticle": true, "report": true, "scholarlyarticle": true, "techarticle": true,
	"liveblogposting": true, "socialmediaposting": true, "webpage": false,
}

// htmlPublishedMetaNames are <meta> names and properties that declare the
// publication time, best first.
var htmlPublishedMetaNames = []string{
	"article:published_time", "og:article:published_time", "datepublished",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
	"pubdate", "publishdate", "publish-date", "article.published", "publication_date",
	"cxenseparse:recs:publishtime", "og:published_time",
}

// htmlJSONLDBodies returns the decoded JSON-LD scripts of a page.
func htmlJSONLD(doc *html.Node) []any {
	var out []any
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script {
			if t := strings.ToLower(htmlAttr(n, "type")); strings.Contains(t, "ld+json") && n.FirstChild != nil {
				var v any
				if json.Unmarshal([]byte(strings.TrimSpace(n.FirstChild.Data)), &v) == nil {
					out = append(out, v)
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// htmlJSONLDArticles returns the JSON-LD objects of article types, in
// document order, looking into arrays and @graph.
func htmlJSONLDArticles(lds []any) []map[string]any {
	var out []map[string]any
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if htmlIsArticleType(x["@type"]) {
				out = append(out, x)
			}
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
			if m, ok := x["mainEntity"]; ok {
				walk(m, depth+1)
			}
		}
	}
	for _, v := range lds {
		walk(v, 0)
	}
	return out
}

func htmlIsArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return htmlArticleTypes[strings.ToLower(x)]
	case []any:
		for _, e := range x {
			if htmlIsArticleType(e) {
				return true
			}
		}
	}
	return false
}

func htmlPlausibleYear(t time.Time) bool {
	return t.Year() >= 1995 && t.Before(time.Now().AddDate(0, 0, 2))
}

// htmlLDString returns a JSON-LD value as a string (the first of a list).
func htmlLDString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return htmlLDString(x[0])
		}
	}
	return ""
}

// htmlLDNames returns the names of JSON-LD persons or organizations: a
// string, an object with "name", or a list of those, joined by ", ".
func htmlLDNames(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return htmlLDString(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := strings.TrimSpace(htmlLDNames(e)); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// htmlTitleTag returns the text of the page's <title>.
func htmlTitleTag(doc *html.Node) string {
	var t string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			t = htmlNodeText(n)
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return t
}

// htmlDeclaredLanguage returns the ISO 639-1 code the page declares in
// <html lang>, a content-language <meta> or og:locale, or "".
func htmlDeclaredLanguage(doc *html.Node) string {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		if i := strings.IndexAny(s, "-_,; "); i >= 0 {
			s = s[:i]
		}
		if len(s) != 2 {
			return ""
		}
		for _, r := range s {
			if r < 'a' || r > 'z' {
				return ""
			}
		}
		return s
	}
	var lang string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if lang != "" || n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang = norm(htmlAttr(n, "lang"))
				if lang == "" {
					lang = norm(htmlAttr(n, "xml:lang"))
				}
			case atom.Meta:
				k := strings.ToLower(htmlAttr(n, "http-equiv") + htmlAttr(n, "property") + htmlAttr(n, "name"))
				if k == "content-language" || k == "og:locale" || k == "language" || k == "dc.language" {
					lang = norm(htmlAttr(n, "content"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return lang
}

// htmlPaywallMarks are class or id fragments of paywall overlays.
var htmlPaywallMarks = []string{"paywall", "pay-wall", "subscriber-only", "premium-content", "meteredcontent", "regwall"}

// htmlPaywallByFirst indexes htmlPaywallMarks by their first byte.
var htmlPaywallByFirst [256][]string

func init() {
	for _, m := range htmlPaywallMarks {
		htmlPaywallByFirst[m[0]] = append(htmlPaywallByFirst[m[0]], m)
	}
}

// htmlHasPaywallMark reports whether lowercase b contains one of
// htmlPaywallMarks, in one pass over b.
func htmlHasPaywallMark(b []byte) bool {
	for i, c := range b {
		for _, m := range htmlPaywallByFirst[c] {
			if len(b)-i >= len(m) && string(b[i:i+len(m)]) == m {
				return true
			}
		}
	}
	return false
}

// htmlAppendLower appends strings.ToLower(s) to buf, byte by byte when
// s is ASCII (class names and ids nearly always are).
func htmlAppendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// htmlIsPaywalled reports whether the page says its article is not free:
// JSON-LD isAccessibleForFree false, or a paywall element.
func htmlIsPaywalled(doc *html.Node, articles []map[string]any) bool {
	for _, a := range articles {
		switch v := a["isAccessibleForFree"].(type) {
		case bool:
			if !v {
				return true
			}
		case string:
			if strings.EqualFold(strings.TrimSpace(v), "false") {
				return true
			}
		}
	}
	found := false
	var buf []byte
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom != atom.Script && n.DataAtom != atom.Style && n.DataAtom != atom.Link && n.DataAtom != atom.Meta {
			buf = htmlAppendLower(buf[:0], htmlAttr(n, "class"))
			buf = append(buf, ' ')
			buf = htmlAppendLower(buf, htmlAttr(n, "id"))
			if len(buf) > 1 && htmlHasPaywallMark(buf) {
				found = true
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}
