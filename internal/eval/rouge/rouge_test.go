package rouge_test

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/rouge"
)

func TestPorterStem(t *testing.T) {
	// Cases from Porter's paper and the reference vocabulary, plus the
	// -ement change ROUGE-1.5.5 makes in step 4.
	cases := map[string]string{
		"caresses": "caress", "ponies": "poni", "ties": "ti", "cats": "cat",
		"feed": "feed", "agreed": "agre", "plastered": "plaster", "motoring": "motor",
		"sing": "sing", "conflated": "conflat", "troubled": "troubl", "sized": "size",
		"hopping": "hop", "falling": "fall", "filing": "file", "happy": "happi",
		"relational": "relat", "conditional": "condit", "rational": "ration",
		"digitizer": "digit", "operator": "oper", "feudalism": "feudal",
		"triplicate": "triplic", "formative": "form", "electrical": "electr",
		"revival": "reviv", "allowance": "allow", "adjustment": "adjust",
		"adoption": "adopt", "controll": "control", "roll": "roll",
		"generalizations": "gener", "oscillators": "oscil", "replacement": "replac",
		"government": "govern", "yelling": "yell", "archaeology": "archaeolog",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			if got := rouge.PorterStem(in); got != want {
				t.Errorf("PorterStem(%q) = %q, want %q", in, got, want)
			}
		})
	}
}

func TestEvaluateSmall(t *testing.T) {
	o := rouge.Options{MaxN: 2, SkipBigrams: true, Skip: 4, SkipUnigrams: true}
	peer := []string{"the cat was found under the bed"}
	model := [][]string{{"the cat was under the bed"}}
	r := rouge.Evaluate(peer, model, o)
	// 6 model unigrams, all in the peer; 5 model bigrams, 4 in the peer.
	if r.N[0].Recall != 1 || math.Abs(r.N[0].Precision-0.85714) > 1e-9 {
		t.Errorf("ROUGE-1 = %+v", r.N[0])
	}
	if r.N[1].Recall != 0.8 {
		t.Errorf("ROUGE-2 recall = %v, want 0.8", r.N[1].Recall)
	}
	if r.L.Recall != 1 {
		t.Errorf("ROUGE-L recall = %v, want 1", r.L.Recall)
	}
	if r.SU.Recall <= 0 || r.SU.Recall > 1 {
		t.Errorf("ROUGE-SU4 recall = %v", r.SU.Recall)
	}
	// Word limit: only the first three words of the peer and of the
	// reference count, as in ROUGE-1.5.5.
	o.WordLimit = 3
	r = rouge.Evaluate([]string{"a cat was found"}, [][]string{{"the cat was under"}}, o)
	if math.Abs(r.N[0].Recall-0.66667) > 1e-9 || math.Abs(r.N[0].Precision-0.66667) > 1e-9 {
		t.Errorf("ROUGE-1 with -l 3 = %+v", r.N[0])
	}
}

// expected reads sumrepo-rouge155-expected.tsv: setting -> system -> scores.
func expected(t *testing.T, path string) map[string]map[string][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string][]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "setting") || l == "" {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) != 12 || c[1] != "dev" {
			continue
		}
		var v []float64
		for _, s := range c[3:] {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", path, l, err)
			}
			v = append(v, x)
		}
		if out[c[0]] == nil {
			out[c[0]] = map[string][]float64{}
		}
		out[c[0]][c[2]] = v
	}
	return out
}

