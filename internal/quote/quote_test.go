package quote_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/quote"
)

// want describes one expected quote: its text starts with Starts.
type want struct {
	Speaker     string // as written
	SpeakerName string // resolved canonical name ("" = not checked, "-" = none)
	Cue         string
	Starts      string
	Direct      bool
}

func TestExtractShapes(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []want
	}{
		{"curly after", `Lavrov met Kerry on Friday. “Our work is getting an even greater urgency,” Lavrov said after a meeting with Kerry.`,
			[]want{{"Lavrov", "", "said", "Our work is getting", true}}},
		{"straight before", `Presidential spokesman Dmitry Peskov said "the talks were useful and frank."`,
			[]want{{"Presidential spokesman Dmitry Peskov", "Dmitry Peskov", "said", "the talks were useful", true}}},
		{"guillemets", `Le porte-parole Dmitri Peskov a parlé. «Nous avons discuté de tout», said Peskov.`,
			[]want{{"Peskov", "Dmitri Peskov", "said", "Nous avons discuté", true}}},
		{"inverted cue", `“The soldier died heroically,” said Defense Minister Sergei Shoigu.`,
			[]want{{"Defense Minister Sergei Shoigu", "Sergei Shoigu", "said", "The soldier died heroically", true}}},
		{"spanning sentences", `“We obviously have ideas. We will work on them. Then we will see,” Kerry said.`,
			[]want{{"Kerry", "", "said", "We obviously have ideas. We will work on them. Then we will see", true}}},
		{"split by attribution", `“We discussed various formats,” he said, “but military cooperation did not come up.”`,
			[]want{{"he", "", "said", "We discussed various formats but military cooperation", true}}},
		{"split across sentences", `Kerry spoke first. “I am not shy,” Kerry said. “I have never been reluctant to talk.”`,
			[]want{{"Kerry", "", "said", "I am not shy I have never been reluctant", true}}},
		{"said that", `Peskov said that Russia supports continuation of negotiations on the Syrian settlement.`,
			[]want{{"Peskov", "", "said", "Russia supports continuation", false}}},
		{"according to leading", `According to Kirby, the conversation was about the fight against militants.`,
			[]want{{"Kirby", "", "According to", "the conversation was about", false}}},
		{"according to trailing", `The conversation was about the fight against militants, according to State Department spokesman John Kirby.`,
			[]want{{"State Department spokesman John Kirby", "John Kirby", "according to", "The conversation was about", false}}},
		{"stressed the need", `Russian Foreign Minister Sergey Lavrov stressed the need for continuing the intra-Syrian dialogue in Geneva.`,
			[]want{{"Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov", "stressed", "the need for continuing", false}}},
		{"pointed out", `Dmitry Peskov pointed out that the ministers will clarify the results later today.`,
			[]want{{"Dmitry Peskov", "Dmitry Peskov", "pointed out", "the ministers will clarify", false}}},
		{"told addressee", `“We understand what we have managed to achieve,” Vladimir Putin told Kerry.`,
			[]want{{"Vladimir Putin", "Vladimir Putin", "told", "We understand what", true}}},
		{"pronoun to previous speaker", "Kremlin spokesman Dmitry Peskov said the talks were long.\n\n“We discussed various formats of interaction”, — he said (quoted by TASS).",
			[]want{{"Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "said", "the talks were long", false}, {"he", "Dmitry Peskov", "said", "We discussed various formats", true}}},
		{"title to named person", "Kremlin spokesman Dmitry Peskov spoke to reporters. Secretary of State John Kerry arrived on Thursday.\n\n\"We know that they will be having substantial talks,\" the Kremlin spokesman said.",
			[]want{{"the Kremlin spokesman", "Dmitry Peskov", "said", "We know that they will", true}}},
		{"representative of", "Russian President Vladimir Putin met Kerry. Presidential spokesman Dmitry Peskov spoke afterwards.\n\n“Assad's fate has not changed,” — said the representative of the Kremlin.",
			[]want{{"the representative of the Kremlin", "Dmitry Peskov", "said", "Assad's fate", true}}},
		{"press secretary is not the secretary of state", "Secretary of State John Kerry met the president. Russian leader's press-secretary Dmitry Peskov spoke later.\n\n“It was constructive,” said the press secretary.",
			[]want{{"the press secretary", "Dmitry Peskov", "said", "It was constructive", true}}},
		{"participle takes the subject", "Vladimir Putin met John Kerry on Thursday. He went on addressing Kerry saying “I hope you will advise him of the progress.”",
			[]want{{"He", "Vladimir Putin", "saying", "I hope you will advise", true}}},
		{"introductory phrase", "John Kerry arrived. For his part, Kerry condemned the attack and said that Syria is the main hotbed of terrorism.",
			[]want{{"Kerry", "John Kerry", "condemned", "the attack", false}, {"Kerry", "John Kerry", "said", "Syria is the main hotbed", false}}},
		{"participle continuation", `Peskov described the talks as fruitful, adding that issues related to Syria have not been settled yet.`,
			[]want{{"Peskov", "", "described", "the talks as fruitful", false}, {"Peskov", "", "adding", "issues related to Syria", false}}},
		{"colon then quote paragraph", "Cruz continued:\n\n“You look at the questions, and none of them is about the issues.”",
			[]want{{"Cruz", "", "continued", "You look at the questions", true}}},
		{"dateline is not content", "Moscow, Jul 15 (Prensa Latina) Vladimir Putin and John Kerry held talks behind closed doors, according to media reports.",
			[]want{{"media reports", "", "according to", "Vladimir Putin and John Kerry held talks", false}}},
		{"two speakers are not one", "Vladimir Putin met John Kerry. Putin and Kerry said that the talks were useful.",
			[]want{{"Putin and Kerry", "-", "said", "the talks were useful", false}}},
		{"no attribution", `The talks lasted more than three hours and ended late in the evening.`, nil},
		{"scare quotes and a passive are not quotes", `The so-called "moderate" groups were discussed at length by the two sides.`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quote.Extract(tt.text, nil)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d quotes, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Speaker != w.Speaker {
					t.Errorf("quote %d: speaker %q, want %q", i, g.Speaker, w.Speaker)
				}
				if w.SpeakerName == "-" && g.SpeakerName != "" {
					t.Errorf("quote %d: speaker name %q, want none", i, g.SpeakerName)
				}
				if w.SpeakerName != "" && w.SpeakerName != "-" && g.SpeakerName != w.SpeakerName {
					t.Errorf("quote %d: speaker name %q, want %q", i, g.SpeakerName, w.SpeakerName)
				}
				if g.Cue != w.Cue {
					t.Errorf("quote %d: cue %q, want %q", i, g.Cue, w.Cue)
				}
				if !strings.HasPrefix(squash(g.Text), squash(w.Starts)) {
					t.Errorf("quote %d: text %q, want it to start with %q", i, g.Text, w.Starts)
				}
				if g.Direct != w.Direct {
					t.Errorf("quote %d: direct %v, want %v", i, g.Direct, w.Direct)
				}
				if g.Span.Start < 0 || g.Span.End > len(tt.text) || g.Span.Start > g.Span.End {
					t.Errorf("quote %d: span %+v out of text", i, g.Span)
				}
			}
		})
	}
}

