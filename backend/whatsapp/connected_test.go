package whatsapp

import "testing"

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func TestConnected_ClosesItsChannelWhileUp(t *testing.T) {
	var zero Connected
	if closed(zero.Wait()) {
		t.Fatal("the zero value says connected")
	}
	c := NewConnected(false)
	down := c.Wait()
	c.Set(false)
	if closed(down) {
		t.Fatal("closed while down")
	}
	c.Set(true)
	c.Set(true) // twice is once
	if !closed(down) || !closed(c.Wait()) {
		t.Fatal("a waiter is not told of the connection")
	}
	c.Set(false)
	if closed(c.Wait()) {
		t.Fatal("still closed after the connection went down")
	}
	if !closed(NewConnected(true).Wait()) {
		t.Fatal("NewConnected(true) is not up")
	}
}
