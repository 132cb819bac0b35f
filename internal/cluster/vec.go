package cluster

import (
	"math"
	"slices"
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
func addInto(a, b vec, max int, scratch *vec, keys *[]uint64) vec {
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
		out = prune(out, max, keys)
	}
	if cap(a) >= len(out) {
		return append(a[:0], out...)
	}
	return append(make(vec, 0, len(out)+len(out)/4), out...)
}

// strength is a key whose ascending order is prune's order: heavier
// weight first, ties to the smaller id. Weights are never NaN; the float
// bits are mapped so that unsigned order follows numeric order.
func strength(x tw) uint64 {
	b := math.Float32bits(x.w)
	switch {
	case x.w == 0:
		b = 1 << 31 // -0 as +0: comparisons treat them as equal
	case b&(1<<31) != 0:
		b = ^b
	default:
		b |= 1 << 31
	}
	return uint64(^b)<<32 | uint64(x.id)
}

// prune keeps the max strongest entries (ties to the smaller id), sorted
// by id again. It runs on every article and on growing story centroids,
// so it selects the max-th strongest key with a quickselect over a
// scratch copy of the keys and then keeps, in place and in order, the
// entries at least that strong: no comparator calls and no sort when v is
// sorted by id, as every vector is. keys is scratch (may be nil).
func prune(v vec, max int, keys *[]uint64) vec {
	if max <= 0 || len(v) <= max {
		return v
	}
	var local []uint64
	if keys == nil {
		keys = &local
	}
	k := (*keys)[:0]
	for _, x := range v {
		k = append(k, strength(x))
	}
	*keys = k
	cut := nthSmallest(k, max-1)
	out := v[:0]
	sorted := true
	for _, x := range v {
		if strength(x) <= cut {
			if len(out) > 0 && out[len(out)-1].id > x.id {
				sorted = false
			}
			out = append(out, x)
		}
	}
	out = out[:max:max]
	if !sorted {
		slices.SortFunc(out, func(x, y tw) int { return int(x.id) - int(y.id) })
	}
	return out
}

// nthSmallest returns the n-th smallest (0-based) of k, reordering k.
// Keys are distinct when ids are (each key holds its id).
func nthSmallest(k []uint64, n int) uint64 {
	lo, hi := 0, len(k)-1
	for hi-lo > 16 {
		// Median of three as pivot, deterministic.
		mid := lo + (hi-lo)/2
		if k[mid] < k[lo] {
			k[mid], k[lo] = k[lo], k[mid]
		}
		if k[hi] < k[lo] {
			k[hi], k[lo] = k[lo], k[hi]
		}
		if k[hi] < k[mid] {
			k[hi], k[mid] = k[mid], k[hi]
		}
		p := k[mid]
		i, j := lo, hi
		for i <= j {
			for k[i] < p {
				i++
			}
			for p < k[j] {
				j--
			}
			if i <= j {
				k[i], k[j] = k[j], k[i]
				i++
				j--
			}
		}
		switch {
		case n <= j:
			hi = j
		case n >= i:
			lo = i
		default:
			return k[n]
		}
	}
	// Insertion sort of the short remaining range.
	for i := lo + 1; i <= hi; i++ {
		for j := i; j > lo && k[j] < k[j-1]; j-- {
			k[j], k[j-1] = k[j-1], k[j]
		}
	}
	return k[n]
}

// topIDs appends to dst, in id order and without repeats, the ids of the
// n strongest entries of a and b together (prune's order): one pass
// keeping the n best keys in a short sorted array.
func topIDs(dst []uint32, a, b vec, n int, best *[]uint64) []uint32 {
	top := (*best)[:0]
	for _, v := range [2]vec{a, b} {
		for _, x := range v {
			key := strength(x)
			if len(top) == n && key >= top[n-1] {
				continue
			}
			if len(top) < n {
				top = append(top, key)
			} else {
				top[n-1] = key
			}
			for j := len(top) - 1; j > 0 && top[j] < top[j-1]; j-- {
				top[j], top[j-1] = top[j-1], top[j]
			}
		}
	}
	*best = top
	start := len(dst)
	for _, key := range top {
		id := uint32(key)
		if !slices.Contains(dst[start:], id) {
			dst = append(dst, id)
		}
	}
	slices.Sort(dst[start:])
	return dst
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

func sortStrings(v []string) { slices.Sort(v) }

func cloneStrings(v []string) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = strings.Clone(s)
	}
	return out
}
