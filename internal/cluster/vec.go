package cluster

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// tw is one weighted term of a sparse vector; vectors are sorted by id.
type tw struct {
	id uint32
	w  float32
}

type vec []tw

func (v vec) norm() float64 {
	s := 0.0
	for _, x := range v {
		s += float64(x.w) * float64(x.w)
	}
	return math.Sqrt(s)
}

func dot(a, b vec) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			s += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return s
}

// cosine of a and b given their norms.
func cosine(a vec, na float64, b vec, nb float64) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	return dot(a, b) / (na * nb)
}

// addInto returns a+b (both sorted), pruned to the max strongest entries
// when it grows past max by a quarter (so the selection runs once per many
// additions). The sum is built in *scratch and copied back into a's array
// when it fits, so a growing centroid does not allocate on every article;
// b is only read.
func addInto(a, b vec, max int, scratch *vec) vec {
	out := (*scratch)[:0]
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || i < len(a) && a[i].id < b[j].id:
			out = append(out, a[i])
			i++
		case i >= len(a) || b[j].id < a[i].id:
			out = append(out, b[j])
			j++
		default:
			out = append(out, tw{a[i].id, a[i].w + b[j].w})
			i++
			j++
		}
	}
	*scratch = out
	if len(out) > max+max/4 {
		out = prune(out, max)
	}
	if cap(a) >= len(out) {
		return append(a[:0], out...)
	}
	return append(make(vec, 0, len(out)+len(out)/4), out...)
}

// prune keeps the max strongest entries (ties to the smaller id), sorted
// by id again. It selects with a quickselect partition rather than a full
// sort: it runs on every article and on growing story centroids.
func prune(v vec, max int) vec {
	if max <= 0 || len(v) <= max {
		return v
	}
	stronger := func(x, y tw) bool { return x.w > y.w || x.w == y.w && x.id < y.id }
	lo, hi := 0, len(v)-1
	for lo < hi {
		// Median of three as pivot, deterministic.
		mid := lo + (hi-lo)/2
		if stronger(v[mid], v[lo]) {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if stronger(v[hi], v[lo]) {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if stronger(v[hi], v[mid]) {
			v[hi], v[mid] = v[mid], v[hi]
		}
		p := v[mid]
		i, j := lo, hi
		for i <= j {
			for stronger(v[i], p) {
				i++
			}
			for stronger(p, v[j]) {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		// Continue in the part holding position max-1.
		switch {
		case max-1 <= j:
			hi = j
		case max-1 >= i:
			lo = i
		default:
			lo = hi
		}
	}
	v = v[:max:max]
	slices.SortFunc(v, func(x, y tw) int { return int(x.id) - int(y.id) })
	return v
}

// normalize scales v to unit length in place.
func normalize(v vec) vec {
	n := v.norm()
	if n == 0 {
		return v
	}
	for i := range v {
		v[i].w = float32(float64(v[i].w) / n)
	}
	return v
}

func sortTermCounts(v []TermCount) {
	sort.Slice(v, func(i, j int) bool { return v[i].Term < v[j].Term })
}

func sortStrings(v []string) { slices.Sort(v) }

func cloneStrings(v []string) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = strings.Clone(s)
	}
	return out
}
