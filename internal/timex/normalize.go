package timex

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var monthNum = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func parseMonth(s string) int {
	if len(s) < 3 {
		return 0
	}
	return monthNum[s[:3]]
}

var weekdayNum = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var podCode = map[string]string{
	"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}

var smallNum = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "a hundred": 100, "one hundred": 100, "a couple": 2, "a couple of": 2,
}

// parseNum reads a quantity: "4", "twenty-four", "a"; fuzzy quantities
// ("several", "a few") give "X".
func parseNum(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if s[0] >= '0' && s[0] <= '9' {
		return s
	}
	if s == "half a" || s == "half an" {
		return "0.5"
	}
	if n, ok := smallNum[s]; ok {
		return strconv.Itoa(n)
	}
	if i := strings.IndexAny(s, "- "); i > 0 {
		a, ok1 := smallNum[s[:i]]
		b, ok2 := smallNum[s[i+1:]]
		if ok1 && ok2 {
			return strconv.Itoa(a + b)
		}
	}
	return "X"
}

func unitBase(u string) string {
	u = strings.TrimSuffix(u, "s")
	if u == "centurie" {
		u = "century"
	}
	return u
}

// durValue builds a TIMEX3 duration value for n units.
func durValue(n, unit string) string {
	switch unitBase(unit) {
	case "second":
		return "PT" + n + "S"
	case "minute":
		return "PT" + n + "M"
	case "hour":
		return "PT" + n + "H"
	case "day":
		return "P" + n + "D"
	case "week":
		return "P" + n + "W"
	case "weekend":
		return "P" + n + "WE"
	case "month":
		return "P" + n + "M"
	case "quarter":
		return "P" + n + "Q"
	case "year":
		return "P" + n + "Y"
	case "decade":
		if n == "X" {
			return "PXDE"
		}
		if v, err := strconv.Atoi(n); err == nil {
			return fmt.Sprintf("P%dY", v*10)
		}
		return "P" + n + "DE"
	case "century":
		if v, err := strconv.Atoi(n); err == nil {
			return fmt.Sprintf("P%dY", v*100)
		}
		return "P" + n + "CE"
	}
	return ""
}

// tense guesses whether the expression at c is talked about in the past
// (-1), the future (+1) or without a cue (0), from the verbs of its
// sentence nearest to it.
func (d *doc) tense(c *cand) int {
	ss, se := d.sentenceSpan(c.start)
	best, bestDist := 0, 1<<30
	consider := func(t, dist int) {
		if dist < bestDist {
			best, bestDist = t, dist
		}
	}
	words := wordsIn(d.lower, ss, se)
	for i, w := range words {
		if w.s >= c.start && w.e <= c.end {
			continue
		}
		dist := c.start - w.e
		if w.s >= c.end {
			dist = (w.s - c.end) + 5 // cues after the expression weigh less
		}
		t := 0
		if i > 0 {
			switch words[i-1].w {
			case "be", "been", "being", "is", "are", "am":
				// A participle after "be" is passive, not past: "will be
				// held", "would be paid".
				if w.w != "to" && w.w != "due" && w.w != "set" {
					continue
				}
			}
		}
		switch w.w {
		case "will", "'ll", "shall", "won't", "tomorrow", "upcoming", "scheduled", "would", "could", "might", "effective", "payable":
			t = 1
		case "set", "due", "soon", "early":
			if i+1 < len(words) && (words[i+1].w == "to" || words[i+1].w == "as" || words[i+1].w == "for") {
				t = 1
			}
		case "going":
			if i+1 < len(words) && words[i+1].w == "to" {
				t = 1
			}
		case "is", "are", "am":
			if i+1 < len(words) && (words[i+1].w == "to" || words[i+1].w == "due" || words[i+1].w == "set") {
				t = 1
			}
		case "was", "were", "had", "did", "said", "told", "ago", "yesterday", "last", "earlier", "began", "came", "went", "made", "took", "gave", "met", "held", "left", "lost", "won", "fell", "rose", "saw", "got", "sold", "bought", "paid", "spent", "sent", "hit", "struck", "became", "wrote", "found", "brought", "kept", "ran", "began.":
			t = -1
		default:
			if len(w.w) > 4 && strings.HasSuffix(w.w, "ed") && !notPast[w.w] {
				t = -1
			}
		}
		if t != 0 {
			consider(t, dist)
		}
	}
	return best
}

