package tell

import (
	"hash/maphash"
	"sync"

	"github.com/storyline-news/storyline/internal/nlp"
)

// Stemming was a quarter of the CPU of a regroup: every story re-tells
// its articles and every teller tokenizes the same sentences, so each
// distinct word was stemmed again and again. nlp.Stem is a pure function
// of (language, word), so a cache returns the very same stems.

const (
	stemShards = 32
	// stemShardMax bounds one shard; a full shard is emptied and refilled,
	// so a long-lived process holds at most stemShards*stemShardMax words
	// per language (about 128k).
	stemShardMax = 4096
)

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

// stemCache memoizes stems of one language; safe for concurrent use
// (stories are told in parallel).
type stemCache struct {
	lang   string
	seed   maphash.Seed
	shards [stemShards]stemShard
}

var stemCaches sync.Map // language -> *stemCache

func stemCacheFor(lang string) *stemCache {
	if c, ok := stemCaches.Load(lang); ok {
		return c.(*stemCache)
	}
	c := &stemCache{lang: lang, seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string]string)
	}
	v, _ := stemCaches.LoadOrStore(lang, c)
	return v.(*stemCache)
}

// stemBytes returns stem(lang, string(w)) without allocating when the
// word was seen before.
func (c *stemCache) stemBytes(w []byte) string {
	sh := &c.shards[maphash.Bytes(c.seed, w)%stemShards]
	sh.mu.RLock()
	s, ok := sh.m[string(w)]
	sh.mu.RUnlock()
	if ok {
		return s
	}
	word := string(w)
	s = stemUncached(c.lang, word)
	sh.mu.Lock()
	if len(sh.m) >= stemShardMax {
		clear(sh.m)
	}
	sh.m[word] = s
	sh.mu.Unlock()
	return s
}

// stemUncached is the tokens' stemming rule: words of three bytes or
// fewer stay as they are.
func stemUncached(lang, w string) string {
	if len(w) <= 3 {
		return w
	}
	return nlp.Stem(lang, w)
}
