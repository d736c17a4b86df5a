package connection

import (
	"testing"
	"time"

	"herald/backend/whatsapp"
)

// While held, the driver's events wait: the connection's state the service
// reports stays as it was until release, then catches up in order.
func TestHold_EventsWaitUntilRelease(t *testing.T) {
	w := newWorld(t)
	in := w.start(quiet())
	release := Hold(in.Service)
	if err := in.Connect(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for in.sim.Status().State != whatsapp.StateQR {
		if time.Now().After(deadline) {
			t.Fatal("the simulator shows no QR code")
		}
		time.Sleep(time.Millisecond)
	}
	if st, _ := in.Status(); st.State != whatsapp.StateDisconnected {
		t.Fatalf("while held the service reports %s", st.State)
	}
	if got := w.historyStates(); len(got) != 0 {
		t.Fatalf("while held the history got %v", got)
	}
	release()
	in.waitState(t, whatsapp.StateQR)
	if got := w.historyStates(); len(got) == 0 || got[len(got)-1] != whatsapp.StateQR {
		t.Errorf("after release the history is %v", got)
	}
}
