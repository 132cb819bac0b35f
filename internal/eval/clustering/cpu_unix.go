//go:build unix

package clustering

import "syscall"

// cpuSeconds returns the process's user+system CPU time, so that benchmark
// throughput can be stated per CPU second on a machine shared with other
// work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
