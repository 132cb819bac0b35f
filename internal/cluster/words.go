package cluster

import "encoding/binary"

// wordTable maps a lower-cased word to its wordEntry: the analyzer's
// per-language word cache, read once per word of every article. It is an
// open-addressing table whose 64-byte slots hold the word's first 16
// bytes, a tag (hash and length) and the entry itself, so a lookup of a
// word of up to 16 bytes reads one cache line and follows no pointer;
// longer words compare their full string, kept in the entry.
type wordTable struct {
	slots []wordSlot // length a power of two
	n     int
}

type wordSlot struct {
	k0, k1 uint64 // the word's first 16 bytes, zero padded
	tag    uint64 // 0: empty; else hash with the low 5 bits = min(len, 17)
	e      wordEntry
}

// wordKey returns the slot key of word w (non-empty) and its tag.
func wordKey(w []byte) (k0, k1, tag uint64) {
	var buf [16]byte
	copy(buf[:], w)
	k0 = binary.LittleEndian.Uint64(buf[:8])
	k1 = binary.LittleEndian.Uint64(buf[8:])
	h := (k0 ^ uint64(len(w))) * 0x9E3779B97F4A7C15
	h = (h ^ h>>29 ^ k1) * 0xBF58476D1CE4E5B9
	for i := 16; i < len(w); i += 8 {
		var c [8]byte
		copy(c[:], w[i:])
		h = (h ^ h>>29 ^ binary.LittleEndian.Uint64(c[:])) * 0xBF58476D1CE4E5B9
	}
	h ^= h >> 32
	return k0, k1, h&^0x1f | uint64(min(len(w), 17))
}

// get returns the entry of word w, or nil. The pointer is valid until
// the next put.
func (t *wordTable) get(w []byte) *wordEntry {
	if len(t.slots) == 0 {
		return nil
	}
	k0, k1, tag := wordKey(w)
	mask := uint64(len(t.slots) - 1)
	for i := tag >> 5 & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.tag == 0 {
			return nil
		}
		if s.tag == tag && s.k0 == k0 && s.k1 == k1 && (len(w) <= 16 || s.e.word == string(w)) {
			return &s.e
		}
	}
}

// put adds word w (not present) with entry e and returns the stored
// entry (valid until the next put); e.word must be w when w is longer
// than 16 bytes.
func (t *wordTable) put(w []byte, e wordEntry) *wordEntry {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	k0, k1, tag := wordKey(w)
	t.n++
	return &t.slots[t.insert(wordSlot{k0, k1, tag, e})].e
}

func (t *wordTable) insert(s wordSlot) uint64 {
	mask := uint64(len(t.slots) - 1)
	i := s.tag >> 5 & mask
	for t.slots[i].tag != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
	return i
}

func (t *wordTable) grow() {
	old := t.slots
	t.slots = make([]wordSlot, max(1024, 2*len(old)))
	for _, s := range old {
		if s.tag != 0 {
			t.insert(s)
		}
	}
}
