// Package timeml reads TimeML documents (the TempEval-3 format) and scores a
// time expression tagger against their TIMEX3 annotations the way the
// official TempEval-3 Task A scorer does: strict and relaxed extent F1, and
// attribute F1 for value and type (attribute accuracy over relaxed matches
// times relaxed F1).
package timeml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Timex is one TIMEX3 annotation in a document's text.
type Timex struct {
	// Start and End are byte offsets into Doc.Text.
	Start, End int
	Text       string
	TID        string
	Type       string
	Value      string
}

// Doc is a TimeML document reduced to what time expression scoring needs.
type Doc struct {
	// Name identifies the document in errors and reports (usually its path).
	Name string
	// Text is the content of the TEXT element with every tag removed and
	// entities decoded; Timexes refer to it by byte offset.
	Text string
	// DCT is the document creation time (the TIMEX3 whose
	// functionInDocument is CREATION_TIME), zero when absent or unparsable.
	DCT time.Time
	// DCTValue is the raw value attribute of the creation time TIMEX3.
	DCTValue string
	// Timexes are the gold TIMEX3 elements inside TEXT, in text order.
	Timexes []Timex
}

// ErrNoText is returned for a TimeML document without a TEXT element.
var ErrNoText = errors.New("no TEXT element")

// ReadFile reads and parses the TimeML file at path.
func ReadFile(path string) (*Doc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("timeml: %w", err)
	}
	return Parse(path, b)
}

// Parse parses a TimeML document; name is used in error messages. Errors
// name the document and, for malformed XML, the line.
func Parse(name string, data []byte) (*Doc, error) {
	d := &Doc{Name: name}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	var (
		text      strings.Builder
		inText    int // depth inside TEXT
		sawText   bool
		open      []*Timex // TIMEX3 elements open inside TEXT
		inDCT     bool
		dctCreate bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("timeml: %s:%d: %s", name, se.Line, se.Msg)
			}
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("timeml: %s:%d: %v", name, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "TEXT":
				inText++
				sawText = true
			case "TIMEX3":
				attr := func(k string) string {
					for _, a := range t.Attr {
						if a.Name.Local == k {
							return a.Value
						}
					}
					return ""
				}
				if attr("functionInDocument") == "CREATION_TIME" && d.DCTValue == "" {
					d.DCTValue = attr("value")
					d.DCT = parseDCT(d.DCTValue)
					inDCT, dctCreate = true, true
				}
				if inText > 0 && !dctCreate {
					open = append(open, &Timex{Start: text.Len(), TID: attr("tid"), Type: attr("type"), Value: attr("value")})
				}
				dctCreate = false
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "TEXT":
				inText--
			case "TIMEX3":
				if inDCT {
					inDCT = false
					continue
				}
				if inText > 0 && len(open) > 0 {
					x := open[len(open)-1]
					open = open[:len(open)-1]
					x.End = text.Len()
					d.Timexes = append(d.Timexes, *x)
				}
			}
		case xml.CharData:
			if inText > 0 {
				text.Write(t)
			}
		}
	}
	if !sawText {
		return nil, fmt.Errorf("timeml: %s: %w", name, ErrNoText)
	}
	d.Text = text.String()
	for i := range d.Timexes {
		x := &d.Timexes[i]
		x.Text = d.Text[x.Start:x.End]
	}
	sortTimexes(d.Timexes)
	return d, nil
}

func sortTimexes(xs []Timex) {
	// Insertion sort: nested TIMEX3 close inner first; documents are small.
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j].Start < xs[j-1].Start; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// parseDCT reads the date part of a creation time value such as
// "1998-01-08", "1998-08-07T06:18:00" or "19980108".
func parseDCT(v string) time.Time {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	if len(v) >= 10 {
		if t, err := time.Parse("2006-01-02", v[:10]); err == nil {
			return t
		}
	}
	return time.Time{}
}
