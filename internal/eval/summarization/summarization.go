// Package summarization runs the summarizer of package tell over DUC or
// TAC clusters and scores it with the ROUGE-1.5.5 reimplementation, so
// that option variants can be compared on the tuning sets (DUC 2003, TAC
// 2011) in one process.
package summarization

import (
	"context"
	"fmt"
	"go/format"
	"math"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/eval/duc"
	"github.com/storyline-news/storyline/internal/eval/rouge"
	"github.com/storyline-news/storyline/internal/tell"
)

// Result is the mean ROUGE recall of a run over clusters (fractions, not
// percentages) and the mean citation precision.
type Result struct {
	R1       float64 `json:"rouge1_recall"`
	R2       float64 `json:"rouge2_recall"`
	RL       float64 `json:"rougel_recall"`
	SU4      float64 `json:"rougesu4_recall"`
	Citation float64 `json:"citation_precision"`
	// Restated is the mean number of pairs of sentences in a summary
	// that say the same thing (tell.RestatedPairs); Sources is the mean
	// number of documents a summary sentence cites.
	Restated float64 `json:"restated_pairs"`
	Sources  float64 `json:"sources_per_sentence"`
	Clusters int     `json:"clusters"`
	// Mean is the ROUGE result averaged over clusters (recall, precision
	// and F of every measure).
	Mean rouge.Result `json:"-"`
	// Summaries holds each cluster's summary, one sentence a line.
	Summaries [][]string `json:"-"`
	// PerCluster holds each cluster's ROUGE result.
	PerCluster []rouge.Result `json:"-"`
	// Citations holds each cluster's citation precision.
	Citations []float64 `json:"-"`
	// RestatedPairs and SourcesPerSentence hold each cluster's figures
	// behind Restated and Sources.
	RestatedPairs      []int     `json:"-"`
	SourcesPerSentence []float64 `json:"-"`
}

// Docs converts a cluster to the summarizer's input.
func Docs(c duc.Cluster) []tell.Doc {
	docs := make([]tell.Doc, len(c.Docs))
	for j, d := range c.Docs {
		docs[j] = tell.Doc{ID: d.ID, Title: d.Title, Sentences: duc.Sentences(d), Published: d.Date}
	}
	return docs
}

// Run summarizes every cluster with o (on GOMAXPROCS goroutines) and
// scores the summaries against the cluster's models with ropt. When
// o.IDFPower is set without o.IDF, the IDF table is computed over all the
// documents of clusters. It stops starting clusters once ctx is done and
// then returns ctx's error.
func Run(ctx context.Context, clusters []duc.Cluster, o tell.Options, ropt rouge.Options) (Result, error) {
	if o.IDFPower != 0 && o.IDF == nil {
		var coll [][]string
		for _, c := range clusters {
			for _, d := range c.Docs {
				coll = append(coll, duc.Sentences(d))
			}
		}
		o.IDF = tell.IDF(o.Language, coll)
	}
	res := Result{
		Clusters:   len(clusters),
		Summaries:  make([][]string, len(clusters)),
		PerCluster: make([]rouge.Result, len(clusters)),
		Citations:  make([]float64, len(clusters)),

		RestatedPairs:      make([]int, len(clusters)),
		SourcesPerSentence: make([]float64, len(clusters)),
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range clusters {
		if err := ctx.Err(); err != nil {
			wg.Wait()
			return Result{}, err
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			docs := Docs(clusters[i])
			sum := tell.Summarize(docs, o)
			lines := make([]string, len(sum))
			cites := 0
			for j, s := range sum {
				lines[j] = s.Text
				cites += len(s.Articles)
			}
			res.RestatedPairs[i] = tell.RestatedPairs(o.Language, lines, o.Support)
			res.SourcesPerSentence[i] = float64(cites) / float64(max(1, len(sum)))
			res.Summaries[i] = lines
			res.PerCluster[i] = rouge.Evaluate(lines, clusters[i].Models, ropt)
			res.Citations[i] = tell.CitationPrecision(sum, docs, o.Language, 0)
		}(i)
	}
	wg.Wait()
	res.Mean = rouge.Average(res.PerCluster)
	res.R1, res.R2, res.RL, res.SU4 = res.Mean.N[0].Recall, res.Mean.N[1].Recall, res.Mean.L.Recall, res.Mean.SU.Recall
	for _, c := range res.Citations {
		res.Citation += c
	}
	res.Citation /= float64(max(1, len(res.Citations)))
	for i := range clusters {
		res.Restated += float64(res.RestatedPairs[i])
		res.Sources += res.SourcesPerSentence[i]
	}
	res.Restated /= float64(max(1, len(clusters)))
	res.Sources /= float64(max(1, len(clusters)))
	return res, nil
}

// StopRatios learns tell.Options.StopRates from clusters: each stop
// word's rate in the reference summaries over its rate in the documents
// (see tell.StopRatios; smooth 2).
func StopRatios(clusters []duc.Cluster, lang string) map[string]float64 {
	docC, refC := map[string]float64{}, map[string]float64{}
	var docN, refN float64
	for _, c := range clusters {
		for _, d := range c.Docs {
			docN += tell.StopCounts(lang, duc.Sentences(d), docC)
		}
		for _, m := range c.Models {
			refN += tell.StopCounts(lang, m, refC)
		}
	}
	return tell.StopRatios(docC, docN, refC, refN, 2)
}

// StopRatesSource renders rates as the Go source of tell's built-in
// English stop-word rates (ratios rounded to two decimals, words sorted),
// naming the command that generated it.
func StopRatesSource(rates map[string]float64, command string) []byte {
	words := make([]string, 0, len(rates))
	for w := range rates {
		words = append(words, w)
	}
	sort.Strings(words)
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by %s; DO NOT EDIT.\n\n", command)
	b.WriteString("package tell\n\n")
	b.WriteString("// stopRatesEN is the rate of each stemmed English stop word in the\n")
	b.WriteString("// reference summaries of DUC 2003 task 2 over its rate in the documents\n")
	b.WriteString("// they summarize (smoothed; see StopRatios), the default\n")
	b.WriteString("// Options.StopRates for English.\n")
	b.WriteString("var stopRatesEN = map[string]float64{\n")
	for _, w := range words {
		fmt.Fprintf(&b, "\t%q: %s,\n", w, strconv.FormatFloat(math.Round(rates[w]*100)/100, 'f', -1, 64))
	}
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return []byte(b.String())
	}
	return src
}

