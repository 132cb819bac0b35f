// Package quote finds quotations in article text and who said them: direct
// quotations between quote marks (straight, curly, guillemets, quotes that
// run over several sentences or paragraphs, and quotes split by their
// attribution: “A,” he said, “B.”) and indirect ones ("X said that ...",
// "according to X, ...", "X stressed the need for ..."). Each quotation
// carries its cue ("said", "pointed out", "according to"), its speaker as
// written ("he", "the Kremlin spokesman") and, when it can be resolved, the
// speaker entity of the article: through the entity mentions the caller
// passes, through pronouns (the most recent person subject or speaker) and
// through titles ("the Kremlin spokesman" is the person called "Kremlin
// spokesman Dmitry Peskov" elsewhere). It is rule-based: a cue-verb lexicon
// with English morphology and a few clause patterns, no model file.
package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Attribution is one quotation with the spans of its three parts, in the
// terms of attribution corpora such as PolNeAR: the source (who), the cue
// (the verb or phrase that attributes) and the content (what was said).
// All spans are byte offsets into the text given to Attribute.
type Attribution struct {
	// Source is the speaker span as written; empty (Start == End) when
	// the clause names none ("It appears that ..."). Attributions that
	// continue a clause ("X said A, adding that B"; "X said A and said
	// B") share its source span, as in PolNeAR.
	Source model.Span
	// Cue is the attributing verb or phrase.
	Cue model.Span
	// Content is the content span, in one piece or, for quotes split by
	// their attribution, several pieces in text order. Indirect content
	// keeps its complementizer ("that the talks ..."), as PolNeAR does.
	Content []model.Span
	// Direct is true when the content is a quotation between quote marks.
	Direct bool
	// Speaker is the source as written (or the source of the clause the
	// attribution continues), Entity and SpeakerName its resolution.
	Speaker     string
	Entity      string
	SpeakerName string
	// CueLemma is the cue's dictionary form ("say", "point out",
	// "according to").
	CueLemma string

	// noSpeaker marks attributions whose speaker is not the previous
	// one's: passives ("was asked") and "seemed".
	noSpeaker bool
}

// IsSpeech reports whether the attribution reports speech or writing (a
// cue such as "said", "according to", or a direct quotation) rather than
// a belief, an intention or an impression ("thinks that", "wants to",
// "seemed"), which attribution corpora also count.
func (a Attribution) IsSpeech() bool {
	if a.Direct || a.CueLemma == "according to" {
		return true
	}
	f := strings.Fields(a.CueLemma)
	return len(f) > 0 && cueLemmas[f[0]] == speechCue && !stanceLemmas[f[0]]
}

// Extract returns the quotations of text with their speakers: the
// attributions of Attribute that report speech (see IsSpeech). Mentions are
// the entity mentions of the same text (byte spans, Type and Entity keys as
// the entity linker fills them; person mentions without a key are linked by
// last name); when they hold no person, capitalized names are found by a
// heuristic so the package works on its own. A quote's Span is
// its content without the quote marks of a direct quote and without the
// complementizer "that" of an indirect one; for a quote split by its
// attribution it runs from the first piece to the last, and Text joins
// the pieces with a space; a piece that ends inside a quotation it opened
// (were “constructive”) gets its closing mark back in Text.
func Extract(text string, mentions []model.Mention) []model.Quote {
	atts := Attribute(text, mentions)
	out := make([]model.Quote, 0, len(atts))
	for _, a := range atts {
		if !a.IsSpeech() || a.noSpeaker && a.Source.End <= a.Source.Start {
			continue // a belief, or a passive without its speaker
		}
		q := model.Quote{
			Speaker:     a.Speaker,
			Entity:      a.Entity,
			SpeakerName: a.SpeakerName,
			Cue:         text[a.Cue.Start:a.Cue.End],
			Direct:      a.Direct,
		}
		var parts []string
		for i, c := range a.Content {
			s, e := trimContent(text, c.Start, c.End, i == 0)
			if s >= e {
				continue
			}
			if len(parts) == 0 {
				q.Span.Start = s
			}
			q.Span.End = e
			parts = append(parts, balanceQuotes(text[s:e]))
		}
		if len(parts) == 0 {
			continue
		}
		q.Text = strings.Join(parts, " ")
		out = append(out, q)
	}
	return out
}

// trimContent trims white space, quote marks, dashes and edge punctuation
// from a content span, and a leading "that" when first is set.
func trimContent(text string, s, e int, first bool) (int, int) {
	trim := func() {
		for s < e {
			r, w := utf8.DecodeRuneInString(text[s:e])
			if !unicode.IsSpace(r) && !isQuoteMark(r) && r != ',' && r != '—' && r != '–' && r != ':' {
				break
			}
			s += w
		}
		for e > s {
			r, w := utf8.DecodeLastRuneInString(text[s:e])
			if !unicode.IsSpace(r) && !isQuoteMark(r) && r != ',' && r != '—' && r != '–' && r != ':' && r != ';' {
				break
			}
			e -= w
		}
	}
	trim()
	if first && e-s > 5 && strings.EqualFold(text[s:s+5], "that ") {
		s += 5
		trim()
	}
	return s, e
}

// balanceQuotes closes a quotation left open in a content piece: an
// indirect quote ending on a quoted phrase (were “constructive”.) loses
// the closing mark when the piece is trimmed, so it is written back.
func balanceQuotes(s string) string {
	open := 0
	straight, lastStraight := 0, -1
	var closer string
	for i, r := range s {
		switch r {
		case '“':
			open++
			closer = "”"
		case '«':
			open++
			closer = "»"
		case '”', '»':
			if open > 0 {
				open--
			}
		case '"':
			straight++
			lastStraight = i
		}
	}
	if open > 0 {
		s += strings.Repeat(closer, open)
	}
	if straight%2 == 1 && lastStraight+1 < len(s) && s[lastStraight+1] != ' ' {
		s += `"`
	}
	return s
}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‘', '’', '\'', '‹', '›':
		return true
	}
	return false
}

// tok is a token with the facts the patterns test.
type tok struct {
	nlp.Token
	low     string
	inQuote bool     // strictly inside a quotation's marks
	mark    int      // 1 opening quote mark, 2 closing quote mark, 0 neither
	region  int      // index of the quotation region the token belongs to, or -1
	lemma   string   // cue lemma of low, or ""
	class   cueClass // cue class of low
}

func (t tok) isWord() bool { return t.IsWord() }

func (t tok) punct(s string) bool { return t.Text == s }

func (t tok) isCap() bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	return unicode.IsUpper(r)
}

func (t tok) isLowerWord() bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	return unicode.IsLower(r)
}

// dash reports an em or en dash or a double hyphen.
func (t tok) dash() bool {
	return t.Text == "—" || t.Text == "–" || t.Text == "-" || t.Text == "--"
}
