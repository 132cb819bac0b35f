//go:build !upstream_detector

package extract

import "github.com/RadhiFadlillah/whatlanggo"

// The upstream_detector build tag builds extract against go-trafilatura's
// own language detector (go.mod without its replace directives), as `make
// bench-extract` does to measure go-trafilatura as its users get it; that
// detector has no switch.

func init() {
	// go-trafilatura guesses the language of every text it extracts
	// (ExtractResult.Metadata.Language) and has no option to skip it;
	// HTML decides the language itself and discards that guess, which
	// cost 6% of extraction time even capped at 512 runes. The switch
	// belongs to Storyline's stand-in for the detector
	// (third_party/whatlanggo) and holds for the whole process.
	whatlanggo.SetOff(true)
}
