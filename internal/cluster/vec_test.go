package cluster

import (
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
			got := prune(slices.Clone(v), max)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d max=%d:\ngot  %v\nwant %v", n, max, got, want)
			}
		}
	}
}
