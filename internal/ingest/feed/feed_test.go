package feed_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest/feed"
)

const rssFull = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example  News</title>
  <link>https://news.example.com/</link>
  <language>en-US</language>
  <item>
    <title>Ministers meet in Geneva</title>
    <link>https://news.example.com/geneva</link>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>GENEVA (Example) &mdash; Ministers met on Friday.</p><script>track()</script><p>They agreed   to talk again.</p>]]></content:encoded>
    <pubDate>Fri, 15 Jul 2016 10:30:00 +0300</pubDate>
    <dc:creator>Jane Roe</dc:creator>
  </item>
  <item>
    <title>Storm hits coast</title>
    <link>https://news.example.com/storm</link>
    <description>A storm hit the coast on Sunday&#8230;</description>
  </item>
</channel>
</rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Journal</title>
  <updated>2016-07-15T10:00:00Z</updated>
  <entry>
    <title type="html">Accord &amp;amp; paix</title>
    <link href="https://journal.example.fr/accord"/>
    <id>urn:x:1</id>
    <published>2016-07-14T08:00:00+02:00</published>
    <author><name>Paul Durand</name></author>
    <content type="html">&lt;p&gt;Premier paragraphe.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</content>
  </entry>
</feed>`

func TestParse(t *testing.T) {
	items, err := feed.Parse([]byte(rssFull), "news.rss")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("got %d items", len(items))
	}
	a := items[0]
	for _, c := range []struct{ name, got, want string }{
		{"format", a.Doc.Format, "article"},
		{"origin", a.Doc.Origin, "news.rss#1"},
		{"url", a.Doc.URL, "https://news.example.com/geneva"},
		{"title", a.Doc.Title, "Ministers meet in Geneva"},
		{"text", a.Doc.Text, "GENEVA (Example) — Ministers met on Friday.\n\nThey agreed to talk again."},
		{"source", a.Doc.Source, "Example News"},
		{"language", a.Doc.Language, "en"},
		{"author", a.Doc.Author, "Jane Roe"},
		{"published", a.Doc.Published, "2016-07-15T07:30:00Z"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if a.Teaser {
		t.Error("item with content:encoded marked as teaser")
	}
	b := items[1]
	if !b.Teaser || b.Doc.Text != "A storm hit the coast on Sunday…" || b.Doc.Origin != "news.rss#2" {
		t.Errorf("teaser item: %+v", b)
	}

	items, err = feed.Parse([]byte(atomFeed), "journal.atom")
	if err != nil {
		t.Fatal(err)
	}
	d := items[0].Doc
	if d.Title != "Accord & paix" || d.Text != "Premier paragraphe.\n\nSecond." || d.Language != "fr" ||
		d.Author != "Paul Durand" || d.Published != "2016-07-14T06:00:00Z" || d.URL != "https://journal.example.fr/accord" || items[0].Teaser {
		t.Errorf("atom item: %+v teaser=%v", d, items[0].Teaser)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want error
	}{
		{"empty file", "", feed.ErrInvalid},
		{"html page", "<html><body><p>hi</p></body></html>", feed.ErrInvalid},
		{"broken xml", `<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti`, feed.ErrInvalid},
		{"no items", `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`, feed.ErrEmpty},
		{"empty items", `<rss version="2.0"><channel><item></item><item><title> </title></item></channel></rss>`, feed.ErrEmpty},
		{"empty atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>`, feed.ErrEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := feed.Parse([]byte(tc.data), "in/"+tc.name+".xml")
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), "in/"+tc.name+".xml") {
				t.Errorf("err = %v, want %v naming the feed", err, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		data string
		want bool
	}{
		{rssFull, true},
		{atomFeed, true},
		{"<!doctype html><html><head><title>x</title></head></html>", false},
		{"plain text", false},
	} {
		if got := feed.Detect([]byte(tc.data)); got != tc.want {
			t.Errorf("Detect(%.30q) = %v, want %v", tc.data, got, tc.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain  text\n\nsecond   para", "plain text\n\nsecond para"},
		{"<p>a</p><p>b<br>c</p>", "a\n\nb\n\nc"},
		{"x &amp; y", "x & y"},
		{"<div>keep<style>p{}</style><script>bad()</script> this</div>", "keep this"},
		{"<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"},
		{"<p>unclosed <b>bold", "unclosed bold"},
	} {
		if got := feed.Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzFeed(f *testing.F) {
	f.Add([]byte(rssFull))
	f.Add([]byte(atomFeed))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","title":"J","items":[{"id":"1","content_text":"hi"}]}`))
	f.Add([]byte(`<rss><channel><item><description>&lt;p&gt;x</description></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := feed.Parse(data, "fuzz")
		if err != nil {
			if !errors.Is(err, feed.ErrInvalid) && !errors.Is(err, feed.ErrEmpty) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(items) == 0 {
			t.Fatal("no items and no error")
		}
		for _, it := range items {
			if !strings.HasPrefix(it.Doc.Origin, "fuzz#") || it.Doc.Format != "article" {
				t.Fatalf("bad item %+v", it.Doc)
			}
			if it.Doc.Text == "" && it.Doc.Title == "" && it.Doc.URL == "" {
				t.Fatal("item without text, title or link")
			}
		}
	})
}
