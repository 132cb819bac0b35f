package polnear_test

// Floors for TestDevFloor (percent): measured on dev[:12] minus about 2
// points (measured: source 64.0, cue 60.6, content 53.6, content overlap 73.2).
const (
	floorSource         = 62.0
	floorCue            = 58.5
	floorContent        = 51.5
	floorContentOverlap = 71.0
)
