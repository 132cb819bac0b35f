package entity

import (
	"fmt"
	"io"
	"math/rand"
	"strings"
	"time"
	"unicode"

	"github.com/storyline-news/storyline/internal/eval/conlleval"
)

// TrainOptions tune Train.
type TrainOptions struct {
	// Epochs over the training data (default 10).
	Epochs int
	// MinCount drops features seen fewer times in training (default 2).
	MinCount int
	// Folds is how many parts the training documents are cut into so that
	// each part's gazetteer features come from the other parts' names, as
	// they will for unseen text (default 5; 1 turns it off).
	Folds int
	// Dev, when set, is tagged after every epoch and its F1 reported.
	Dev *conlleval.File
	// Progress receives one line per epoch (nil: silent).
	Progress io.Writer
	// Seed for the sentence order (default 1).
	Seed int64
	// Stages is 2 (default) for a second pass that sees the first pass's
	// tags across the document, or 1.
	Stages int
	// StackFolds is how many parts the training documents are cut into to
	// give the second stage first-stage tags from models that did not see
	// them (default 4).
	StackFolds int
	// Command is recorded in the model header.
	Command string
}

// Words returns a conlleval document as sentences of words.
func Words(d conlleval.Document) [][]string {
	out := make([][]string, len(d.Sentences))
	for si, s := range d.Sentences {
		out[si] = make([]string, len(s))
		for i, t := range s {
			out[si][i] = t.Word()
		}
	}
	return out
}

// goldTags returns a sentence's gold tags in IOB2.
func goldTags(s conlleval.Sentence) []string {
	tags := make([]string, len(s))
	for i, t := range s {
		tags[i] = t.Tag()
	}
	return conlleval.ToIOB2(tags)
}

type trainSent struct {
	feats [][]int32 // per token
	gold  []int
}

// Train fits a recognizer on a CoNLL file (any tag scheme; tags other than
// PER, LOC, ORG and MISC are an error).
func Train(train *conlleval.File, opt TrainOptions) (*Recognizer, error) {
	if opt.Stages == 0 {
		opt.Stages = 2
	}
	if opt.StackFolds <= 1 {
		opt.StackFolds = 4
	}
	logf := func(format string, a ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, format+"\n", a...)
		}
	}
	score := func(r *Recognizer) (float64, error) {
		s, err := r.Score(opt.Dev)
		if err != nil {
			return 0, err
		}
		return s.Total.F1(), nil
	}
	if opt.Dev == nil {
		score = nil
	}
	logf("stage 1")
	r1, err := trainStage(train, opt, nil, score)
	if err != nil || opt.Stages == 1 {
		return r1, err
	}
	// First-stage tags for the training documents, each from a model
	// trained without its document.
	docs := train.Documents
	stage1 := make([][][]int, len(docs))
	k := min(opt.StackFolds, len(docs))
	quiet := opt
	quiet.Progress = nil
	for fold := 0; fold < k; fold++ {
		sub := &conlleval.File{Name: train.Name, Columns: train.Columns}
		for di, d := range docs {
			if di%k != fold {
				sub.Documents = append(sub.Documents, d)
			}
		}
		if len(sub.Documents) == 0 {
			sub.Documents = docs
		}
		rk, err := trainStage(sub, quiet, nil, nil)
		if err != nil {
			return nil, err
		}
		for di, d := range docs {
			if di%k == fold {
				stage1[di] = rk.tagPrepared(prepare(Words(d), rk.gz), false)
			}
		}
		logf("stage 1 on fold %d/%d done", fold+1, k)
	}
	logf("stage 2")
	var score2 func(*Recognizer) (float64, error)
	if score != nil {
		score2 = func(r2 *Recognizer) (float64, error) {
			r1.next = r2
			defer func() { r1.next = nil }()
			return score(r1)
		}
	}
	r2, err := trainStage(train, opt, stage1, score2)
	if err != nil {
		return nil, err
	}
	r2.gz, r2.phrases = r1.gz, nil
	r1.next = r2
	r1.shareIDs()
	return r1, nil
}

