package timeml_test

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/timeml"
	"github.com/storyline-news/storyline/internal/timex"
)

const sample = `<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Stocks <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> &amp; rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07" temporalFunction="true" functionInDocument="NONE">Wednesday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P5Y" functionInDocument="NONE">five years</TIMEX3>.
</TEXT>
</TimeML>
`

func TestParse(t *testing.T) {
	d, err := timeml.Parse("x.tml", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.DCT.Format("2006-01-02"); got != "1998-01-08" {
		t.Errorf("DCT = %s", got)
	}
	if !strings.Contains(d.Text, "Stocks fell & rose Wednesday after five years.") {
		t.Errorf("Text = %q", d.Text)
	}
	if len(d.Timexes) != 2 {
		t.Fatalf("Timexes = %+v, want 2", d.Timexes)
	}
	for _, x := range d.Timexes {
		if d.Text[x.Start:x.End] != x.Text {
			t.Errorf("%+v: span holds %q", x, d.Text[x.Start:x.End])
		}
	}
	if x := d.Timexes[1]; x.Text != "five years" || x.Value != "P5Y" || x.Type != "DURATION" {
		t.Errorf("second = %+v", x)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"unclosed", "<TimeML>\n<TEXT>\nabc <TIMEX3 tid=\"t1\">x</TEXT>\n</TimeML>", "bad.tml:3"},
		{"no text", "<TimeML><DOCID>1</DOCID></TimeML>", "no TEXT element"},
		{"garbage", "<TimeML>\n\n<TEXT>a &bogus; b</TEXT></TimeML>", "bad.tml:3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := timeml.Parse("bad.tml", []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.tml") {
				t.Errorf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	gold := []timeml.Timex{
		{Start: 0, End: 10, Value: "1998-01-07", Type: "DATE"},   // strict, value ok
		{Start: 20, End: 30, Value: "P5Y", Type: "DURATION"},     // relaxed only, value wrong
		{Start: 40, End: 45, Value: "PRESENT_REF", Type: "DATE"}, // missed
	}
	sys := []timeml.Timex{
		{Start: 0, End: 10, Value: "1998-01-07", Type: "DATE"},
		{Start: 25, End: 35, Value: "P4Y", Type: "DURATION"},
		{Start: 50, End: 55, Value: "1998", Type: "DATE"}, // spurious
	}
	c := timeml.Count(timeml.Align(gold, sys))
	if c.Gold != 3 || c.System != 3 || c.Strict != 1 || c.Relaxed != 2 || c.Value != 1 || c.Type != 2 {
		t.Fatalf("counts = %+v", c)
	}
	m := c.Metrics()
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	// Relaxed P = R = 2/3; value accuracy 1/2; value F1 = 1/2 × 2/3.
	if !near(m.StrictF1, 1.0/3) || !near(m.RelaxedF1, 2.0/3) || !near(m.ValueF1, 1.0/3) || !near(m.TypeF1, 2.0/3) {
		t.Errorf("metrics = %+v", m)
	}
}

func TestAlignOneToOne(t *testing.T) {
	gold := []timeml.Timex{{Start: 0, End: 20}}
	sys := []timeml.Timex{{Start: 0, End: 5}, {Start: 6, End: 20}}
	c := timeml.Count(timeml.Align(gold, sys))
	if c.Relaxed != 1 || c.System != 2 {
		t.Errorf("counts = %+v: one gold expression matches one system expression", c)
	}
}

func tag(text string, dct time.Time) []timeml.Timex {
	var out []timeml.Timex
	for _, r := range timex.Tag(text, dct) {
		out = append(out, timeml.Timex{Start: r.Start, End: r.End, Text: r.Text, Value: r.Value, Type: r.Type})
	}
	return out
}

// TestTBAQFloor runs the tagger on a fixed subset of TBAQ-cleaned (the
// first 30 TimeBank files and the first 10 AQUAINT files in name order)
// and asserts the scores measured when it was written, minus a margin.
func TestTBAQFloor(t *testing.T) {
	dir := datasets.Require(t, "entities", "tempeval3", "TBAQ-cleaned")
	tb, err := timeml.Files(filepath.Join(dir, "TimeBank"))
	if err != nil {
		t.Fatal(err)
	}
	aq, err := timeml.Files(filepath.Join(dir, "AQUAINT"))
	if err != nil {
		t.Fatal(err)
	}
	files := append(tb[:min(30, len(tb))], aq[:min(10, len(aq))]...)
	res, err := timeml.Evaluate(files, tag, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files: strict F1 %.4f relaxed F1 %.4f value F1 %.4f type F1 %.4f", res.Files, res.StrictF1, res.RelaxedF1, res.ValueF1, res.TypeF1)
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"strict_f1", res.StrictF1, strictFloor},
		{"relaxed_f1", res.RelaxedF1, relaxedFloor},
		{"value_f1", res.ValueF1, valueFloor},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s = %.4f, below the floor %.4f", f.name, f.got, f.floor)
		}
	}
}

// Floors: measured on the subset, minus 0.02.
const (
	strictFloor  = 0.89
	relaxedFloor = 0.94
	valueFloor   = 0.82
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("<TimeML><TEXT>a <TIMEX3 tid=\"t1\">b<TIMEX3>c</TIMEX3></TIMEX3></TEXT></TimeML>"))
	f.Add([]byte("<TEXT></TEXT>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := timeml.Parse("fuzz.tml", data)
		if err != nil {
			return
		}
		for _, x := range d.Timexes {
			if x.Start < 0 || x.End > len(d.Text) || x.Start > x.End || d.Text[x.Start:x.End] != x.Text {
				t.Fatalf("bad timex %+v in %d bytes", x, len(d.Text))
			}
		}
	})
}
