package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/storyline-news/storyline/internal/model"
)

// Previous is the grouping a store held before a run: which story each
// article was in and which storyline each story was in. Regrouping reuses
// those ids so links people made keep pointing at the same story.
type Previous struct {
	StoryOf     map[string]string // article id → story id
	StorylineOf map[string]string // story id → storyline id
}

// stableIDs renames the clusterer's stories (numbered in arrival order,
// which changes when older articles arrive later) so that ids survive
// regrouping: a story keeps the previous id most of its articles had,
// when no bigger story claimed it first; a new story gets an id derived
// from its first article, which does not depend on what else is in the
// store. Storylines likewise. Articles' Story fields follow.
func stableIDs(g *Grouping, byID map[string]*model.Article, prev Previous) {
	type claim struct {
		story *model.Story
		old   string
		votes int
	}
	var claims []claim
	for _, s := range g.Stories {
		votes := map[string]int{}
		for _, id := range s.Articles {
			if old := prev.StoryOf[id]; old != "" {
				votes[old]++
			}
		}
		for old, n := range votes {
			claims = append(claims, claim{s, old, n})
		}
	}
	sort.SliceStable(claims, func(i, j int) bool {
		if claims[i].votes != claims[j].votes {
			return claims[i].votes > claims[j].votes
		}
		if claims[i].old != claims[j].old {
			return claims[i].old < claims[j].old
		}
		return claims[i].story.ID < claims[j].story.ID
	})
	rename := map[string]string{} // clusterer id → stable id
	taken := map[string]bool{}
	for _, c := range claims {
		if _, done := rename[c.story.ID]; done || taken[c.old] {
			continue
		}
		rename[c.story.ID] = c.old
		taken[c.old] = true
	}
	for _, s := range g.Stories {
		if _, done := rename[s.ID]; done {
			continue
		}
		// The earliest article (Articles is oldest first; never empty)
		// names a new story.
		id := "s" + shortHash(s.Articles[0])
		for n := 1; taken[id]; n++ {
			id = "s" + shortHash(fmt.Sprintf("%s#%d", s.Articles[0], n))
		}
		rename[s.ID] = id
		taken[id] = true
	}

	lineRename := map[string]string{}
	lineTaken := map[string]bool{}
	lineStories := map[string][]string{} // clusterer storyline id → new story ids
	for _, s := range g.Stories {
		lineStories[s.Storyline] = append(lineStories[s.Storyline], rename[s.ID])
	}
	for _, l := range g.Storylines {
		votes := map[string]int{}
		for _, sid := range lineStories[l.ID] {
			if old := prev.StorylineOf[sid]; old != "" {
				votes[old]++
			}
		}
		best, bestN := "", 0
		for old, n := range votes {
			if !lineTaken[old] && (n > bestN || n == bestN && old < best) {
				best, bestN = old, n
			}
		}
		if best == "" {
			ids := append([]string(nil), lineStories[l.ID]...)
			sort.Strings(ids)
			seed := l.ID
			if len(ids) > 0 {
				seed = ids[0]
			}
			best = "l" + shortHash(seed)
			for n := 1; lineTaken[best]; n++ {
				best = "l" + shortHash(fmt.Sprintf("%s#%d", seed, n))
			}
		}
		lineRename[l.ID] = best
		lineTaken[best] = true
	}

	for _, s := range g.Stories {
		s.ID, s.Storyline = rename[s.ID], lineRename[s.Storyline]
		for _, id := range s.Articles {
			if a := byID[id]; a != nil {
				a.Story = s.ID
			}
		}
	}
	for _, l := range g.Storylines {
		l.ID = lineRename[l.ID]
		for i, sid := range l.Stories {
			l.Stories[i] = rename[sid]
		}
	}
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:5])
}
