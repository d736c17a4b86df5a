//go:build !linux

package campaigns

import "time"

// cpuTime and rssMB are measured on Linux only; elsewhere the benchmarks
// report 0 for them.
func cpuTime() time.Duration { return 0 }

func rssMB() float64 { return 0 }
