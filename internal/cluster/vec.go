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

// addInto returns a+b (both sorted), pruned to the max strongest entries.
func addInto(a, b vec, max int) vec {
	out := make(vec, 0, len(a)+len(b))
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
	if len(out) > max+max/4 {
		// Prune with slack so the sort runs once per many additions.
		return prune(out, max)
	}
	return out
}

// prune keeps the max strongest entries (ties to the smaller id), sorted
// by id again.
func prune(v vec, max int) vec {
	if max <= 0 || len(v) <= max {
		return v
	}
	slices.SortFunc(v, func(x, y tw) int {
		if x.w != y.w {
			if x.w > y.w {
				return -1
			}
			return 1
		}
		return int(x.id) - int(y.id)
	})
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