var notPast = map[string]bool{
	"need": true, "speed": true, "indeed": true, "hundred": true, "proceed": true, "succeed": true, "exceed": true,
	"united": true, "limited": true, "based": true, "expected": true, "scheduled": true, "planned": true, "proposed": true,
	"related": true, "concerned": true, "interested": true, "called": true, "so-called": true, "alleged": true, "armed": true,
	"detailed": true, "advanced": true, "unprecedented": true, "supposed": true, "used": true, "needed": true, "feed": true, "seed": true,
	"breed": true, "bleed": true, "greed": true, "red": true, "bed": true, "shed": true, "wed": true, "embed": true,
}

type word struct {
	w    string
	s, e int
}

func wordsIn(s string, from, to int) []word {
	var out []word
	i := from
	for i < to {
		for i < to && !isWordByte(s[i]) && s[i] != '\'' {
			i++
		}
		j := i
		for j < to && (isWordByte(s[j]) || s[j] == '\'' || s[j] == '-') {
			j++
		}
		if j > i {
			out = append(out, word{strings.Trim(s[i:j], "'-"), i, j})
			if strings.HasSuffix(s[i:j], "'ll") {
				out = append(out, word{"'ll", j - 3, j})
			}
		}
		i = j + 1
	}
	return out
}

func fmtDay(t time.Time) string   { return t.Format("2006-01-02") }
func fmtMonth(t time.Time) string { return t.Format("2006-01") }
func fmtYear(y int) string        { return fmt.Sprintf("%04d", y) }
func fmtWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// pickYear chooses the year for a month (and day) written without one:
// the DCT year, moved back or forward by the tense of the sentence, or
// the nearest year when the tense says nothing.
func (d *doc) pickYear(c *cand, month, day int) int {
	ref := dayOf(d.ref)
	y := ref.Year()
	dd := day
	if dd == 0 {
		dd = 15
	}
	at := func(y int) time.Time { return time.Date(y, time.Month(month), dd, 0, 0, 0, 0, time.UTC) }
	t := at(y)
	tense := d.tense(c)
	if d.deadline(c) {
		// A deadline ("aim for a draft by August") looks ahead.
		tense = 1
	}
	switch tense {
	case -1:
		// A past-tense sentence may still name next month ("said it
		// would pay in August"), and early next year is closer than
		// early this year late in the year ("agreed to buy it in
		// January" written in November).
		if day == 0 && month > int(ref.Month())+1 || day != 0 && t.After(ref.AddDate(0, 0, pastSlack)) {
			return y - 1
		}
		if day == 0 && month+12-int(ref.Month()) <= 2 {
			return y + 1
		}
		if day != 0 && at(y+1).Sub(ref) <= 90*24*time.Hour && ref.Sub(t) >= 180*24*time.Hour {
			return y + 1
		}
	case 1:
		if day == 0 && month < int(ref.Month())-1 || day != 0 && t.Before(ref.AddDate(0, 0, -pastSlack)) {
			return y + 1
		}
	default:
		// Without a cue the nearest reading wins, news leaning to the
		// past: a future distance counts double.
		dist := func(yy int) time.Duration {
			d := at(yy).Sub(ref)
			if d > 0 {
				return 2 * d
			}
			return -d
		}
		best, bd := y, dist(y)
		for _, yy := range []int{y - 1, y + 1} {
			if dd := dist(yy); dd < bd {
				best, bd = yy, dd
			}
		}
		return best
	}
	return y
}

// prevWord returns the lowercased word just before offset p.
func (d *doc) prevWord(p int) string {
	i := p
	for i > 0 && d.lower[i-1] == ' ' {
		i--
	}
	j := i
	for j > 0 && isWordByte(d.lower[j-1]) {
		j--
	}
	return d.lower[j:i]
}

// deadline reports whether the expression at p follows "by", "until" or
// "till", which look ahead.
func (d *doc) deadline(c *cand) bool {
	switch d.prevWord(c.start) {
	case "by", "until", "till":
	default:
		return false
	}
	// "had filed reports by Wednesday" looks back.
	ss, _ := d.sentenceSpan(c.start)
	for _, w := range wordsIn(d.lower, ss, c.start) {
		if w.w == "had" {
			return false
		}
	}
	return true
}

