package core

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"herald/backend/backup"
	"herald/backend/whatsapp"
	"herald/backend/whatsapp/simulator"
)

// connectSimulator pairs the simulator, quiet, and waits until connected.
func connectSimulator(t *testing.T, c *Core) {
	t.Helper()
	if err := c.WhatsApp.SetSimulator(simulator.Config{Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if err := c.WhatsApp.Connect(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a QR code", func() bool { st, _ := c.WhatsApp.Status(); return st.State == whatsapp.StateQR })
	if err := c.WhatsApp.SimulateScan(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "WhatsApp connected", func() bool { st, _ := c.WhatsApp.Status(); return st.State == whatsapp.StateConnected })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// rezip writes a copy of the backup at src to dst, each entry's bytes
// passed through edit and the manifest through editManifest; with fixSums
// the manifest then lists each part's new size and checksum.
func rezip(t *testing.T, src, dst string, edit func(name string, data []byte) []byte, editManifest func(*backup.Manifest), fixSums bool) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string][]byte{}
	var m backup.Manifest
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == backup.ManifestName {
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			continue
		}
		order = append(order, f.Name)
		parts[f.Name] = edit(f.Name, data)
	}
	if fixSums {
		for i, f := range m.Files {
			sum := sha256.Sum256(parts[f.Name])
			m.Files[i].Size, m.Files[i].SHA256 = int64(len(parts[f.Name])), hex.EncodeToString(sum[:])
		}
	}
	editManifest(&m)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	manifest, _ := json.Marshal(m)
	for _, name := range append([]string{backup.ManifestName}, order...) {
		data := manifest
		if name != backup.ManifestName {
			data = parts[name]
		}
		fw, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
