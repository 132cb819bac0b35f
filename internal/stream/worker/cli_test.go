package worker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/cli"
	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/stream/jetstream/natstest"
)

// storyline runs one command line and returns its output and status.
func storyline(t *testing.T, env map[string]string, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), &cli.Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
		Getenv: func(k string) string { return env[k] }}, args)
	if code != 0 {
		t.Logf("storyline %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String(), code
}

// TestCommands drives the distributed mode through the command line:
// ingest, two workers started together on one new data folder, regroup;
// the stories are run's.
func TestCommands(t *testing.T) {
	seeds := datasets.Seeds(t)
	env := map[string]string{"STORYLINE_NATS": natstest.Start(t)}
	data := filepath.Join(t.TempDir(), "data")

	out, code := storyline(t, env, "ingest", "--format", "json", seeds)
	var pub struct{ Published, Duplicates, Problems int }
	if code != 0 || json.Unmarshal([]byte(out), &pub) != nil || pub.Published != 5 {
		t.Fatalf("ingest: exit %d, %s; want 5 published", code, out)
	}

	var wg sync.WaitGroup
	stored := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, code := storyline(t, env, "worker", "--data", data, "--until-idle", "--batch", "2", "--format", "json")
			var st struct{ Articles int }
			if code != 0 || json.Unmarshal([]byte(out), &st) != nil {
				t.Errorf("worker %d: exit %d, %s", i, code, out)
			}
			stored[i] = st.Articles
		}()
	}
	wg.Wait()
	if stored[0]+stored[1] != 5 {
		t.Errorf("workers stored %v, want 5 in all", stored)
	}

	type result struct {
		Stories []struct{ Articles []string }
	}
	read := func(args ...string) []string {
		out, code := storyline(t, env, args...)
		var r result
		if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
			t.Fatalf("%s: exit %d", args[0], code)
		}
		var m []string
		for _, s := range r.Stories {
			ids := slices.Clone(s.Articles)
			slices.Sort(ids)
			m = append(m, strings.Join(ids, " "))
		}
		slices.Sort(m)
		return m
	}
	got := read("regroup", "--data", data, "--format", "json", "--quiet")
	want := read("run", "--data", filepath.Join(t.TempDir(), "run"), "--format", "json", "--quiet", seeds)
	if !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("regroup stories %q, want run's %q", got, want)
	}
	out, code = storyline(t, env, "dead-letters", "--format", "json")
	var dead struct {
		DeadLetters []struct{ Origin string } `json:"dead_letters"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &dead) != nil || dead.DeadLetters == nil || len(dead.DeadLetters) != 0 {
		t.Errorf("dead-letters: exit %d, %s; want an empty list", code, out)
	}
	if _, code := storyline(t, env, "worker", "--data", data, "extra-path"); code != 2 {
		t.Errorf("worker with a PATH: exit %d, want 2 (usage)", code)
	}
}
