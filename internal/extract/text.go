package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

var bylineRe = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}.'’-]+(?:\s+(?:\p{Lu}[\p{L}.'’-]+|and|de|van|von|al))*)(?:,.*)?$`)

// Text extracts an article from plain text or Markdown as pages are often
// saved: a headline, maybe a deck, a printed date and a byline, the body
// (perhaps opening with a wire dateline), page furniture anywhere, and a
// signature at the end.
func Text(raw model.RawDoc) (*model.Article, error) {
	body := raw.Body
	if raw.Text != "" && len(body) == 0 {
		body = []byte(raw.Text)
	}
	if !utf8.Valid(body) {
		body = []byte(strings.ToValidUTF8(string(body), "\uFFFD"))
	}
	a := &model.Article{ID: raw.ID, Origin: raw.Origin, URL: raw.URL}
	lines := splitLines(string(body))
	if len(lines) == 0 {
		return nil, noText(raw)
	}

	// The body starts at the first line that reads as prose: a sentence
	// of some length, or a dateline.
	bodyStart := -1
	for i, l := range lines {
		if _, ok := ParseDateline(l); ok && len(strings.Fields(l)) >= 8 {
			bodyStart = i
			break
		}
		if endsLikeSentence(l) && len(strings.Fields(l)) >= 12 {
			bodyStart = i
			break
		}
	}
	if bodyStart < 0 {
		bodyStart = 0
	}
	var paras []string
	for i, l := range lines[:bodyStart] {
		switch {
		case a.Published == nil && isDateLine(l):
			if ds := findDates(l); len(ds) > 0 && ds[0].Year != 0 {
				t, _ := ds[0].resolve(timeZero)
				a.Published = &model.Published{Time: t, Precision: ds[0].precision(), Source: model.DateText}
			}
		case a.Byline == "" && bylineRe.MatchString(l):
			a.Byline = bylineRe.FindStringSubmatch(l)[1]
		case a.Title == "" && i <= 3 && looksLikeHeadline(l):
			a.Title = strings.TrimSpace(l)
		case isDateLine(l):
			// a second date (updated at): not text
		default:
			paras = append(paras, l)
		}
	}

	// Trailing lines after the last sentence: an agency signature names
	// the outlet; anything else short is furniture.
	end := len(lines)
	for end > bodyStart+1 {
		l := lines[end-1]
		if endsLikeSentence(l) || len(strings.Fields(l)) > 6 {
			break
		}
		if signatureRe.MatchString(l) && a.Outlet.Name == "" {
			a.Outlet.Name = l
		}
		end--
	}
	paras = append(paras, lines[bodyStart:end]...)
	paras = joinWrapped(paras)
	if len(paras) == 0 {
		return nil, noText(raw)
	}
	if d, ok := findDateline(paras); ok {
		if d.Outlet != "" && a.Outlet.Name == "" {
			a.Outlet.Name = d.Outlet
		}
		if d.Year != 0 && a.Published == nil {
			if t, ok := (partialDate{Year: d.Year, Month: d.Month, Day: d.Day}).resolve(timeZero); ok {
				a.Published = &model.Published{Time: t, Precision: model.PrecisionDay, Source: model.DateDateline}
			}
		}
	}
	a.Paragraphs = paras
	a.Text = strings.Join(paras, "\n\n")
	return a, nil
}

// splitLines cleans every line, drops furniture and captions, and returns
// the non-empty lines in order.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	raw := strings.Split(s, "\n")
	lines := make([]string, 0, len(raw))
	for _, l := range raw {
		l = cleanLine(l)
		if l == "" || isFurniture(l) {
			continue
		}
		lines = append(lines, l)
	}
	return removeCaptions(lines)
}

// joinWrapped rejoins hard-wrapped lines: a line that does not end a
// sentence followed by one that starts in lower case continues it.
func joinWrapped(lines []string) []string {
	var out []string
	for _, l := range lines {
		if n := len(out); n > 0 && !endsLikeSentence(out[n-1]) && startsLower(l) && len(strings.Fields(out[n-1])) > 6 {
			out[n-1] += " " + l
			continue
		}
		out = append(out, l)
	}
	return out
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// looksLikeHeadline: a few words, not a sentence with a final period (but
// a question or quote may end one), not a date, starting with a capital,
// a digit or a quote.
func looksLikeHeadline(l string) bool {
	n := len(strings.Fields(l))
	if n < 2 || n > 30 || isDateLine(l) {
		return false
	}
	if strings.HasSuffix(strings.TrimSpace(l), ".") && !strings.HasSuffix(l, "..") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'«", r)
}

// isDateLine reports whether a line is a printed date and little else
// ("15/07/2016", "March 25, 2016, 5:55 am", "Updated: 2016-07-15 10:00").
func isDateLine(l string) bool {
	ds := findDates(l)
	if len(ds) == 0 {
		return false
	}
	words := 0
	for _, w := range strings.Fields(l) {
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			words++
		}
	}
	return words <= 6 && len(l) <= 80
}

// findDateline looks for a dateline at the start of the first paragraphs:
// a deck or a caption may stand before the lead.
func findDateline(paras []string) (Dateline, bool) {
	for i, p := range paras {
		if i == 3 {
			break
		}
		if d, ok := ParseDateline(p); ok && len(strings.Fields(p)) >= 8 {
			return d, true
		}
	}
	return Dateline{}, false
}
