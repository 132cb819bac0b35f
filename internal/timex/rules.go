package timex

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// cand is a candidate expression found by a rule.
type cand struct {
	start, end int
	rule       int
	kind       string
	g          map[string]string // lowercased named groups
	raw        map[string]string // named groups as written
}

type rule struct {
	kind string
	need []string
	re   *regexp.Regexp
}

// applies reports whether the rule can match somewhere in chunk.
func (r rule) applies(chunk string) bool {
	for _, n := range r.need {
		if n == "#" {
			if strings.IndexAny(chunk, "0123456789") >= 0 {
				return true
			}
		} else if strings.Contains(chunk, n) {
			return true
		}
	}
	return false
}

// Building blocks of the rules; every pattern runs on ASCII-lowercased text.
var blocks = map[string]string{
	"MONTH":     `(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|sept\.|jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sep\.|oct\.|nov\.|dec\.|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)`,
	"MONTHFULL": `(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|sept\.|jan\.|feb\.|aug\.|oct\.|nov\.|dec\.)`,
	"DAY":       `(?P<day>[0-3]?\d)(?:st|nd|rd|th)?`,
	"YEAR":      `(?P<year>1[6-9]\d\d|20\d\d)`,
	"WD":        `(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)`,
	"POD":       `(?P<pod>morning|afternoon|evening|night|overnight)`,
	"NUM": `(?P<num>\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|` +
		`one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|` +
		`a hundred|one hundred|hundred|a few|a couple of|a couple|several|few|many|some|half a|half an|a|an)`,
	"UNIT":   `(?P<unit>seconds?|minutes?|hours?|days?|weeks?|weekends?|months?|years?|decades?|centuries|century|quarters?)`,
	"MOD":    `(?P<mod>early|late|mid|the end of|the beginning of|the start of|the middle of|the first half of|the second half of|end of|beginning of)`,
	"ORD":    `(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last)`,
	"APPROX": `(?:(?:about|almost|nearly|some|more than|less than|over|roughly|around|just|only|at least|at most|up to|barely|approximately|exactly|another|an additional)\s+)?`,
}

