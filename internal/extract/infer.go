package extract

import (
	"regexp"
	"sort"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// futureRe marks sentences about what is yet to happen: their dates say
// nothing about when the article was written.
var futureRe = regexp.MustCompile(`(?i)\b(?:will|shall|would|is to|are to|to be held|scheduled|planned|plans to|expected to|next|upcoming|going to)\b`)

// ReferenceTime is the median publication time of the dated articles of a
// batch, or fallback when none is dated. Dates printed without a year are
// placed in the year nearest to it: a batch of articles is about one
// period, and the file's own time on disk says nothing about when it was
// written.
func ReferenceTime(articles []*model.Article, fallback time.Time) time.Time {
	var ts []time.Time
	for _, a := range articles {
		if a.Published != nil && a.Published.Source != model.DateInferred {
			ts = append(ts, a.Published.Time)
		}
	}
	if len(ts) == 0 {
		return fallback
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	return ts[len(ts)/2]
}

// InferDate dates an undated article against a reference time: first from
// a dateline without a year ("MOSCOW, July 14."), then from the latest
// calendar date its text reports as past. With a zero reference (nothing
// else in the batch is dated) only dates that print their year count:
// placing "July 14" in a year would be a guess. It reports whether it set
// a.Published.
func InferDate(a *model.Article, ref time.Time) bool {
	if a.Published != nil {
		return false
	}
	limit := ref.AddDate(0, 0, 45)
	if ref.IsZero() {
		limit = time.Now().AddDate(0, 0, 1)
	} else {
		if d, ok := findDateline(a.Paragraphs); ok && d.Month != 0 {
			if t, ok := (partialDate{Year: d.Year, Month: d.Month, Day: d.Day}).resolve(ref); ok {
				a.Published = &model.Published{Time: t, Precision: model.PrecisionDay, Source: model.DateDateline}
				return true
			}
		}
	}
	var latest time.Time
	for _, s := range nlp.Sentences(a.Text) {
		sent := a.Text[s[0]:s[1]]
		if futureRe.MatchString(sent) {
			continue
		}
		for _, p := range findDates(sent) {
			if ref.IsZero() && p.Year == 0 {
				continue
			}
			t, ok := p.resolve(ref)
			if !ok || t.After(limit) {
				continue
			}
			if t.After(latest) {
				latest = t
			}
		}
	}
	if latest.IsZero() {
		return false
	}
	a.Published = &model.Published{Time: dayOf(latest), Precision: model.PrecisionDay, Source: model.DateInferred}
	return true
}

// InferDateFromStory dates an article that is still undated from the
// other articles of its story: the weekdays it anchors past events to ("on
// Thursday", "Friday night") are placed in the week around the story's
// dated articles, and the latest of them is the earliest day the article
// can have been written. It reports whether it set a.Published.
func InferDateFromStory(a *model.Article, story []*model.Article) bool {
	if a.Published != nil {
		return false
	}
	var dated []*model.Article
	for _, b := range story {
		if b != a && b.Published != nil {
			dated = append(dated, b)
		}
	}
	if len(dated) == 0 {
		return false
	}
	anchor := dayOf(ReferenceTime(dated, time.Time{}))
	if anchor.IsZero() {
		return false
	}
	if InferDate(a, anchor) {
		return true
	}
	var latest time.Time
	for _, s := range nlp.Sentences(a.Text) {
		sent := a.Text[s[0]:s[1]]
		if futureRe.MatchString(sent) {
			continue
		}
		for _, w := range weekdayMentions(sent) {
			// The day with that weekday nearest the anchor: at most three
			// days away.
			diff := int(w - anchor.Weekday())
			if diff > 3 {
				diff -= 7
			} else if diff < -3 {
				diff += 7
			}
			t := anchor.AddDate(0, 0, diff)
			if t.After(latest) {
				latest = t
			}
		}
	}
	if latest.IsZero() {
		return false
	}
	a.Published = &model.Published{Time: latest, Precision: model.PrecisionDay, Source: model.DateInferred}
	return true
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
