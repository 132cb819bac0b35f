//go:build !linux

package clustering

// threadCPU is not measured on this platform.
func threadCPU() float64 { return 0 }
