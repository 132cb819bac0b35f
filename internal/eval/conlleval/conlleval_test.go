package conlleval_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/eval/conlleval"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestChunks(t *testing.T) {
	tests := []struct {
		name string
		tags string
		want []conlleval.Chunk
	}{
		{"iob2", "B-PER I-PER O B-LOC", []conlleval.Chunk{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{"iob1 adjacent same type split by B", "I-PER I-PER B-PER O I-LOC", []conlleval.Chunk{{0, 2, "PER"}, {2, 3, "PER"}, {4, 5, "LOC"}}},
		{"type change opens a chunk", "I-ORG I-MISC", []conlleval.Chunk{{0, 1, "ORG"}, {1, 2, "MISC"}}},
		{"B after B", "B-PER B-PER", []conlleval.Chunk{{0, 1, "PER"}, {1, 2, "PER"}}},
		{"stray I after O", "O I-LOC I-LOC", []conlleval.Chunk{{1, 3, "LOC"}}},
		{"iobes", "S-PER B-LOC E-LOC", []conlleval.Chunk{{0, 1, "PER"}, {1, 3, "LOC"}}},
		{"chunk at end", "O B-ORG I-ORG", []conlleval.Chunk{{1, 3, "ORG"}}},
		{"all O", "O O", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := conlleval.Chunks(strings.Fields(tc.tags))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Chunks(%s) = %v, want %v", tc.tags, got, tc.want)
			}
		})
	}
}

func TestSchemeConversion(t *testing.T) {
	iob1 := strings.Fields("I-PER I-PER B-PER O I-LOC I-ORG")
	iob2 := strings.Fields("B-PER I-PER B-PER O B-LOC B-ORG")
	if got := conlleval.ToIOB2(iob1); !reflect.DeepEqual(got, iob2) {
		t.Errorf("ToIOB2 = %v, want %v", got, iob2)
	}
	if got := conlleval.ToIOB1(iob2); !reflect.DeepEqual(got, iob1) {
		t.Errorf("ToIOB1 = %v, want %v", got, iob1)
	}
}

// The expected figures below follow conlleval.pl's definition by hand:
// a chunk is correct when the gold and guessed chunks start and end at the
// same tokens with the same type.
func TestScorer(t *testing.T) {
	type sent struct{ gold, guess string }
	tests := []struct {
		name                 string
		sents                []sent
		correct, gold, guess int
		p, r, f, acc         float64
		perType              map[string][3]int // correct, gold, guessed
	}{
		{
			name: "IOB1 gold against IOB2 guess",
			sents: []sent{{
				gold:  "I-PER I-PER B-PER O I-LOC I-MISC",
				guess: "B-PER I-PER B-PER O B-ORG I-MISC",
			}},
			correct: 3, gold: 4, guess: 4, p: 0.75, r: 0.75, f: 0.75, acc: 4.0 / 6,
			perType: map[string][3]int{"PER": {2, 2, 2}, "LOC": {0, 1, 0}, "ORG": {0, 0, 1}, "MISC": {1, 1, 1}},
		},
		{
			name:    "one IOB1 chunk guessed as two",
			sents:   []sent{{gold: "I-PER I-PER", guess: "B-PER B-PER"}},
			correct: 0, gold: 1, guess: 2, p: 0, r: 0, f: 0, acc: 0,
		},
		{
			name: "sentence boundary ends a chunk",
			sents: []sent{
				{gold: "O I-LOC", guess: "O I-LOC"},
				{gold: "I-LOC O", guess: "I-LOC O"},
			},
			correct: 2, gold: 2, guess: 2, p: 1, r: 1, f: 1, acc: 1,
		},
		{
			name:    "boundary error",
			sents:   []sent{{gold: "B-ORG I-ORG I-ORG O", guess: "B-ORG I-ORG O O"}},
			correct: 0, gold: 1, guess: 1, p: 0, r: 0, f: 0, acc: 0.75,
		},
		{
			name:    "half right",
			sents:   []sent{{gold: "B-PER O B-LOC O", guess: "B-PER O O B-LOC"}},
			correct: 1, gold: 2, guess: 2, p: 0.5, r: 0.5, f: 0.5, acc: 0.5,
		},
		{
			name:    "precision and recall differ",
			sents:   []sent{{gold: "B-PER O B-LOC B-ORG", guess: "B-PER O O O"}},
			correct: 1, gold: 3, guess: 1, p: 1, r: 1.0 / 3, f: 0.5, acc: 0.5,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := conlleval.NewScorer()
			for _, x := range tc.sents {
				if err := s.Add(strings.Fields(x.gold), strings.Fields(x.guess)); err != nil {
					t.Fatal(err)
				}
			}
			c := s.Total
			if c.Correct != tc.correct || c.Gold != tc.gold || c.Guessed != tc.guess {
				t.Errorf("counts %+v, want correct %d gold %d guessed %d", c, tc.correct, tc.gold, tc.guess)
			}
			if !near(c.Precision(), tc.p) || !near(c.Recall(), tc.r) || !near(c.F1(), tc.f) {
				t.Errorf("P/R/F %.4f/%.4f/%.4f, want %.4f/%.4f/%.4f", c.Precision(), c.Recall(), c.F1(), tc.p, tc.r, tc.f)
			}
			if !near(s.Accuracy(), tc.acc) {
				t.Errorf("accuracy %.4f, want %.4f", s.Accuracy(), tc.acc)
			}
			for typ, want := range tc.perType {
				got := s.ByType[typ]
				if got == nil {
					got = &conlleval.Counts{}
				}
				if [3]int{got.Correct, got.Gold, got.Guessed} != want {
					t.Errorf("%s: %+v, want correct/gold/guessed %v", typ, *got, want)
				}
			}
		})
	}
	if err := conlleval.NewScorer().Add([]string{"O"}, nil); err == nil {
		t.Error("Add with unequal lengths: want an error")
	}
}

