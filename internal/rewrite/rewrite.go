package rewrite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
)

// PromptVersion changes whenever the prompt or the check changes, so that
// stored rewrites made under an older one are redone.
const PromptVersion = "1"

var languageNames = map[string]string{
	"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
	"nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "ar": "Arabic", "tr": "Turkish",
	"zh": "Chinese", "ja": "Japanese", "ko": "Korean", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish",
}

// Prompt is the conversation that asks for a rewrite of summary: the
// sentences numbered from 1, and the rules (only their facts, about words
// words, each output sentence followed by the numbers it draws on).
func Prompt(summary []model.Cited, lang string, words int) []Message {
	if words <= 0 {
		words = DefaultWords
	}
	language := languageNames[lang]
	if language == "" {
		language = "the language of the sentences"
	}
	system := "You rewrite news summaries for a newsroom. You use only the facts stated in the numbered source sentences " +
		"you are given: no other names, places, numbers, dates, titles or claims, and no opinions. " +
		"When sources differ, say so rather than choosing. Answer with the rewrite only."
	var b strings.Builder
	fmt.Fprintf(&b, "Rewrite these numbered sentences from news reports as one fluent paragraph of about %d words in %s.\n", words, language)
	b.WriteString("End every sentence you write with the numbers of the source sentences it draws on in square brackets, like [1] or [2,3]. ")
	b.WriteString("Every sentence needs at least one number. Keep names and numbers exactly as the sources write them. ")
	b.WriteString("Do not add anything the sentences do not say.\n\nSource sentences:\n")
	for i, c := range summary {
		fmt.Fprintf(&b, "[%d] %s\n", i+1, strings.Join(strings.Fields(c.Text), " "))
	}
	return []Message{{Role: "system", Content: system}, {Role: "user", Content: b.String()}}
}

// Key identifies the rewrite of summary by model: a hash of the prompt
// version, the model, the language and the sentences with their
// citations. The same key means the same request, so a stored rewrite can
// be reused.
func Key(summary []model.Cited, lang, modelName string) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(PromptVersion)
	field(modelName)
	field(lang)
	for _, c := range summary {
		field(c.Text)
		field(strings.Join(c.Articles, "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Key is the package's Key for this client's model.
func (c *Client) Key(summary []model.Cited, lang string) string {
	return Key(summary, lang, c.cfg.Model)
}

// Rewrite asks the endpoint to rewrite a story's extractive summary (lang
// is its ISO 639-1 language) and keeps the rewritten sentences that pass
// Check, each citing the articles of the summary sentences it names. A
// rewrite of which less than Config.MinKept of the words passed is
// discarded: the result then has no sentences and its Warning says why.
// It returns nil for an empty summary, and an error only when the
// endpoint could not be used (the caller keeps the extractive summary).
func (c *Client) Rewrite(ctx context.Context, summary []model.Cited, lang string) (*model.Rewrite, error) {
	if len(summary) == 0 {
		return nil, nil
	}
	text, err := c.Complete(ctx, Prompt(summary, lang, c.cfg.Words))
	if err != nil {
		return nil, err
	}
	r := Build(summary, lang, text, c.cfg.MinKept)
	r.Model, r.Endpoint, r.Input = c.cfg.Model, c.host, c.Key(summary, lang)
	return r, nil
}

// Build turns a model's answer into a rewrite of summary: it parses the
// answer, checks every sentence against the summary sentences it cites
// (see Check) and keeps those that pass; when less than minKept of the
// answer's words pass (DefaultMinKept when zero) it keeps none and says
// why in Warning. Model, Endpoint and Input are left to the caller.
func Build(summary []model.Cited, lang, answer string, minKept float64) *model.Rewrite {
	if minKept <= 0 {
		minKept = DefaultMinKept
	}
	parts := Parse(answer)
	r := &model.Rewrite{Sentences: []model.Cited{}}
	if len(parts) == 0 {
		r.Warning = "discarded: the answer held no sentence"
		return r
	}
	total, kept := 0, 0
	var kepts []model.Cited
	var drops []string
	for _, p := range parts {
		n := len(strings.Fields(p.Text))
		total += n
		if why := Check(p, summary, lang); why != "" {
			drops = append(drops, fmt.Sprintf("%q %s", clip(p.Text, 60), why))
			continue
		}
		kept += n
		kepts = append(kepts, model.Cited{Text: p.Text, Articles: articlesOf(p.Sources, summary)})
	}
	if total == 0 || float64(kept) < minKept*float64(total) {
		pct := 0
		if total > 0 {
			pct = 100 * kept / total
		}
		r.Warning = fmt.Sprintf("discarded: only %d%% of the rewrite passed the faithfulness check", pct)
		if len(drops) > 0 {
			r.Warning += "; dropped " + joinDrops(drops)
		}
		return r
	}
	r.Sentences = kepts
	if len(drops) > 0 {
		r.Warning = fmt.Sprintf("dropped %d of %d sentences: %s", len(drops), len(parts), joinDrops(drops))
	}
	return r
}

// articlesOf is the union of the articles the given summary sentences
// (numbered from 1) cite, in order of first citation.
func articlesOf(sources []int, summary []model.Cited) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range sources {
		for _, id := range summary[n-1].Articles {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

func joinDrops(drops []string) string {
	const show = 3
	s := strings.Join(drops[:min(len(drops), show)], "; ")
	if len(drops) > show {
		s += fmt.Sprintf("; and %d more", len(drops)-show)
	}
	return s
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
