package extract

import (
	"bytes"
	"strings"
	"testing"
	"time"

	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
)

// The second search takes the generic metas out of the shared tree and
// must put them back where they were.
func TestWithoutGenericMetaRestoresTree(t *testing.T) {
	src := `<html><head><meta name="a" content="x"><meta name="date" content="2020-02-12"><meta name="dc.date" content="2020-02-12"><meta name="b" content="y"></head><body><p class="date">05.02.2020</p></body></html>`
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	html.Render(&before, doc)
	r, ok := htmlWithoutGenericMeta(doc, htmldate.Options{UseOriginalDate: true}, "2020-02-12")
	if !ok || r.DateTime.Format("2006-01-02") != "2020-02-05" {
		t.Errorf("search without the metas = %v %v, want 2020-02-05", r.DateTime, ok)
	}
	var after bytes.Buffer
	html.Render(&after, doc)
	if before.String() != after.String() {
		t.Errorf("tree changed:\n%s\n%s", before.String(), after.String())
	}
}

func TestParseISOStamp(t *testing.T) {
	tests := []struct {
		in               string
		want             string // RFC 3339, "" when not ok
		hasTime, hasZone bool
	}{
		{"2021-11-04T23:00Z", "2021-11-04T23:00:00Z", true, true},
		{"2019-10-19T19:08:22+02:00", "2019-10-19T19:08:22+02:00", true, true},
		{"2022-01-27T18:34:20+0100", "2022-01-27T18:34:20+01:00", true, true},
		{"2022-1-26T14:32:06+02:00", "2022-01-26T14:32:06+02:00", true, true},
		{"2020-12-05T23:15:0Z", "2020-12-05T23:15:00Z", true, true},
		{"2019-10-19T03:00:00.000Z", "2019-10-19T03:00:00Z", true, true},
		{"2020-04-29T11:52:23", "2020-04-29T11:52:23Z", true, false},
		{"2018-06-22 10:20:00", "2018-06-22T10:20:00Z", true, false},
		{"2022-01-21", "2022-01-21T00:00:00Z", false, false},
		{"2020-02-30", "", false, false},
		{"1990-01-01", "", false, false},
		{"11/01/2023 12:43:42", "", false, false},
		{"", "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, hasTime, hasZone, ok := htmlParseISOStamp(tc.in)
			if !ok {
				if tc.want != "" {
					t.Errorf("not parsed, want %s", tc.want)
				}
				return
			}
			if tc.want == "" {
				t.Fatalf("got %s, want no date", got)
			}
			if s := got.Format(time.RFC3339); s != tc.want || hasTime != tc.hasTime || hasZone != tc.hasZone {
				t.Errorf("got %s time %v zone %v, want %s %v %v", s, hasTime, hasZone, tc.want, tc.hasTime, tc.hasZone)
			}
		})
	}
}

func FuzzParseISOStamp(f *testing.F) {
	for _, s := range []string{"2021-11-04T23:00Z", "2022-1-26T14:32:06+02:00", "2020-02-30", "2019-10-19T03:00:00.000-0530"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, hasTime, hasZone, ok := htmlParseISOStamp(s)
		if !ok {
			return
		}
		if hasZone && !hasTime {
			t.Errorf("%q: a zone without a time", s)
		}
		if got.Year() < 1995 || got.After(time.Now().AddDate(0, 0, 2)) {
			t.Errorf("%q: implausible %s accepted", s, got)
		}
	})
}
