package dedup_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/dedup"
)

const wire = `The central bank raised its main interest rate by a quarter point on Tuesday, citing
persistent inflation in services and a labour market that has stayed tight for longer than
policymakers expected. The decision was unanimous, the bank said in a statement, and the
governor told reporters that further increases could not be ruled out if price pressures
did not ease over the coming months. Markets had largely priced in the move.`

func TestAdd(t *testing.T) {
	other := `Heavy rain flooded several villages in the north of the country overnight, forcing
hundreds of families from their homes as rivers burst their banks. Rescue teams used boats to
reach people stranded on rooftops, and the regional government opened schools as shelters.`
	tests := []struct {
		name string
		text string
		want string
	}{
		{"original", wire, ""},
		{"unrelated", other, ""},
		{"headline edited copy", "Bank lifts rates again\n" + wire, "a0"},
		{"copy with trailing credit", wire + "\nReporting by the wire desk; editing by staff.", "a0"},
		{"too short", "Rates up.", ""},
		{"empty", "", ""},
	}
	ix := dedup.New(dedup.DefaultOptions())
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, j := ix.Add(fmt.Sprintf("a%d", i), tc.text)
			if got != tc.want {
				t.Errorf("Add = %q (J=%.2f), want %q", got, j, tc.want)
			}
		})
	}
}

func TestCopyOfCopyPointsAtRoot(t *testing.T) {
	ix := dedup.New(dedup.DefaultOptions())
	ix.Add("first", wire)
	if got, _ := ix.Add("second", "UPDATE 1\n"+wire); got != "first" {
		t.Fatalf("second: got %q", got)
	}
	if got, _ := ix.Add("third", "UPDATE 2\n"+wire+" More to follow."); got != "first" {
		t.Fatalf("third: got %q, want the root", got)
	}
	// A repeated id keeps its first answer.
	if got, _ := ix.Add("first", "something else entirely, nothing like it"); got != "" {
		t.Fatalf("repeated id: got %q", got)
	}
}

func TestJaccardEstimate(t *testing.T) {
	o := dedup.DefaultOptions()
	o.Shingle = 1
	o.Bands, o.Rows = 64, 4
	var a, b []string
	for i := 0; i < 200; i++ {
		a = append(a, fmt.Sprintf("w%d", i))
		b = append(b, fmt.Sprintf("w%d", i+100)) // 100 shared of 300: J = 1/3
	}
	j := dedup.Jaccard(o.Signature(strings.Join(a, " ")), o.Signature(strings.Join(b, " ")))
	if j < 0.25 || j > 0.42 {
		t.Fatalf("Jaccard estimate %.3f, want about 0.333", j)
	}
}

func TestCapacityForgetsOld(t *testing.T) {
	o := dedup.DefaultOptions()
	o.Capacity = 10
	ix := dedup.New(o)
	ix.Add("old", wire)
	for i := 0; i < 20; i++ {
		ix.Add(fmt.Sprintf("filler%d", i), fmt.Sprintf("filler text number %d with a few more words %d", i, i*7))
	}
	if ix.Len() > o.Capacity {
		t.Fatalf("Len = %d, want <= %d", ix.Len(), o.Capacity)
	}
	if got, _ := ix.Add("new", wire); got != "" {
		t.Fatalf("copy of a forgotten article matched %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	run := func() []string {
		ix := dedup.New(dedup.DefaultOptions())
		var out []string
		for i := 0; i < 30; i++ {
			text := wire
			if i%3 == 0 {
				text = fmt.Sprintf("story %d about topic %d: ", i, i%5) + strings.Repeat(fmt.Sprintf("word%d ", i%5), 10)
			}
			got, _ := ix.Add(fmt.Sprint(i), text)
			out = append(out, got)
		}
		return out
	}
	a, b := run(), run()
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Fatalf("two runs differ:\n%v\n%v", a, b)
	}
}

func FuzzSignature(f *testing.F) {
	f.Add(wire)
	f.Add("")
	f.Add("a b c d e")
	f.Fuzz(func(t *testing.T, s string) {
		o := dedup.DefaultOptions()
		sig := o.Signature(s)
		if sig != nil && len(sig) != o.Bands*o.Rows {
			t.Fatalf("signature length %d", len(sig))
		}
		if sig != nil && dedup.Jaccard(sig, sig) != 1 {
			t.Fatal("self Jaccard != 1")
		}
	})
}

func BenchmarkAdd(b *testing.B) {
	ix := dedup.New(dedup.DefaultOptions())
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix.Add(fmt.Sprint(i), fmt.Sprintf("%d %s", i, wire))
	}
}

// BenchmarkAddSignature times the index alone (signatures made
// beforehand, all different), on a stream long enough to rotate
// generations: run with -benchtime 400000x.
func BenchmarkAddSignature(b *testing.B) {
	o := dedup.DefaultOptions()
	rng := rand.New(rand.NewPCG(1, 2))
	sigs := make([]dedup.Signature, 4096)
	for i := range sigs {
		sigs[i] = make(dedup.Signature, o.Bands*o.Rows)
		for j := range sigs[i] {
			sigs[i][j] = rng.Uint32()
		}
	}
	ix := dedup.New(o)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sig := sigs[i%len(sigs)]
		sig[i%len(sig)] = rng.Uint32() // every signature differs
		ix.AddSignature(strconv.Itoa(i), slices.Clone(sig))
	}
}
