//go:build e2e

package desktop

import (
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
)

// screenshot captures the whole root window of display into path (PNG)
// with ImageMagick's import.
func screenshot(display, path string) error {
	out, err := exec.Command("import", "-display", display, "-window", "root", "png:"+path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("import -display %s: %w: %s", display, err, out)
	}
	return nil
}

// shotStats describes a screenshot of the Xvfb root window. With no window
// manager, the root is black and the Herald window is the only thing drawn
// on it, undecorated; so the box around the non-black pixels is the window.
type shotStats struct {
	Window     image.Rectangle // bounding box of non-black pixels
	MeanLuma   float64         // 0..255, Rec. 601, inside Window
	StdDevLuma float64
	Colours    int     // distinct RGB colours inside Window
	BgShare    float64 // share of Window pixels at the app's background colour
	Pixels     uint64  // hash of all pixels, to tell when the screen has settled
}

func (s shotStats) String() string {
	return fmt.Sprintf("window %v (%dx%d), mean luma %.1f, luma std-dev %.1f, %d colours, %.0f%% background",
		s.Window, s.Window.Dx(), s.Window.Dy(), s.MeanLuma, s.StdDevLuma, s.Colours, 100*s.BgShare)
}

// The app's background, rgb(33,37,41): Bootstrap's dark body colour, and the
// BackgroundColour the window is created with.
const bgR, bgG, bgB = 33, 37, 41

// analyse reads a PNG screenshot and measures it.
func analyse(path string) (shotStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return shotStats{}, fmt.Errorf("open screenshot: %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return shotStats{}, fmt.Errorf("decode screenshot %s: %w", path, err)
	}
	rgb := func(x, y int) (uint8, uint8, uint8) {
		r, g, b, _ := img.At(x, y).RGBA()
		return uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)
	}
	var s shotStats
	bounds := img.Bounds()
	h := fnv.New64a()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b := rgb(x, y)
			h.Write([]byte{r, g, b})
			if r|g|b > 8 {
				s.Window = s.Window.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	s.Pixels = h.Sum64()
	if s.Window.Empty() {
		return s, nil
	}
	colours := map[[3]uint8]struct{}{}
	var sum, sumSq float64
	var bg int
	for y := s.Window.Min.Y; y < s.Window.Max.Y; y++ {
		for x := s.Window.Min.X; x < s.Window.Max.X; x++ {
			r, g, b := rgb(x, y)
			colours[[3]uint8{r, g, b}] = struct{}{}
			l := 0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)
			sum += l
			sumSq += l * l
			if near(r, bgR) && near(g, bgG) && near(b, bgB) {
				bg++
			}
		}
	}
	n := float64(s.Window.Dx() * s.Window.Dy())
	s.MeanLuma = sum / n
	s.StdDevLuma = math.Sqrt(math.Max(0, sumSq/n-s.MeanLuma*s.MeanLuma))
	s.Colours = len(colours)
	s.BgShare = float64(bg) / n
	return s, nil
}

func near(v, want uint8) bool { return v >= want-4 && v <= want+4 }

// Thresholds, calibrated on the first screen (Dashboard) under Xvfb on
// 2026-11-25: mean luma ~42, std-dev ~21, ~1100-1250 colours, 80% background.
// A blank white or WebKit error page is light (mean > 200); the bare
// window before the page paints is one flat colour (std-dev 0, 1 colour).
const (
	minWindowW, minWindowH = 1024, 700 // the window's MinWidth/MinHeight
	maxMeanLuma            = 90
	minStdDevLuma          = 10
	minColours             = 200
	minBgShare             = 0.30
)

var errNotTheApp = errors.New("screenshot does not look like the Herald UI")

// looksLikeTheApp says why a screenshot is not the painted app, or nil.
func looksLikeTheApp(s shotStats) error {
	switch {
	case s.Window.Dx() < minWindowW || s.Window.Dy() < minWindowH:
		return fmt.Errorf("%w: no window of at least %dx%d on the screen (%v)", errNotTheApp, minWindowW, minWindowH, s)
	case s.MeanLuma > maxMeanLuma:
		return fmt.Errorf("%w: too light for the dark UI, a blank or error page? (%v)", errNotTheApp, s)
	case s.StdDevLuma < minStdDevLuma || s.Colours < minColours:
		return fmt.Errorf("%w: too flat, no sidebar or text drawn (%v)", errNotTheApp, s)
	case s.BgShare < minBgShare:
		return fmt.Errorf("%w: too little of the app's background rgb(%d,%d,%d) (%v)", errNotTheApp, bgR, bgG, bgB, s)
	}
	return nil
}
