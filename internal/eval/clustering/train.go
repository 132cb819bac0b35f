package clustering

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// TrainOptions tune Train.
type TrainOptions struct {
	// L2 is the ridge penalty on the non-bias weights.
	L2 float64
	// Folds is the number of event folds for the cross-validation report
	// (0 skips it).
	Folds int
	// Search is the number of coordinate-ascent passes that refine the
	// regression's weights directly for the mean B-cubed F1 of online
	// replays (0: keep the regression's weights).
	Search int
	// HardNegatives, when positive, refits the regression on the gold
	// story and only the HardNegatives most similar wrong stories of each
	// article (by the first fit).
	HardNegatives int
}

// TrainReport says what Train measured.
type TrainReport struct {
	Examples  int
	Positives int
	// InSample is B-cubed F1 per training set with the final model.
	InSample map[string]float64
	// CrossSet is B-cubed F1 on each set of a model trained on the other
	// sets only (empty with a single set).
	CrossSet map[string]float64
	// CrossFold is the mean B-cubed F1 over event folds per set: a model
	// trained on every other fold (of every set) replays the held-out
	// fold's articles.
	CrossFold map[string]float64
}

// Train learns a cluster.Model from labelled sets:
//   - the time window is 1.5 times the longest gap between consecutive
//     dated articles of one event (at least two days; 365 when nothing is
//     dated);
//   - the weights are a ridge logistic regression (Newton's method) over
//     the features of every (article, candidate story) pair met while
//     replaying each set with the gold stories (teacher forcing), the
//     candidates being what the inverted index retrieves;
//   - the time gap of undated pairs is imputed with the mean gap of the
//     dated training pairs (Model.UndatedGap);
//   - the threshold is the probability in 0.05..0.95 that maximizes the
//     mean B-cubed F1 of an online replay of the sets;
//   - with TrainOptions.Search, coordinate ascent then adjusts one weight
//     at a time (halve, 1.5x, +-0.5) keeping changes that raise
//     that mean, re-sweeping the threshold after each pass;
//   - finally the merge threshold (stories bridged by one article) is
//     swept from the join threshold up, kept off unless it helps.
//
// Train stops with ctx.Err() when ctx is cancelled.
func Train(ctx context.Context, sets []*Prepared, o cluster.Options, to TrainOptions) (cluster.Model, TrainReport, error) {
	rep := TrainReport{InSample: map[string]float64{}, CrossSet: map[string]float64{}, CrossFold: map[string]float64{}}
	m, n, pos, err := fit(ctx, sets, o, to)
	if err != nil {
		return m, rep, err
	}
	rep.Examples, rep.Positives = n, pos
	for _, s := range sets {
		rep.InSample[s.Name] = s.Replay(m, o).BCubed.F1
	}
	if len(sets) > 1 {
		for i, s := range sets {
			others := slices.Concat(sets[:i:i], sets[i+1:])
			mi, _, _, err := fit(ctx, others, o, to)
			if err != nil {
				return m, rep, err
			}
			rep.CrossSet[s.Name] = s.Replay(mi, o).BCubed.F1
		}
	}
	if to.Folds > 1 {
		folds := make([][]*Prepared, to.Folds) // per fold: held-out subsets
		trains := make([][]*Prepared, to.Folds)
		for _, s := range sets {
			events := map[string]bool{}
			for _, a := range s.Articles {
				events[a.Event] = true
			}
			names := make([]string, 0, len(events))
			for e := range events {
				names = append(names, e)
			}
			sort.Strings(names)
			fold := map[string]int{}
			for i, e := range names {
				fold[e] = i % to.Folds
			}
			for k := 0; k < to.Folds; k++ {
				folds[k] = append(folds[k], s.Subset(s.Name, func(e string) bool { return fold[e] == k }))
				trains[k] = append(trains[k], s.Subset(s.Name, func(e string) bool { return fold[e] != k }))
			}
		}
		sum := map[string]float64{}
		for k := 0; k < to.Folds; k++ {
			mk, _, _, err := fit(ctx, trains[k], o, to)
			if err != nil {
				return m, rep, err
			}
			for _, h := range folds[k] {
				sum[h.Name] += h.Replay(mk, o).BCubed.F1
			}
		}
		for name, v := range sum {
			rep.CrossFold[name] = v / float64(to.Folds)
		}
	}
	return m, rep, nil
}

