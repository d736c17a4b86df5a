package importer

import "fmt"

// Problem is why a whole file cannot be read, in words for the person who
// chose it: the caller shows its message as it is. Other errors from the
// importer (a disk that fails, a cancelled read) are for the log.
type Problem struct{ msg string }

func (p *Problem) Error() string { return p.msg }

// problemf returns a Problem with a formatted message.
func problemf(format string, args ...any) *Problem {
	return &Problem{msg: fmt.Sprintf(format, args...)}
}
