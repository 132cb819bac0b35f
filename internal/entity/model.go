package entity

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Tags, in IOB2: O, then B- and I- for each type.
var tagNames = [...]string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}

const nTags = len(tagNames)

// tagType returns the type index (0..3) of tag k, or -1 for O.
func tagType(k int) int {
	if k == 0 {
		return -1
	}
	return (k - 1) / 2
}

func isInside(k int) bool { return k > 0 && k%2 == 0 }

// allowed reports whether tag cur may follow tag prev in IOB2 (prev < 0 at
// the start of a sentence): I-X only continues B-X or I-X.
func allowed(prev, cur int) bool {
	if !isInside(cur) {
		return true
	}
	return prev > 0 && tagType(prev) == tagType(cur)
}

func tagIndex(tag string) (int, error) {
	for k, n := range tagNames {
		if n == tag {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown tag %q", tag)
}

// Recognizer is a trained named-entity tagger: a first-order averaged
// perceptron over hashed features, decoded with Viterbi. It is safe for
// concurrent use.
type Recognizer struct {
	ids   map[uint64]int32
	w     []float32 // len(ids) rows of nTags
	trans [nTags + 1][nTags]float32
	gz    *gazetteer
	// Kept for Save: the feature strings in id order and the phrases of
	// the trained gazetteer.
	featStrs []string
	phrases  map[string]uint16
	// Info describes how the model was made.
	Info ModelInfo
}

// ModelInfo is the model file's header.
type ModelInfo struct {
	Format   string   `json:"format"`
	Tags     []string `json:"tags"`
	Command  string   `json:"command,omitempty"`
	Epochs   int      `json:"epochs"`
	Features int      `json:"features"`
	Phrases  int      `json:"phrases"`
	Scale    float64  `json:"scale"`
	// Trans holds the quantized transition weights, row nTags being the
	// sentence start.
	Trans [][]int `json:"trans"`
}

const formatName = "storyline-ner-1"

// Save writes the model gzipped. Weights are quantized to integers of
// 1/scale; features whose weights all round to zero are dropped.
func (r *Recognizer) Save(out io.Writer, prune float64) error {
	if r.featStrs == nil {
		return errors.New("entity: model has no feature strings (only trained models can be saved)")
	}
	maxAbs := 0.0
	for _, v := range r.w {
		maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
	}
	for _, row := range r.trans {
		for _, v := range row {
			maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := 2000 / maxAbs // integer step = maxAbs/2000
	q := func(v float32) int { return int(math.Round(float64(v) * scale)) }
	minQ := int(math.Ceil(prune * 2000))
	type row struct {
		feat string
		vals [nTags]int
	}
	var rows []row
	for id, fs := range r.featStrs {
		var rw row
		keep := false
		for k := 0; k < nTags; k++ {
			v := q(r.w[id*nTags+k])
			if abs(v) < minQ {
				v = 0
			}
			rw.vals[k] = v
			if v != 0 {
				keep = true
			}
		}
		if keep {
			rw.feat = fs
			rows = append(rows, rw)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].feat < rows[j].feat })
	info := r.Info
	info.Format = formatName
	info.Tags = tagNames[:]
	info.Features = len(rows)
	info.Phrases = len(r.phrases)
	info.Scale = scale
	info.Trans = make([][]int, nTags+1)
	for i := range r.trans {
		info.Trans[i] = make([]int, nTags)
		for k := range r.trans[i] {
			info.Trans[i][k] = q(r.trans[i][k])
		}
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	hdr, err := json.Marshal(info)
	if err != nil {
		return err
	}
	bw.Write(hdr)
	bw.WriteByte('\n')
	phr := make([]string, 0, len(r.phrases))
	for p := range r.phrases {
		phr = append(phr, p)
	}
	sort.Strings(phr)
	for _, p := range phr {
		fmt.Fprintf(bw, "%s\t%d\n", p, r.phrases[p])
	}
	var line []byte
	for _, rw := range rows {
		line = append(line[:0], rw.feat...)
		line = append(line, '\t')
		first := true
		for k, v := range rw.vals {
			if v == 0 {
				continue
			}
			if !first {
				line = append(line, ' ')
			}
			first = false
			line = strconv.AppendInt(line, int64(k), 10)
			line = append(line, ':')
			line = strconv.AppendInt(line, int64(v), 10)
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// Load reads a model written by Save; name is used in error messages.
func Load(in io.Reader, name string) (*Recognizer, error) {
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("entity: model %s: %w", name, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	line := 0
	bad := func(format string, a ...any) error {
		return fmt.Errorf("entity: model %s:%d: %s", name, line, fmt.Sprintf(format, a...))
	}
	if !sc.Scan() {
		return nil, fmt.Errorf("entity: model %s: empty", name)
	}
	line++
	var info ModelInfo
	if err := json.Unmarshal(sc.Bytes(), &info); err != nil {
		return nil, bad("header: %v", err)
	}
	if info.Format != formatName || len(info.Tags) != nTags || len(info.Trans) != nTags+1 || info.Scale <= 0 {
		return nil, bad("header: not a %s model", formatName)
	}
	for k, t := range info.Tags {
		if t != tagNames[k] {
			return nil, bad("header: tag %d is %q, want %q", k, t, tagNames[k])
		}
	}
	r := &Recognizer{Info: info, ids: make(map[uint64]int32, info.Features), w: make([]float32, 0, info.Features*nTags)}
	inv := float32(1 / info.Scale)
	for i, row := range info.Trans {
		if len(row) != nTags {
			return nil, bad("header: transition row %d has %d values", i, len(row))
		}
		for k, v := range row {
			r.trans[i][k] = float32(v) * inv
		}
	}
	r.gz = newGazetteer()
	for n := 0; n < info.Phrases; n++ {
		if !sc.Scan() {
			return nil, bad("want %d phrases, file ends", info.Phrases)
		}
		line++
		p, bits, ok := strings.Cut(sc.Text(), "\t")
		b, err := strconv.ParseUint(bits, 10, 16)
		if !ok || err != nil {
			return nil, bad("phrase line: want PHRASE<TAB>BITS")
		}
		r.gz.add(p, uint16(b)&gzTrained)
	}
	for sc.Scan() {
		line++
		f, vals, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, bad("feature line: want FEATURE<TAB>TAG:WEIGHT...")
		}
		id := int32(len(r.ids))
		h := hashString(fnvOffset, f)
		if _, dup := r.ids[h]; dup {
			return nil, bad("duplicate feature %q", f)
		}
		r.ids[h] = id
		var row [nTags]float32
		for _, kv := range strings.Fields(vals) {
			ks, vs, ok := strings.Cut(kv, ":")
			k, err1 := strconv.Atoi(ks)
			v, err2 := strconv.Atoi(vs)
			if !ok || err1 != nil || err2 != nil || k < 0 || k >= nTags {
				return nil, bad("weight %q: want TAG:WEIGHT", kv)
			}
			row[k] = float32(v) * inv
		}
		r.w = append(r.w, row[:]...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("entity: model %s: %w", name, err)
	}
	if len(r.ids) != info.Features {
		return nil, fmt.Errorf("entity: model %s: header says %d features, file has %d", name, info.Features, len(r.ids))
	}
	return r, nil
}

//go:embed ner.model.gz
var embedded []byte

var (
	defaultOnce sync.Once
	defaultRec  *Recognizer
	defaultErr  error
)

// Default returns the recognizer shipped in the binary, loaded on first use.
func Default() (*Recognizer, error) {
	defaultOnce.Do(func() {
		defaultRec, defaultErr = Load(bytes.NewReader(embedded), "embedded ner.model.gz")
	})
	return defaultRec, defaultErr
}
