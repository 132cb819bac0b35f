package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
		Usage:   "--docs DIR --models DIR [--words 100] [--peers-out DIR] [--tokens ascii|unicode] [--format text|json] | --tac DIR [--lang english|LANG,...|all] [--systems]",
		Flags: func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error {
			docs := fs.String("docs", "", "DUC documents folder (one sub-folder per cluster)")
			models := fs.String("models", "", "DUC reference summaries folder (read only to score)")
			tac := fs.String("tac", "", "TAC 2011 MultiLing folder (source-texts, model-summaries) instead of --docs/--models")
			lang := fs.String("lang", "english", "TAC language, a comma-separated list or all: "+strings.Join(duc.TACLanguages, ", "))
			tokens := fs.String("tokens", "ascii", "ROUGE's words: ascii (ROUGE-1.5.5, as published; it drops every non-ASCII letter, so Arabic, Greek, Hebrew and Hindi scores count numbers and Latin words only) or unicode (words of every script; comparable only with runs scored the same way, see --systems)")
			systems := fs.Bool("systems", false, "with --tac, also score the official runs (system-submissions) with the same settings, side by side")
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
				if *tokens != "ascii" && *tokens != "unicode" {
					return fmt.Errorf("%w: --tokens %q: want ascii or unicode", ErrUsage, *tokens)
				}
				var err error
				if o.Compress, err = tell.ParseCompression(*compress); err != nil {
					return fmt.Errorf("--compress: %w", err)
				}
				if *tac != "" {
					langs, err := tacLanguages(*lang)
					if err != nil {
						return err
					}
					if *words == 0 {
						*words = 250
					}
					o.Words = *words
					ropt := rouge.TAC2011()
					ropt.Unicode = *tokens == "unicode"
					var all []tacResult
					for _, l := range langs {
						// Several languages: one peers folder each.
						peers := *peersOut
						if peers != "" && len(langs) > 1 {
							peers = filepath.Join(peers, l)
						}
						r, err := runTAC(ctx, *tac, l, o, ropt, *systems, peers)
						if err != nil {
							return err
						}
						all = append(all, r)
					}
					return printTAC(env, all, *format, *perCluster, *words)
				}
				if *docs == "" || *models == "" {
					return fmt.Errorf("%w: want --docs and --models, or --tac", ErrUsage)
				}
				if *systems {
					return fmt.Errorf("%w: --systems needs --tac", ErrUsage)
				}
				clusters, err := duc.ReadDUC(*docs, *models)
				if err != nil {
					return err
				}
				ropt := rouge.DUC2004()
				ropt.Unicode = *tokens == "unicode"
				if *words == 0 {
					*words = 100
				}
				ropt.WordLimit = *words
				o.Overflow = true
				o.Words = *words
				res, err := summarization.Run(ctx, clusters, o, ropt)
				if err != nil {
					return err
				}
				if err := writePeers(*peersOut, clusters, res); err != nil {
					return err
				}
				avg, cite := res.Mean, res.Citation
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"rouge1_recall":        avg.N[0].Recall,
						"rouge2_recall":        avg.N[1].Recall,
						"rougel_recall":        avg.L.Recall,
						"rougesu4_recall":      avg.SU.Recall,
						"rouge1_f":             avg.N[0].F,
						"rouge2_f":             avg.N[1].F,
						"rougesu4_f":           avg.SU.F,
						"citation_precision":   cite,
						"restated_pairs":       res.Restated,
						"sources_per_sentence": res.Sources,
						"clusters":             len(clusters),
						"words":                *words,
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
				fmt.Fprintf(w, "restated sentence pairs per summary %.2f, sources per sentence %.2f\n", res.Restated, res.Sources)
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
// tacLanguages parses --lang: one TAC language, a comma-separated list or
// "all".
func tacLanguages(spec string) ([]string, error) {
	if strings.EqualFold(strings.TrimSpace(spec), "all") {
		return duc.TACLanguages, nil
	}
	var out []string
	for _, l := range strings.Split(spec, ",") {
		l = strings.ToLower(strings.TrimSpace(l))
		if !slices.Contains(duc.TACLanguages, l) {
			return nil, fmt.Errorf("%w: --lang %q: want all or some of %s", ErrUsage, l, strings.Join(duc.TACLanguages, ", "))
		}
		out = append(out, l)
	}
	return out, nil
}

// tacResult is one TAC language: our summaries' scores and, with
// --systems, the official runs' scores with the same settings.
type tacResult struct {
	lang     string
	clusters []duc.Cluster
	res      summarization.Result
	runs     []runScore
}

type runScore struct {
	id   string
	mean rouge.Result
}

// runTAC summarizes one TAC language and scores it (and the official
// runs, when systems is set).
func runTAC(ctx context.Context, root, lang string, o tell.Options, ropt rouge.Options, systems bool, peersOut string) (tacResult, error) {
	clusters, err := duc.ReadTAC(root, lang)
	if err != nil {
		return tacResult{}, err
	}
	o.Language = tacCode(lang)
	res, err := summarization.Run(ctx, clusters, o, ropt)
	if err != nil {
		return tacResult{}, err
	}
	if err := writePeers(peersOut, clusters, res); err != nil {
		return tacResult{}, err
	}
	r := tacResult{lang: lang, clusters: clusters, res: res}
	if !systems {
		return r, nil
	}
	runs, err := duc.ReadTACRuns(root, lang)
	if err != nil {
		return tacResult{}, err
	}
	for _, run := range runs {
		var rs []rouge.Result
		for _, c := range clusters {
			// A topic a run left out scores zero, as an empty summary.
			rs = append(rs, rouge.Evaluate(run.Summaries[c.ID], c.Models, ropt))
		}
		r.runs = append(r.runs, runScore{run.ID, rouge.Average(rs)})
	}
	return r, nil
}

// writePeers writes each cluster's summary to dir/<cluster>.storyline,
// one sentence per line (nothing when dir is empty).
func writePeers(dir string, clusters []duc.Cluster, res summarization.Result) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--peers-out: %w", err)
	}
	for i, c := range clusters {
		p := filepath.Join(dir, c.ID+".storyline")
		if err := os.WriteFile(p, []byte(strings.Join(res.Summaries[i], "\n")+"\n"), 0o644); err != nil {
			return fmt.Errorf("--peers-out: %w", err)
		}
	}
	return nil
}

