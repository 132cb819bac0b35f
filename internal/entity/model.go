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
	// next is the second stage, which sees this stage's tags.
	next *Recognizer
	// shared is set on a second stage whose feature ids are those of the
	// first (its ids map is the first stage's), so the first stage's
	// feature lookups serve both.
	shared bool
	// Kept for Save: the feature strings in id order and the phrases of
	// the trained gazetteer.
	featStrs []string
	phrases  map[string]uint16
	// Info describes how the model was made.
	Info ModelInfo
}

// ModelInfo is a header of the model file, one per stage.
type ModelInfo struct {
	Format   string   `json:"format"`
	Tags     []string `json:"tags"`
	Command  string   `json:"command,omitempty"`
	Epochs   int      `json:"epochs"`
	Stages   int      `json:"stages"`
	Features int      `json:"features"`
	Phrases  int      `json:"phrases"`
	// Lowercase counts the words whose lower-case frequency class follows
	// the phrases ("word<TAB>class").
	Lowercase int     `json:"lowercase"`
	Scale     float64 `json:"scale"`
	// Trans holds the quantized transition weights, row nTags being the
	// sentence start.
	Trans [][]int `json:"trans"`
}

const formatName = "storyline-ner-1"

// File layout (gzip, text): the stage-1 header (JSON, one line), the
// gazetteer phrases ("phrase<TAB>bits"), the stage-1 features
// ("feature<TAB>tag:weight ..."), then for a two-stage model the stage-2
// header and features. Weights are integers of 1/scale.

