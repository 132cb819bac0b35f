package dates

import (
	"regexp"
	"strings"
)

// Miss is an entry a finder got wrong: a date other than the label, or
// none.
type Miss struct {
	URL      string   `json:"url"`
	File     string   `json:"file"`
	Label    string   `json:"label"`
	Found    string   `json:"found"`
	Evidence []string `json:"evidence,omitempty"`
}

// Misses applies find to every entry and returns the wrong ones, in entry
// order, each with up to evidence pieces of the page's date markup
// (see Evidence).
func Misses(pages []Page, find Finder, evidence int) []Miss {
	var out []Miss
	for _, p := range pages {
		got := find(p.HTML, p.URL)
		if got != "" && got == p.Label {
			continue
		}
		m := Miss{URL: p.URL, File: p.File, Label: p.Label, Found: got}
		if evidence > 0 {
			m.Evidence = Evidence(p.HTML, evidence)
		}
		out = append(out, m)
	}
	return out
}

// evidenceRE matches the markup pages declare dates in: <meta> tags whose
// name or property speaks of a date or time, JSON-LD date fields, <time>
// tags and elements with an itemprop date.
var evidenceRE = regexp.MustCompile(`(?i)<meta[^>]*(?:date|time|published|modified|issued)[^>]*>|"date(?:Published|Modified|Created)"\s*:\s*"[^"]{0,40}"|<time[^>]*>|<[a-z]+[^>]*itemprop=["']?date[a-z]*[^>]*>`)

// Evidence returns up to n pieces of a page's date markup in page order,
// spaces collapsed and each cut at 200 bytes, for reading why a finder
// chose a date.
func Evidence(page []byte, n int) []string {
	var out []string
	for _, m := range evidenceRE.FindAll(page, -1) {
		s := strings.Join(strings.Fields(string(m)), " ")
		if !strings.ContainsAny(s, "0123456789") || strings.Contains(strings.ToLower(s), "validate") {
			continue // a tag without any date in it, or a site verification (msvalidate)
		}
		if len(s) > 200 {
			s = s[:200]
		}
		out = append(out, s)
		if len(out) == n {
			break
		}
	}
	return out
}