// trainStage trains one stage; stage1 holds first-stage tags per document
// when training the second stage.
func trainStage(train *conlleval.File, opt TrainOptions, stage1 [][][]int, devF1 func(*Recognizer) (float64, error)) (*Recognizer, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	if opt.Folds <= 0 {
		opt.Folds = 5
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	logf := func(format string, a ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, format+"\n", a...)
		}
	}
	start := time.Now()
	docs := train.Documents
	if len(docs) == 0 {
		return nil, fmt.Errorf("entity: train %s: no sentences", train.Name)
	}
	// Gazetteer phrases per fold.
	foldPhrases := make([]map[string]uint16, opt.Folds)
	for k := range foldPhrases {
		foldPhrases[k] = map[string]uint16{}
	}
	all := map[string]uint16{}
	golds := make([][][]int, len(docs))
	typeBit := map[string]uint16{"PER": gzPER, "LOC": gzLOC, "ORG": gzORG, "MISC": gzMISC}
	for di, d := range docs {
		golds[di] = make([][]int, len(d.Sentences))
		for si, s := range d.Sentences {
			tags := goldTags(s)
			g := make([]int, len(tags))
			for i, t := range tags {
				k, err := tagIndex(t)
				if err != nil {
					return nil, fmt.Errorf("entity: train %s:%d: %v", train.Name, s[i].Line, err)
				}
				g[i] = k
			}
			golds[di][si] = g
			for _, c := range conlleval.Chunks(tags) {
				words := make([]string, 0, c.End-c.Start)
				for i := c.Start; i < c.End; i++ {
					words = append(words, strings.ToLower(s[i].Word()))
				}
				p := strings.Join(words, " ")
				foldPhrases[di%opt.Folds][p] |= typeBit[c.Type]
				all[p] |= typeBit[c.Type]
			}
		}
	}
	// How often each word is written in lower case (not a label: every
	// fold may use all of it).
	lowerCount := map[string]int{}
	for _, d := range docs {
		for _, s := range d.Sentences {
			for _, t := range s {
				w := t.Word()
				if w == strings.ToLower(w) && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
					lowerCount[w]++
				}
			}
		}
	}
	lower := map[string]uint8{}
	for w, n := range lowerCount {
		lower[w] = countBucket(n)
	}
	foldGz := make([]*gazetteer, opt.Folds)
	for k := range foldGz {
		g := newGazetteer()
		for j, ph := range foldPhrases {
			if j == k && opt.Folds > 1 {
				continue
			}
			for p, b := range ph {
				g.add(p, b)
			}
		}
		g.lower = lower
		foldGz[k] = g
	}
	// Features, interned.
	ids := map[uint64]int32{}
	var strs []string
	var counts []int32
	f := &featurizer{}
	var sents []trainSent
	for di, d := range docs {
		p := prepare(Words(d), foldGz[di%opt.Folds])
		if stage1 != nil {
			p.stage1 = stage1[di]
			p.agg = aggregate(p)
		}
		for si, s := range p.sents {
			ts := trainSent{gold: golds[di][si], feats: make([][]int32, len(s))}
			for i := range s {
				f.out = f.out[:0]
				f.keep = true
				f.strs = f.strs[:0]
				f.features(s, i, p.caps[si], p.gz[si], p.dc)
				if stage1 != nil {
					f.stage2(p, si, i)
				}
				row := make([]int32, len(f.out))
				for j, h := range f.out {
					id, ok := ids[h]
					if !ok {
						id = int32(len(strs))
						ids[h] = id
						strs = append(strs, f.strs[j])
						counts = append(counts, 0)
					}
					counts[id]++
					row[j] = id
				}
				ts.feats[i] = row
			}
			sents = append(sents, ts)
		}
	}
	// Prune rare features and renumber.
	remap := make([]int32, len(strs))
	var kept []string
	for id, c := range counts {
		if int(c) >= opt.MinCount {
			remap[id] = int32(len(kept))
			kept = append(kept, strs[id])
		} else {
			remap[id] = -1
		}
	}
	for _, ts := range sents {
		for i, row := range ts.feats {
			out := row[:0]
			for _, id := range row {
				if n := remap[id]; n >= 0 {
					out = append(out, n)
				}
			}
			ts.feats[i] = out
		}
	}
	logf("features: %d seen, %d kept (count >= %d); %d sentences; %s", len(strs), len(kept), opt.MinCount, len(sents), time.Since(start).Round(time.Millisecond))
	nf := len(kept)
	w := make([]float32, nf*nTags)
	u := make([]float64, nf*nTags) // sum of c*delta, for averaging
	var tw [nTags + 1][nTags]float32
	var tu [nTags + 1][nTags]float64
	c := 1.0
	rng := rand.New(rand.NewSource(opt.Seed))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var em []float32
	var pred []int
	rec := &Recognizer{featStrs: kept, phrases: all, Info: ModelInfo{Command: opt.Command}}
	rec.gz = newGazetteer()
	rec.gz.lower = lower
	for p, b := range all {
		rec.gz.add(p, b)
	}
	rec.ids = make(map[uint64]int32, nf)
	for id, s := range kept {
		rec.ids[hashString(fnvOffset, s)] = int32(id)
	}
	average := func() {
		rec.w = make([]float32, nf*nTags)
		for i := range w {
			rec.w[i] = w[i] - float32(u[i]/c)
		}
		for i := range tw {
			for k := range tw[i] {
				rec.trans[i][k] = tw[i][k] - float32(tu[i][k]/c)
			}
		}
	}
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		mistakes, tokens := 0, 0
		for _, si := range order {
			ts := sents[si]
			n := len(ts.gold)
			if cap(em) < n*nTags {
				em = make([]float32, n*nTags)
			}
			em = em[:n*nTags]
			for i, row := range ts.feats {
				e := em[i*nTags : (i+1)*nTags]
				for k := range e {
					e[k] = 0
				}
				for _, id := range row {
					wr := w[int(id)*nTags : int(id)*nTags+nTags]
					for k := range e {
						e[k] += wr[k]
					}
				}
			}
			pred = viterbi(em, n, &tw, pred)
			tokens += n
			prevG, prevP := nTags, nTags
			for i := 0; i < n; i++ {
				g, p := ts.gold[i], pred[i]
				if g != p {
					mistakes++
					for _, id := range ts.feats[i] {
						w[int(id)*nTags+g]++
						u[int(id)*nTags+g] += c
						w[int(id)*nTags+p]--
						u[int(id)*nTags+p] -= c
					}
				}
				if g != p || prevG != prevP {
					tw[prevG][g]++
					tu[prevG][g] += c
					tw[prevP][p]--
					tu[prevP][p] -= c
				}
				prevG, prevP = g, p
			}
			c++
		}
		rec.Info.Epochs = epoch
		msg := fmt.Sprintf("epoch %d: %d/%d training tokens wrong; %s", epoch, mistakes, tokens, time.Since(start).Round(time.Millisecond))
		if devF1 != nil {
			average()
			f1, err := devF1(rec)
			if err != nil {
				return nil, err
			}
			msg += fmt.Sprintf("; dev F1 %.4f", f1)
		}
		logf("%s", msg)
	}
	average()
	return rec, nil
}

// Score tags a CoNLL file and scores it against its gold tags (last
// column) with the conlleval definition.
func (r *Recognizer) Score(f *conlleval.File) (*conlleval.Scorer, error) {
	sc := conlleval.NewScorer()
	for _, d := range f.Documents {
		pred := r.TagDocument(Words(d))
		for si, s := range d.Sentences {
			gold := make([]string, len(s))
			for i, t := range s {
				gold[i] = t.Tag()
			}
			if err := sc.Add(gold, pred[si]); err != nil {
				return nil, err
			}
		}
	}
	return sc, nil
}
