package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/eval/duc"
	"github.com/storyline-news/storyline/internal/eval/rouge"
	"github.com/storyline-news/storyline/internal/eval/summarization"
	"github.com/storyline-news/storyline/internal/eval/tls"
	"github.com/storyline-news/storyline/internal/nlp"
	"github.com/storyline-news/storyline/internal/tell"
)

func init() {
	register(&Command{
		Name:    "eval summarize",
		Summary: "summarize DUC 2003/2004 or TAC 2011 clusters and score them with ROUGE-1.5.5 settings",
		Usage:   "--docs DIR --models DIR [--words 100] [--peers-out DIR] [--format text|json] | --tac DIR [--lang english]",
		Flags: func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error {
			docs := fs.String("docs", "", "DUC documents folder (one sub-folder per cluster)")
			models := fs.String("models", "", "DUC reference summaries folder (read only to score)")
			tac := fs.String("tac", "", "TAC 2011 MultiLing folder (source-texts, model-summaries) instead of --docs/--models")
			lang := fs.String("lang", "english", "TAC language: "+strings.Join(duc.TACLanguages, ", "))
			words := fs.Int("words", 0, "summary length in words (default 100 for DUC, 250 for TAC)")
			peersOut := fs.String("peers-out", "", "write each summary to DIR/<cluster>.storyline, one sentence per line")
			format := fs.String("format", "text", "output format: text or json")
			perCluster := fs.Bool("clusters", false, "print per-cluster scores (text format)")
			var o tell.Options
			fs.Float64Var(&o.MinDocFrac, "min-doc-frac", 0, "tuning: share of documents a concept must occur in")
			fs.Float64Var(&o.LeadBoost, "lead-boost", 0, "tuning: weight boost of concepts in lead sentences")
			fs.IntVar(&o.LeadSentences, "lead-sentences", 0, "tuning: sentences that count as lead")
			fs.Float64Var(&o.LengthPower, "length-power", 0, "tuning: cost exponent of the greedy step")
			fs.Float64Var(&o.Unigram, "unigram", 0, "tuning: weight of content words relative to bigrams")
			fs.IntVar(&o.UnigramCap, "unigram-cap", 0, "tuning: most times a content word counts")
			fs.Float64Var(&o.IDFPower, "idf-power", 0, "tuning: exponent of IDF (from all documents of the run) in concept weights")
			fs.Float64Var(&o.Position, "position", 0, "tuning: greedy boost of early sentences")
			fs.Float64Var(&o.DFPower, "df-power", 0, "tuning: exponent of document frequency in concept weights")
			fs.IntVar(&o.MinWords, "min-words", 0, "tuning: shortest candidate sentence")
			fs.IntVar(&o.MaxWords, "max-words", 0, "tuning: longest candidate sentence")
			compress := fs.String("compress", "default", "sentence compression rules offered to the selector: comma-separated names, all, default or none")
			fs.IntVar(&o.MaxVariants, "max-variants", 0, "tuning: most shortened variants of one sentence")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				var clusters []duc.Cluster
				var ropt rouge.Options
				var err error
				if o.Compress, err = tell.ParseCompression(*compress); err != nil {
					return fmt.Errorf("--compress: %w", err)
				}
				switch {
				case *tac != "":
					clusters, err = duc.ReadTAC(*tac, *lang)
					ropt = rouge.TAC2011()
					if *words == 0 {
						*words = 250
					}
					o.Language = tacCode(*lang)
				case *docs != "" && *models != "":
					clusters, err = duc.ReadDUC(*docs, *models)
					ropt = rouge.DUC2004()
					if *words == 0 {
						*words = 100
					}
					ropt.WordLimit = *words
					o.Overflow = true
				default:
					return fmt.Errorf("%w: want --docs and --models, or --tac", ErrUsage)
				}
				if err != nil {
					return err
				}
				o.Words = *words
				if *peersOut != "" {
					if err := os.MkdirAll(*peersOut, 0o755); err != nil {
						return fmt.Errorf("--peers-out: %w", err)
					}
				}
				res, err := summarization.Run(ctx, clusters, o, ropt)
				if err != nil {
					return err
				}
				if *peersOut != "" {
					for i, c := range clusters {
						p := filepath.Join(*peersOut, c.ID+".storyline")
						if err := os.WriteFile(p, []byte(strings.Join(res.Summaries[i], "\n")+"\n"), 0o644); err != nil {
							return fmt.Errorf("--peers-out: %w", err)
						}
					}
				}
				avg, cite := res.Mean, res.Citation
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"rouge1_recall":      avg.N[0].Recall,
						"rouge2_recall":      avg.N[1].Recall,
						"rougel_recall":      avg.L.Recall,
						"rougesu4_recall":    avg.SU.Recall,
						"rouge1_f":           avg.N[0].F,
						"rouge2_f":           avg.N[1].F,
						"rougesu4_f":         avg.SU.F,
						"citation_precision": cite,
						"clusters":           len(clusters),
						"words":              *words,
					})
				}
				w := env.Stdout
				if *perCluster {
					for i, c := range clusters {
						r := res.PerCluster[i]
						fmt.Fprintf(w, "%s\tR1 %.4f\tR2 %.4f\tSU4 %.4f\tsentences %d\tcitation %.2f\n", c.ID, r.N[0].Recall, r.N[1].Recall, r.SU.Recall, len(res.Summaries[i]), res.Citations[i])
					}
				}
				fmt.Fprintf(w, "clusters %d, %d words\n", len(clusters), *words)
				fmt.Fprintf(w, "ROUGE-1   recall %.4f  F %.4f\n", avg.N[0].Recall, avg.N[0].F)
				fmt.Fprintf(w, "ROUGE-2   recall %.4f  F %.4f\n", avg.N[1].Recall, avg.N[1].F)
				if !ropt.NoL {
					fmt.Fprintf(w, "ROUGE-L   recall %.4f  F %.4f\n", avg.L.Recall, avg.L.F)
				}
				fmt.Fprintf(w, "ROUGE-SU4 recall %.4f  F %.4f\n", avg.SU.Recall, avg.SU.F)
				fmt.Fprintf(w, "citation precision %.4f\n", cite)
				return nil
			}
		},
	})
}

