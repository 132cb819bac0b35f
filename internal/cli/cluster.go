package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/clustering"
)

func init() {
	register(&Command{
		Name:    "eval cluster",
		Summary: "replay a labelled JSON Lines file online and score the stories (B-cubed, pairwise F1)",
		Usage:   "[--model FILE] [--assignments OUT] [--shuffle SEED] [--format text|json] FILE.jsonl",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output format: text or json")
			assignments := fs.String("assignments", "", "write article_id<TAB>story_id lines to this file")
			modelPath := fs.String("model", "", "model file (default: the one built in)")
			shuffle := fs.Uint64("shuffle", 0, "shuffle the file's lines with this seed before replaying (0: file order); articles published at the same time (or undated) then come in a random order, not in the file's, which may be sorted by event")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) != 1 {
					return fmt.Errorf("%w: want one FILE.jsonl, got %d arguments", ErrUsage, len(args))
				}
				m, err := loadClusterModel(*modelPath)
				if err != nil {
					return err
				}
				arts, err := readClusterFile(args[0])
				if err != nil {
					return err
				}
				if *shuffle != 0 {
					r := rand.New(rand.NewPCG(*shuffle, *shuffle))
					r.Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
				}
				res := clustering.Run(arts, m, cluster.DefaultOptions())
				if *assignments != "" {
					if err := writeAssignments(*assignments, res.Assignments); err != nil {
						return err
					}
				}
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"file":                args[0],
						"articles":            res.Articles,
						"events":              res.Events,
						"bcubed_precision":    res.BCubed.Precision,
						"bcubed_recall":       res.BCubed.Recall,
						"bcubed_f1":           res.BCubed.F1,
						"pairwise_precision":  res.Pairwise.Precision,
						"pairwise_recall":     res.Pairwise.Recall,
						"pairwise_f1":         res.Pairwise.F1,
						"stories":             res.Stories,
						"storylines":          res.Storylines,
						"duplicates":          res.Duplicates,
						"articles_per_second": res.ArticlesPerSecond,
					})
				}
				fmt.Fprintf(env.Stdout, "%s: %d articles, %d events -> %d stories, %d storylines, %d near-duplicates\n",
					args[0], res.Articles, res.Events, res.Stories, res.Storylines, res.Duplicates)
				fmt.Fprintf(env.Stdout, "B-cubed   P %.4f  R %.4f  F1 %.4f\n", res.BCubed.Precision, res.BCubed.Recall, res.BCubed.F1)
				fmt.Fprintf(env.Stdout, "pairwise  P %.4f  R %.4f  F1 %.4f\n", res.Pairwise.Precision, res.Pairwise.Recall, res.Pairwise.F1)
				fmt.Fprintf(env.Stdout, "speed     %.0f articles/s\n", res.ArticlesPerSecond)
				return nil
			}
		},
	})
	register(&Command{
		Name:    "eval pairs",
		Summary: "score same-story judgments on article pairs (TGNews/Toloka TSV) with pairwise F1",
		Usage:   "[--model FILE] [--lang CODE] [--format text|json] FILE.tsv",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output format: text or json")
			lang := fs.String("lang", "", "language of the pool (default: identified per article)")
			mode := fs.String("mode", "threads", "threads: replay the pool and compare stories; pair: decide each pair alone")
			modelPath := fs.String("model", "", "model file (default: the one built in)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) != 1 {
					return fmt.Errorf("%w: want one FILE.tsv, got %d arguments", ErrUsage, len(args))
				}
				m, err := loadClusterModel(*modelPath)
				if err != nil {
					return err
				}
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				pairs, err := clustering.ReadPairs(f, args[0])
				f.Close()
				if err != nil {
					return err
				}
				o := cluster.DefaultOptions()
				switch *mode {
				case "threads":
				case "pair":
					o.PairMode = true
				default:
					return fmt.Errorf("%w: --mode %q: want threads or pair", ErrUsage, *mode)
				}
				res := clustering.ScorePairs(pairs, *lang, m, o)
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"file": args[0], "pairs": res.Pairs, "positive": res.Positive, "articles": res.Articles,
						"precision": res.Precision, "recall": res.Recall, "f1": res.F1,
					})
				}
				fmt.Fprintf(env.Stdout, "%s: %d pairs (%d same story), %d articles\n", args[0], res.Pairs, res.Positive, res.Articles)
				fmt.Fprintf(env.Stdout, "pairwise  P %.4f  R %.4f  F1 %.4f\n", res.Precision, res.Recall, res.F1)
				return nil
			}
		},
	})
	register(&Command{
		Name:    "bench cluster",
		Summary: "stream N synthetic articles (recombined real sentences) through dedup and grouping; report speed, latency, memory",
		Usage:   "[--n N] [--workers K] [--seed S] [--format text|json] [FILE.jsonl...]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			n := fs.Int("n", 1000000, "number of articles to stream")
			workers := fs.Int("workers", runtime.GOMAXPROCS(0), "analysis goroutines")
			seed := fs.Uint64("seed", 1, "generator seed")
			format := fs.String("format", "text", "output format: text or json")
			cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if *cpuprofile != "" {
					f, err := os.Create(*cpuprofile)
					if err != nil {
						return err
					}
					defer f.Close()
					if err := pprof.StartCPUProfile(f); err != nil {
						return err
					}
					defer pprof.StopCPUProfile()
				}
				if *n < 1 {
					return fmt.Errorf("%w: --n %d: want at least 1", ErrUsage, *n)
				}
				if len(args) == 0 {
					dir, err := datasets.Path("clustering", "storyline-jsonl")
					if err != nil {
						return fmt.Errorf("no sentence source given and %w", err)
					}
					args, _ = filepath.Glob(filepath.Join(dir, "*.jsonl"))
				}
				var arts []clustering.Article
				for _, p := range args {
					a, err := readClusterFile(p)
					if err != nil {
						return err
					}
					arts = append(arts, a...)
				}
				g, err := clustering.NewGenerator(arts, *seed)
				if err != nil {
					return err
				}
				var cps []int
				for _, k := range []int{10000, 100000, 250000, 500000, 1000000} {
					if k < *n {
						cps = append(cps, k)
					}
				}
				cps = append(cps, *n)
				var points []clustering.BenchPoint
				err = clustering.Bench(ctx, g, *n, *workers, cluster.DefaultModel(), cluster.DefaultOptions(), cps, func(p clustering.BenchPoint) {
					points = append(points, p)
					if *format == "text" {
						fmt.Fprintf(env.Stdout, "%9d articles  %7.0f articles/s  p50 %.3f ms  p99 %.3f ms  peak heap %.0f MB  sys %.0f MB  cpu %.3f ms/article  %d stories  %d copies  digest %s\n",
							p.Articles, p.ArticlesPerSecond, p.P50ms, p.P99ms, p.PeakHeapMB, p.SysMB, p.CPUmsPerArticle, p.Stories, p.Duplicates, p.Digest)
					}
				})
				if err != nil {
					return err
				}
				if *format == "json" {
					last := points[len(points)-1]
					return writeJSON(env.Stdout, map[string]any{
						"articles": last.Articles, "articles_per_second": last.ArticlesPerSecond,
						"p50_ms": last.P50ms, "p99_ms": last.P99ms, "peak_heap_mb": last.PeakHeapMB, "cpu_ms_per_article": last.CPUmsPerArticle,
						"workers": *workers, "checkpoints": points,
					})
				}
				return nil
			}
		},
	})
	register(&Command{
		Name:    "train cluster",
		Summary: "learn the grouping model (weights, threshold, window) from labelled JSON Lines files",
		Usage:   "[--out FILE] [--folds K] FILE.jsonl...",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			out := fs.String("out", filepath.Join("internal", "cluster", "model.json"), "where to write the model")
			folds := fs.Int("folds", 3, "event folds for the cross-validation report (0: none)")
			l2 := fs.Float64("l2", 1, "ridge penalty of the logistic regression")
			search := fs.Int("search", 1, "coordinate-ascent passes refining weights for B-cubed F1 (0: regression only)")
			hard := fs.Int("hard", 2, "refit on the gold story and this many most similar wrong stories per article (0: all candidates)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return fmt.Errorf("%w: want at least one FILE.jsonl", ErrUsage)
				}
				o := cluster.DefaultOptions()
				var sets []*clustering.Prepared
				for _, p := range args {
					arts, err := readClusterFile(p)
					if err != nil {
						return err
					}
					sets = append(sets, clustering.Prepare(filepath.Base(p), arts, o))
				}
				m, rep, err := clustering.Train(ctx, sets, o, clustering.TrainOptions{L2: *l2, Folds: *folds, Search: *search, HardNegatives: *hard})
				if err != nil {
					return err
				}
				names := make([]string, 0, len(args))
				for _, p := range args {
					names = append(names, filepath.Base(p))
				}
				m.TrainedOn = names
				m.Command = fmt.Sprintf("storyline train cluster --folds %d --l2 %g --search %d --hard %d %s", *folds, *l2, *search, *hard, strings.Join(names, " "))
				m.Metrics = map[string]float64{}
				for k, v := range rep.InSample {
					m.Metrics["bcubed_f1_in_sample/"+k] = round4(v)
				}
				for k, v := range rep.CrossSet {
					m.Metrics["bcubed_f1_other_sets_only/"+k] = round4(v)
				}
				for k, v := range rep.CrossFold {
					m.Metrics[fmt.Sprintf("bcubed_f1_%d_fold_by_event/%s", *folds, k)] = round4(v)
				}
				if err := m.Save(*out); err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "%d examples (%d positive); window %.0f days, threshold %.3f\n", rep.Examples, rep.Positives, m.WindowDays, m.Threshold)
				for i, f := range cluster.FeatureNames {
					fmt.Fprintf(env.Stdout, "  %-14s %+.4f\n", f, m.Weights[i])
				}
				keys := make([]string, 0, len(m.Metrics))
				for k := range m.Metrics {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					fmt.Fprintf(env.Stdout, "%-50s %.4f\n", k, m.Metrics[k])
				}
				// The figure that says whether the model generalizes: each
				// file replayed with a model trained on the other files only.
				if len(rep.CrossSet) > 0 {
					sum := 0.0
					fmt.Fprintf(env.Stdout, "out-of-sample (trained on the other files only) B-cubed F1:")
					for _, k := range names {
						fmt.Fprintf(env.Stdout, " %s %.4f", k, rep.CrossSet[k])
						sum += rep.CrossSet[k]
					}
					fmt.Fprintf(env.Stdout, " (mean %.4f)\n", sum/float64(len(names)))
				}
				fmt.Fprintf(env.Stdout, "wrote %s\n", *out)
				return nil
			}
		},
	})
}

func round4(v float64) float64 { return float64(int64(v*10000+0.5)) / 10000 }

func loadClusterModel(path string) (cluster.Model, error) {
	if path == "" {
		return cluster.DefaultModel(), nil
	}
	return cluster.LoadModel(path)
}

func readClusterFile(path string) ([]clustering.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return clustering.ReadJSONL(f, path)
}

func writeAssignments(path string, as []clustering.Assigned) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--assignments: %w", err)
	}
	w := bufio.NewWriter(f)
	for _, a := range as {
		fmt.Fprintf(w, "%s\t%s\n", a.Article, a.Story)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("--assignments: %w", err)
	}
	return f.Close()
}
