package ingest_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest"
)

// TestWARCOriginsInOneGzipMember: a WARC compressed whole (gzip file.warc)
// is one gzip member, so every record had the origin "x.warc.gz@0", and a
// problem or an extracted page could not be told from the others.
func TestWARCOriginsInOneGzipMember(t *testing.T) {
	var whole, plain bytes.Buffer
	z := gzip.NewWriter(&whole)
	for _, r := range samplePages() {
		z.Write(r)
		plain.Write(r)
	}
	z.Close()
	dir := tree(t, map[string]string{
		"whole.warc.gz":   whole.String(),
		"members.warc.gz": string(gzipMembers(t, samplePages())),
		"plain.warc":      plain.String(),
	})
	r := walk(t, []string{dir}, ingest.Options{})
	origins := map[string]string{}
	for _, d := range r.docs {
		if prev, ok := origins[d.Origin]; ok {
			t.Errorf("origin %s twice: %s and %s", d.Origin, prev, d.URL)
		}
		origins[d.Origin] = d.URL
	}
	if len(r.docs) != 6 {
		t.Errorf("%d docs, want 2 pages from each of 3 files", len(r.docs))
	}
	// Offsets of separate members and of a plain WARC stay as CDX
	// indexes give them.
	for _, o := range []string{dir + "/members.warc.gz@125", dir + "/plain.warc@120"} {
		if _, ok := origins[o]; !ok {
			t.Errorf("no document with origin %s in %v", o, origins)
		}
	}
}