// Paired compares two runs over the same clusters: how many clusters
// the second raised or lowered in ROUGE-1 recall, and the mean
// differences of ROUGE-1 and ROUGE-2 recall with their standard errors.
type Paired struct {
	Wins, Losses  int
	R1Diff, R1Err float64
	R2Diff, R2Err float64
}

// Compare pairs b with a cluster by cluster (both from Run on the same
// clusters).
func Compare(a, b Result) Paired {
	var p Paired
	n := min(len(a.PerCluster), len(b.PerCluster))
	if n == 0 {
		return p
	}
	d1 := make([]float64, n)
	d2 := make([]float64, n)
	for i := 0; i < n; i++ {
		d1[i] = b.PerCluster[i].N[0].Recall - a.PerCluster[i].N[0].Recall
		d2[i] = b.PerCluster[i].N[1].Recall - a.PerCluster[i].N[1].Recall
		switch {
		case d1[i] > 1e-9:
			p.Wins++
		case d1[i] < -1e-9:
			p.Losses++
		}
	}
	p.R1Diff, p.R1Err = meanErr(d1)
	p.R2Diff, p.R2Err = meanErr(d2)
	return p
}

func meanErr(x []float64) (float64, float64) {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	if len(x) < 2 {
		return m, 0
	}
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return m, math.Sqrt(ss/float64(len(x)-1)) / math.Sqrt(float64(len(x)))
}

// SetOptions applies a variant written as comma-separated Field=value
// pairs naming exported fields of tell.Options ("Unigram=0.75,
// UnigramCap=3"; Compress takes rule names joined by '+'). An empty spec
// or "default" changes nothing.
func SetOptions(o *tell.Options, spec string) error {
	spec = strings.TrimSpace(spec)
	if spec == "" || spec == "default" {
		return nil
	}
	v := reflect.ValueOf(o).Elem()
	for _, kv := range strings.Split(spec, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return fmt.Errorf("summarization: variant %q: %q is not Field=value", spec, kv)
		}
		if name == "Compress" {
			c, err := tell.ParseCompression(strings.ReplaceAll(val, "+", ","))
			if err != nil {
				return fmt.Errorf("summarization: variant %q: %w", spec, err)
			}
			o.Compress = c
			continue
		}
		f := v.FieldByName(name)
		if !f.IsValid() || !f.CanSet() {
			return fmt.Errorf("summarization: variant %q: tell.Options has no field %q", spec, name)
		}
		var err error
		switch f.Kind() {
		case reflect.Bool:
			var b bool
			b, err = strconv.ParseBool(val)
			f.SetBool(b)
		case reflect.Int, reflect.Int64, reflect.Int32:
			var n int64
			n, err = strconv.ParseInt(val, 10, 64)
			f.SetInt(n)
		case reflect.Float64:
			var x float64
			x, err = strconv.ParseFloat(val, 64)
			f.SetFloat(x)
		case reflect.String:
			f.SetString(val)
		default:
			return fmt.Errorf("summarization: variant %q: field %q of kind %s cannot be set", spec, name, f.Kind())
		}
		if err != nil {
			return fmt.Errorf("summarization: variant %q: field %s: %w", spec, name, err)
		}
	}
	return nil
}
