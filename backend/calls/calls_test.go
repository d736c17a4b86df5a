package calls

import (
	"context"
	"testing"
)

func TestRunning_CancelAllStopsTheCallsInProgressOnly(t *testing.T) {
	var r Running
	first, done1 := r.Start(context.Background())
	second, done2 := r.Start(context.Background())
	done2()
	if second.Err() == nil {
		t.Error("a finished call's context is still live")
	}
	if n := r.CancelAll(); n != 1 || first.Err() == nil {
		t.Errorf("CancelAll stopped %d calls, first call's context %v", n, first.Err())
	}
	done1()
	if n := r.CancelAll(); n != 0 {
		t.Errorf("CancelAll after every call ended stopped %d", n)
	}
	parent, cancel := context.WithCancel(context.Background())
	third, done3 := r.Start(parent)
	defer done3()
	cancel()
	if third.Err() == nil {
		t.Error("a call's context outlived the caller's")
	}
}
