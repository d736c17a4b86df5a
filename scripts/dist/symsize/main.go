// Command symsize says what makes up a Go program: the sizes of its symbols
// summed by Go module (the standard library, Herald, each dependency), as a
// Markdown table. It reads an ELF build that kept its symbols; symbols in
// zero-filled sections (bss) are left out, as they take no room in the file.
//
//	go run ./scripts/dist/symsize PROGRAM [ROWS]
package main

import (
	"debug/elf"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: symsize PROGRAM [ROWS]")
		os.Exit(2)
	}
	rows := 16
	if len(os.Args) > 2 {
		n, err := strconv.Atoi(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, "symsize: ROWS is a number:", err)
			os.Exit(2)
		}
		rows = n
	}
	sums, err := sizes(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "symsize:", err)
		os.Exit(1)
	}
	type part struct {
		name  string
		bytes uint64
	}
	var parts []part
	var total uint64
	for name, n := range sums {
		parts = append(parts, part{name, n})
		total += n
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].bytes > parts[j].bytes })
	fmt.Println("| part of the program (symbols by module) | size |")
	fmt.Println("|---|---|")
	for i, p := range parts {
		if i == rows {
			break
		}
		fmt.Printf("| %s | %.1f MB |\n", p.name, float64(p.bytes)/1e6)
	}
	fmt.Printf("| all symbols | %.1f MB |\n", float64(total)/1e6)
	if fi, err := os.Stat(os.Args[1]); err == nil {
		// The rest is the runtime's tables of the code (pclntab, symbol-less)
		// and the symbol table itself, which the shipped -s build drops.
		fmt.Printf("| the whole file, symbols and tables included | %.1f MB |\n", float64(fi.Size())/1e6)
	}
}

// sizes sums the file-backed symbols of the ELF program at path by module.
func sizes(path string) (map[string]uint64, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return nil, fmt.Errorf("%s has no symbols (built with -s?): %w", path, err)
	}
	sums := map[string]uint64{}
	seen := map[uint64]bool{} // aliases share an address: count it once
	for _, s := range syms {
		if s.Size == 0 || int(s.Section) <= 0 || int(s.Section) >= len(f.Sections) || seen[s.Value] {
			continue
		}
		if f.Sections[s.Section].Type == elf.SHT_NOBITS {
			continue
		}
		seen[s.Value] = true
		sums[module(s.Name)] += s.Size
	}
	return sums, nil
}

// module names the part of the program a symbol belongs to.
func module(symbol string) string {
	switch {
	case strings.HasPrefix(symbol, "type:"), strings.HasPrefix(symbol, "go:"):
		return "type data, strings and function tables (all code)"
	case strings.HasPrefix(symbol, "herald/"):
		return "herald (our code)"
	}
	parts := strings.Split(symbol, "/")
	if len(parts) < 2 || !strings.Contains(parts[0], ".") {
		return "Go runtime and standard library"
	}
	keep := 2
	if parts[0] == "github.com" || parts[0] == "gitlab.com" || (parts[0] == "golang.org" && parts[1] == "x") {
		keep = 3
	}
	keep = min(keep, len(parts))
	last := parts[keep-1]
	if i := strings.Index(last, "."); i >= 0 && keep == len(parts) {
		last = last[:i]
	}
	parts[keep-1] = last
	return strings.Join(parts[:keep], "/")
}
