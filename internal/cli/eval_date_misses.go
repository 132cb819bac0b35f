package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/eval/dates"
)

func init() {
	register(&Command{
		Name:    "eval date-misses",
		Summary: "list the entries of htmldate's evaluation set a date finder gets wrong, with label, found date and the page's date markup",
		Usage:   "[--format text|json] [--finder storyline] [--evidence N] [--limit N] [DIR]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output format: text or json")
			name := fs.String("finder", "storyline", "date finder: "+strings.Join(dates.Names(), ", "))
			evidence := fs.Int("evidence", 8, "pieces of date markup shown per page (0: none)")
			limit := fs.Int("limit", 0, "look at about N entries spread over the set (0: all)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				find, ok := dates.Finders[*name]
				if !ok {
					return fmt.Errorf("%w: unknown finder %q: want one of %v", ErrUsage, *name, dates.Names())
				}
				dir, err := benchDir(args, "eval_default.json", "extraction", "htmldate-eval")
				if err != nil {
					return err
				}
				pages, err := dates.Load(dir, *limit)
				if err != nil {
					return err
				}
				misses := dates.Misses(pages, find, *evidence)
				if *format == "json" {
					if misses == nil {
						misses = []dates.Miss{}
					}
					return writeJSON(env.Stdout, map[string]any{"finder": *name, "pages": len(pages), "misses": misses})
				}
				for _, m := range misses {
					found, label := m.Found, m.Label
					if found == "" {
						found = "-"
					}
					if label == "" {
						label = "-"
					}
					fmt.Fprintf(env.Stdout, "%s\tlabel %s\tfound %s\t%s\n", m.URL, label, found, m.File)
					for _, e := range m.Evidence {
						fmt.Fprintf(env.Stdout, "\t%s\n", e)
					}
				}
				fmt.Fprintf(env.Stdout, "%s: %d of %d entries wrong\n", *name, len(misses), len(pages))
				return nil
			}
		},
	})
}
