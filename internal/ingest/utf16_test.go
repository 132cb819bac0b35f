package ingest

import (
	"bytes"
	"testing"

	xunicode "golang.org/x/text/encoding/unicode"
)

func utf16Bytes(t *testing.T, s string, e xunicode.Endianness) []byte {
	t.Helper()
	b, err := xunicode.UTF16(e, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Windows tools save text as UTF-16 without a byte-order mark; it was
// refused as a binary file. Real binary files must still be refused.
func TestDecodeBOMlessUTF16(t *testing.T) {
	english := "Putin receives Kerry in Moscow\n\nThe talks lasted more than three hours, officials said on Friday.\n"
	russian := "Путин принял Керри в Москве\n\nПереговоры продолжались более трёх часов, сообщили в пятницу.\n"
	for _, tc := range []struct {
		name string
		in   []byte
		want string // "" when the input must be left alone
	}{
		{"English little-endian", utf16Bytes(t, english, xunicode.LittleEndian), english},
		{"English big-endian", utf16Bytes(t, english, xunicode.BigEndian), english},
		{"Russian little-endian", utf16Bytes(t, russian, xunicode.LittleEndian), russian},
		{"HTML little-endian", utf16Bytes(t, "<html><head><title>Talks</title></head><body><p>"+english+"</p></body></html>", xunicode.LittleEndian),
			"<html><head><title>Talks</title></head><body><p>" + english + "</p></body></html>"},
		{"UTF-8 text", []byte(english), ""},
		{"binary with NULs", bytes.Repeat([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 64), ""},
		{"NULs at one parity, controls decoded", bytes.Repeat([]byte{1, 0, 2, 0, 'a', 0}, 40), ""},
		{"odd length", append(utf16Bytes(t, english, xunicode.LittleEndian), 'x'), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := decodeBOMlessUTF16(tc.in)
			if tc.want == "" {
				if ok || !bytes.Equal(got, tc.in) {
					t.Errorf("decoded %q, want the input left alone", got)
				}
				return
			}
			if !ok || string(got) != tc.want {
				t.Errorf("got %q (%v), want %q", got, ok, tc.want)
			}
		})
	}
}