// plannedBefore reports whether a plan or an earliest date announces the
// expression: "planned to leave on Thursday", "as soon as Tuesday".
func (d *doc) plannedBefore(c *cand) bool {
	ss, _ := d.sentenceSpan(c.start)
	ws := wordsIn(d.lower, ss, c.start)
	if len(ws) > 8 {
		ws = ws[len(ws)-8:]
	}
	for i, w := range ws {
		switch w.w {
		case "planned", "planning", "plans", "plan", "scheduled":
			return true
		case "soon", "early":
			if i > 0 && ws[i-1].w == "as" && i+1 < len(ws) && ws[i+1].w == "as" {
				return true
			}
		}
	}
	return false
}

// pastSlack is how many days after the DCT a date in a past-tense
// sentence may still fall in the DCT's year: reports often mention coming
// dates ("payable Dec. 7") next to past-tense verbs.
const pastSlack = 60

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

var seasonCode = map[string]string{"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

// normalize computes the TIMEX3 value and type of a chosen candidate.
// Candidates are normalized in text order so anaphoric expressions can use
// what came before.
func (d *doc) normalize(c *cand) (string, string) {
	v, typ := d.normalize1(c)
	if c.kind == "quarter" && !strings.HasPrefix(v, "X") && c.g["ago"] == "" {
		d.lastQuarter = v
	}
	switch c.kind {
	case "date", "isodate", "numdate", "monthyear", "year", "month", "relmonth", "holiday":
		if t, err := time.Parse("2006-01-02", firstN(v, 10)); err == nil {
			d.lastDay = t
		}
		if y, err := strconv.Atoi(firstN(v, 4)); err == nil && len(v) >= 4 {
			d.lastYear = y
			if len(v) >= 7 {
				if m, err := strconv.Atoi(v[5:7]); err == nil {
					d.lastMonth = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
				}
			}
		}
	}
	return v, typ
}

func (d *doc) normalize1(c *cand) (string, string) {
	known := !d.ref.IsZero()
	ref := dayOf(d.ref)
	g := c.g
	switch c.kind {
	case "date":
		m := parseMonth(g["month"])
		day, _ := strconv.Atoi(g["day"])
		if m == 0 || day < 1 || day > 31 {
			return "", ""
		}
		var y string
		if g["year"] != "" {
			y = g["year"]
		} else if known {
			y = fmtYear(d.pickYear(c, m, day))
		} else {
			y = "XXXX"
		}
		v := fmt.Sprintf("%s-%02d-%02d", y, m, day)
		if p := g["pod"]; p != "" {
			v += "T" + podCode[p]
		}
		return v, "DATE"
	case "monthyear":
		m := parseMonth(g["month"])
		return fmt.Sprintf("%s-%02d", g["year"], m), "DATE"
	case "month":
		m := parseMonth(g["month"])
		if !known {
			return fmt.Sprintf("XXXX-%02d", m), "DATE"
		}
		return fmt.Sprintf("%04d-%02d", d.pickYear(c, m, 0), m), "DATE"
	case "isodate":
		return fmt.Sprintf("%s-%s-%s", g["y"], g["m"], g["d"]), "DATE"
	case "numdate":
		a, _ := strconv.Atoi(g["a"])
		b, _ := strconv.Atoi(g["b"])
		y := g["y"]
		if len(y) == 2 {
			n, _ := strconv.Atoi(y)
			if n < 50 {
				y = fmt.Sprintf("20%02d", n)
			} else {
				y = fmt.Sprintf("19%02d", n)
			}
		}
		mo, day := a, b // US order by default
		if a > 12 || g["sep"] == "." {
			mo, day = b, a
		}
		if mo < 1 || mo > 12 || day < 1 || day > 31 {
			return "", ""
		}
		return fmt.Sprintf("%s-%02d-%02d", y, mo, day), "DATE"
	case "year":
		return g["year"], "DATE"
	case "decade":
		if g["dec"] != "" {
			return g["dec"], "DATE"
		}
		return "19" + g["dec2"], "DATE"
	case "century":
		n := parseOrdinal(g["cent"])
		if n <= 0 {
			return "", ""
		}
		return fmt.Sprintf("%02d", n-1), "DATE"
	case "dayrel":
		off := map[string]int{"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
			"the day before yesterday": -2, "the day after tomorrow": 2}[g["dw"]]
		pod := podCode[g["pod"]]
		if g["dw"] == "tonight" {
			pod = "NI"
		}
		if !known {
			v := "XXXX-XX-XX"
			if pod != "" {
				v += "T" + pod
			}
			return v, typeFor(pod)
		}
		v := fmtDay(ref.AddDate(0, 0, off))
		if pod != "" {
			v += "T" + pod
		}
		return v, typeFor(pod)
	case "thispod":
		pod := podCode[g["pod"]]
		off := 0
		if strings.HasPrefix(g["rel"], "last") || strings.HasPrefix(g["rel"], "late last") {
			off = -1
		}
		if !known {
			return "XXXX-XX-XXT" + pod, "TIME"
		}
		return fmtDay(ref.AddDate(0, 0, off)) + "T" + pod, "TIME"
	case "weekday":
		wd := weekdayNum[g["wd"]]
		pod := podCode[g["pod"]]
		if !known {
			v := "XXXX-XX-XX"
			if pod != "" {
				v += "T" + pod
			}
			return v, "DATE"
		}
		t := d.resolveWeekday(c, wd, g["rel"])
		v := fmtDay(t)
		if pod != "" {
			v += "T" + pod
		}
		return v, "DATE"
	case "relunit":
		return d.relUnit(c)
	case "ago":
		return d.ago(c)
	case "quarter":
		q := parseOrdinal(g["ord"])
		if g["ord"] == "last" {
			q = 4
		}
		if q < 1 || q > 4 {
			return "", ""
		}
		if g["year"] != "" {
			return fmt.Sprintf("%s-Q%d", g["year"], q), "DATE"
		}
		if !known {
			return fmt.Sprintf("XXXX-Q%d", q), "DATE"
		}
		y := ref.Year()
		lower := d.lower[c.start:c.end]
		switch {
		case g["ago"] != "":
			y = ref.Year()
			if d.lastQuarter != "" {
				y, _ = strconv.Atoi(d.lastQuarter[:4])
			}
			y--
		case strings.Contains(lower, "last year"):
			y--
		case strings.Contains(lower, "next year"):
			y++
		case strings.Contains(lower, "this year"):
		default:
			rq := (int(ref.Month())-1)/3 + 1
			// Reports speak of completed quarters unless they say
			// otherwise.
			switch d.tense(c) {
			case -1, 0:
				if q > rq {
					y--
				}
			case 1:
				if q < rq {
					y++
				}
			}
		}
		return fmt.Sprintf("%04d-Q%d", y, q), "DATE"
	case "half":
		h := 1
		if g["ord"] != "first" {
			h = 2
		}
		y := ""
		switch {
		case g["year"] != "":
			y = g["year"]
		case !known:
			y = "XXXX"
		case g["rel"] == "last":
			y = fmtYear(ref.Year() - 1)
		case g["rel"] == "next":
			y = fmtYear(ref.Year() + 1)
		default:
			y = fmtYear(ref.Year())
		}
		return fmt.Sprintf("%s-H%d", y, h), "DATE"
	case "qref":
		return d.quarterRef(c)
	case "season":
		code := seasonCode[g["season"]]
		if g["year"] != "" {
			return g["year"] + "-" + code, "DATE"
		}
		if !known {
			return "XXXX-" + code, "DATE"
		}
		y := ref.Year()
		switch g["rel"] {
		case "last", "this past":
			// The most recent season gone by.
			if seasonAfter(code, ref) || seasonNow(code, ref) {
				y--
			}
		case "next", "this coming":
			if seasonAfter(code, ref) {
				break
			}
			y++
		default:
			switch d.tense(c) {
			case -1:
				if seasonAfter(code, ref) {
					y--
				}
			case 1:
				if !seasonAfter(code, ref) && !seasonNow(code, ref) {
					y++
				}
			}
		}
		return fmtYear(y) + "-" + code, "DATE"
	case "duration":
		n := parseNum(g["num"])
		v := durValue(n, g["unit"])
		if v == "" {
			return "", ""
		}
		return v, "DURATION"
	case "fuzzy":
		switch g["pre"] {
		case "recent", "in recent":
			return "PAST_REF", "DATE"
		case "coming", "future":
			return "FUTURE_REF", "DATE"
		}
		return durValue("X", g["unit"]), "DURATION"
	case "ref":
		switch g["w"] {
		case "now", "currently", "current", "presently", "nowadays", "at present", "the present", "these days":
			return "PRESENT_REF", "DATE"
		case "recently", "recent", "lately", "previously", "formerly", "the past":
			return "PAST_REF", "DATE"
		default:
			return "FUTURE_REF", "DATE"
		}
	case "set":
		if a := g["adv"]; a != "" {
			return map[string]string{"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
				"hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q"}[a], "SET"
		}
		n := "1"
		switch g["n"] {
		case "other":
			n = "2"
		case "":
		default:
			n = parseNum(g["n"])
		}
		u := g["unit"]
		if _, ok := weekdayNum[strings.TrimSuffix(u, "s")]; ok {
			return "XXXX-WXX-" + strconv.Itoa(isoWeekday(weekdayNum[strings.TrimSuffix(u, "s")])), "SET"
		}
		if code, ok := podCode[strings.TrimSuffix(u, "s")]; ok {
			return "XXXX-XX-XXT" + code, "SET"
		}
		return durValue(n, u), "SET"
	case "clock":
		return d.clock(c)
	case "holiday":
		return d.holiday(c)
	case "anaphor":
		return d.anaphor(c)
	case "weekend":
		c.g["unit"], c.g["rel"] = "weekend", "the"
		return d.relUnit(c)
	case "anayear":
		return d.anaYear(c)
	case "relmonth":
		return d.relMonth(c)
	case "theyear":
		if g["ended"] != "" {
			return "P1Y", "DURATION"
		}
		if d.ref.IsZero() {
			return "XXXX", "DATE"
		}
		return fmtYear(ref.Year()), "DATE"
	case "yearref":
		if d.ref.IsZero() {
			return "XXXX", "DATE"
		}
		return fmtYear(ref.Year()), "DATE"
	case "spelled":
		y := 1900
		if strings.HasPrefix(g["sp"], "two") {
			y = 2000
		}
		y += smallNum[g["tens"]] + smallNum[g["ones"]] + smallNum[g["ones2"]]
		return fmtYear(y), "DATE"
	case "yearend":
		if d.ref.IsZero() {
			return "XXXX", "DATE"
		}
		y := ref.Year()
		if d.tense(c) < 0 && ref.Month() < 7 {
			y--
		}
		if g["ye"] == "year-end" {
			return fmtYear(y) + "-12-31", "DATE"
		}
		return fmtYear(y), "DATE"
	}
	return "", ""
}

func firstN(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// anaYear resolves "that year", "the following month"... against the last
// year or month the text named, else the DCT.
func (d *doc) anaYear(c *cand) (string, string) {
	an := c.g["an"]
	isMonth := strings.Contains(an, "month")
	if d.ref.IsZero() && d.lastYear == 0 {
		if isMonth {
			return "XXXX-XX", "DATE"
		}
		return "XXXX", "DATE"
	}
	off := 0
	switch {
	case strings.Contains(an, "following"):
		off = 1
	case strings.Contains(an, "previous"), strings.Contains(an, "before"):
		off = -1
	}
	if isMonth {
		base := d.lastMonth
		if base.IsZero() {
			r := dayOf(d.ref)
			base = time.Date(r.Year(), r.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		return fmtMonth(base.AddDate(0, off, 0)), "DATE"
	}
	y := d.lastYear
	if y == 0 {
		y = d.ref.Year()
	}
	return fmtYear(y + off), "DATE"
}

// relMonth resolves "this September", "last February", "June last year".
func (d *doc) relMonth(c *cand) (string, string) {
	m := parseMonth(c.g["month"])
	if d.ref.IsZero() {
		return fmt.Sprintf("XXXX-%02d", m), "DATE"
	}
	ref := dayOf(d.ref)
	y := ref.Year()
	switch c.g["rel2"] {
	case "last":
		return fmt.Sprintf("%04d-%02d", y-1, m), "DATE"
	case "next":
		return fmt.Sprintf("%04d-%02d", y+1, m), "DATE"
	case "this":
		return fmt.Sprintf("%04d-%02d", y, m), "DATE"
	}
	rm := int(ref.Month())
	switch c.g["rel"] {
	case "last", "this past":
		// "last February" written in March means a year ago: the month
		// just gone would be "last month".
		if m >= rm-1 {
			y--
		}
	case "next", "this coming":
		if m <= rm {
			y++
		}
	}
	return fmt.Sprintf("%04d-%02d", y, m), "DATE"
}

func typeFor(pod string) string {
	if pod != "" {
		return "TIME"
	}
	return "DATE"
}

func isoWeekday(w time.Weekday) int {
	if w == time.Sunday {
		return 7
	}
	return int(w)
}

func parseOrdinal(s string) int {
	switch s {
	case "first", "1st":
		return 1
	case "second", "2nd":
		return 2
	case "third", "3rd":
		return 3
	case "fourth", "4th":
		return 4
	case "eighteenth":
		return 18
	case "nineteenth":
		return 19
	case "twentieth":
		return 20
	case "twenty-first":
		return 21
	}
	if len(s) > 2 {
		n, err := strconv.Atoi(s[:len(s)-2])
		if err == nil {
			return n
		}
	}
	return 0
}

var seasonStart = map[string]int{"SP": 3, "SU": 6, "FA": 9, "WI": 12}

// seasonAfter reports whether the season starts after ref within ref's year.
func seasonAfter(code string, ref time.Time) bool {
	return seasonStart[code] > int(ref.Month())
}

func seasonNow(code string, ref time.Time) bool {
	m := int(ref.Month())
	s := seasonStart[code]
	return m >= s && m < s+3
}

// resolveWeekday anchors a weekday name to the DCT: the DCT itself when
// the weekday matches, else the closest past one, or the closest future
// one when the sentence speaks of the future or the modifier says "next".
func (d *doc) resolveWeekday(c *cand, wd time.Weekday, rel string) time.Time {
	ref := dayOf(d.ref)
	back := (int(ref.Weekday()) - int(wd) + 7) % 7 // days back to the past one
	fwd := (int(wd) - int(ref.Weekday()) + 7) % 7
	switch rel {
	case "last", "past", "previous", "this past":
		if back == 0 {
			back = 7
		}
		return ref.AddDate(0, 0, -back)
	case "next", "coming", "this coming":
		if fwd == 0 {
			fwd = 7
		}
		return ref.AddDate(0, 0, fwd)
	}
	if back == 0 {
		return ref
	}
	if d.tense(c) > 0 || d.deadline(c) || d.plannedBefore(c) {
		return ref.AddDate(0, 0, fwd)
	}
	return ref.AddDate(0, 0, -back)
}

func (d *doc) relUnit(c *cand) (string, string) {
	g := c.g
	rel := g["rel"]
	unit := g["unit"]
	known := !d.ref.IsZero()
	ref := dayOf(d.ref)
	// "the past year", "the last month": a stretch of time ending now.
	off := 0
	switch rel {
	case "last", "past", "previous", "the previous", "the last", "the past":
		off = -1
	case "next", "coming", "the next", "the coming":
		off = 1
	}
	if !known {
		switch unit {
		case "week":
			return "XXXX-WXX", "DATE"
		case "month":
			return "XXXX-XX", "DATE"
		case "weekend":
			return "XXXX-WXX-WE", "DATE"
		case "quarter":
			return "XXXX-QX", "DATE"
		case "decade":
			return "XXX", "DATE"
		case "century":
			return "XX", "DATE"
		}
		if code, ok := seasonCode[unit]; ok {
			return "XXXX-" + code, "DATE"
		}
		return "XXXX", "DATE"
	}
	switch unit {
	case "week":
		return fmtWeek(ref.AddDate(0, 0, 7*off)), "DATE"
	case "weekend":
		// The weekend of the week in question: the last one before the DCT
		// for "last", the coming one for "next", else by tense.
		sat := ref.AddDate(0, 0, (int(time.Saturday)-int(ref.Weekday())+7)%7)
		switch {
		case off < 0 || off == 0 && d.tense(c) < 0 && ref.Weekday() != time.Saturday && ref.Weekday() != time.Sunday:
			sat = ref.AddDate(0, 0, -((int(ref.Weekday())-int(time.Saturday)+7)%7 + 0))
			if ref.Weekday() == time.Saturday {
				sat = ref.AddDate(0, 0, -7)
			}
		case off > 0 && (ref.Weekday() == time.Saturday || ref.Weekday() == time.Sunday):
			sat = sat.AddDate(0, 0, 7)
		}
		return fmtWeek(sat) + "-WE", "DATE"
	case "month":
		t := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, off, 0)
		return fmtMonth(t), "DATE"
	case "year":
		return fmtYear(ref.Year() + off), "DATE"
	case "quarter":
		q := (int(ref.Month())-1)/3 + off
		y := ref.Year()
		for q < 0 {
			q += 4
			y--
		}
		for q > 3 {
			q -= 4
			y++
		}
		return fmt.Sprintf("%04d-Q%d", y, q+1), "DATE"
	case "decade":
		return fmt.Sprintf("%03d", ref.Year()/10+off), "DATE"
	case "century":
		return fmt.Sprintf("%02d", ref.Year()/100+off), "DATE"
	}
	if code, ok := seasonCode[unit]; ok {
		y := ref.Year()
		if off < 0 && (seasonAfter(code, ref) || seasonNow(code, ref)) {
			y--
		} else if off > 0 && !seasonAfter(code, ref) {
			y++
		}
		return fmtYear(y) + "-" + code, "DATE"
	}
	return "", ""
}

func (d *doc) ago(c *cand) (string, string) {
	g := c.g
	n := parseNum(g["num2"])
	unit := unitBase(g["unit"])
	dir := -1
	switch g["dir"] {
	case "later", "from now", "hence", "after":
		dir = 1
	}
	if g["dir"] == "before" || g["dir"] == "after" {
		// "two days after the vote" is anchored to an event, not the DCT.
		return durValue(n, g["unit"]), "DURATION"
	}
	if n == "X" {
		if dir < 0 {
			return "PAST_REF", "DATE"
		}
		return "FUTURE_REF", "DATE"
	}
	if d.ref.IsZero() {
		return "XXXX", "DATE"
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return "", ""
	}
	k := int(f + 0.5)
	ref := dayOf(d.ref)
	// In earnings reports "a year ago" is the same quarter a year before.
	if unit == "year" && k == 1 && d.lastQuarter != "" {
		if y, err := strconv.Atoi(d.lastQuarter[:4]); err == nil {
			return fmt.Sprintf("%04d%s", y-1, d.lastQuarter[4:]), "DATE"
		}
	}
	switch unit {
	case "second", "minute", "hour":
		return fmtDay(ref), "DATE"
	case "day":
		return fmtDay(ref.AddDate(0, 0, dir*k)), "DATE"
	case "week":
		return fmtWeek(ref.AddDate(0, 0, 7*dir*k)), "DATE"
	case "month":
		t := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, dir*k, 0)
		return fmtMonth(t), "DATE"
	case "quarter":
		t := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3*dir*k, 0)
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1), "DATE"
	case "year":
		return fmtYear(ref.Year() + dir*k), "DATE"
	case "decade":
		return fmt.Sprintf("%03d", (ref.Year()+10*dir*k)/10), "DATE"
	case "century":
		return fmt.Sprintf("%02d", (ref.Year()+100*dir*k)/100), "DATE"
	}
	return "", ""
}

