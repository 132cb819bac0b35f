package cli

import (
	"flag"
	"sort"
	"strings"
	"testing"
)

// Every flag of the everyday commands is named in its usage line, the
// synopsis `storyline help COMMAND` and usage errors print: a flag only the
// flag list shows is one a reader of the usage line never learns of. (The
// eval, bench and train commands have tuning flags for developers, listed
// by -h only.)
func TestUsageNamesEveryFlag(t *testing.T) {
	names := []string{"run", "serve", "extract", "regroup", "ingest", "worker", "dead-letters"}
	sort.Strings(names)
	for _, n := range names {
		c, ok := commands[n]
		if !ok {
			t.Errorf("no command %q", n)
			continue
		}
		t.Run(n, func(t *testing.T) {
			fs := flag.NewFlagSet(n, flag.ContinueOnError)
			c.Flags(fs)
			fs.VisitAll(func(f *flag.Flag) {
				if !strings.Contains(c.Usage, "--"+f.Name) {
					t.Errorf("usage %q lacks --%s", c.Usage, f.Name)
				}
			})
		})
	}
}
