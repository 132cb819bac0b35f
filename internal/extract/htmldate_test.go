package extract_test

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract"
)

// page wraps head and body markup in a page with enough text for the
// date search.
func page(head, body string) []byte {
	return []byte("<!DOCTYPE html><html><head><title>A story</title>" + head + "</head><body><article><h1>A story</h1>" +
		body + "<p>" + strings.Repeat("Some words of the story that a reader reads. ", 20) + "</p></article></body></html>")
}

func TestPublishedDateHTMLRules(t *testing.T) {
	tests := []struct {
		name, url, want string
		html            []byte
	}{
		{
			// The same instant in UTC (JSON-LD) and in the outlet's
			// offset (a visible <time>): the outlet's day.
			name: "same instant prefers the outlet offset",
			html: page(`<meta property="article:published_time" content="2023-11-09T02:11:03+00:00">`,
				`<time datetime="2023-11-08T21:11:03-05:00" itemprop="datePublished">November 8, 2023</time>`),
			want: "2023-11-08",
		},
		{
			// A Z time late in the evening, on a page whose other
			// timestamps are written at +02:00.
			name: "Z time moves to the page's own offset",
			html: page(`<meta property="article:published_time" content="2019-10-18T22:04:00Z">
				<meta property="article:modified_time" content="2019-10-19T00:05:41+02:00">`, ``),
			want: "2019-10-19",
		},
		{
			name: "Z time moves to the zone of the country domain",
			url:  "https://www.example.de/politik/wahl",
			html: page(`<meta property="article:published_time" content="2021-11-04T23:00Z">`, ``),
			want: "2021-11-05",
		},
		{
			name: "Z time on a Canadian domain",
			url:  "https://www.example.ca/nouvelle/1",
			html: page(`<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-08-25T00:23:33.312Z"}</script>`, ``),
			want: "2020-08-24",
		},
		{
			// An explicit +00:00 is what sites set to UTC print: kept.
			name: "explicit +00:00 is kept",
			url:  "https://www.example.ch/?p=1",
			html: page(`<meta property="article:published_time" content="2019-12-26T23:07:45+00:00">`, ``),
			want: "2019-12-26",
		},
		{
			name: "Z time on a generic domain without offsets is kept",
			url:  "https://news.example.com/a",
			html: page(`<meta property="article:published_time" content="2020-05-02T02:54:29.000Z">`, ``),
			want: "2020-05-02",
		},
		{
			// The visible publication date beats a generic CMS date.
			name: "visible itemprop=datePublished beats a generic date meta",
			html: page(`<meta name="date" content="2022-01-21T15:38:44+01:00">`,
				`<time itemprop="datePublished" datetime="2022-01-27">27 January 2022</time>`),
			want: "2022-01-27",
		},
		{
			name: "itemprop on a non-time element with content",
			html: page(`<meta name="date" content="2022-01-21T15:38:44+01:00">`,
				`<p class="date" itemprop="datePublished" content="2022-01-14 10:31:00">14.01.2022</p>`),
			want: "2022-01-14",
		},
		{
			// Teasers with their own publication dates: no agreement,
			// no override.
			name: "disagreeing itemprop elements are ignored",
			html: page(`<meta property="article:published_time" content="2020-04-27T18:50:00+02:00">`,
				`<time itemprop="datePublished" datetime="2020-04-28T10:27:29+02:00">x</time>
				<time itemprop="datePublished" datetime="2020-04-26T08:59:41+02:00">y</time>`),
			want: "2020-04-27",
		},
		{
			// A <meta itemprop> is metadata, not the visible date.
			name: "meta itemprop in the body does not override",
			html: page(`<meta property="article:published_time" content="2022-02-04T15:33:00+01:00">`,
				`<meta itemprop="datePublished" content="2021-12-14T15:41:07+01:00">`),
			want: "2022-02-04",
		},
		{
			name: "loose ISO form with one-digit seconds",
			url:  "https://www.example.it/news/1",
			html: page(`<meta property="article:published_time" content="2020-12-05T23:15:0Z">`, ``),
			want: "2020-12-06",
		},
		{
			// A generic date meta (often the last change) yields to the
			// one day all visible <time> elements show.
			name: "visible time beats a generic date meta",
			html: page(`<meta name="dcterms.date" content="2022-01-21T09:43+01:00">`,
				`<time datetime="2022-01-25T08:00:00+01:00">25.01.2022</time>`),
			want: "2022-01-25",
		},
		{
			name: "visible time does not beat publication metadata",
			html: page(`<meta property="article:published_time" content="2022-01-21T09:43+01:00">`,
				`<time datetime="2022-01-25T08:00:00+01:00">25.01.2022</time>`),
			want: "2022-01-21",
		},
		{
			name: "visible time does not beat a date in the address",
			url:  "https://www.example.com/home/2017/7/12/a-story",
			html: page(``, `<time datetime="2019-07-03">3 July 2019</time>`),
			want: "2017-07-12",
		},
		{
			name: "visible times on several days are ignored",
			html: page(`<meta name="date" content="2022-01-21">`,
				`<time datetime="2022-01-25">a</time><time datetime="2022-01-24">b</time>`),
			want: "2022-01-21",
		},
		{
			// The address holds the day the page was made; the
			// metadata the (later) day it was published.
			name: "later declared publication beats the address date",
			url:  "https://www.example.com/2020/02/18/science/story.html",
			html: page(`<meta property="article:published_time" content="2020-02-19T18:37:32+01:00">`, ``),
			want: "2020-02-19",
		},
		{
			// 03:28 UTC is the evening before in the Americas.
			name: "UTC early morning after the address date keeps the address date",
			url:  "https://news.example.com/2023/11/08/news/story/",
			html: page(`<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">`, ``),
			want: "2023-11-08",
		},
		{
			// A generic date meta is often the last change.
			name: "earlier date found without the generic date meta",
			html: page(`<meta name="date" content="2020-02-12">`, `<p class="date">05.02.2020</p>`),
			want: "2020-02-05",
		},
		{
			name: "generic date meta kept against a much earlier date",
			html: page(`<meta name="date" content="2020-02-12">`, `<p class="date">05.10.2019</p>`),
			want: "2020-02-12",
		},
		{
			name: "time pubdate",
			html: page(`<meta name="date" content="2020-02-12">`, `<time pubdate datetime="2020-02-05T10:00:00+01:00">5 Feb</time>`),
			want: "2020-02-05",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := extract.PublishedDateHTML(tc.html, tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Time.Format("2006-01-02"); got != tc.want {
				t.Errorf("got %s (%s), want %s", got, p.Time, tc.want)
			}
		})
	}
}