func TestRead(t *testing.T) {
	in := "-DOCSTART- -X- -X- O\r\n\r\nEU NNP I-NP I-ORG\r\nrejects VBZ I-VP O\r\n\r\nPeter NNP I-NP I-PER\r\n" +
		"-DOCSTART- -X- -X- O\r\n\r\nBONN NNP I-NP I-LOC\r\n"
	f, err := conlleval.Read(strings.NewReader(in), "x.conll")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Documents) != 2 || len(f.Documents[0].Sentences) != 2 || f.Tokens() != 4 || f.Columns != 4 {
		t.Fatalf("got %d docs, %d tokens, %d columns; want 2 docs (2 and 1 sentences), 4 tokens, 4 columns", len(f.Documents), f.Tokens(), f.Columns)
	}
	tok := f.Documents[0].Sentences[0][0]
	if tok.Word() != "EU" || tok.Tag() != "I-ORG" || tok.Line != 3 {
		t.Errorf("first token %+v", tok)
	}
	if strings.Join(f.Documents[1].Start, " ") != "-DOCSTART- -X- -X- O" {
		t.Errorf("second document Start = %q", f.Documents[1].Start)
	}
	if !conlleval.IsIOB1(f) {
		t.Error("IsIOB1 = false for an IOB1 file")
	}
	f2, err := conlleval.Read(strings.NewReader("EU B-ORG\nrejects O\n"), "y")
	if err != nil || conlleval.IsIOB1(f2) || f2.Documents[0].Start != nil {
		t.Errorf("two-column IOB2 file: IsIOB1 true or error %v", err)
	}

	bad := []struct {
		name, in, want string
	}{
		{"wrong column count", "EU NNP I-NP I-ORG\nrejects VBZ O\n", "bad.conll:2: want 4 columns"},
		{"one column", "EU\n", "bad.conll:1: want at least 2 columns"},
		{"bad tag", "EU NNP I-NP ORG\n", `bad.conll:1: tag "ORG"`},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := conlleval.Read(strings.NewReader(tc.in), "bad.conll")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, conlleval.ErrFormat) {
				t.Errorf("error %v, want one containing %q and wrapping ErrFormat", err, tc.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add("EU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP B-PER\n")
	f.Add("-DOCSTART- -X- O\r\n\r\na b O\r\n")
	f.Add("x I-LOC\ny B-LOC\n")
	f.Fuzz(func(t *testing.T, in string) {
		file, err := conlleval.Read(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		s := conlleval.NewScorer()
		for _, d := range file.Documents {
			for _, sent := range d.Sentences {
				if len(sent) == 0 {
					t.Fatal("empty sentence kept")
				}
				tags := make([]string, len(sent))
				for i, tok := range sent {
					if len(tok.Fields) != file.Columns {
						t.Fatalf("line %d has %d columns, file %d", tok.Line, len(tok.Fields), file.Columns)
					}
					tags[i] = tok.Tag()
				}
				// Converting between schemes keeps the chunks.
				if !reflect.DeepEqual(conlleval.Chunks(conlleval.ToIOB1(tags)), conlleval.Chunks(conlleval.ToIOB2(tags))) {
					t.Fatalf("IOB1 and IOB2 chunks differ for %v", tags)
				}
				if err := s.Add(tags, tags); err != nil {
					t.Fatal(err)
				}
			}
		}
		if s.Total.Correct != s.Total.Gold || s.Total.Gold != s.Total.Guessed {
			t.Fatalf("self-score not perfect: %+v", s.Total)
		}
	})
}
