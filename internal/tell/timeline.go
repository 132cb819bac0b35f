package tell

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/storyline-news/storyline/internal/model"
)

// DatedTimeline builds a timeline of a long-running affair from many dated
// documents, in the manner of "date-wise" timeline summarization
// (Gholipour Ghalandari and Ifrim, ACL 2020): first pick the days, then
// summarize each day.
//
// A day's weight is the number of sentences that name it (a date such as
// "15 de enero", "le 3 mars 2011", "March 12", "yesterday" or "on
// Monday", read against the document's publication day) plus the number
// of documents published on it. The heaviest days (at most dates of them)
// each get a summary within opts.Words words of the sentences that name
// the day, or, when too few do, of the sentences published that day or
// the day after that name no day; cited like Summarize's. Documents
// without a publication time are ignored. Entries are in date order.
func DatedTimeline(docs []Doc, dates int, opts Options) []model.TimelineEntry {
	lang := opts.Language
	if lang == "" {
		lang = "en"
	}
	type sent struct {
		doc  int
		text string
	}
	named := map[string][]sent{}   // day → sentences naming it
	undated := map[string][]sent{} // publication day → sentences naming no day
	weight := map[string]float64{} // day → mentions + publications
	var first, last time.Time
	for di, d := range docs {
		if d.Published.IsZero() {
			continue
		}
		pub := d.Published.UTC()
		if first.IsZero() || pub.Before(first) {
			first = pub
		}
		if pub.After(last) {
			last = pub
		}
		pubDay := pub.Format("2006-01-02")
		weight[pubDay]++
		for _, s := range d.Sentences {
			days := DateMentions(s, lang, pub)
			if len(days) == 0 {
				undated[pubDay] = append(undated[pubDay], sent{di, s})
				continue
			}
			seen := map[string]bool{}
			for _, t := range days {
				k := t.Format("2006-01-02")
				if seen[k] {
					continue
				}
				seen[k] = true
				named[k] = append(named[k], sent{di, s})
				weight[k]++
			}
		}
	}
	if first.IsZero() {
		return nil
	}
	// Days far outside the collection are background ("the 1969 coup"),
	// not events of this affair.
	lo := first.AddDate(0, 0, -31).Format("2006-01-02")
	hi := last.AddDate(0, 0, 1).Format("2006-01-02")
	days := make([]string, 0, len(weight))
	for k := range weight {
		if k >= lo && k <= hi {
			days = append(days, k)
		}
	}
	sort.Slice(days, func(i, j int) bool {
		if weight[days[i]] != weight[days[j]] {
			return weight[days[i]] > weight[days[j]]
		}
		return days[i] < days[j]
	})
	if dates > 0 && len(days) > dates {
		days = days[:dates]
	}
	sort.Strings(days)
	o := opts
	o.Overflow = false
	var out []model.TimelineEntry
	for _, day := range days {
		cands := named[day]
		if len(cands) < 2 {
			// Reports of a day often name no date: those published that
			// day and the next.
			cands = append(cands, undated[day]...)
			if t, err := time.Parse("2006-01-02", day); err == nil {
				cands = append(cands, undated[t.AddDate(0, 0, 1).Format("2006-01-02")]...)
			}
		}
		byDoc := map[int]*Doc{}
		var order []int
		for _, c := range cands {
			d, ok := byDoc[c.doc]
			if !ok {
				src := docs[c.doc]
				d = &Doc{ID: src.ID, Title: src.Title, Published: src.Published}
				byDoc[c.doc] = d
				order = append(order, c.doc)
			}
			if len(d.Sentences) == 0 || d.Sentences[len(d.Sentences)-1] != c.text {
				d.Sentences = append(d.Sentences, c.text)
			}
		}
		sort.Ints(order)
		pool := make([]Doc, 0, len(order))
		for _, i := range order {
			pool = append(pool, *byDoc[i])
		}
		sum := Summarize(pool, o)
		if len(sum) == 0 {
			continue
		}
		e := model.TimelineEntry{Date: day}
		for i, s := range sum {
			if i > 0 {
				e.Text += " "
			}
			e.Text += s.Text
			for _, id := range s.Articles {
				if !containsStr(e.Articles, id) {
					e.Articles = append(e.Articles, id)
				}
			}
		}
		out = append(out, e)
	}
	return out
}

// Month and weekday names of the languages DateMentions reads, lower
// case, with and without accents where writers drop them.
var (
	mentionMonths = map[string]time.Month{}
	mentionDays   = map[string]time.Weekday{}
	// mentionRelative maps words for "yesterday", "today" and "tomorrow"
	// to their offset in days from publication.
	mentionRelative = map[string]int{
		"yesterday": -1, "today": 0, "tomorrow": 1,
		"ayer": -1, "hoy": 0, "mañana": 1, "manana": 1,
		"hier": -1, "aujourd'hui": 0, "demain": 1,
		"ieri": -1, "oggi": 0, "domani": 1,
		"gestern": -1, "heute": 0, "morgen": 1,
		"ontem": -1, "hoje": 0, "amanhã": 1,
	}
)

func init() {
	months := []string{
		"january february march april may june july august september october november december",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
		"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
		"januar februar märz april mai juni juli august september oktober november dezember",
		"janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
		"jan feb mar apr may jun jul aug sep oct nov dec",
		"- - - - - - - - setiembre - - -",
		"- fevrier - - - - - aout - - - decembre",
		"- - marz - - - - - - - - -",
		"- - marco - - - - - - - - -",
		"- - - - - - - - sept - - -",
	}
	for _, line := range months {
		for i, m := range strings.Fields(line) {
			if m != "-" {
				mentionMonths[m] = time.Month(i + 1)
			}
		}
	}
	weekdays := []string{
		"sunday monday tuesday wednesday thursday friday saturday",
		"domingo lunes martes miércoles jueves viernes sábado",
		"dimanche lundi mardi mercredi jeudi vendredi samedi",
		"domenica lunedì martedì mercoledì giovedì venerdì sabato",
		"sonntag montag dienstag mittwoch donnerstag freitag samstag",
		"- - - miercoles - - sabado",
		"- lunedi martedi mercoledi - venerdi -",
	}
	for _, line := range weekdays {
		for i, d := range strings.Fields(line) {
			if d != "-" {
				mentionDays[d] = time.Weekday(i)
			}
		}
	}
}

