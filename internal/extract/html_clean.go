package extract

// cleanBlocks removes furniture left in the extracted blocks.
func cleanBlocks(bs []block, title string) []block {
	return bs
}