// TestReproduceROUGE155 scores the 13 SumRepo systems on the DUC 2004 dev
// clusters and compares with ROUGE-1.5.5's own output, for the 100-word
// (A) and 665-byte (B) settings.
func TestReproduceROUGE155(t *testing.T) {
	dir := datasets.Require(t, "summarization", "duc2004-task2")
	want := expected(t, filepath.Join(dir, "sumrepo-rouge155-expected.tsv"))
	if len(want["A"]) != 13 || len(want["B"]) != 13 {
		t.Fatalf("expected 13 systems per setting, got %d and %d", len(want["A"]), len(want["B"]))
	}
	models := map[string][][]string{}
	mfiles, _ := filepath.Glob(filepath.Join(dir, "models", "*"))
	sort.Strings(mfiles)
	for _, p := range mfiles {
		cl := strings.SplitN(filepath.Base(p), ".", 2)[0]
		lines, err := rouge.ReadLines(p)
		if err != nil {
			t.Fatal(err)
		}
		models[cl] = append(models[cl], lines)
	}
	clusters := make([]string, 0, len(models))
	for c := range models {
		clusters = append(clusters, c)
	}
	sort.Strings(clusters)
	settings := map[string]rouge.Options{"A": rouge.DUC2004(), "B": rouge.DUC2004()}
	b := settings["B"]
	b.WordLimit, b.ByteLimit = 0, 665
	settings["B"] = b
	for set, opt := range settings {
		for sys, exp := range want[set] {
			t.Run(set+"/"+sys, func(t *testing.T) {
				var rs []rouge.Result
				for _, cl := range clusters {
					peer, err := rouge.ReadLines(filepath.Join(dir, "sumrepo-peers", cl+"."+sys))
					if err != nil {
						t.Fatal(err)
					}
					rs = append(rs, rouge.Evaluate(peer, models[cl], opt))
				}
				avg := rouge.Average(rs)
				got := []float64{avg.N[0].Recall, avg.N[1].Recall, avg.N[3].Recall, avg.L.Recall, avg.SU.Recall,
					avg.N[0].F, avg.N[1].F, avg.L.F, avg.SU.F}
				names := []string{"R1_R", "R2_R", "R4_R", "RL_R", "RSU4_R", "R1_F", "R2_F", "RL_F", "RSU4_F"}
				for i := range got {
					if d := math.Abs(got[i]*100 - exp[i]); d > 0.1 {
						t.Errorf("%s %s: got %.2f, ROUGE-1.5.5 %.2f", sys, names[i], got[i]*100, exp[i])
					} else if testing.Verbose() && d > 0.05 {
						t.Logf("%s %s: got %.3f, ROUGE-1.5.5 %.2f", sys, names[i], got[i]*100, exp[i])
					}
				}
			})
		}
	}
}

// TestReproduceTAC2011 scores the official TAC 2011 MultiLing runs of
// every language with the official settings against all of the topic's
// references and compares with the published averages (recall of
// ROUGE-1, ROUGE-2, ROUGE-SU4). ROUGE-1.5.5 keeps only ASCII letters and
// digits, so the published Arabic, Greek, Hebrew and Hindi figures count
// numbers and Latin-script words alone, and they are reproduced only with
// that handling (Options.Unicode false).
func TestReproduceTAC2011(t *testing.T) {
	dir := datasets.Require(t, "summarization", "tac2011-multiling")
	for _, lang := range []string{"Arabic", "Czech", "English", "French", "Greek", "Hebrew", "Hindi"} {
		// The published figures are means of ROUGE's 1000 bootstrap
		// samples, this package's the exact mean: on Arabic and Hebrew,
		// where few tokens survive ROUGE's ASCII handling, they differ by
		// up to 0.004.
		tol := 0.001
		if lang == "Arabic" || lang == "Hebrew" {
			tol = 0.005
		}
		t.Run(lang, func(t *testing.T) {
			pub := map[string]map[string]float64{} // run -> metric -> recall
			for _, m := range []string{"1", "2", "SU4"} {
				p := filepath.Join(dir, "published-evaluation", "AutomaticEvaluation", "ROUGE", "Averages", strings.ToUpper(lang)+"_ROUGE-"+m+".csv")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range strings.Split(string(b), "\n")[1:] {
					c := strings.Split(strings.TrimSpace(l), ",")
					if len(c) != 4 {
						continue
					}
					run := strings.SplitN(c[0], "_", 2)[0]
					v, err := strconv.ParseFloat(c[1], 64)
					if err != nil {
						t.Fatalf("%s: %q: %v", p, l, err)
					}
					if pub[run] == nil {
						pub[run] = map[string]float64{}
					}
					pub[run][m] = v
				}
			}
			if len(pub) < 7 {
				t.Fatalf("got %d published runs, want at least 7", len(pub))
			}
			for run, want := range pub {
				t.Run(run, func(t *testing.T) {
					var rs []rouge.Result
					for topic := 0; topic < 10; topic++ {
						id := "M00" + strconv.Itoa(topic)
						peer, err := rouge.ReadLines(filepath.Join(dir, "system-submissions", run, lang, id))
						if err != nil {
							t.Fatal(err)
						}
						paths, err := filepath.Glob(filepath.Join(dir, "model-summaries", lang, id+".*.250"))
						if err != nil || len(paths) < 2 {
							t.Fatalf("%s %s: %d references (%v)", lang, id, len(paths), err)
						}
						var models [][]string
						for _, p := range paths {
							m, err := rouge.ReadLines(p)
							if err != nil {
								t.Fatal(err)
							}
							models = append(models, m)
						}
						rs = append(rs, rouge.Evaluate(peer, models, rouge.TAC2011()))
					}
					avg := rouge.Average(rs)
					got := map[string]float64{"1": avg.N[0].Recall, "2": avg.N[1].Recall, "SU4": avg.SU.Recall}
					for m, w := range want {
						if d := math.Abs(got[m] - w); d > tol {
							t.Errorf("ROUGE-%s recall %.5f, published %.5f", m, got[m], w)
						}
					}
				})
			}
		})
	}
}