// ruleSrc lists the rules: kind (how to normalize a match), need (the
// match must contain one of these "|"-separated strings, "#" standing for
// a digit, so the rule is skipped on sentences without them) and pattern.
var ruleSrc = []struct{ kind, need, pat string }{
	// "the evening of July 14", "late in the evening of July 14"
	{"date", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:the\s+)?POD\s+of\s+(?:WD,?\s+)?MONTH\s+DAY(?:,?\s+YEAR)?`},
	{"date", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:the\s+)?POD\s+of\s+(?:WD,?\s+)?(?:the\s+)?DAY\s+(?:of\s+)?MONTH(?:,?\s+YEAR)?`},
	// "Friday, July 15, 2016", "July 14", "Aug. 7, 1998"
	{"date", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:WD,?\s+)?MONTH\s+DAY(?:,?\s+YEAR)?`},
	// "Friday, 15 July", "24 March 2016", "the 15th of July"
	{"date", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:WD,?\s+)?(?:the\s+)?DAY\s+(?:of\s+)?MONTH(?:,?\s+YEAR)?`},
	{"monthyear", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:MOD[\s-]*)?MONTH,?\s+(?:of\s+)?YEAR`},
	{"month", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:MOD[\s-]*)?MONTHFULL`},
	{"isodate", "#", `(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})`},
	{"numdate", "#", `(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:[/.-])(?P<y>\d{4}|\d{2})`},
	{"year", "#", `(?:(?P<mod>early|late|mid|the end of|the beginning of|the start of|the middle of|end of|beginning of|fiscal|calendar|the year|the fiscal year|fiscal year)[\s-]*)?YEAR`},
	{"decade", "#", `(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]*)?(?:(?P<dec>1[5-9]\d|20\d)0'?s|'(?P<dec2>\d)0'?s)`},
	{"century", "century", `(?:the\s+)?(?P<cent>\d{2}(?:st|nd|rd|th)|nineteenth|twentieth|twenty-first|eighteenth)[\s-]+century`},
	{"dayrel", "today|tonight|yesterday|tomorrow", `(?:(?P<mod>earlier|later|early|late)\s+)?(?P<dw>today|tonight|yesterday|tomorrow)(?:\s+POD)?`},
	{"dayrel", "today|tonight|yesterday|tomorrow", `(?P<dw>the day before yesterday|the day after tomorrow)`},
	{"thispod", "morning|afternoon|evening|night", `(?P<rel>this|last|late last|early this|later this|earlier this)\s+POD`},
	{"weekday", "monday|tuesday|wednesday|thursday|friday|saturday|sunday", `(?:(?P<rel>last|next|this|coming|past|previous|this past|this coming)\s+)?WD(?:\s+POD)?`},
	{"relunit", "second|minute|hour|day|week|month|year|decade|centur|quarter|spring|summer|fall|autumn|winter", `(?:(?P<mod>early|late|mid|earlier|later|the end of|the beginning of|the start of|the middle of|end of|beginning of)[\s-]*)?(?P<rel>this|last|next|past|previous|coming|current|the current|the past|the last|the next|the coming|the previous)\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)`},
	{"ago", "ago|earlier|later|from now|hence", `APPROX(?P<num2>\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|several|few|many|a|an)[\s-]+(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century|quarters?)\s+(?P<dir>ago|earlier|later|from now|hence)`},
	{"quarter", "quarter", `(?:the\s+)?(?:(?:this|last|next)\s+year's\s+|(?P<ago>year-ago|year-earlier|comparable year-ago|prior-year)\s+)?(?:fiscal\s+)?ORD[\s-]+(?:fiscal\s+)?quarter(?:\s+of\s+(?:fiscal\s+)?YEAR)?`},
	{"quarter", "quarter", `(?:fiscal\s+)?YEAR(?:'s)?\s+(?:fiscal\s+)?ORD[\s-]+quarter`},
	{"half", "half", `(?:the\s+)?(?P<ord>first|second|last)\s+half(?:\s+of\s+(?:(?:fiscal\s+)?YEAR|(?P<rel>this|next|last|the) year))?`},
	{"qref", "quarter|period|year-", `(?:the\s+)?(?P<q>latest|most recent|recent|current|year-ago|year-earlier|same|comparable|previous|prior-year|year-before|just-ended|just-completed)\s+(?P<qu>quarter|period)`},
	{"qref", "quarter|period|year-", `the\s+(?P<qu>quarter)`},
	{"qref", "quarter|period|year-", `(?:the\s+)?(?P<qu>quarter|period)\s+a\s+year\s+(?:ago|earlier)`},
	{"qref", "quarter|period|year-", `(?:the\s+)?(?P<yr>1[89]\d\d|20\d\d|last year's|this year's)\s+(?P<qu>quarter|period)`},
	{"qref", "quarter|period|year-", `(?P<q>year-earlier|year-ago)`},
	{"season", "spring|summer|fall|autumn|winter", `(?:(?P<rel>this|last|next|the|early|late|this past|this coming)\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+of)?(?:\s+YEAR)?`},
	{"duration", "second|minute|hour|day|week|month|year|decade|centur|quarter", `(?:(?:the|another|the past|the last|the next|the first|the previous|the coming|the following|the final|the initial|the remaining|past|last|next|first|previous|coming|following|final|initial|full|entire|whole)\s+)?(?:(?:at least|about|almost|nearly|more than|less than|over|some|roughly|around|only|just|up to|another)\s+)?NUM[\s-]+(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+)?UNIT(?:[\s-]+(?P<old>old|long))?`},
	{"fuzzy", "second|minute|hour|day|week|month|year|decade|centur|quarter", `(?:(?P<pre>the past|the last|the next|the coming|recent|coming|past)\s+)?(?P<unit>years|months|weeks|decades)`},
	{"ref", "now|current|present|days|recent|lately|former|past|future|once", `(?P<w>now|currently|current|presently|nowadays|at present|the present|these days|recently|lately|formerly|the past|the future|the near future|once again)`},
	{"weekend", "weekend", `the\s+weekend`},
	{"spelled", "nineteen|two thousand", `(?:the\s+year\s+)?(?P<sp>nineteen|two thousand)(?:[\s-]+(?P<tens>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?P<ones>one|two|three|four|five|six|seven|eight|nine))?|[\s-]+and[\s-]+(?P<ones2>one|two|three|four|five|six|seven|eight|nine))?`},
	{"yearend", "year", `(?:the\s+)?(?P<ye>year-end|year end|year's end|the end of the year)`},
	{"set", "every|each|per|daily|weekly|monthly|yearly|hourly|nightly", `(?P<every>every|each|per)\s+(?:(?P<n>other|two|three|four|five|six)\s+)?(?P<unit>second|minute|hour|day|week|month|year|morning|afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|quarter)s?`},
	{"set", "every|each|per|daily|weekly|monthly|yearly|hourly|nightly", `(?P<adv>daily|weekly|monthly|yearly|hourly|nightly)`},
	{"clock", "#|noon|midnight|midday", `(?:WD\s+(?:at\s+)?)?(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?:\s+(?P<tz>[a-z]{2,3}t|gmt|utc)\b)?(?:\s+WD|,?\s+(?:on\s+)?MONTH\s+DAY)?`},
	{"clock", "#|noon|midnight|midday", `(?:WD\s+(?:at\s+)?)?(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?:\s+(?P<tz>[a-z]{2,3}t|gmt|utc)\b)?`},
	{"clock", "#|noon|midnight|midday", `(?P<noon>noon|midnight|midday)(?:\s+WD)?`},
	{"holiday", "christmas|new year|thanksgiving|independence|bastille|valentine|halloween", `(?P<hol>christmas day|christmas eve|christmas|new year's day|new year's eve|thanksgiving day|thanksgiving|independence day|bastille day|valentine's day|halloween)(?:,?\s+YEAR)?`},
	{"anaphor", "day|night|morning|evening", `(?P<an>the next day|the following day|the previous day|that day|the same day|that same day|earlier that day|later that day|that night|that morning|that evening|the next morning|the following morning)`},
	{"anayear", "year|month", `(?P<an>that year|the following year|the previous year|the year before|later that year|earlier that year|that same year|the same year|that month|the following month|the previous month|later that month|earlier that month)`},
	{"relmonth", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?P<rel>this|last|next|this past|this coming)\s+MONTHFULL`},
	{"relmonth", "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", `(?:(?P<mod>early|late|mid)[\s-]*)?MONTHFULL(?:\s+of)?\s+(?P<rel2>this|last|next)\s+year`},
	{"theyear", "year", `the\s+(?P<adj>full\s+|fiscal\s+|current\s+|calendar\s+)?year(?P<ended>\s+(?:ended|ending))?`},
	{"fuzzy", "second|minute|hour|day|week|month|year|decade|centur|quarter", `(?P<pre>recent|coming|future)\s+(?P<unit>days|weeks|months|quarters|years)`},
	{"yearref", "year", `earlier in the year|later in the year`},
}

var rules []rule

func init() {
	for _, r := range ruleSrc {
		p := r.pat
		// Replace longer names first so MONTHFULL is not read as MONTH.
		for _, name := range []string{"MONTHFULL", "MONTH", "DAY", "YEAR", "WD", "POD", "NUM", "UNIT", "MOD", "ORD", "APPROX"} {
			p = strings.ReplaceAll(p, name, blocks[name])
		}
		rules = append(rules, rule{kind: r.kind, need: strings.Split(r.need, "|"), re: regexp.MustCompile(`\b(?:` + p + `)`)})
	}
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// candidates runs every rule over each sentence of the document. Short
// inputs let the regexp package use its backtracker, several times faster
// than a scan of the whole text; a time expression never spans sentences.
func (d *doc) candidates() []*cand {
	var out []*cand
	spans := d.sents
	if len(spans) == 0 && len(d.text) > 0 {
		spans = [][2]int{{0, len(d.text)}}
	}
	for _, sp := range spans {
		chunk := d.lower[sp[0]:sp[1]]
		for ri, r := range rules {
			if !r.applies(chunk) {
				continue
			}
			names := r.re.SubexpNames()
			for _, loc := range r.re.FindAllStringSubmatchIndex(chunk, -1) {
				for i := range loc {
					if loc[i] >= 0 {
						loc[i] += sp[0]
					}
				}
				if c := d.newCand(ri, r, names, loc); c != nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// newCand checks a rule match at loc (offsets into the text) and builds
// the candidate, or returns nil.
func (d *doc) newCand(ri int, r rule, names []string, loc []int) *cand {
	s, e := loc[0], loc[1]
	// A match must start a word: "\b" holds at the start of a sentence
	// chunk even inside a word of the text.
	if s > 0 && isWordByte(d.lower[s-1]) && isWordByte(d.lower[s]) {
		return nil
	}
	// The rule's last character must end a word: "May 19" must not
	// match inside "May 1990".
	if e < len(d.lower) && e > 0 && isWordByte(d.lower[e-1]) && isWordByte(d.lower[e]) {
		return nil
	}
	if e < len(d.lower) && d.lower[e] == '%' {
		return nil
	}
	s, e = trimSpace(d.text, s, e)
	if s >= e || !utf8.RuneStart(d.text[s]) || e < len(d.text) && !utf8.RuneStart(d.text[e]) {
		return nil
	}
	c := &cand{start: s, end: e, rule: ri, kind: r.kind, g: map[string]string{}, raw: map[string]string{}}
	for i, n := range names {
		if n == "" || loc[2*i] < 0 {
			continue
		}
		if _, ok := c.g[n]; ok {
			continue
		}
		c.g[n] = d.lower[loc[2*i]:loc[2*i+1]]
		c.raw[n] = d.text[loc[2*i]:loc[2*i+1]]
	}
	if !d.accept(c) {
		return nil
	}
	return c
}

// accept filters candidates that the patterns cannot rule out alone.
func (d *doc) accept(c *cand) bool {
	// "may" and "march" are month names only when capitalized.
	if m, ok := c.raw["month"]; ok {
		lm := strings.ToLower(m)
		if (lm == "may" || strings.HasPrefix(lm, "mar")) && m[0] != 'M' {
			return false
		}
		// Abbreviations without a period only in all-lowercase-free text:
		// "Jan 5" yes, "jan" as a word no.
		if m[0] < 'A' || m[0] > 'Z' {
			return false
		}
		if c.kind == "month" && lm == "may" {
			// "May" opening a sentence is usually the modal verb.
			if !d.monthContext(c) {
				return false
			}
		}
	}
	prev := byte(' ')
	if c.start > 0 {
		prev = d.text[c.start-1]
	}
	switch c.kind {
	case "year":
		// A bare number is a year only when it does not look like an
		// amount or part of a larger number.
		if prev == '$' || prev == '#' || prev == '.' || prev == ',' || prev == '-' && c.g["mod"] == "" || prev >= '0' && prev <= '9' {
			return false
		}
		if c.end < len(d.text) {
			nx := d.text[c.end:]
			if strings.HasPrefix(nx, ",0") || strings.HasPrefix(nx, ".") && len(nx) > 1 && nx[1] >= '0' && nx[1] <= '9' {
				return false
			}
			if c.g["mod"] == "" && followsUnit(d.lower[c.end:]) {
				return false
			}
		}
	case "numdate":
		if prev == '.' || prev == '/' || prev == '$' || prev >= '0' && prev <= '9' {
			return false
		}
		if c.g["sep"] == "." && len(c.g["y"]) == 2 {
			return false
		}
		if c.end < len(d.text) && (d.text[c.end] == '/' || d.text[c.end] == '.' && c.end+1 < len(d.text) && d.text[c.end+1] >= '0' && d.text[c.end+1] <= '9') {
			return false
		}
	case "clock":
		if prev == '.' || prev == '$' || prev == ':' || prev == ',' {
			return false
		}
		if c.g["ap"] == "" && c.g["noon"] == "" {
			// Bare "10:30": not a score "3:1" nor a ratio.
			if c.end < len(d.text) && d.text[c.end] == ':' {
				return false
			}
		}
	case "duration":
		if c.g["num"] == "some" || c.g["num"] == "many" {
			return c.g["unit"] != "" && strings.HasSuffix(c.g["unit"], "s")
		}
		if prev == '$' {
			return false
		}
		// Ages ("a 6-year-old", "52 years old") are not time expressions
		// in TimeBank's practice.
		if c.g["old"] == "old" {
			return false
		}
		rest := d.lower[c.end:]
		if strings.HasPrefix(c.g["unit"], "quarter") && strings.HasPrefix(rest, " of") {
			return false // "three-quarters of its food"
		}
		if n := c.g["num"]; n == "a" || n == "an" {
			// Rates ("four flights a week", "24 hours a day") and
			// ordinals ("a second betrayal") are not durations.
			pw := d.prevWord(c.start)
			if pw != "" && (pw[0] >= '0' && pw[0] <= '9' || smallNumWord(pw) || len(pw) > 3 && strings.HasSuffix(pw, "s") || pw == "twice" || pw == "once") {
				return false
			}
			if c.g["unit"] == "second" && pw != "for" && pw != "in" && pw != "within" && pw != "than" {
				return false
			}
		}
	case "season":
		s := c.g["season"]
		if (s == "fall" || s == "spring") && c.g["rel"] == "" && c.g["year"] == "" {
			return false
		}
		if c.g["rel"] == "" && c.g["year"] == "" && c.raw["season"][0] >= 'a' && (s == "fall" || s == "spring") {
			return false
		}
	case "ref":
		if c.g["w"] == "once again" {
			return false
		}
	case "fuzzy":
		// A bare plural ("for years") rarely has a value worth keeping.
		if c.g["pre"] == "" {
			return false
		}
	case "relmonth":
		// "last Oct. 23" is a date, not a month.
		rest := strings.TrimLeft(d.text[c.end:], " ")
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return false
		}
	case "month":
		rest := d.lower[c.end:]
		if strings.HasPrefix(rest, " for ") || strings.HasPrefix(rest, " of the ") {
			return false // "the March for Life"
		}
	case "spelled":
		// "nineteen" alone is a number; a spelled year needs its tens.
		return c.g["tens"] != "" || c.g["ones2"] != "" || strings.HasPrefix(c.g["sp"], "two") && strings.Contains(d.lower[max(0, c.start-10):c.end], "year")
	}
	return true
}

func smallNumWord(w string) bool {
	switch w {
	case "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million", "several", "many", "few":
		return true
	}
	return false
}

// followsUnit reports whether s starts with a word that makes the number
// before it a quantity ("1990 shares").
func followsUnit(s string) bool {
	s = strings.TrimLeft(s, " ")
	for _, w := range []string{"shares", "people", "troops", "feet", "meters", "metres", "miles", "tons", "acres", "points", "cars", "units", "employees", "workers", "jobs", "yen", "dollars", "pounds", "students", "percent", "members", "cases"} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// monthContext reports whether a lone "May" reads as the month: preceded
// by a preposition or followed by a day or year.
func (d *doc) monthContext(c *cand) bool {
	before := strings.TrimRight(d.lower[max(0, c.start-12):c.start], " ")
	for _, p := range []string{" in", " since", " until", " by", " of", " early", " late", " mid", " last", " next", " this", " through", " from", " to", " before", " after", " during", "-"} {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}
