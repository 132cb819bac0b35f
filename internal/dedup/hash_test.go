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

// refMinhash is the signature one shingle at a time, as first written:
// the reference the faster loop must match exactly.
func refMinhash(o Options, wh []uint64) Signature {
	n, k := o.Bands*o.Rows, max(o.Shingle, 1)
	if len(wh) < k {
		return nil
	}
	sig := make(Signature, n)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	seeds := hashSeeds(n)
	for i := 0; i+k <= len(wh); i++ {
		h := uint64(1469598103934665603)
		for _, x := range wh[i : i+k] {
			h = mix64(h ^ x)
		}
		for j, s := range seeds {
			if v := uint32(mix64(h^s) >> 32); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

// FuzzMinhashMatchesReference checks the signature loop against the
// plain one for every shingle count (the four-way unrolling has tails).
func FuzzMinhashMatchesReference(f *testing.F) {
	for _, s := range []string{"", "one two three", "one two three four", "a b c d e f g h i j k l m", "x y z x y z x y z w v u t s r q p o n m l"} {
		f.Add(s, uint8(4))
	}
	f.Fuzz(func(t *testing.T, text string, k uint8) {
		o := DefaultOptions()
		o.Shingle = int(k%6) + 1
		wh := appendWordHashes(nil, text)
		if got, want := o.Signature(text), refMinhash(o, wh); !slices.Equal(got, want) {
			t.Fatalf("%q shingle %d: %v, want %v", text, o.Shingle, got, want)
		}
	})
}