func (d *doc) sentenceMentionsQuarter(c *cand) bool {
	s, e := d.sentenceSpan(c.start)
	t := d.lower[s:e]
	return strings.Contains(t, "quarter") || strings.Contains(t, "period")
}

func (d *doc) quarterRef(c *cand) (string, string) {
	g := c.g
	if d.ref.IsZero() {
		return "XXXX-QX", "DATE"
	}
	ref := dayOf(d.ref)
	cur := fmt.Sprintf("%04d-Q%d", ref.Year(), (int(ref.Month())-1)/3+1)
	prevT := ref.AddDate(0, -3, 0)
	prev := fmt.Sprintf("%04d-Q%d", prevT.Year(), (int(prevT.Month())-1)/3+1)
	base := d.lastQuarter
	if strings.Contains(d.lower[c.start:c.end], "a year") {
		g["q"] = "year-ago"
	}
	if yr := g["yr"]; yr != "" {
		q := "-Q" + strconv.Itoa((int(prevT.Month())-1)/3+1)
		if base != "" {
			q = base[4:]
		}
		switch yr {
		case "last year's":
			return fmtYear(ref.Year()-1) + q, "DATE"
		case "this year's":
			return fmtYear(ref.Year()) + q, "DATE"
		}
		return yr + q, "DATE"
	}
	switch g["q"] {
	case "latest", "most recent", "just-ended", "just-completed":
		return prev, "DATE"
	case "year-ago", "year-earlier", "year-before", "prior-year", "comparable":
		if base == "" {
			base = prev
		}
		y, _ := strconv.Atoi(base[:4])
		return fmt.Sprintf("%04d%s", y-1, base[4:]), "DATE"
	case "current":
		return cur, "DATE"
	case "this":
		if base != "" {
			return base, "DATE"
		}
		return cur, "DATE"
	case "previous":
		if base != "" {
			y, _ := strconv.Atoi(base[:4])
			q := int(base[len(base)-1] - '0')
			q--
			if q == 0 {
				q, y = 4, y-1
			}
			return fmt.Sprintf("%04d-Q%d", y, q), "DATE"
		}
		return prev, "DATE"
	}
	if base != "" {
		return base, "DATE"
	}
	if g["q"] != "" || d.tense(c) < 0 {
		return prev, "DATE"
	}
	if g["q"] == "" {
		return cur, "DATE"
	}
	return prev, "DATE"
}