// printTAC prints the TAC results: with one language the keys of the DUC
// evaluation (plus "systems"), with several one such object per language
// under "languages".
func printTAC(env *Env, all []tacResult, format string, perCluster bool, words int) error {
	if format == "json" {
		obj := func(r tacResult) map[string]any {
			avg := r.res.Mean
			m := map[string]any{
				"rouge1_recall":        avg.N[0].Recall,
				"rouge2_recall":        avg.N[1].Recall,
				"rougesu4_recall":      avg.SU.Recall,
				"rouge1_f":             avg.N[0].F,
				"rouge2_f":             avg.N[1].F,
				"rougesu4_f":           avg.SU.F,
				"citation_precision":   r.res.Citation,
				"restated_pairs":       r.res.Restated,
				"sources_per_sentence": r.res.Sources,
				"clusters":             len(r.clusters),
				"words":                words,
			}
			if r.runs != nil {
				sys := map[string]any{}
				for _, run := range r.runs {
					sys[run.id] = map[string]float64{
						"rouge1_recall":   run.mean.N[0].Recall,
						"rouge2_recall":   run.mean.N[1].Recall,
						"rougesu4_recall": run.mean.SU.Recall,
					}
				}
				m["systems"] = sys
			}
			return m
		}
		if len(all) == 1 {
			return writeJSON(env.Stdout, obj(all[0]))
		}
		langs := map[string]any{}
		for _, r := range all {
			langs[r.lang] = obj(r)
		}
		return writeJSON(env.Stdout, map[string]any{"languages": langs})
	}
	w := env.Stdout
	for _, r := range all {
		avg := r.res.Mean
		fmt.Fprintf(w, "%s: clusters %d, %d words\n", r.lang, len(r.clusters), words)
		if perCluster {
			for i, c := range r.clusters {
				pc := r.res.PerCluster[i]
				fmt.Fprintf(w, "  %s\tR1 %.4f\tR2 %.4f\tSU4 %.4f\tsentences %d\tcitation %.2f\n", c.ID, pc.N[0].Recall, pc.N[1].Recall, pc.SU.Recall, len(r.res.Summaries[i]), r.res.Citations[i])
			}
		}
		fmt.Fprintf(w, "  %-10s R-1 %.4f  R-2 %.4f  R-SU4 %.4f  (recall)  citation precision %.4f  restated pairs %.2f  sources per sentence %.2f\n", "storyline", avg.N[0].Recall, avg.N[1].Recall, avg.SU.Recall, r.res.Citation, r.res.Restated, r.res.Sources)
		for _, run := range r.runs {
			fmt.Fprintf(w, "  %-10s R-1 %.4f  R-2 %.4f  R-SU4 %.4f\n", run.id, run.mean.N[0].Recall, run.mean.N[1].Recall, run.mean.SU.Recall)
		}
	}
	return nil
}

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