func init() {
	register(&Command{
		Name:    "eval timeline",
		Summary: "build timelines of the ML-Crisis topics and score them (Date F1, alignment ROUGE-1/2)",
		Usage:   "[--lang es,fr,it] [--format text|json] DIR",
		Flags: func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error {
			langs := fs.String("lang", "es,fr,it", "comma-separated languages (sub-folders of DIR)")
			format := fs.String("format", "text", "output format: text or json")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) != 1 {
					return fmt.Errorf("%w: want the ML-Crisis folder", ErrUsage)
				}
				type row struct {
					Lang   string     `json:"lang"`
					Topic  string     `json:"topic"`
					Dates  int        `json:"reference_dates"`
					Scores tls.Scores `json:"scores"`
				}
				var rows []row
				for _, lang := range strings.Split(*langs, ",") {
					refs, err := filepath.Glob(filepath.Join(args[0], lang, "reference", "*.txt"))
					if err != nil || len(refs) == 0 {
						return fmt.Errorf("eval timeline: %s: no reference timelines for %q", args[0], lang)
					}
					sort.Strings(refs)
					for _, rp := range refs {
						if err := ctx.Err(); err != nil {
							return err
						}
						topic := strings.TrimSuffix(filepath.Base(rp), ".txt")
						ref, err := tls.ReadTimeline(rp)
						if err != nil {
							return err
						}
						arts, err := tls.ReadTopic(filepath.Join(args[0], lang, topic))
						if err != nil {
							return err
						}
						words := 0
						for _, e := range ref {
							for _, s := range e.Sentences {
								words += len(strings.Fields(s))
							}
						}
						words /= max(1, len(ref))
						docs := make([]tell.Doc, len(arts))
						for i, a := range arts {
							var sents []string
							for _, para := range strings.Split(a.Text, "\n") {
								for _, sp := range nlp.Sentences(para) {
									sents = append(sents, strings.TrimSpace(para[sp[0]:sp[1]]))
								}
							}
							docs[i] = tell.Doc{ID: a.ID, Sentences: sents, Published: a.Date}
						}
						tl := tell.DatedTimeline(docs, len(ref), tell.Options{Words: max(words, 10), Language: lang})
						var sys tls.Timeline
						for _, e := range tl {
							d, _ := time.Parse("2006-01-02", e.Date)
							sys = append(sys, tls.Entry{Date: d, Sentences: []string{e.Text}})
						}
						rows = append(rows, row{Lang: lang, Topic: topic, Dates: len(ref), Scores: tls.Evaluate(sys, ref)})
					}
				}
				var avg tls.Scores
				n := float64(len(rows))
				for _, r := range rows {
					s := r.Scores
					avg.DateP += s.DateP / n
					avg.DateR += s.DateR / n
					avg.DateF1 += s.DateF1 / n
					avg.AR1P += s.AR1P / n
					avg.AR1R += s.AR1R / n
					avg.AR1F += s.AR1F / n
					avg.AR2P += s.AR2P / n
					avg.AR2R += s.AR2R / n
					avg.AR2F += s.AR2F / n
				}
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"date_f1": avg.DateF1, "ar1_f": avg.AR1F, "ar2_f": avg.AR2F,
						"ar1_recall": avg.AR1R, "ar2_recall": avg.AR2R, "topics": rows,
					})
				}
				w := env.Stdout
				for _, r := range rows {
					fmt.Fprintf(w, "%s/%s\tdates %d\tDate-F1 %.3f\tAR1-F %.3f\tAR2-F %.3f\n", r.Lang, r.Topic, r.Dates, r.Scores.DateF1, r.Scores.AR1F, r.Scores.AR2F)
				}
				fmt.Fprintf(w, "mean over %d timelines: Date-F1 %.3f  AR1-F %.3f  AR2-F %.3f\n", len(rows), avg.DateF1, avg.AR1F, avg.AR2F)
				return nil
			}
		},
	})
}

// tacCode maps a TAC language name to the ISO 639-1 code the analysis
// uses.
func tacCode(lang string) string {
	switch strings.ToLower(lang) {
	case "arabic":
		return "ar"
	case "czech":
		return "cs"
	case "french":
		return "fr"
	case "greek":
		return "el"
	case "hebrew":
		return "he"
	case "hindi":
		return "hi"
	}
	return "en"
}
