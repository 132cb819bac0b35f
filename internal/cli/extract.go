package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/ingest/fetch"
	"github.com/storyline-news/storyline/internal/model"
)

func init() {
	register(&Command{
		Name:    "extract",
		Summary: "show what Storyline reads out of files, folders, feeds, WARC archives and URLs",
		Usage:   "[--format text|jsonl] [--allow-private] [--timeout D] PATH|URL...",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output: text (for people) or jsonl (one JSON object per document or failed input: path, url, title, text, source, author, published, language, error)")
			allowPrivate := fs.Bool("allow-private", false, "let URLs reach loopback, private and link-local addresses (refused by default)")
			timeout := fs.Duration("timeout", fetch.DefaultTimeout, "time limit for fetching one URL")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "jsonl"); err != nil {
					return err
				}
				if len(args) == 0 {
					return fmt.Errorf("%w: give at least one PATH or URL", ErrUsage)
				}
				client := fetch.New(fetch.Options{AllowPrivate: *allowPrivate, Timeout: *timeout})
				return runExtract(ctx, env, args, *format, client)
			}
		},
	})
}

// extractLine is one line of `extract --format jsonl`.
type extractLine struct {
	Path      string   `json:"path"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Source    string   `json:"source"`
	Author    string   `json:"author"`
	Published string   `json:"published"`
	Language  string   `json:"language"`
	Error     string   `json:"error"`
	ID        string   `json:"id,omitempty"`
	Flags     []string `json:"flags,omitempty"`
}

// runExtract walks the inputs and prints each document's extraction, and
// each input that gave nothing, in order. Warnings (repaired text, teasers
// kept) go to standard error. It fails only when nothing at all could be
// extracted.
func runExtract(ctx context.Context, env *Env, args []string, format string, fetcher ingest.Fetcher) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	var ok, failed int
	print := func(l extractLine, a *model.Article) error {
		if format == "jsonl" {
			return enc.Encode(l)
		}
		return printExtractText(env.Stdout, l, a)
	}
	err := ingest.Walk(ctx, args, ingest.Options{
		Fetcher: fetcher,
		OnProblem: func(p ingest.Problem) {
			if p.Warning {
				fmt.Fprintf(env.Stderr, "storyline extract: %v\n", p)
				return
			}
			failed++
			where := p.Path
			if p.Line > 0 {
				where = fmt.Sprintf("%s:%d", p.Path, p.Line)
			}
			if perr := print(extractLine{Path: where, Error: p.Error()}, nil); perr != nil {
				fmt.Fprintf(env.Stderr, "storyline extract: %v\n", perr)
			}
		},
	}, func(raw model.RawDoc) error {
		a, err := safeExtract(raw)
		l := extractLine{Path: raw.Origin, URL: raw.URL, ID: raw.ID}
		if err != nil {
			failed++
			l.Error = err.Error()
			return print(l, nil)
		}
		ok++
		l.URL = a.URL
		l.Title, l.Text = a.Title, a.Text
		l.Source = a.Outlet.Name
		if l.Source == "" {
			l.Source = a.Outlet.Domain
		}
		l.Author, l.Language, l.Flags = a.Byline, a.Language, a.Flags
		l.Published = formatPublished(a.Published)
		if a.ID != "" {
			l.ID = a.ID
		}
		return print(l, a)
	})
	if err != nil {
		return err
	}
	if ok == 0 && failed > 0 {
		// One file can fail several times (a WARC with bad records), so
		// what is counted is problems, not inputs.
		return fmt.Errorf("nothing extracted (%s)", count(failed, "problem", "problems"))
	}
	return nil
}

// safeExtract keeps one bad document from ending the command.
func safeExtract(raw model.RawDoc) (a *model.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("extract: %s: internal error: %v", raw.Origin, r)
		}
	}()
	return extract.Extract(raw)
}

// formatPublished prints a date to its precision: 2016, 2016-07,
// 2016-07-15 or RFC 3339 with minutes.
func formatPublished(p *model.Published) string {
	if p == nil || p.Time.IsZero() {
		return ""
	}
	switch p.Precision {
	case model.PrecisionYear:
		return p.Time.Format("2006")
	case model.PrecisionMonth:
		return p.Time.Format("2006-01")
	case model.PrecisionDay:
		return p.Time.Format("2006-01-02")
	}
	return p.Time.Format(time.RFC3339)
}

func printExtractText(w io.Writer, l extractLine, a *model.Article) error {
	var b strings.Builder
	fmt.Fprintf(&b, "== %s\n", l.Path)
	if l.Error != "" {
		fmt.Fprintf(&b, "error: %s\n\n", l.Error)
		_, err := io.WriteString(w, b.String())
		return err
	}
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-10s %s\n", name+":", v)
		}
	}
	field("url", l.URL)
	field("title", l.Title)
	field("source", l.Source)
	field("author", l.Author)
	if a != nil && a.Published != nil {
		field("published", fmt.Sprintf("%s (%s, from %s)", l.Published, a.Published.Precision, a.Published.Source))
	}
	field("language", l.Language)
	field("flags", strings.Join(l.Flags, ", "))
	fmt.Fprintf(&b, "\n%s\n\n", l.Text)
	_, err := io.WriteString(w, b.String())
	return err
}
