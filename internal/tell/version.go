package tell

// Version names what Tell produces from a set of articles. A run reuses a
// stored story's told form only when it was told by this version (see
// pipeline.TellVersion), so change it with any change to the output of
// Tell or of what Tell calls (summary, timeline, quotes, claims), or
// stored stories keep the old telling until their articles change.
const Version = "tell-2"
