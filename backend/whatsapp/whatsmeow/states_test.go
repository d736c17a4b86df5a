package whatsmeow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.mau.fi/whatsmeow/types/events"

	"herald/backend/whatsapp"
	"herald/backend/whatsapp/drivertest"
)

func TestStates_ADropReconnectsByItselfAndSaysSo(t *testing.T) {
	r := newRig(t)
	r.link()
	r.srv.Drop()
	st := r.waitLastError(whatsapp.StateConnecting, "The connection to WhatsApp was lost: Herald is reconnecting")
	if st.Phone != "+15550100001" {
		t.Fatalf("status while reconnecting %+v, want the phone kept", st)
	}
	if _, err := r.d.Send(context.Background(), text("m1", "+4915100000001")); !errors.Is(err, whatsapp.ErrNotConnected) {
		t.Fatalf("Send while reconnecting = %v, want ErrNotConnected", err)
	}
	r.srv.Restore()
	r.WaitFor(t, "connected again", func(evs []whatsapp.Event) bool {
		return len(evs) > 0 && evs[len(evs)-1].Kind == whatsapp.EventState && evs[len(evs)-1].Status.State == whatsapp.StateConnected &&
			evs[len(evs)-1].Status.LastError == ""
	})
	// A keep-alive timeout alone changes nothing.
	r.srv.Emit(&events.KeepAliveTimeout{ErrorCount: 1, LastSuccess: t0})
	if st := r.d.Status(); st.State != whatsapp.StateConnected {
		t.Fatalf("state after a keep-alive timeout %+v", st)
	}
}

func TestStates_WithoutANetworkALinkedPhoneKeepsTryingAndAnUnlinkedOneSaysSo(t *testing.T) {
	r := newRig(t)
	r.link()
	r = r.restart()
	r.srv.SetReachable(false)
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.waitLastError(whatsapp.StateConnecting, "Herald cannot reach WhatsApp: check the internet connection; Herald keeps trying")
	r.srv.SetReachable(true)
	r.srv.Restore()
	r.WaitState(t, whatsapp.StateConnected)

	u := newRig(t)
	u.srv.SetReachable(false)
	if err := u.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	u.waitLastError(whatsapp.StateError, "Herald cannot reach WhatsApp: check the internet connection, then connect again")
	if _, err := u.d.PairPhone(context.Background(), "+4915112345678"); err == nil {
		t.Fatal("PairPhone without a network succeeded")
	}
}

func TestStates_EveryWayWhatsAppEndsTheConnection(t *testing.T) {
	ends := time.Date(2026, 1, 3, 23, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		act    func(r *rig)
		state  whatsapp.State
		words  string
		paired bool
	}{
		{"logged out from the phone", func(r *rig) {
			if err := r.srv.LogOutFromPhone(); err != nil {
				r.t.Fatal(err)
			}
		}, whatsapp.StateLoggedOut, "This computer was unlinked from your phone", false},
		{"logged out because the main device went", func(r *rig) {
			r.srv.Emit(&events.LoggedOut{OnConnect: true, Reason: events.ConnectFailureMainDeviceGone})
		}, whatsapp.StateLoggedOut, "This computer was unlinked from your phone: WhatsApp says", false},
		{"stream replaced", func(r *rig) { r.srv.Replace() },
			whatsapp.StateDisconnected, "Herald was opened on another computer", true},
		{"temporary ban", func(r *rig) { r.srv.Ban(events.TempBanBlockedByUsers, 36*time.Hour) },
			whatsapp.StateError, "WhatsApp has banned this number for a while because too many people blocked it; the ban ends Sat 3 Jan 2026 at 23:00 UTC", true},
		{"temporary ban without an end, the socket left open", func(r *rig) { r.srv.Emit(&events.TemporaryBan{Code: 199}) },
			whatsapp.StateError, "WhatsApp thinks it broke WhatsApp's terms (code 199); WhatsApp did not say until when", true},
		{"connect failure", func(r *rig) { r.srv.RefuseConnection(events.ConnectFailureReason(418), "unknown") },
			whatsapp.StateError, "WhatsApp refused the connection (code 418)", true},
		{"client outdated", func(r *rig) { r.srv.Outdated() },
			whatsapp.StateError, "This Herald is too old for WhatsApp: update it", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t)
			r.link()
			r.clock.Advance(time.Hour) // the ban's end counts from now
			c.act(r)
			st := r.waitLastError(c.state, c.words)
			if r.d.Paired() != c.paired {
				t.Fatalf("paired = %v after %s, want %v", r.d.Paired(), c.name, c.paired)
			}
			if c.name == "temporary ban" {
				if st.Ban == nil || st.Ban.Code != 102 || st.Ban.Reason != "too many people blocked it" || !st.Ban.Until.Equal(ends) {
					t.Fatalf("ban %+v, want code 102, its reason and its end %v", st.Ban, ends)
				}
			} else if st.Ban != nil && !strings.Contains(c.name, "ban") {
				t.Fatalf("ban %+v set for %s", st.Ban, c.name)
			}
			if !c.paired && (st.Phone != "" || st.PushName != "") {
				t.Fatalf("status %+v still names the unlinked phone", st)
			}
			// None of these retries by itself; Connect starts again, and a
			// phone that was unlinked pairs anew.
			if err := r.d.Connect(context.Background()); err != nil {
				t.Fatal(err)
			}
			want := whatsapp.StateConnected
			if !c.paired {
				want = whatsapp.StateQR
			}
			r.WaitFor(t, "a new connection", func(evs []whatsapp.Event) bool {
				last := evs[len(evs)-1]
				return last.Kind == whatsapp.EventState && last.Status.State == want || last.Kind == whatsapp.EventPairing
			})
			if now := r.d.Status(); now.Ban != nil {
				t.Fatalf("a new connection still carries the ban %+v", now.Ban)
			}
		})
	}
}