// Save writes the model gzipped. Weights are quantized to 1/2000 of the
// largest; weights below prune times the largest are dropped, and so are
// features left without weights.
func (r *Recognizer) Save(out io.Writer, prune float64) error {
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	stages := 1
	if r.next != nil {
		stages = 2
	}
	for st, m := range []*Recognizer{r, r.next}[:stages] {
		if err := m.writeStage(bw, prune, stages, st == 0); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func (r *Recognizer) writeStage(bw *bufio.Writer, prune float64, stages int, first bool) error {
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
	scale := 2000 / maxAbs
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
	info.Stages = stages
	info.Features = len(rows)
	info.Phrases = 0
	if first {
		info.Phrases = len(r.phrases)
		info.Lowercase = len(r.gz.lower)
	}
	info.Scale = scale
	info.Trans = make([][]int, nTags+1)
	for i := range r.trans {
		info.Trans[i] = make([]int, nTags)
		for k := range r.trans[i] {
			info.Trans[i][k] = q(r.trans[i][k])
		}
	}
	hdr, err := json.Marshal(info)
	if err != nil {
		return err
	}
	bw.Write(hdr)
	bw.WriteByte('\n')
	if first {
		phr := make([]string, 0, len(r.phrases))
		for p := range r.phrases {
			phr = append(phr, p)
		}
		sort.Strings(phr)
		for _, p := range phr {
			fmt.Fprintf(bw, "%s\t%d\n", p, r.phrases[p])
		}
		lw := make([]string, 0, len(r.gz.lower))
		for w := range r.gz.lower {
			lw = append(lw, w)
		}
		sort.Strings(lw)
		for _, w := range lw {
			fmt.Fprintf(bw, "%s\t%d\n", w, r.gz.lower[w])
		}
	}
	var line []byte
	for _, rw := range rows {
		line = append(line[:0], rw.feat...)
		line = append(line, '\t')
		sep := false
		for k, v := range rw.vals {
			if v == 0 {
				continue
			}
			if sep {
				line = append(line, ' ')
			}
			sep = true
			line = strconv.AppendInt(line, int64(k), 10)
			line = append(line, ':')
			line = strconv.AppendInt(line, int64(v), 10)
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	return nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// modelReader reads the lines of a model file.
type modelReader struct {
	sc   *bufio.Scanner
	name string
	line int
}

func (m *modelReader) errorf(format string, a ...any) error {
	return fmt.Errorf("entity: model %s:%d: %s", m.name, m.line, fmt.Sprintf(format, a...))
}

func (m *modelReader) next() (string, bool) {
	if !m.sc.Scan() {
		return "", false
	}
	m.line++
	return m.sc.Text(), true
}

// readStage reads a header and its features (and phrases, which only
// the first stage has) into a new Recognizer sharing gz.
func (m *modelReader) readStage(gz *gazetteer) (*Recognizer, error) {
	text, ok := m.next()
	if !ok {
		return nil, m.errorf("want a header, file ends")
	}
	var info ModelInfo
	if err := json.Unmarshal([]byte(text), &info); err != nil {
		return nil, m.errorf("header: %v", err)
	}
	if info.Format != formatName || len(info.Tags) != nTags || len(info.Trans) != nTags+1 || info.Scale <= 0 || info.Features < 0 || info.Phrases < 0 || info.Lowercase < 0 || info.Stages < 1 || info.Stages > 2 {
		return nil, m.errorf("header: not a %s model", formatName)
	}
	for k, t := range info.Tags {
		if t != tagNames[k] {
			return nil, m.errorf("header: tag %d is %q, want %q", k, t, tagNames[k])
		}
	}
	r := &Recognizer{Info: info, gz: gz, ids: make(map[uint64]int32, min(info.Features, 1<<22)), w: make([]float32, 0, min(info.Features, 1<<22)*nTags)}
	inv := float32(1 / info.Scale)
	for i, row := range info.Trans {
		if len(row) != nTags {
			return nil, m.errorf("header: transition row %d has %d values", i, len(row))
		}
		for k, v := range row {
			r.trans[i][k] = float32(v) * inv
		}
	}
	for n := 0; n < info.Phrases; n++ {
		text, ok := m.next()
		if !ok {
			return nil, m.errorf("want %d phrases, file ends", info.Phrases)
		}
		p, bits, ok := strings.Cut(text, "\t")
		b, err := strconv.ParseUint(bits, 10, 16)
		if !ok || err != nil {
			return nil, m.errorf("phrase line: want PHRASE<TAB>BITS")
		}
		gz.add(p, uint16(b)&gzTrained)
	}
	for n := 0; n < info.Lowercase; n++ {
		text, ok := m.next()
		if !ok {
			return nil, m.errorf("want %d lower-case words, file ends", info.Lowercase)
		}
		w, c, ok := strings.Cut(text, "\t")
		b, err := strconv.ParseUint(c, 10, 2)
		if !ok || err != nil {
			return nil, m.errorf("lower-case word line: want WORD<TAB>CLASS (0-3)")
		}
		gz.lower[w] = uint8(b)
	}
	for n := 0; n < info.Features; n++ {
		text, ok := m.next()
		if !ok {
			return nil, m.errorf("want %d features, file ends", info.Features)
		}
		f, vals, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, m.errorf("feature line: want FEATURE<TAB>TAG:WEIGHT...")
		}
		h := hashString(fnvOffset, f)
		if _, dup := r.ids[h]; dup {
			return nil, m.errorf("duplicate feature %q", f)
		}
		r.ids[h] = int32(len(r.ids))
		var row [nTags]float32
		for _, kv := range strings.Fields(vals) {
			ks, vs, ok := strings.Cut(kv, ":")
			k, err1 := strconv.Atoi(ks)
			v, err2 := strconv.Atoi(vs)
			if !ok || err1 != nil || err2 != nil || k < 0 || k >= nTags {
				return nil, m.errorf("weight %q: want TAG:WEIGHT", kv)
			}
			row[k] = float32(v) * inv
		}
		r.w = append(r.w, row[:]...)
	}
	return r, nil
}

// Load reads a model written by Save; name is used in error messages.
func Load(in io.Reader, name string) (*Recognizer, error) {
	zr, err := gzip.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("entity: model %s: %w", name, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	m := &modelReader{sc: sc, name: name}
	gz := newGazetteer()
	r, err := m.readStage(gz)
	if err != nil {
		return nil, err
	}
	if r.Info.Stages == 2 {
		if r.next, err = m.readStage(gz); err != nil {
			return nil, err
		}
		r.shareIDs()
	}
	if _, more := m.next(); more {
		return nil, m.errorf("unexpected data after the last stage")
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("entity: model %s: %w", name, err)
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

// shareIDs renumbers the second stage's features into the first stage's id
// space (adding the ids only the second stage knows), so that a token's
// features are hashed and looked up once for both stages.
func (r *Recognizer) shareIDs() {
	r2 := r.next
	if r2 == nil || r2.shared {
		return
	}
	remap := make([]int32, len(r2.w)/nTags)
	for h, id2 := range r2.ids {
		id, ok := r.ids[h]
		if !ok {
			id = int32(len(r.ids))
			r.ids[h] = id
		}
		remap[id2] = id
	}
	w := make([]float32, len(r.ids)*nTags)
	var strs []string
	if r2.featStrs != nil {
		strs = make([]string, len(r.ids))
	}
	for id2, id := range remap {
		copy(w[int(id)*nTags:int(id)*nTags+nTags], r2.w[id2*nTags:id2*nTags+nTags])
		if strs != nil {
			strs[id] = r2.featStrs[id2]
		}
	}
	r2.w, r2.featStrs, r2.ids, r2.shared = w, strs, r.ids, true
}