func (d *doc) clock(c *cand) (string, string) {
	g := c.g
	var h, mi int
	if n := g["noon"]; n != "" {
		switch n {
		case "midnight":
			h = 24
		default:
			h = 12
		}
	} else {
		h, _ = strconv.Atoi(g["h"])
		mi, _ = strconv.Atoi(g["mi"])
		ap := g["ap"]
		if strings.HasPrefix(ap, "p") && h < 12 {
			h += 12
		}
		if strings.HasPrefix(ap, "a") && h == 12 {
			h = 0
		}
		if ap != "" && (h > 24 || g["h"] == "0") {
			return "", ""
		}
	}
	day := "XXXX-XX-XX"
	if !d.ref.IsZero() {
		t := dayOf(d.ref)
		if wd := g["wd"]; wd != "" {
			t = d.resolveWeekday(c, weekdayNum[wd], "")
		}
		if m := parseMonth(g["month"]); m != 0 {
			dd, _ := strconv.Atoi(g["day"])
			if dd >= 1 && dd <= 31 {
				t = time.Date(d.pickYear(c, m, dd), time.Month(m), dd, 0, 0, 0, 0, time.UTC)
			}
		}
		day = fmtDay(t)
	}
	return fmt.Sprintf("%sT%02d:%02d", day, h, mi), "TIME"
}

