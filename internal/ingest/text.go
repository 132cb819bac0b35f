package ingest

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"mime"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Reasons a file or line is skipped or repaired, for errors.Is on
// Problem.Err.
var (
	ErrBinary      = errors.New("binary file (NUL bytes), not text")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrEmpty       = errors.New("empty")
	ErrTooLarge    = errors.New("too large")
	ErrUnsupported = errors.New("unsupported file type")
	ErrNoArticles  = errors.New("no articles found")
	ErrNoFetcher   = errors.New("fetching is disabled")
)

// sniffLen is how much of a file the binary check looks at, like git.
const sniffLen = 8000

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// looksBinary reports whether the head of b holds a NUL byte (text in
// UTF-16 with a byte-order mark is not binary).
func looksBinary(b []byte) bool {
	if bytes.HasPrefix(b, bomUTF16LE) || bytes.HasPrefix(b, bomUTF16BE) {
		return false
	}
	if len(b) > sniffLen {
		b = b[:sniffLen]
	}
	return bytes.IndexByte(b, 0) >= 0
}

// ToUTF8 returns b as valid UTF-8 and whether it had to be repaired.
// A UTF-8 byte-order mark is dropped and UTF-16 with a byte-order mark is
// decoded (neither counts as a repair). Invalid UTF-8 is repaired, since a
// news text with a few bad bytes is still worth reading: when b holds no
// valid multi-byte UTF-8 sequence at all it is taken to be in a legacy
// 8-bit charset and decoded as Windows-1252 (a superset of Latin-1, the
// most common one for Western news); otherwise each invalid byte becomes
// U+FFFD.
func ToUTF8(b []byte) (out []byte, repaired bool) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		b = b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomUTF16LE), bytes.HasPrefix(b, bomUTF16BE):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder()
		if u, err := dec.Bytes(b); err == nil {
			return u, false
		}
	}
	if utf8.Valid(b) {
		return b, false
	}
	if !hasMultibyteUTF8(b) {
		if u := centralEuropean(b); u != nil {
			return u, true
		}
		if u, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil && utf8.Valid(u) {
			if mostlyAccented(u) {
				if g := guessLegacy(b); g != nil {
					return g, true
				}
			}
			return u, true
		}
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), true
}

// centralEuropean decodes b when its byte statistics clearly point to
// an 8-bit charset of Central Europe, the Baltics or Turkey rather than
// Windows-1252, or returns nil. Read as Windows-1252, such text is mostly
// ASCII with a few wrong letters ("zemìtøesení" for "zemětřesení"), so
// mostlyAccented does not catch it. Short texts, or texts with few
// non-ASCII bytes, are left to Windows-1252: byte statistics guess poorly
// on them.
func centralEuropean(b []byte) []byte {
	high := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			high++
		}
	}
	if high < 8 || len(b) < 200 {
		return nil
	}
	sample := b
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	rs, err := chardet.NewTextDetector().DetectAll(sample)
	if err != nil || len(rs) == 0 {
		return nil
	}
	top := strings.ToLower(rs[0].Charset)
	switch top {
	case "windows-1250", "iso-8859-2", "windows-1257", "iso-8859-13", "windows-1254", "iso-8859-9":
	default:
		return nil
	}
	// The Western reading must trail by a clear margin.
	for _, r := range rs[1:] {
		if n := strings.ToLower(r.Charset); (n == "windows-1252" || n == "iso-8859-1") && r.Confidence+10 > rs[0].Confidence {
			return nil
		}
	}
	if rs[0].Confidence < 30 {
		return nil
	}
	enc, err := htmlindex.Get(top)
	if err != nil {
		return nil
	}
	if u, err := enc.NewDecoder().Bytes(b); err == nil && utf8.Valid(u) {
		return u
	}
	return nil
}

// mostlyAccented reports whether more than half of the letters of s, and
// at least 16, are outside ASCII: Western text read as Windows-1252 has a
// few accented letters, text in another 8-bit charset (Cyrillic
// Windows-1251, KOI8-R, Greek...) read that way is almost all accented
// letters ("Ïðåçèäåíò"). Short texts are left alone: byte statistics
// guess poorly on them.
func mostlyAccented(s []byte) bool {
	letters, accented := 0, 0
	for _, r := range string(s) {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if r >= utf8.RuneSelf {
			accented++
		}
	}
	return accented >= 16 && accented*2 > letters
}

// guessLegacy decodes b in the 8-bit charset its byte statistics point
// to, other than Windows-1252 and Latin-1, or returns nil.
func guessLegacy(b []byte) []byte {
	sample := b
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
	}
	rs, err := chardet.NewTextDetector().DetectAll(sample)
	if err != nil {
		return nil
	}
	for _, r := range rs {
		name := strings.ToLower(r.Charset)
		if name == "iso-8859-1" || name == "windows-1252" || name == "utf-8" || r.Confidence < 10 {
			continue
		}
		enc, err := htmlindex.Get(name)
		if err != nil {
			continue
		}
		if u, err := enc.NewDecoder().Bytes(b); err == nil && utf8.Valid(u) {
			return u
		}
		return nil
	}
	return nil
}

// hasMultibyteUTF8 reports whether b holds at least one valid UTF-8
// sequence of two or more bytes.
func hasMultibyteUTF8(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || n > 1 {
			return true
		}
		i += n
	}
	return false
}

// isBlank reports whether b holds nothing but white space.
func isBlank(b []byte) bool {
	return len(bytes.TrimSpace(b)) == 0
}

// DecodeByHeader converts an HTML body to UTF-8 when its HTTP
// Content-Type names another charset and the body is not already valid
// UTF-8. model.RawDoc has no place for the header, so without this the
// extraction stage would only see <meta> declarations; a body that is
// valid UTF-8 is left alone, as extraction itself trusts valid UTF-8 over
// declarations. Bodies it cannot convert are returned unchanged.
func DecodeByHeader(body []byte, contentType string) []byte {
	if contentType == "" || utf8.Valid(body) {
		return body
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] == "" {
		return body
	}
	enc, name := charset.Lookup(params["charset"])
	if enc == nil || name == "utf-8" {
		return body
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil || !utf8.Valid(out) {
		return body
	}
	return out
}

// decodeBOMlessUTF16 decodes b when it is UTF-16 written without a
// byte-order mark, as some Windows tools save text: in its head, at least
// a tenth of the bytes at one parity are NUL (the high byte of ASCII
// letters, spaces and digits) and almost none at the other, and the whole
// decodes to text without NUL or other control characters. Anything else,
// including real binary files, is returned unchanged with ok false.
func decodeBOMlessUTF16(b []byte) (out []byte, ok bool) {
	head := b
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if len(head) < 16 || len(b)%2 != 0 {
		return b, false
	}
	var zeros [2]int
	for i, c := range head {
		if c == 0 {
			zeros[i%2]++
		}
	}
	half := len(head) / 2
	var endian xunicode.Endianness
	switch {
	case zeros[1]*10 >= half && zeros[0]*100 <= half:
		endian = xunicode.LittleEndian
	case zeros[0]*10 >= half && zeros[1]*100 <= half:
		endian = xunicode.BigEndian
	default:
		return b, false
	}
	u, err := xunicode.UTF16(endian, xunicode.IgnoreBOM).NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(u) {
		return b, false
	}
	for _, r := range string(u) {
		if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return b, false
		}
	}
	return u, true
}
