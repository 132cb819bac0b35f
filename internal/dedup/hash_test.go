package dedup

import (
	"slices"
	"testing"
)

// FuzzWordHashes checks that hashing words in place gives the hashes of
// the lower-cased words Words returns, and that a Signer signs parts as
// Options.Signature signs them joined by a line break.
func FuzzWordHashes(f *testing.F) {
	for _, s := range []string{"", "The Bank", "ÉCOLE Straße İstanbul 3.5 1,000", "a\xffb ΣΑΣ", "x-y_z 12ab"} {
		f.Add(s, "second part with Several Words In It")
	}
	o := DefaultOptions()
	sg := o.NewSigner()
	f.Fuzz(func(t *testing.T, a, b string) {
		var want []uint64
		for _, w := range Words(a) {
			want = append(want, fnv64(w))
		}
		if got := appendWordHashes(nil, a); !slices.Equal(got, want) {
			t.Fatalf("%q: hashes %v, want %v", a, got, want)
		}
		if got, want := sg.Sign(a, b), o.Signature(a+"\n"+b); !slices.Equal(got, want) {
			t.Fatalf("Sign(%q, %q) = %v, want %v", a, b, got, want)
		}
	})
}
