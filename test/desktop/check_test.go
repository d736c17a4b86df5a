//go:build e2e

package desktop

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestLooksLikeTheApp_RejectsWhatIsNotTheApp proves the screenshot check can
// fail: it must turn down the screens a broken start-up leaves behind.
func TestLooksLikeTheApp_RejectsWhatIsNotTheApp(t *testing.T) {
	bg := color.RGBA{bgR, bgG, bgB, 255}
	window := image.Rect(60, 50, 1340, 850)
	cases := map[string]func(*image.RGBA){
		"empty root":             func(*image.RGBA) {},
		"window not yet painted": func(m *image.RGBA) { fill(m, window, bg) },
		"white page":             func(m *image.RGBA) { fill(m, window, color.RGBA{255, 255, 255, 255}); noise(m, window, 0) },
		"light error page":       func(m *image.RGBA) { fill(m, window, color.RGBA{238, 238, 236, 255}); noise(m, window, 0) },
		"small dialog": func(m *image.RGBA) {
			fill(m, image.Rect(500, 300, 900, 500), bg)
			noise(m, image.Rect(500, 300, 900, 500), 255)
		},
	}
	for name, paint := range cases {
		t.Run(name, func(t *testing.T) {
			m := image.NewRGBA(image.Rect(0, 0, 1400, 900))
			fill(m, m.Bounds(), color.RGBA{0, 0, 0, 255})
			paint(m)
			s, err := analyse(writePNG(t, m))
			if err != nil {
				t.Fatal(err)
			}
			if err := looksLikeTheApp(s); err == nil {
				t.Errorf("accepted %s: %v", name, s)
			}
		})
	}
}

func fill(m *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(m, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// noise draws 1000 distinct greys in the top rows of r, like text would.
func noise(m *image.RGBA, r image.Rectangle, base uint8) {
	for i := range 1000 {
		v := uint8(i % 256)
		m.Set(r.Min.X+i%r.Dx(), r.Min.Y+i/r.Dx(), color.RGBA{v, base ^ v, uint8(i / 256), 255})
	}
}

func writePNG(t *testing.T, m image.Image) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "synthetic.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, m); err != nil {
		t.Fatal(err)
	}
	return path
}
