package pipeline

import (
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
	"github.com/storyline-news/storyline/internal/quote"
	"github.com/storyline-news/storyline/internal/timex"
)

// Analyze adds what understanding an article needs: sentences with their
// paragraphs, entity mentions linked within the article, quotes with
// speakers, and time expressions resolved against the publication date.
// Only English has an entity model; other languages get sentences and time
// expressions only.
func Analyze(a *model.Article) error {
	a.Sentences = sentences(a)
	a.Mentions, a.Entities, a.Quotes = nil, nil, nil
	if a.Language == "en" || a.Language == "und" || a.Language == "" {
		ms, err := entity.Recognize(a.Text)
		if err != nil {
			return fmt.Errorf("analyze: %s: %w", a.ID, err)
		}
		a.Mentions = ms
		entity.LinkArticle(a)
		a.Quotes = quote.Extract(a.Text, a.Mentions)
	}
	Retime(a)
	return nil
}

// Retime (re)computes the article's time expressions against its
// publication date; called again when the date is inferred later.
func Retime(a *model.Article) {
	var ref time.Time
	if a.Published != nil {
		ref = a.Published.Time
	}
	if refs, ok := reusedTimeRefs(a, ref); ok {
		a.TimeRefs = refs
		return
	}
	a.TimeRefs = timex.Tag(a.Text, ref)
}

// sentences splits each paragraph and records spans into a.Text.
func sentences(a *model.Article) []model.Sentence {
	var out []model.Sentence
	off := 0
	for pi, p := range a.Paragraphs {
		// Paragraphs are joined by "\n\n" in Text; find this one's start
		// rather than trusting arithmetic if a caller changed Text.
		if i := strings.Index(a.Text[off:], p); i >= 0 {
			off += i
		}
		for _, s := range nlp.Sentences(p) {
			out = append(out, model.Sentence{
				Span:      model.Span{Start: off + s[0], End: off + s[1]},
				Text:      p[s[0]:s[1]],
				Paragraph: pi,
			})
		}
		off += len(p)
	}
	return out
}
