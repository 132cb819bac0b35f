package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
)

// ErrOwnOutput is the reason given, as a warning, for a file Storyline
// wrote itself (the page of run --format html or of serve, the object of
// run --format json, the text of run): read back as an article, the page
// of every story would join one of them, and the JSON would replace the
// articles it copies.
var ErrOwnOutput = errors.New("storyline's own output (stories it printed), not articles: skipped")

// Generator is the content of the <meta name="generator"> element of the
// pages Storyline writes, by which ingest knows them.
const Generator = "Storyline"

var (
	generatorMeta = []byte(`<meta name="generator" content="` + Generator + `"`)
	// ownPageTitle is the title of run --format html pages written before
	// they carried the generator element.
	ownPageTitle = regexp.MustCompile(`<title>Storyline — \d+ stor(?:y|ies) from \d+ articles?</title>`)
	// ownTextHead is the first line of run's text output.
	ownTextHead = regexp.MustCompile(`\A\d+ articles?, \d+ stor(?:y|ies), \d+ storylines?\n(?:\n|\z)`)
)

// IsOwnOutput reports whether data, a file of kind, is one Storyline
// wrote (see ErrOwnOutput).
func IsOwnOutput(kind string, data []byte) bool {
	switch kind {
	case KindHTML:
		head := data[:min(len(data), 4096)]
		return bytes.Contains(head, generatorMeta) || ownPageTitle.Match(head)
	case KindText:
		return ownTextHead.Match(data[:min(len(data), 200)])
	case KindJSON:
		trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, bomUTF8), " \t\r\n")
		if len(trimmed) == 0 || trimmed[0] != '{' {
			return false
		}
		var top struct {
			Articles, Stories, Storylines json.RawMessage
		}
		if json.Unmarshal(trimmed, &top) != nil {
			return false
		}
		list := func(m json.RawMessage) bool { return len(m) > 0 && m[0] == '[' }
		return list(top.Articles) && list(top.Stories) && list(top.Storylines)
	}
	return false
}
