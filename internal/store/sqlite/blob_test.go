package sqlite

import (
	"bytes"
	"strings"
	"testing"
)

func TestBlob(t *testing.T) {
	long := []byte(`{"text":"` + strings.Repeat("storm ", 500) + `"}`)
	cases := []struct {
		name   string
		in     []byte
		packed bool
	}{
		{"short JSON kept", []byte(`{"id":"a"}`), false},
		{"long JSON deflated", long, true},
		{"empty", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := packBlob(c.in)
			if got := len(p) > 0 && p[0] == blobDeflate; got != c.packed {
				t.Fatalf("packed = %v, want %v", got, c.packed)
			}
			if c.packed && len(p) >= len(c.in) {
				t.Errorf("deflated %d bytes into %d", len(c.in), len(p))
			}
			out, err := unpackBlob(p)
			if err != nil || !bytes.Equal(out, c.in) {
				t.Errorf("round trip: %q, %v", out, err)
			}
		})
	}
	if _, err := unpackBlob([]byte{blobDeflate, 0xff, 0xff, 0xff}); err == nil {
		t.Errorf("corrupt deflate stream accepted")
	}
}

// FuzzUnpackBlob checks that no stored bytes make decoding panic.
func FuzzUnpackBlob(f *testing.F) {
	f.Add([]byte(`{"a":1}`))
	f.Add(packBlob([]byte(`{"text":"` + strings.Repeat("x", 600) + `"}`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = unpackBlob(b)
	})
}
