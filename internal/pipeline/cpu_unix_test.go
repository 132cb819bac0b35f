//go:build unix

package pipeline_test

import "syscall"

// cpuSeconds is the CPU time (user and system) the process used so far:
// on a shared machine a steadier figure than the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
