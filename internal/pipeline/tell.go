package pipeline

import (
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/tell"
)

// tellStory fills a story's headline, summary and the rest from its
// articles.
func tellStory(s *model.Story, members []*model.Article) {
	docs := make([]tell.Doc, 0, len(members))
	lang := "en"
	for _, a := range members {
		d := tell.Doc{ID: a.ID, Title: a.Title}
		for _, sen := range a.Sentences {
			d.Sentences = append(d.Sentences, sen.Text)
		}
		if a.Published != nil {
			d.Published = a.Published.Time
		}
		docs = append(docs, d)
		if a.Language != "" && a.Language != "und" {
			lang = a.Language
		}
	}
	s.Summary = tell.Summarize(docs, tell.Options{Words: 100, Language: lang})
	for _, a := range members {
		if a.Title != "" {
			s.Headline = a.Title
			break
		}
	}
	if !s.Start.IsZero() {
		s.EventDate = s.Start.Format("2006-01-02")
	}
	s.Entities = storyEntities(members)
}

// titleStorylines names each storyline after the entities its stories
// share most.
func titleStorylines(g Grouping) {
	stories := map[string]*model.Story{}
	for _, s := range g.Stories {
		stories[s.ID] = s
	}
	for _, l := range g.Storylines {
		count := map[string]int{}
		var names []string
		for _, id := range l.Stories {
			s := stories[id]
			if s == nil {
				continue
			}
			for _, e := range s.Entities {
				if count[e.Name] == 0 {
					names = append(names, e.Name)
				}
				count[e.Name]++
			}
		}
		var top []string
		for _, n := range names {
			if len(top) == 3 {
				break
			}
			if count[n] == len(l.Stories) {
				top = append(top, n)
			}
		}
		if len(top) == 0 && len(l.Stories) > 0 && stories[l.Stories[0]] != nil {
			l.Title = stories[l.Stories[0]].Headline
		} else {
			l.Title = strings.Join(top, ", ")
		}
	}
}
