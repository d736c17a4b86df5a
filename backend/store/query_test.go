package store

import "testing"

func TestWindow(t *testing.T) {
	cases := []struct{ offset, limit, max, wantOffset, wantLimit int }{
		{0, 0, 100, 0, DefaultPageSize},
		{-5, -1, 100, 0, DefaultPageSize},
		{10, 20, 100, 10, 20},
		{10, 5000, 100, 10, 100},
	}
	for _, c := range cases {
		o, l := Window(c.offset, c.limit, c.max)
		if o != c.wantOffset || l != c.wantLimit {
			t.Errorf("Window(%d, %d, %d) = %d, %d; want %d, %d", c.offset, c.limit, c.max, o, l, c.wantOffset, c.wantLimit)
		}
	}
}

func TestEscapeLike(t *testing.T) {
	if got := EscapeLike(`100%_a\b`); got != `100\%\_a\\b` {
		t.Errorf("EscapeLike = %q", got)
	}
}
