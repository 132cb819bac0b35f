package entity_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/eval/conlleval"
	"github.com/storyline-news/storyline/internal/model"
)

func TestRecognize(t *testing.T) {
	text := "Russian President Vladimir Putin met U.S. Secretary of State John Kerry in Moscow on Thursday, the Kremlin's spokesman Dmitry Peskov said."
	ms, err := entity.Recognize(text)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]model.EntityType{}
	for _, m := range ms {
		if text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q has span %d-%d = %q", m.Text, m.Start, m.End, text[m.Start:m.End])
		}
		got[m.Text] = m.Type
	}
	want := map[string]model.EntityType{
		"Vladimir Putin": model.Person,
		"John Kerry":     model.Person,
		"Dmitry Peskov":  model.Person,
		"Moscow":         model.Place,
		"Kremlin":        model.Place, // CoNLL annotates the Kremlin as LOC; "'s" is split off
	}
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("%q: type %q, want %q (all: %v)", name, got[name], typ, got)
		}
	}
	if _, ok := got["Thursday"]; ok {
		t.Error("Thursday tagged as an entity")
	}
	if ms, err := entity.Recognize(""); err != nil || len(ms) != 0 {
		t.Errorf("empty text: %v, %v", ms, err)
	}
}

func TestTokensSplitsClitics(t *testing.T) {
	var got []string
	for _, tk := range entity.Tokens("Putin's talks don't end") {
		got = append(got, tk.Text)
	}
	if strings.Join(got, " ") != "Putin 's talks do n't end" {
		t.Errorf("Tokens = %q", got)
	}
}

// TestShippedModel scores the embedded model on the first documents of
// the CoNLL-2003 development set (the full set is `storyline eval ner`).
func TestShippedModel(t *testing.T) {
	path := datasets.Require(t, "entities", "conll2003", "eng.testa")
	f := readConll(t, path)
	f.Documents = f.Documents[:40]
	rec, err := entity.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := rec.Score(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first 40 docs of eng.testa: F1 %.4f over %d gold chunks", sc.Total.F1(), sc.Total.Gold)
	if sc.Total.F1() < 0.85 {
		t.Errorf("F1 %.4f on 40 docs of eng.testa, want >= 0.85", sc.Total.F1())
	}
}

func readConll(t testing.TB, path string) *conlleval.File {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := conlleval.Read(fh, path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A small corpus written for the test: the trainer must learn it.
const tinyCorpus = `John B-PER
Smith I-PER
visited O
Paris B-LOC
. O

Mary B-PER
Jones I-PER
works O
for O
Acme B-ORG
Corp I-ORG
in O
London B-LOC
. O

The O
Acme B-ORG
Corp I-ORG
chief O
John B-PER
Smith I-PER
likes O
French B-MISC
wine O
. O

Mary B-PER
left O
London B-LOC
for O
Paris B-LOC
. O
`

func TestTrainSaveLoad(t *testing.T) {
	f, err := conlleval.Read(strings.NewReader(tinyCorpus), "tiny")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := entity.Train(f, entity.TrainOptions{Epochs: 5, MinCount: 1, Folds: 1, Command: "test"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := rec.Score(f)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Total.F1() < 0.99 {
		t.Errorf("training-set F1 %.3f after 5 epochs, want 1", sc.Total.F1())
	}
	var buf bytes.Buffer
	if err := rec.Save(&buf, 0); err != nil {
		t.Fatal(err)
	}
	back, err := entity.Load(bytes.NewReader(buf.Bytes()), "tiny model")
	if err != nil {
		t.Fatal(err)
	}
	if back.Info.Command != "test" || back.Info.Epochs != 5 {
		t.Errorf("header %+v", back.Info)
	}
	doc := entity.Words(f.Documents[0])
	a, b := rec.TagDocument(doc), back.TagDocument(doc)
	for si := range a {
		if strings.Join(a[si], " ") != strings.Join(b[si], " ") {
			t.Errorf("sentence %d: trained %v, reloaded %v", si, a[si], b[si])
		}
	}
	if _, err := entity.Load(strings.NewReader("not gzip"), "junk"); err == nil || !strings.Contains(err.Error(), "junk") {
		t.Errorf("Load(junk) error %v, want one naming the input", err)
	}
}

// TestTrainSlice trains on a slice of eng.train (never the full set in
// tests) and checks the model generalizes to a slice of eng.testa.
func TestTrainSlice(t *testing.T) {
	train := readConll(t, datasets.Require(t, "entities", "conll2003", "eng.train"))
	dev := readConll(t, datasets.Require(t, "entities", "conll2003", "eng.testa"))
	train.Documents = train.Documents[:60]
	dev.Documents = dev.Documents[:20]
	rec, err := entity.Train(train, entity.TrainOptions{Epochs: 3})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := rec.Score(dev)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("60 training docs, 20 dev docs: F1 %.4f", sc.Total.F1())
	if sc.Total.F1() < 0.5 {
		t.Errorf("F1 %.4f, want >= 0.5 from a small slice", sc.Total.F1())
	}
}

func BenchmarkRecognize(b *testing.B) {
	raw, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	rec, err := entity.Default()
	if err != nil {
		b.Fatal(err)
	}
	ntok := len(entity.Tokens(text))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec.Recognize(text)
	}
	b.ReportMetric(float64(ntok*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkLoad(b *testing.B) {
	raw, err := os.ReadFile("ner.model.gz")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := entity.Load(bytes.NewReader(raw), "ner.model.gz"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	tiny, _ := conlleval.Read(strings.NewReader(tinyCorpus), "tiny")
	rec, err := entity.Train(tiny, entity.TrainOptions{Epochs: 1, MinCount: 1, Folds: 1})
	if err != nil {
		f.Fatal(err)
	}
	rec.Save(&buf, 0)
	f.Add(buf.Bytes())
	f.Add([]byte("junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := entity.Load(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		r.TagDocument([][]string{{"John", "Smith", "visited", "Paris"}})
	})
}

func FuzzRecognize(f *testing.F) {
	f.Add("Russian President Vladimir Putin met John Kerry in Moscow.")
	f.Add("“Islamic state” and Jabhat al-Nusra” (banned in Russia)")
	f.Add("(Barack) Obama's \xff\xfe U.S.-led ‘coalition’ — in Kyiv…\n\nMr.")
	rec, err := entity.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := -1
		for _, m := range rec.Recognize(text) {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End || m.Start < prev {
				t.Fatalf("bad span %d-%d (previous end %d) in %d bytes", m.Start, m.End, prev, len(text))
			}
			if text[m.Start:m.End] != m.Text || m.Type == "" {
				t.Fatalf("mention %+v", m)
			}
			prev = m.End
		}
	})
}

// TestRecognizeConcurrent checks the shared recognizer gives the same
// answer from several goroutines (run with -race).
func TestRecognizeConcurrent(t *testing.T) {
	raw, err := os.ReadFile("testdata/news.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := entity.Recognize(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func() {
			got, _ := entity.Recognize(string(raw))
			if len(got) != len(want) {
				errs <- "different mention count"
				return
			}
			for i := range got {
				if got[i] != want[i] {
					errs <- "different mention " + got[i].Text
					return
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 4; g++ {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
	if len(want) < 10 {
		t.Errorf("only %d mentions in testdata/news.txt: %+v", len(want), want)
	}
}