// TestUnicodeTokens checks Options.Unicode: words of any script count,
// accented Latin words stay whole, and ASCII text scores as without it.
func TestUnicodeTokens(t *testing.T) {
	o := rouge.TAC2011()
	tests := []struct {
		name        string
		peer, model string
		ascii, uni  float64 // ROUGE-1 recall
	}{
		{"greek", "Ο σεισμός της Σουμάτρα", "ο σεισμός ταρακούνησε τη Σουμάτρα", 0, 3.0 / 5},
		{"accents", "le séisme du 26 décembre", "un séisme le 26 décembre", 6.0 / 7, 4.0 / 5},
		{"devanagari marks stay in the word", "भूकंप ऊर्जा", "भूकंप", 0, 1},
		{"ascii unchanged", "The quake hit Sumatra.", "A quake hit Sumatra on Sunday", 3.0 / 6, 3.0 / 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := rouge.Evaluate([]string{tt.peer}, [][]string{{tt.model}}, o)
			u := o
			u.Unicode = true
			b := rouge.Evaluate([]string{tt.peer}, [][]string{{tt.model}}, u)
			if math.Abs(a.N[0].Recall-tt.ascii) > 1e-5 || math.Abs(b.N[0].Recall-tt.uni) > 1e-5 { // scores are rounded to 6 places, as ROUGE prints them
				t.Errorf("ROUGE-1 recall ASCII %.4f (want %.4f), Unicode %.4f (want %.4f)", a.N[0].Recall, tt.ascii, b.N[0].Recall, tt.uni)
			}
		})
	}
}

// FuzzEvaluate feeds arbitrary summaries through the text handling (limits,
// tokenization, stemming) and checks the scores stay fractions.
func FuzzEvaluate(f *testing.F) {
	f.Add("The cat sat.\n  On the mat -- twice!", "a cat sat on a mat", 3, 0)
	f.Add("ÄÖ\t\x00 - -", "x", 0, 5)
	f.Fuzz(func(t *testing.T, peer, model string, words, bytes int) {
		o := rouge.DUC2004()
		o.WordLimit, o.ByteLimit = 0, 0
		if words > 0 {
			o.WordLimit = words % 200
		} else if bytes > 0 {
			o.ByteLimit = bytes % 1000
		}
		r := rouge.Evaluate(strings.Split(peer, "\n"), [][]string{strings.Split(model, "\n")}, o)
		for _, s := range append(r.N, r.L, r.SU) {
			if s.Recall < 0 || s.Recall > 1 || s.Precision < 0 || s.Precision > 1 || math.IsNaN(s.F) {
				t.Fatalf("score out of range: %+v", s)
			}
		}
	})
}

func BenchmarkEvaluate(b *testing.B) {
	dir := datasets.Require(b, "summarization", "duc2004-task2")
	peer, err := rouge.ReadLines(filepath.Join(dir, "sumrepo-peers", "d30001.ICSISumm"))
	if err != nil {
		b.Fatal(err)
	}
	var models [][]string
	for _, a := range []string{"a", "b", "c", "d"} {
		m, err := rouge.ReadLines(filepath.Join(dir, "models", "d30001.m.100.t."+a))
		if err != nil {
			b.Fatal(err)
		}
		models = append(models, m)
	}
	o := rouge.DUC2004()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rouge.Evaluate(peer, models, o)
	}
}
