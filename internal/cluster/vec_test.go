package cluster

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPruneKeepsStrongest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200; n += 7 {
		for _, max := range []int{1, 5, 50, 100} {
			v := make(vec, n)
			for i := range v {
				v[i] = tw{uint32(i), float32(rng.IntN(20))} // many ties
			}
			want := slices.Clone(v)
			slices.SortFunc(want, func(x, y tw) int {
				if x.w != y.w {
					if x.w > y.w {
						return -1
					}
					return 1
				}
				return int(x.id) - int(y.id)
			})
			if len(want) > max {
				want = want[:max]
			}
			slices.SortFunc(want, func(x, y tw) int { return int(x.id) - int(y.id) })
			got := prune(slices.Clone(v), max, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d max=%d:\ngot  %v\nwant %v", n, max, got, want)
			}
		}
	}
}

func TestTopIDsMatchesPrune(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var keys []uint64
	for n := 0; n < 60; n += 3 {
		for _, k := range []int{1, 3, 10} {
			a, b := make(vec, n), make(vec, n/2)
			for i := range a {
				a[i] = tw{uint32(2 * i), float32(rng.IntN(6))}
			}
			for i := range b {
				b[i] = tw{uint32(2*i + 1), float32(rng.IntN(6))}
			}
			all := append(slices.Clone(a), b...)
			var want []uint32
			for _, x := range prune(all, k, nil) {
				want = append(want, x.id)
			}
			slices.Sort(want)
			if got := topIDs(nil, a, b, k, &keys); !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: got %v want %v", n, k, got, want)
			}
		}
	}
}

func TestStrengthOrder(t *testing.T) {
	ws := []float32{-2, -0.5, 0, 0.25, 1, 3}
	for i, x := range ws {
		for j, y := range ws {
			a, b := strength(tw{7, x}), strength(tw{7, y})
			if (i < j) != (a > b) {
				t.Errorf("strength(%v)=%x strength(%v)=%x", x, a, y, b)
			}
		}
	}
	if strength(tw{1, 0}) != strength(tw{1, float32(math.Copysign(0, -1))}) {
		t.Error("-0 and +0 differ")
	}
	if strength(tw{1, 2}) >= strength(tw{2, 2}) {
		t.Error("tie not broken to the smaller id")
	}
}
