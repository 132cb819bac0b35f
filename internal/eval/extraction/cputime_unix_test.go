//go:build unix

package extraction_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user plus system) the process has used, to
// report throughput per CPU-second when the machine is shared and wall
// time says little.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
