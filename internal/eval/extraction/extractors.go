package extraction

import (
	"bytes"
	"fmt"
	"net/url"
	"sort"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/model"
)

// Extractors are the extractors the benchmark can run by name:
// "storyline" is extract.HTML; "trafilatura" is plain go-trafilatura with
// its default options (html.Parse then ExtractDocument, the setting of the
// published 0.962) and "trafilatura-fallback" the same with
// EnableFallback, kept to compare side by side.
var Extractors = map[string]Extractor{
	"storyline": func(page []byte, u string) (string, error) {
		a, err := extract.HTML(model.RawDoc{Body: page, URL: u, Origin: u, Format: "html"})
		if err != nil {
			return "", err
		}
		return a.Text, nil
	},
	"trafilatura":          plainTrafilatura(false),
	"trafilatura-fallback": plainTrafilatura(true),
}

// Names lists the extractor names, sorted.
func Names() []string {
	var out []string
	for n := range Extractors {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func plainTrafilatura(fallback bool) Extractor {
	return func(page []byte, u string) (string, error) {
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			return "", fmt.Errorf("trafilatura: %s: %w", u, err)
		}
		opts := trafilatura.Options{EnableFallback: fallback}
		if pu, err := url.Parse(u); err == nil && pu.Host != "" {
			opts.OriginalURL = pu
		}
		res, err := trafilatura.ExtractDocument(doc, opts)
		if err != nil {
			return "", fmt.Errorf("trafilatura: %s: %w", u, err)
		}
		return res.ContentText, nil
	}
}
