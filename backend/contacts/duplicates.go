package contacts

import "fmt"

// firstLines remembers the line where each number of a file first came,
// so that a later row with the same number is told as a duplicate of it
// rather than merged into it unseen. A number is kept as its digits in a
// uint64 (E.164 has at most 15, and no leading zero), which holds a
// million-row file in a few tens of megabytes.
type firstLines map[uint64]int32

// maxPresized bounds the room newFirstLines makes up front, since a row
// count guessed from a file's size can be far off.
const maxPresized = 1 << 22

// newFirstLines makes room for about rows numbers: a map grown step by step
// to a million entries costs the import's writer, which is its slowest
// stage, a share of its time (BENCHMARKS.md).
func newFirstLines(rows int64) firstLines {
	return make(firstLines, min(max(rows, 0), maxPresized))
}

// see records that number (E.164) is on line, and, when an earlier line
// had it, returns that line.
func (f *firstLines) see(number string, line int) (first int, seen bool) {
	key, ok := e164Key(number)
	if !ok {
		return 0, false
	}
	if *f == nil {
		*f = firstLines{}
	}
	if at, ok := (*f)[key]; ok {
		return int(at), true
	}
	(*f)[key] = int32(min(line, 1<<31-1))
	return 0, false
}

// e164Key gives the digits of an E.164 number as one integer.
func e164Key(number string) (uint64, bool) {
	if len(number) < 2 || len(number) > 16 || number[0] != '+' || number[1] == '0' {
		return 0, false
	}
	var k uint64
	for i := 1; i < len(number); i++ {
		d := number[i] - '0'
		if d > 9 {
			return 0, false
		}
		k = k*10 + uint64(d)
	}
	return k, true
}

// duplicateProblem says why a row whose number an earlier line has was
// left out.
func duplicateProblem(number string, first int) string {
	return fmt.Sprintf("This row has the same number (%s) as line %d, so it was left out: combine the two rows in your file if this one holds details you want.", number, first)
}