// squash keeps letters and digits only, so punctuation between the pieces
// of a split quote does not matter.
func squash(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestExtractUsesMentions(t *testing.T) {
	text := `“The talks were useful,” the spokesman said. Earlier, Kremlin spokesman Dmitry Peskov arrived.`
	i := strings.Index(text, "Dmitry Peskov")
	ms := []model.Mention{{Span: model.Span{Start: i, End: i + len("Dmitry Peskov")}, Text: "Dmitry Peskov", Type: model.Person, Entity: "Q-peskov"}}
	got := quote.Extract(text, ms)
	if len(got) != 1 {
		t.Fatalf("got %d quotes, want 1: %+v", len(got), got)
	}
	if got[0].Entity != "Q-peskov" || got[0].SpeakerName != "Dmitry Peskov" {
		t.Errorf("speaker resolved to %q (%q), want Q-peskov (Dmitry Peskov)", got[0].Entity, got[0].SpeakerName)
	}
}

// checkSpans checks spans lie in text on rune boundaries, as ranging over
// the string decodes it (invalid bytes count as one rune each).
func TestExtractUnlinkedMentions(t *testing.T) {
	text := `Russian President Vladimir Putin met Kerry. “We understand each other,” Putin said.`
	var ms []model.Mention
	for _, n := range []string{"Vladimir Putin", "Kerry", "Putin"} {
		i := strings.LastIndex(text, n)
		if n == "Vladimir Putin" {
			i = strings.Index(text, n)
		}
		ms = append(ms, model.Mention{Span: model.Span{Start: i, End: i + len(n)}, Text: n, Type: model.Person})
	}
	got := quote.Extract(text, ms)
	if len(got) != 1 || got[0].SpeakerName != "Vladimir Putin" {
		t.Fatalf("got %+v, want one quote by Vladimir Putin", got)
	}
}

func TestAttributeBeyondSpeech(t *testing.T) {
	tests := []struct {
		text     string
		cue      string
		isSpeech bool
	}{
		{"Cruz seemed lost after the debate in Iowa.", "seemed", false},
		{"Trump believes that the polls are rigged against him.", "believes", false},
		{"Sanders wants to break up the biggest banks.", "wants", false},
		{"Clinton leads Sanders by nine points in the latest CNN poll.", "in", false},
		{"Ryan endorsed Trump in June after weeks of hesitation.", "endorsed", false},
		{"Clinton said that the polls are tightening.", "said", true},
	}
	for _, tt := range tests {
		t.Run(tt.cue, func(t *testing.T) {
			atts := quote.Attribute(tt.text, nil)
			if len(atts) != 1 {
				t.Fatalf("got %d attributions, want 1: %+v", len(atts), atts)
			}
			a := atts[0]
			if got := tt.text[a.Cue.Start:a.Cue.End]; got != tt.cue {
				t.Errorf("cue %q, want %q", got, tt.cue)
			}
			if a.IsSpeech() != tt.isSpeech {
				t.Errorf("IsSpeech() = %v, want %v", a.IsSpeech(), tt.isSpeech)
			}
			if n := len(quote.Extract(tt.text, nil)); n != map[bool]int{true: 1, false: 0}[tt.isSpeech] {
				t.Errorf("Extract returned %d quotes", n)
			}
		})
	}
}

func checkSpans(t *testing.T, text string, spans ...model.Span) {
	t.Helper()
	boundary := map[int]bool{len(text): true}
	for i := range text {
		boundary[i] = true
	}
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			t.Fatalf("span %+v outside text of %d bytes", s, len(text))
		}
		for _, o := range []int{s.Start, s.End} {
			if !boundary[o] {
				t.Fatalf("span %+v: offset %d not on a rune boundary of %q", s, o, text)
			}
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`“A,” he said, “B.”`,
		`"Yes," said Peskov. "No."`,
		`According to him, , ,`,
		`«Oui», dit-il. »Ja«`,
		"He said:\n\n“",
		`Peskov, the Kremlin spokesman, said that „Wir“ – adding “x`,
		"\"\"\"“”“”«»",
		"said said said, said \xff\xfe that",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, a := range quote.Attribute(text, nil) {
			checkSpans(t, text, append([]model.Span{a.Source, a.Cue}, a.Content...)...)
		}
		for _, q := range quote.Extract(text, nil) {
			checkSpans(t, text, q.Span)
		}
	})
}

const benchText = `MOSCOW, July 14. Russian President Vladimir Putin will hold talks with U.S. Secretary of State John Kerry on Thursday.

"On Thursday late afternoon President Putin will receive Kerry. A set of themes is quite predictable," presidential spokesman Dmitry Peskov said. However, he did not give any more details, noting that "it is Lavrov who is Kerry's counterpart."

"We know that they will be having substantial talks on Friday," the Kremlin spokesman said.

Earlier, Russia's Foreign Ministry said that violations of the ceasefire in Syria were the theme Russia was set to discuss. According to the State Department, Kerry would focus on the next stage of the ceasefire.

Peskov pointed out that a possibility of the meeting "was mentioned during a recent conversation between Putin and Obama," held on July 6.`

func BenchmarkExtract(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		quote.Extract(benchText, nil)
	}
}
