package polnear_test

// Floors for TestDevFloor (percent): measured on dev[:12] minus about 2
// points (measured: source 71.9, cue 71.5, content 57.4, content overlap
// 77.0).
const (
	floorSource         = 69.5
	floorCue            = 69.0
	floorContent        = 55.0
	floorContentOverlap = 75.0
)
