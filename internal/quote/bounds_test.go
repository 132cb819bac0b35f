package quote_test

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/quote"
)

// TestQuoteBounds checks where quotes start and end: a quote closed on a
// comma ends at its mark before a participle, an attribution set in the
// middle of a sentence leaves the subject and the predicate as content,
// "tweeted to say" is the cue, and a quotation the content opened is
// closed in Text.
func TestQuoteBounds(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		cue      string
		text0    string // the first quote's exact text
		speaker0 string
	}{
		{"participle after a closed quote",
			`Spokeswoman Anna Berg said “The plan did not work,” expressing regret that the talks had failed.`,
			"said", "The plan did not work", "Spokeswoman Anna Berg"},
		{"non-speech participle after a closed quote",
			`Mayor Tom Hill said the city had to “finish what we began last year,” referring to a bridge built in 2019.`,
			"said", "the city had to “finish what we began last year”", "Mayor Tom Hill"},
		{"writer's adjunct after a closed quote",
			`Anna Berg said that “the port is the region's main smuggling hub,” without saying who runs it.`,
			"said", "the port is the region's main smuggling hub", "Anna Berg"},
		{"attribution in mid-sentence",
			`The new budget for next year, stated Tom Hill, confirms that the economy is growing.`,
			"stated", "The new budget for next year confirms that the economy is growing", "Tom Hill"},
		{"infinitive of a speech verb in the cue",
			`Anna Berg later tweeted to say the meeting was “useful”.`,
			"tweeted to say", "the meeting was “useful”", "Anna Berg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quote.Extract(tt.text, nil)
			if len(got) == 0 {
				t.Fatalf("no quote in %q", tt.text)
			}
			g := got[0]
			if g.Text != tt.text0 {
				t.Errorf("text %q, want %q", g.Text, tt.text0)
			}
			if !strings.HasSuffix(g.Cue, tt.cue) {
				t.Errorf("cue %q, want %q", g.Cue, tt.cue)
			}
			if g.Speaker != tt.speaker0 {
				t.Errorf("speaker %q, want %q", g.Speaker, tt.speaker0)
			}
		})
	}
}

// TestBareTitleSpeaker checks that a source that is only a title, which a
// recognizer may have typed as an organization, is the person who holds
// the title in the article ("US Secretary of State, Jane Doe" ... "The
// Undersecretary of State stated ...").
func TestBareTitleSpeaker(t *testing.T) {
	text := "Moscow, Jan 5 (Agency) US Secretary of State, Jane Doe held talks in Moscow.\n\n" +
		"Doe, in turn, welcomed the opportunity to meet.\n\n" +
		"The Undersecretary of State stated his belief that progress would be measured by the issue of trade."
	mention := func(s string, typ model.EntityType, key string) model.Mention {
		i := strings.LastIndex(text, s)
		return model.Mention{Span: model.Span{Start: i, End: i + len(s)}, Text: s, Type: typ, Entity: key}
	}
	ms := []model.Mention{
		mention("Jane Doe", model.Person, "person:jane-doe"),
		mention("Doe", model.Person, "person:jane-doe"),
		mention("Undersecretary of State", model.Organization, "organization:undersecretary-of-state"),
	}
	var found bool
	for _, q := range quote.Extract(text, ms) {
		if strings.HasPrefix(q.Text, "progress would be measured") {
			found = true
			if q.Entity != "person:jane-doe" {
				t.Errorf("speaker %q resolved to %q (%q), want person:jane-doe", q.Speaker, q.Entity, q.SpeakerName)
			}
		}
	}
	if !found {
		t.Fatal("quote not found")
	}
}