func (d *doc) holiday(c *cand) (string, string) {
	g := c.g
	var m, day int
	switch g["hol"] {
	case "christmas", "christmas day":
		m, day = 12, 25
	case "christmas eve":
		m, day = 12, 24
	case "new year's day":
		m, day = 1, 1
	case "new year's eve":
		m, day = 12, 31
	case "independence day":
		m, day = 7, 4
	case "bastille day":
		m, day = 7, 14
	case "valentine's day":
		m, day = 2, 14
	case "halloween":
		m, day = 10, 31
	case "thanksgiving", "thanksgiving day":
		m = 11
	}
	y := "XXXX"
	if g["year"] != "" {
		y = g["year"]
	} else if !d.ref.IsZero() {
		dd := day
		if dd == 0 {
			dd = 25
		}
		y = fmtYear(d.pickYear(c, m, dd))
	}
	if day == 0 {
		// Thanksgiving: the fourth Thursday of November.
		yy, err := strconv.Atoi(y)
		if err != nil {
			return y + "-11", "DATE"
		}
		t := time.Date(yy, 11, 1, 0, 0, 0, 0, time.UTC)
		off := (int(time.Thursday) - int(t.Weekday()) + 7) % 7
		return fmtDay(t.AddDate(0, 0, off+21)), "DATE"
	}
	return fmt.Sprintf("%s-%02d-%02d", y, m, day), "DATE"
}

func (d *doc) anaphor(c *cand) (string, string) {
	if d.ref.IsZero() {
		return "XXXX-XX-XX", "DATE"
	}
	base := dayOf(d.ref)
	if !d.lastDay.IsZero() {
		base = d.lastDay
	}
	switch c.g["an"] {
	case "the next day", "the following day", "the next morning", "the following morning":
		return fmtDay(base.AddDate(0, 0, 1)), "DATE"
	case "the previous day":
		return fmtDay(base.AddDate(0, 0, -1)), "DATE"
	case "that night":
		return fmtDay(base) + "TNI", "TIME"
	case "that morning":
		return fmtDay(base) + "TMO", "TIME"
	case "that evening":
		return fmtDay(base) + "TEV", "TIME"
	}
	return fmtDay(base), "DATE"
}