func fit(ctx context.Context, sets []*Prepared, o cluster.Options, to TrainOptions) (cluster.Model, int, int, error) {
	m := cluster.Model{
		Features:   slices.Clone(cluster.FeatureNames),
		Weights:    make([]float64, len(cluster.FeatureNames)),
		Threshold:  0.5,
		WindowDays: window(sets),
	}
	// Examples, grouped by article.
	type example struct {
		f    []float64
		same bool
	}
	var groups [][]example
	for _, s := range sets {
		c := cluster.New(m, o)
		for i, a := range s.analyzed {
			var g []example
			c.AddLabeled(a, s.Articles[i].Event, func(f []float64, same bool) {
				g = append(g, example{slices.Clone(f), same})
			})
			if len(g) > 0 {
				groups = append(groups, g)
			}
		}
	}
	// Mean imputation of the time gap for undated pairs (features 6 and
	// 7: log_gap_days, undated): the mean over the dated pairs.
	gapSum, gapN := 0.0, 0
	for _, g := range groups {
		for _, e := range g {
			if e.f[7] == 0 {
				gapSum += e.f[6]
				gapN++
			}
		}
	}
	if gapN > 0 {
		m.UndatedGap = math.Round(gapSum/float64(gapN)*1e4) / 1e4
		for _, g := range groups {
			for _, e := range g {
				if e.f[7] == 1 {
					e.f[6] = m.UndatedGap
				}
			}
		}
	}
	var X [][]float64
	var y []float64
	flat := func(keep func(g []example, k int) bool) {
		X, y = X[:0], y[:0]
		for _, g := range groups {
			for k, e := range g {
				if !keep(g, k) {
					continue
				}
				X = append(X, e.f)
				v := 0.0
				if e.same {
					v = 1
				}
				y = append(y, v)
			}
		}
	}
	flat(func([]example, int) bool { return true })
	pos := 0
	for _, v := range y {
		if v == 1 {
			pos++
		}
	}
	if pos == 0 || pos == len(y) {
		return m, len(y), pos, fmt.Errorf("clustering: train: %d examples, %d positive: need both classes", len(y), pos)
	}
	l2 := to.L2
	if l2 == 0 {
		l2 = 1
	}
	m.Weights = logistic(X, y, l2)
	if to.HardNegatives > 0 {
		// Refit on what the decision is about: the gold story against the
		// few wrong stories the first model found most similar.
		flat(func(g []example, k int) bool {
			if g[k].same {
				return true
			}
			p := m.Prob(g[k].f)
			better := 0
			for _, e := range g {
				if !e.same && m.Prob(e.f) > p {
					better++
				}
			}
			return better < to.HardNegatives
		})
		m.Weights = logistic(X, y, l2)
	}
	score := func(m cluster.Model) float64 {
		if ctx.Err() != nil {
			return 0
		}
		f := 0.0
		for _, s := range sets {
			f += s.Replay(m, o).BCubed.F1
		}
		return f / float64(len(sets))
	}
	sweep := func(m cluster.Model) (cluster.Model, float64) {
		bestT, bestF := 0.5, -1.0
		for t := 0.05; t < 0.951; t += 0.025 {
			m.Threshold = math.Round(t*1000) / 1000
			if f := score(m); f > bestF+1e-9 {
				bestT, bestF = m.Threshold, f
			}
		}
		m.Threshold = bestT
		return m, bestF
	}
	// Threshold: best mean B-cubed F1 of online replays.
	m, best := sweep(m)
	for pass := 0; pass < to.Search; pass++ {
		improved := false
		for i := range m.Weights {
			w0 := m.Weights[i]
			for _, cand := range []float64{w0 * 0.5, w0 * 1.5, w0 - 0.5, w0 + 0.5} {
				m.Weights[i] = math.Round(cand*1e4) / 1e4
				if f := score(m); f > best+1e-4 {
					best, w0, improved = f, m.Weights[i], true
				}
			}
			m.Weights[i] = w0
		}
		m, best = sweep(m)
		if !improved {
			break
		}
	}
	// Merging of stories bridged by one article: off, or the probability
	// (at or above the join threshold) that does best.
	bestMerge := 0.0
	for t := m.Threshold; t < 0.991; t += 0.05 {
		m.MergeThreshold = math.Round(t*1000) / 1000
		if f := score(m); f > best+1e-4 {
			best, bestMerge = f, m.MergeThreshold
		}
	}
	m.MergeThreshold = bestMerge
	if err := ctx.Err(); err != nil {
		return m, len(y), pos, fmt.Errorf("clustering: train: %w", err)
	}
	return m, len(y), pos, nil
}

