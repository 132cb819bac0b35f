package entity_test

import (
	"testing"
)

func TestDebugCorpus(t *testing.T) {
	ents, _ := seedCorpus(t)
	for _, e := range ents {
		t.Logf("%s %q %q %d %d", e.Type, e.Name, e.Variants, len(e.Articles), e.Mentioned)
	}
}
