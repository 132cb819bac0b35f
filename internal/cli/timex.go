package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/eval/timeml"
	"github.com/storyline-news/storyline/internal/timex"
)

func init() {
	register(&Command{
		Name:    "eval timex",
		Summary: "score the time expression tagger on TimeML files (TempEval-3 Task A metrics)",
		Usage:   "[--format text|json] [--errors] DIR|FILE...",
		Flags: func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error {
			format := fs.String("format", "text", "output format: text or json")
			errs := fs.Bool("errors", false, "list every missed, spurious or wrongly normalized expression (text format)")
			all := fs.Bool("all", false, "with --errors, list the correct expressions too (OK lines)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) == 0 {
					return fmt.Errorf("%w: want a TimeML file or folder", ErrUsage)
				}
				files, err := timeml.Files(args...)
				if err != nil {
					return err
				}
				res, err := timeml.Evaluate(files, tagTimeML, *errs)
				if err != nil {
					return err
				}
				eps := 0.0
				if res.Elapsed > 0 {
					eps = float64(res.System) / res.Elapsed.Seconds() // expressions tagged per second of tagging
				}
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"strict_f1":              res.StrictF1,
						"relaxed_f1":             res.RelaxedF1,
						"value_f1":               res.ValueF1,
						"type_f1":                res.TypeF1,
						"strict_precision":       res.StrictP,
						"strict_recall":          res.StrictR,
						"relaxed_precision":      res.RelaxedP,
						"relaxed_recall":         res.RelaxedR,
						"value_accuracy":         res.ValueAcc,
						"type_accuracy":          res.TypeAcc,
						"files":                  res.Files,
						"gold":                   res.Gold,
						"system":                 res.System,
						"expressions_per_second": eps,
					})
				}
				w := env.Stdout
				if *errs {
					for _, f := range files {
						text := res.Texts[f]
						ctx := func(p timeml.Pair) string {
							x := p.Gold
							if x == nil {
								x = p.System
							}
							s, e := max(0, x.Start-60), min(len(text), x.End+60)
							return strings.Join(strings.Fields(text[s:x.Start]+"[["+text[x.Start:x.End]+"]]"+text[x.End:e]), " ")
						}
						for _, p := range res.Pairs[f] {
							switch {
							case p.System == nil:
								fmt.Fprintf(w, "MISS\t%s\t%q\t%s\t%s\t%s\n", f, p.Gold.Text, p.Gold.Value, p.Gold.Type, ctx(p))
							case p.Gold == nil:
								fmt.Fprintf(w, "SPUR\t%s\t%q\t%s\t%s\t%s\n", f, p.System.Text, p.System.Value, p.System.Type, ctx(p))
							case p.Gold.Value != p.System.Value || p.Gold.Start != p.System.Start || p.Gold.End != p.System.End:
								fmt.Fprintf(w, "DIFF\t%s\t%q\t%s\t%s\t%q\t%s\t%s\t%s\n", f, p.Gold.Text, p.Gold.Value, p.Gold.Type, p.System.Text, p.System.Value, p.System.Type, ctx(p))
							case *all:
								fmt.Fprintf(w, "OK\t%s\t%q\t%s\t%s\n", f, p.System.Text, p.System.Value, p.System.Type)
							}
						}
					}
				}
				fmt.Fprintf(w, "files %d, gold %d, system %d\n", res.Files, res.Gold, res.System)
				fmt.Fprintf(w, "strict   P %.4f  R %.4f  F1 %.4f\n", res.StrictP, res.StrictR, res.StrictF1)
				fmt.Fprintf(w, "relaxed  P %.4f  R %.4f  F1 %.4f\n", res.RelaxedP, res.RelaxedR, res.RelaxedF1)
				fmt.Fprintf(w, "value    accuracy %.4f  F1 %.4f\n", res.ValueAcc, res.ValueF1)
				fmt.Fprintf(w, "type     accuracy %.4f  F1 %.4f\n", res.TypeAcc, res.TypeF1)
				fmt.Fprintf(w, "speed    %.0f expressions/s\n", eps)
				return nil
			}
		},
	})
}

// tagTimeML adapts timex.Tag to the evaluator.
func tagTimeML(text string, dct time.Time) []timeml.Timex {
	refs := timex.Tag(text, dct)
	out := make([]timeml.Timex, len(refs))
	for i, r := range refs {
		out[i] = timeml.Timex{Start: r.Start, End: r.End, Text: r.Text, Type: r.Type, Value: r.Value}
	}
	return out
}
