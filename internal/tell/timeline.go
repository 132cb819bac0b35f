package tell

import (
	"sort"

	"github.com/storyline-news/storyline/internal/model"
)

// DatedTimeline builds a timeline of a long-running affair from many dated
// documents: the days with most documents (at most dates of them) each get
// a summary of that day's documents within opts.Words words, cited like
// Summarize's. Documents without a publication time are ignored. Entries
// are in date order.
func DatedTimeline(docs []Doc, dates int, opts Options) []model.TimelineEntry {
	byDay := map[string][]Doc{}
	for _, d := range docs {
		if d.Published.IsZero() {
			continue
		}
		k := d.Published.UTC().Format("2006-01-02")
		byDay[k] = append(byDay[k], d)
	}
	days := make([]string, 0, len(byDay))
	for k := range byDay {
		days = append(days, k)
	}
	sort.Slice(days, func(i, j int) bool {
		if len(byDay[days[i]]) != len(byDay[days[j]]) {
			return len(byDay[days[i]]) > len(byDay[days[j]])
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
		sum := Summarize(byDay[day], o)
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
