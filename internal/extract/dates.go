package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// partialDate is a calendar date as printed, possibly without a year or
// with only a weekday.
type partialDate struct {
	Year    int // 0 when not printed
	Month   time.Month
	Day     int
	Weekday time.Weekday
	HasWday bool
	Hour    int
	Minute  int
	HasTime bool
	Start   int // byte offset in the text it was found in
}

const weekdayPattern = `(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?`

var (
	// "March 25, 2016, 5:55 am", "Friday, July 15, 2016 10:30", "Jul 15 2016"
	mdyRe = regexp.MustCompile(`(?i)\b(?:(` + weekdayPattern + `),?\s+)?(` + monthPattern + `)\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?(?:,?\s+(?:at\s+)?(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?)?`)
	// "15 July 2016", "Friday, 15 July", "24 March 2016"
	dmyRe = regexp.MustCompile(`(?i)\b(?:(` + weekdayPattern + `),?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthPattern + `)\b(?:,?\s+(\d{4})\b)?(?:,?\s+(?:at\s+)?(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?)?`)
	// "15/07/2016", "15.07.2016", "2016-07-15"
	numericRe = regexp.MustCompile(`\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?`)
	// A weekday in a phrase that anchors an event: "on Thursday",
	// "Thursday night", "Friday, 15 July" is handled by the above.
	weekdayRe = regexp.MustCompile(`\b(?:on|On|late|early|by|since|last|Last|this|This)\s+(` + weekdayPattern + `)\b|\b(` + weekdayPattern + `)\s+(?:night|morning|evening|afternoon)\b`)
)

var weekdayNames = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
}

func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0, false
	}
	w, ok := weekdayNames[s[:3]]
	return w, ok
}

func hour12(h int, ampm string) int {
	ampm = strings.ToLower(strings.ReplaceAll(ampm, ".", ""))
	switch {
	case ampm == "pm" && h < 12:
		return h + 12
	case ampm == "am" && h == 12:
		return 0
	}
	return h
}

// findDates returns the calendar dates printed in text, in order.
func findDates(text string) []partialDate {
	var out []partialDate
	taken := make([]bool, len(text)+1)
	mark := func(s, e int) {
		for i := s; i < e; i++ {
			taken[i] = true
		}
	}
	for _, m := range numericRe.FindAllStringSubmatchIndex(text, -1) {
		var p partialDate
		if m[2] >= 0 {
			a, _ := strconv.Atoi(text[m[2]:m[3]])
			b, _ := strconv.Atoi(text[m[4]:m[5]])
			p.Year, _ = strconv.Atoi(text[m[6]:m[7]])
			// Day first unless that is impossible: most of the world
			// writes 15/07/2016; 07/15/2016 can only be month first.
			if a > 12 || b <= 12 {
				p.Day, p.Month = a, time.Month(b)
			} else {
				p.Month, p.Day = time.Month(a), b
			}
		} else {
			p.Year, _ = strconv.Atoi(text[m[8]:m[9]])
			mo, _ := strconv.Atoi(text[m[10]:m[11]])
			p.Month = time.Month(mo)
			p.Day, _ = strconv.Atoi(text[m[12]:m[13]])
			if m[14] >= 0 {
				p.Hour, _ = strconv.Atoi(text[m[14]:m[15]])
				p.Minute, _ = strconv.Atoi(text[m[16]:m[17]])
				p.HasTime = true
			}
		}
		if valid(p) {
			p.Start = m[0]
			out = append(out, p)
			mark(m[0], m[1])
		}
	}
	for _, re := range []*regexp.Regexp{mdyRe, dmyRe} {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			if taken[m[0]] {
				continue
			}
			var p partialDate
			monthIdx, dayIdx := 4, 6
			if re == dmyRe {
				monthIdx, dayIdx = 6, 4
			}
			p.Month = parseMonth(text[m[monthIdx]:m[monthIdx+1]])
			p.Day, _ = strconv.Atoi(text[m[dayIdx]:m[dayIdx+1]])
			if m[2] >= 0 {
				p.Weekday, p.HasWday = parseWeekday(text[m[2]:m[3]])
			}
			if m[8] >= 0 {
				p.Year, _ = strconv.Atoi(text[m[8]:m[9]])
			}
			if m[10] >= 0 {
				p.Hour, _ = strconv.Atoi(text[m[10]:m[11]])
				p.Minute, _ = strconv.Atoi(text[m[12]:m[13]])
				if m[14] >= 0 {
					p.Hour = hour12(p.Hour, text[m[14]:m[15]])
				}
				p.HasTime = p.Hour < 24 && p.Minute < 60
			}
			// "May 5" is a date, but "may 5" is a verb and a number.
			if re == mdyRe && text[m[monthIdx]] == 'm' {
				continue
			}
			if valid(p) {
				p.Start = m[0]
				out = append(out, p)
				mark(m[0], m[1])
			}
		}
	}
	return out
}

func valid(p partialDate) bool {
	if p.Month < 1 || p.Month > 12 || p.Day < 1 || p.Day > 31 {
		return false
	}
	if p.Year != 0 && (p.Year < 1900 || p.Year > 2200) {
		return false
	}
	if p.Year != 0 {
		t := time.Date(p.Year, p.Month, p.Day, 0, 0, 0, 0, time.UTC)
		return t.Day() == p.Day
	}
	return true
}

// resolve turns a partial date into a time using ref for a missing year:
// the year that puts the date nearest ref, preferring the past (news
// reports what happened) when it is within about eight months, and
// agreeing with a printed weekday when there is one.
func (p partialDate) resolve(ref time.Time) (time.Time, bool) {
	mk := func(y int) time.Time {
		return time.Date(y, p.Month, p.Day, p.Hour, p.Minute, 0, 0, time.UTC)
	}
	if p.Year != 0 {
		return mk(p.Year), true
	}
	if ref.IsZero() {
		return time.Time{}, false
	}
	best, bestScore := time.Time{}, 1e18
	for y := ref.Year() - 7; y <= ref.Year()+1; y++ {
		t := mk(y)
		if t.Day() != p.Day {
			continue
		}
		d := t.Sub(ref).Hours() / 24
		score := d
		if score < 0 {
			score = -score
		}
		if d > 3 {
			score *= 1.5 // a little bias against the future
		}
		if p.HasWday && t.Weekday() != p.Weekday {
			score += 3650
		}
		if score < bestScore {
			best, bestScore = t, score
		}
	}
	return best, !best.IsZero()
}

// precisionOf tells how precise a resolved partial date is.
func (p partialDate) precision() model.Precision {
	if p.HasTime {
		return model.PrecisionMinute
	}
	return model.PrecisionDay
}

// weekdayMentions returns the weekdays the text anchors events to ("on
// Thursday", "Friday night").
func weekdayMentions(text string) []time.Weekday {
	var out []time.Weekday
	for _, m := range weekdayRe.FindAllStringSubmatch(text, -1) {
		s := m[1]
		if s == "" {
			s = m[2]
		}
		if w, ok := parseWeekday(s); ok {
			out = append(out, w)
		}
	}
	return out
}

// ParsePublished parses a publication date given by a source (feed, JSON,
// metadata): RFC 3339, ISO dates, RFC 1123 and the printed forms that
// findDates knows. The zero time and false mean it could not be parsed.
func ParsePublished(s string) (time.Time, model.Precision, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "", false
	}
	layouts := []struct {
		layout string
		prec   model.Precision
	}{
		{time.RFC3339Nano, model.PrecisionMinute}, {time.RFC3339, model.PrecisionMinute},
		{"2006-01-02T15:04:05", model.PrecisionMinute}, {"2006-01-02 15:04:05", model.PrecisionMinute},
		{"2006-01-02T15:04", model.PrecisionMinute}, {"2006-01-02 15:04", model.PrecisionMinute},
		{time.RFC1123Z, model.PrecisionMinute}, {time.RFC1123, model.PrecisionMinute},
		{"Mon, 2 Jan 2006 15:04:05 -0700", model.PrecisionMinute}, {"Mon, 2 Jan 2006 15:04:05 MST", model.PrecisionMinute},
		{"2006-01-02", model.PrecisionDay}, {"20060102", model.PrecisionDay},
		{"2006-01", model.PrecisionMonth}, {"2006", model.PrecisionYear},
	}
	for _, l := range layouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return t.UTC(), l.prec, true
		}
	}
	if ds := findDates(s); len(ds) > 0 && ds[0].Year != 0 {
		t, _ := ds[0].resolve(time.Time{})
		return t, ds[0].precision(), true
	}
	return time.Time{}, "", false
}