// window returns 1.5 times the longest gap between consecutive dated
// articles of one event, in days.
func window(sets []*Prepared) float64 {
	maxGap := -1.0
	for _, s := range sets {
		byEvent := map[string][]time.Time{}
		for _, a := range s.Articles {
			if t, ok := ParseDate(a.Published); ok {
				byEvent[a.Event] = append(byEvent[a.Event], t)
			}
		}
		for _, ts := range byEvent {
			slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
			for i := 1; i < len(ts); i++ {
				maxGap = math.Max(maxGap, ts[i].Sub(ts[i-1]).Hours()/24)
			}
		}
	}
	if maxGap < 0 {
		// Nothing dated: the data gives no reason to close stories early
		// (the time features get no weight); Options.MaxActive still
		// bounds memory.
		return 365
	}
	return math.Max(2, math.Ceil(1.5*maxGap))
}

// logistic fits ridge logistic regression by Newton's method; the first
// feature is the bias and is not penalized.
func logistic(X [][]float64, y []float64, l2 float64) []float64 {
	d := len(X[0])
	w := make([]float64, d)
	for iter := 0; iter < 50; iter++ {
		g := make([]float64, d)
		H := make([][]float64, d)
		for i := range H {
			H[i] = make([]float64, d)
		}
		for n, x := range X {
			z := 0.0
			for i := range w {
				z += w[i] * x[i]
			}
			p := 1 / (1 + math.Exp(-z))
			r := p - y[n]
			s := p * (1 - p)
			for i := 0; i < d; i++ {
				g[i] += r * x[i]
				for j := 0; j <= i; j++ {
					H[i][j] += s * x[i] * x[j]
				}
			}
		}
		for i := 0; i < d; i++ {
			for j := 0; j < i; j++ {
				H[j][i] = H[i][j]
			}
			if i > 0 {
				g[i] += l2 * w[i]
				H[i][i] += l2
			} else {
				H[i][i] += 1e-6
			}
		}
		step := solve(H, g)
		change := 0.0
		for i := range w {
			w[i] -= step[i]
			change = math.Max(change, math.Abs(step[i]))
		}
		if change < 1e-7 {
			break
		}
	}
	for i := range w {
		w[i] = math.Round(w[i]*1e4) / 1e4
	}
	return w
}

// solve returns x with A x = b by Gaussian elimination with partial
// pivoting (A is small and positive definite).
func solve(A [][]float64, b []float64) []float64 {
	n := len(b)
	M := make([][]float64, n)
	for i := range M {
		M[i] = append(slices.Clone(A[i]), b[i])
	}
	for col := 0; col < n; col++ {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(M[r][col]) > math.Abs(M[p][col]) {
				p = r
			}
		}
		M[col], M[p] = M[p], M[col]
		if M[col][col] == 0 {
			continue
		}
		for r := col + 1; r < n; r++ {
			f := M[r][col] / M[col][col]
			for k := col; k <= n; k++ {
				M[r][k] -= f * M[col][k]
			}
		}
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := M[i][n]
		for k := i + 1; k < n; k++ {
			s -= M[i][k] * x[k]
		}
		if M[i][i] != 0 {
			x[i] = s / M[i][i]
		}
	}
	return x
}
