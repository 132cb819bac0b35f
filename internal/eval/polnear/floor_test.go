package polnear_test

// Floors for TestDevFloor (percent): measured on dev[:12] minus about 2
// points (measured: source 69.8, cue 71.4, content 58.0, content overlap
// 77.3).
const (
	floorSource         = 67.5
	floorCue            = 69.0
	floorContent        = 56.0
	floorContentOverlap = 75.0
)