func TestStates_LoggedOutFromThePhonePairsANewDevice(t *testing.T) {
	r := newRig(t)
	r.link()
	old := r.srv.Client()
	if err := r.srv.LogOutFromPhone(); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateLoggedOut)
	// Events of the unlinked client no longer count.
	old.AddEventHandler(func(any) {})
	r.srv.Emit(&events.Connected{})
	if st := r.d.Status().State; st != whatsapp.StateLoggedOut {
		t.Fatalf("state %s after an event of the old client", st)
	}
	r = r.restart()
	if r.d.Paired() {
		t.Fatal("the unlinked device survived a restart")
	}
	r.link()
	if r.srv.Client() == old {
		t.Fatal("the new pairing reused the unlinked client")
	}
}

func TestLogout_WhileConnectedTellsWhatsAppAndForgetsThePhone(t *testing.T) {
	r := newRig(t)
	r.link()
	if err := r.d.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := r.WaitState(t, whatsapp.StateLoggedOut)
	if st.LastError != "" || r.d.Paired() {
		t.Fatalf("after logout: %+v paired %v", st, r.d.Paired())
	}
	if r = r.restart(); r.d.Paired() {
		t.Fatal("the logged-out device is still in whatsapp.db")
	}
}

func TestLogout_WhileDisconnectedForgetsThePhoneAndSaysWhatToDoOnIt(t *testing.T) {
	r := newRig(t)
	r.link()
	r = r.restart() // linked, never connected since
	if err := r.d.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := r.WaitState(t, whatsapp.StateLoggedOut)
	if !strings.Contains(st.LastError, "remove Herald under Linked devices") {
		t.Fatalf("LastError %q, want what to do on the phone", st.LastError)
	}
	if r = r.restart(); r.d.Paired() {
		t.Fatal("the device is still in whatsapp.db")
	}
}

func TestClose_StopsAConnectionInProgress(t *testing.T) {
	r := newRig(t)
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateQR)
	r.close()
	if r.srv.QR() != "" {
		t.Fatal("the QR codes still rotate after Close")
	}
}

func TestStates_AConnectAfterAFailureWhilePairingDialsAfresh(t *testing.T) {
	r := newRig(t)
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitState(t, whatsapp.StateQR)
	// The event alone: whatsmeow has not closed the socket yet.
	r.srv.Emit(&events.ClientOutdated{})
	r.waitLastError(whatsapp.StateError, "This Herald is too old for WhatsApp: update it")
	if err := r.d.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WaitFor(t, "a new round of codes", func(evs []whatsapp.Event) bool {
		n := 0
		for _, s := range drivertest.States(evs) {
			if s == whatsapp.StateQR {
				n++
			}
		}
		return n == 2
	})
}