// DateMentions returns the calendar days text names, resolved against
// pub, the publication time of the article it comes from: full and
// partial dates with a month name ("15 de enero de 2011", "le 1er mars",
// "March 12, 2011", "12 marzo"), numeric dates (2011-03-12, 12/03/2011,
// 12.03.2011, day first), "yesterday", "today", "tomorrow" and weekday
// names (the last such day up to the publication day) in English,
// Spanish, French, Italian, German and Portuguese. A date without a year
// takes the publication year, or the year before when that would put it
// more than two months after publication. lang is a hint only: the
// name tables of every language are used, as news quotes foreign dates.
func DateMentions(text string, lang string, pub time.Time) []time.Time {
	_ = lang
	words := mentionWords(text)
	var out []time.Time
	pubDay := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	add := func(t time.Time) { out = append(out, t) }
	for i := 0; i < len(words); i++ {
		w := words[i]
		if t, ok := mentionNumeric(w); ok {
			add(t)
			continue
		}
		if off, ok := mentionRelative[w]; ok {
			add(pubDay.AddDate(0, 0, off))
			continue
		}
		if day, ok := mentionDayNumber(w); ok {
			// 15 [de] enero [[de] 2011]
			j := i + 1
			if j < len(words) && words[j] == "de" {
				j++
			}
			if j < len(words) {
				if m, ok := mentionMonths[words[j]]; ok {
					year, k := mentionYear(words, j+1)
					if t, ok := mentionResolve(day, m, year, pubDay); ok {
						add(t)
					}
					i = k - 1
					continue
				}
			}
			continue
		}
		if m, ok := mentionMonths[w]; ok && len(w) > 3 {
			// March 12[,] [2011]; not "may 12", where "may" is a verb.
			if i+1 < len(words) {
				if day, ok := mentionDayNumber(words[i+1]); ok {
					year, k := mentionYear(words, i+2)
					if t, ok := mentionResolve(day, m, year, pubDay); ok {
						add(t)
					}
					i = k - 1
				}
			}
			continue
		}
		if wd, ok := mentionDays[w]; ok {
			back := (int(pubDay.Weekday()) - int(wd) + 7) % 7
			add(pubDay.AddDate(0, 0, -back))
		}
	}
	return out
}

// mentionWords splits lower-cased text into words of letters, digits and
// the marks dates are written with (/ . - '), trimming trailing dots and
// commas.
func mentionWords(text string) []string {
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '.' && r != '-' && r != '\'' && r != '’' && r != 'º' && r != '°'
	})
	out := f[:0]
	for _, w := range f {
		w = strings.ReplaceAll(w, "’", "'")
		w = strings.TrimRight(w, ".-'")
		w = strings.TrimLeft(w, "'-")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// mentionDayNumber reads a day of the month: "15", "1er", "1º", "1.".
func mentionDayNumber(w string) (int, bool) {
	w = strings.TrimSuffix(w, "er")
	w = strings.TrimSuffix(w, "º")
	w = strings.TrimSuffix(w, "°")
	w = strings.TrimSuffix(w, "st")
	w = strings.TrimSuffix(w, "nd")
	w = strings.TrimSuffix(w, "rd")
	w = strings.TrimSuffix(w, "th")
	if len(w) == 0 || len(w) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

// mentionYear reads an optional "[de|del] 2011" at words[i]; it returns
// the year (0 when absent) and the index after what it read.
func mentionYear(words []string, i int) (int, int) {
	j := i
	if j < len(words) && (words[j] == "de" || words[j] == "del") {
		j++
	}
	if j < len(words) && len(words[j]) == 4 {
		if y, err := strconv.Atoi(words[j]); err == nil && y >= 1900 && y <= 2100 {
			return y, j + 1
		}
	}
	return 0, i
}

// mentionResolve makes a day of day, month and year (0: the publication
// year, or the one before when the date would fall more than two months
// after publication).
func mentionResolve(day int, m time.Month, year int, pub time.Time) (time.Time, bool) {
	y := year
	if y == 0 {
		y = pub.Year()
	}
	t := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{}, false // 31 June
	}
	if year == 0 && t.After(pub.AddDate(0, 2, 0)) {
		t = t.AddDate(-1, 0, 0)
	}
	return t, true
}

// mentionNumeric reads 2011-03-12, 12/03/2011 and 12.03.2011 (day first).
func mentionNumeric(w string) (time.Time, bool) {
	var parts []string
	var ymd bool
	switch {
	case strings.Count(w, "-") == 2:
		parts, ymd = strings.Split(w, "-"), true
	case strings.Count(w, "/") == 2:
		parts = strings.Split(w, "/")
	case strings.Count(w, ".") == 2:
		parts = strings.Split(w, ".")
	default:
		return time.Time{}, false
	}
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return time.Time{}, false
		}
		n[i] = v
	}
	y, m, d := n[2], n[1], n[0]
	if ymd {
		if len(parts[0]) != 4 {
			return time.Time{}, false
		}
		y, m, d = n[0], n[1], n[2]
	} else if len(parts[2]) != 4 {
		return time.Time{}, false
	}
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
