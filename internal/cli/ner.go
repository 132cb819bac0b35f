package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/eval/conlleval"
)

func init() {
	register(&Command{
		Name:    "train ner",
		Summary: "train the named-entity recognizer on CoNLL-2003 data",
		Usage:   "[--train FILE] [--dev FILE] [--out FILE] [--epochs N]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			train := fs.String("train", "", "training file in CoNLL format (default: entities/conll2003/eng.train in the data folder)")
			dev := fs.String("dev", "", "development file scored after every epoch (optional)")
			out := fs.String("out", "internal/entity/ner.model.gz", "model file to write")
			epochs := fs.Int("epochs", 8, "passes over the training data (the shipped model: 8)")
			minCount := fs.Int("min-count", 2, "drop features seen fewer times")
			prune := fs.Float64("prune", 0.002, "drop weights below this share of the largest weight")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return fmt.Errorf("%w: unexpected argument %q", ErrUsage, args[0])
				}
				if *train == "" {
					p, err := datasets.Path("entities", "conll2003", "eng.train")
					if err != nil {
						return fmt.Errorf("--train not given and %w", err)
					}
					*train = p
				}
				tf, err := readConll(*train)
				if err != nil {
					return err
				}
				var df *conlleval.File
				if *dev != "" {
					if df, err = readConll(*dev); err != nil {
						return err
					}
				}
				cmd := fmt.Sprintf("storyline train ner --train %s --epochs %d --min-count %d --prune %g", filepath.Base(*train), *epochs, *minCount, *prune)
				rec, err := entity.Train(tf, entity.TrainOptions{Epochs: *epochs, MinCount: *minCount, Dev: df, Progress: env.Stderr, Command: cmd})
				if err != nil {
					return err
				}
				f, err := os.Create(*out)
				if err != nil {
					return fmt.Errorf("--out: %w", err)
				}
				if err := rec.Save(f, *prune); err != nil {
					f.Close()
					return fmt.Errorf("--out %s: %w", *out, err)
				}
				if err := f.Close(); err != nil {
					return fmt.Errorf("--out %s: %w", *out, err)
				}
				st, _ := os.Stat(*out)
				fmt.Fprintf(env.Stderr, "wrote %s (%d bytes)\n", *out, st.Size())
				return nil
			}
		},
	})
	register(&Command{
		Name:    "eval ner",
		Summary: "tag a CoNLL file with the shipped recognizer and score it (conlleval)",
		Usage:   "[--predictions OUT] [--format text|json] [--model FILE] FILE",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			preds := fs.String("predictions", "", "write the file back with the predicted tag as last column")
			format := fs.String("format", "text", "output format: text or json")
			modelPath := fs.String("model", "", "model file (default: the one built into the binary)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) != 1 {
					return fmt.Errorf("%w: want one CoNLL file", ErrUsage)
				}
				rec, err := loadRecognizer(*modelPath)
				if err != nil {
					return err
				}
				f, err := readConll(args[0])
				if err != nil {
					return err
				}
				start := time.Now()
				sc := conlleval.NewScorer()
				tagged := make([][][]string, len(f.Documents))
				for di, d := range f.Documents {
					if err := ctx.Err(); err != nil {
						return err
					}
					tagged[di] = rec.TagDocument(entity.Words(d))
				}
				elapsed := time.Since(start)
				iob1 := conlleval.IsIOB1(f)
				for di, d := range f.Documents {
					for si, s := range d.Sentences {
						gold := make([]string, len(s))
						for i, t := range s {
							gold[i] = t.Tag()
						}
						if iob1 {
							tagged[di][si] = conlleval.ToIOB1(tagged[di][si])
						}
						if err := sc.Add(gold, tagged[di][si]); err != nil {
							return err
						}
					}
				}
				if *preds != "" {
					if err := writePredictions(*preds, f, tagged); err != nil {
						return err
					}
				}
				tps := float64(f.Tokens()) / elapsed.Seconds()
				return printNERScore(env, *format, args[0], sc, tps)
			}
		},
	})
}

func readConll(path string) (*conlleval.File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return conlleval.Read(bufio.NewReaderSize(fh, 1<<16), path)
}

func loadRecognizer(path string) (*entity.Recognizer, error) {
	if path == "" {
		return entity.Default()
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	defer fh.Close()
	return entity.Load(fh, path)
}

func writePredictions(path string, f *conlleval.File, tagged [][][]string) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--predictions: %w", err)
	}
	w := bufio.NewWriter(out)
	for di, d := range f.Documents {
		if d.Start != nil {
			fmt.Fprintf(w, "%s O\n\n", strings.Join(d.Start, " "))
		}
		for si, s := range d.Sentences {
			for i, t := range s {
				fmt.Fprintf(w, "%s %s\n", strings.Join(t.Fields, " "), tagged[di][si][i])
			}
			w.WriteString("\n")
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return fmt.Errorf("--predictions %s: %w", path, err)
	}
	return out.Close()
}

type nerTypeScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Gold      int     `json:"gold"`
	Guessed   int     `json:"guessed"`
	Correct   int     `json:"correct"`
}

func printNERScore(env *Env, format, name string, sc *conlleval.Scorer, tps float64) error {
	per := map[string]nerTypeScore{}
	for _, t := range sc.Types() {
		c := sc.ByType[t]
		per[t] = nerTypeScore{c.Precision(), c.Recall(), c.F1(), c.Gold, c.Guessed, c.Correct}
	}
	if format == "json" {
		return writeJSON(env.Stdout, map[string]any{
			"file":              name,
			"precision":         sc.Total.Precision(),
			"recall":            sc.Total.Recall(),
			"f1":                sc.Total.F1(),
			"accuracy":          sc.Accuracy(),
			"tokens":            sc.Tokens,
			"per_type":          per,
			"tokens_per_second": tps,
		})
	}
	fmt.Fprintf(env.Stdout, "%s: %d tokens, %d phrases; found %d; correct %d\n", name, sc.Tokens, sc.Total.Gold, sc.Total.Guessed, sc.Total.Correct)
	fmt.Fprintf(env.Stdout, "accuracy %6.2f%%; precision %6.2f%%; recall %6.2f%%; FB1 %6.2f\n", 100*sc.Accuracy(), 100*sc.Total.Precision(), 100*sc.Total.Recall(), 100*sc.Total.F1())
	for _, t := range sc.Types() {
		s := per[t]
		fmt.Fprintf(env.Stdout, "%17s: precision %6.2f%%; recall %6.2f%%; FB1 %6.2f  %d\n", t, 100*s.Precision, 100*s.Recall, 100*s.F1, s.Guessed)
	}
	fmt.Fprintf(env.Stdout, "tagging speed: %.0f tokens/s\n", tps)
	return nil
}
