// Command gen writes backend/about/notices.json: the licence notices of the
// Go standard library, of every Go module linked into Herald's desktop
// binary on each platform it ships for, and of every npm package bundled into
// its frontend. It fails, naming each, when a library has no licence file or
// one it does not recognise: a notice that cannot travel with the binary
// must stop the build, not go missing.
//
// Run it from the module's root, after `npm ci` in frontend (`make notices`):
//
//	go run ./backend/about/gen -tags desktop,production,webkit2_41
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	"herald/backend/about"
)

func main() {
	tags := flag.String("tags", "desktop,production,webkit2_41", "build tags of the desktop binary")
	frontend := flag.String("frontend", "frontend", "the frontend's folder, holding package.json and node_modules")
	out := flag.String("out", "backend/about/notices.json", "the file to write")
	flag.Parse()
	if err := run(*tags, *frontend, *out); err != nil {
		fmt.Fprintln(os.Stderr, "notices:", err)
		os.Exit(1)
	}
}

func run(tags, frontend, out string) error {
	goList, goErr := goNotices(".", tags)
	npmList, npmErr := npmNotices(frontend)
	if err := errors.Join(goErr, npmErr); err != nil {
		return err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// Licence texts are full of <, > and &: keep them legible in diffs.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(append(goList, npmList...)); err != nil {
		return err
	}
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// notice is a library's notice with the licence its files name.
func notice(name, version, source string, files []noticeText) (about.Notice, error) {
	id, err := expression(files)
	if err != nil {
		return about.Notice{}, err
	}
	return about.Notice{Name: name, Version: version, License: id, Source: source, Text: joinTexts(files)}, nil
}
