package tell_test

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/tell"
)

// TestSummarizeDandaSentences: a Hindi sentence ends with the danda '।',
// not a period; such sentences used to be refused as fragments, which
// left Hindi summaries empty.
func TestSummarizeDandaSentences(t *testing.T) {
	docs := []tell.Doc{
		{ID: "a", Sentences: []string{
			"हिंद महासागर में 26 दिसंबर 2004 को आए भूकंप और सुनामी ने कई देशों के तटीय इलाकों में भारी तबाही मचाई।",
			"राहत दलों ने प्रभावित इलाकों में भोजन और दवाइयाँ पहुँचाने का काम तेज कर दिया है।",
		}},
		{ID: "b", Sentences: []string{
			"सुनामी से प्रभावित देशों में राहत दलों ने भोजन और दवाइयाँ पहुँचाने का काम शुरू किया।",
			"भूकंप के बाद आई सुनामी ने हिंद महासागर के तटीय देशों में भारी तबाही मचाई।",
		}},
	}
	got := tell.Summarize(docs, tell.Options{Language: "hi", Words: 40})
	if len(got) == 0 {
		t.Fatal("no summary sentence from Hindi sentences ending in a danda")
	}
	for _, s := range got {
		if !strings.HasSuffix(s.Text, "।") || len(s.Articles) == 0 {
			t.Errorf("sentence %q cites %v", s.Text, s.Articles)
		}
	}
}
