package quote_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/quote"
)

// seedQuotes is the "quotes" part of the seeds' expected.json.
type seedQuotes struct {
	Quotes struct {
		Must []struct {
			Speaker string `json:"speaker"`
			Article string `json:"article"`
			Starts  string `json:"starts"`
		} `json:"must"`
	} `json:"quotes"`
}

// testTitles are words stripped from the front of a capitalized run by the
// test's own name finder (the real recognizer lives in internal/entity).
var testTitles = map[string]bool{
	"russian": true, "president": true, "foreign": true, "minister": true, "secretary": true,
	"state": true, "kremlin": true, "spokesman": true, "us": true, "u.s.": true, "of": true,
	"the": true, "press": true, "presidential": true, "after": true, "at": true, "in": true,
	"but": true, "and": true, "on": true, "syrian": true, "department": true, "friday": true,
}

// findMentions is a simple capitalized-sequence finder: runs of two or more
// capitalized words (leading title words dropped) are person mentions keyed
// by their last word; a single capitalized word equal to such a last word
// is a mention of the same person.
func findMentions(text string) []model.Mention {
	type word struct {
		s, e int
		w    string
	}
	var ws []word
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && r2 != '.' && r2 != '-' {
				break
			}
			j += n2
		}
		w := strings.TrimSuffix(text[i:j], ".")
		ws = append(ws, word{i, i + len(w), w})
		i = j
	}
	isCap := func(w string) bool { r, _ := utf8.DecodeRuneInString(w); return unicode.IsUpper(r) }
	var multi, out []model.Mention
	last := map[string]string{}
	var singles []word
	for i := 0; i < len(ws); {
		if !isCap(ws[i].w) {
			i++
			continue
		}
		j := i
		for j < len(ws) && isCap(ws[j].w) && (j == i || !strings.ContainsAny(text[ws[j-1].e:ws[j].s], ",.;:\n“”\"")) {
			j++
		}
		a := i
		for a < j && testTitles[strings.ToLower(ws[a].w)] {
			a++
		}
		switch {
		case j-a >= 2:
			key := strings.ToLower(ws[j-1].w)
			last[key] = key
			multi = append(multi, model.Mention{Span: model.Span{Start: ws[a].s, End: ws[j-1].e}, Text: text[ws[a].s:ws[j-1].e], Type: model.Person, Entity: "test:" + key})
		case j-a == 1:
			singles = append(singles, ws[a])
		}
		i = j
	}
	out = append(out, multi...)
	for _, w := range singles {
		if _, ok := last[strings.ToLower(w.w)]; ok {
			out = append(out, model.Mention{Span: model.Span{Start: w.s, End: w.e}, Text: w.w, Type: model.Person, Entity: "test:" + strings.ToLower(w.w)})
		}
	}
	return out
}

func TestSeedQuotes(t *testing.T) {
	dir := datasets.Seeds(t)
	var exp seedQuotes
	datasets.SeedsExpected(t, &exp)
	if len(exp.Quotes.Must) == 0 {
		t.Fatal("expected.json: no quotes.must items")
	}
	for _, mode := range []string{"mentions", "no mentions"} {
		for _, m := range exp.Quotes.Must {
			t.Run(mode+"/"+m.Article+"/"+m.Speaker, func(t *testing.T) {
				raw, err := os.ReadFile(filepath.Join(dir, m.Article+".txt"))
				if err != nil {
					t.Fatal(err)
				}
				text := string(raw)
				var ms []model.Mention
				if mode == "mentions" {
					ms = findMentions(text)
				}
				qs := quote.Extract(text, ms)
				var near []model.Quote
				for _, q := range qs {
					if strings.HasPrefix(squash(q.Text), squash(m.Starts)) {
						if q.SpeakerName == m.Speaker {
							if !balanced(text, q) {
								t.Errorf("quote %q runs past its closing mark or leaves one open", q.Text)
							}
							return
						}
						near = append(near, q)
					}
				}
				t.Errorf("no quote starting %q by %q; same text with other speakers: %+v", m.Starts, m.Speaker, near)
			})
		}
	}
}

// TestSeedQuotesBalanced checks every quote found in the seeds: none runs
// past the closing mark of its quotation (“… did not figure,” expressing
// regret …) or leaves one open (were “constructive).
func TestSeedQuotesBalanced(t *testing.T) {
	dir := datasets.Seeds(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Fatalf("no seed articles in %s", dir)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		for _, q := range quote.Extract(text, findMentions(text)) {
			if !balanced(text, q) {
				t.Errorf("%s: quote %q of %q has unbalanced quote marks", filepath.Base(f), q.Text, q.Speaker)
			}
			if w := strings.Fields(q.Text); len(w) > 1 && w[0] == "to" && (w[1] == "say" || w[1] == "tell") {
				t.Errorf("%s: quote %q starts with its reporting verb", filepath.Base(f), q.Text)
			}
		}
	}
}

// balanced reports whether quote q of text neither runs past the closing
// mark of a quotation it starts in (“… did not figure,” expressing regret
// …) nor leaves a quotation it opened unclosed (were “constructive). A
// stray closing mark of the article's own (seed 001) is tolerated.
func balanced(text string, q model.Quote) bool {
	before, _ := utf8.DecodeLastRuneInString(text[:q.Span.Start])
	opened := before == '“'
	depth := 0
	if opened {
		depth = 1
	}
	for i, r := range q.Text {
		switch r {
		case '“':
			depth++
		case '”':
			depth--
			if depth == 0 && opened && strings.IndexFunc(q.Text[i:], unicode.IsLetter) >= 0 {
				return false
			}
		}
	}
	return opened || depth <= 0
}
