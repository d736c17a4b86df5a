package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"herald/backend/core"
	"herald/backend/events"
	"herald/backend/settings"
	"herald/backend/web"
)

// serve runs `herald serve` until SIGINT or SIGTERM.
func serve(addr, dataDir string, frontend fs.FS, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	hub := events.NewHub()
	c, err := core.New(core.Options{
		DataDir: dataDir, Version: version, Mode: core.ModeBrowser, Emitter: hub,
		LocaleCountry: settings.LocaleCountry(os.Getenv),
	})
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Resume(); err != nil {
		c.Log.Error("resume", "err", err)
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	token, err := web.NewToken()
	if err != nil {
		return err
	}
	handler, err := web.New(ln.Addr(), web.Options{
		Token: token, Frontend: frontend, Services: services(c), Hub: hub, Log: c.Log,
		UploadDir: filepath.Join(dataDir, core.UploadsDir), ExportDir: filepath.Join(dataDir, core.ExportsDir),
	})
	if err != nil {
		return err
	}
	// Stops the sweeping of old uploads; being deferred, it runs after the
	// Shutdown below.
	defer handler.Close()
	srv := web.NewHTTPServer(handler, web.DefaultLimits())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "Herald listening on http://%s/#token=%s\n", ln.Addr(), token)
	c.Log.Info("serving", "addr", ln.Addr().String())

	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Event streams never end by themselves; Shutdown would wait for them.
	err = srv.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close()
	}
	return err
}

func services(c *core.Core) []web.Service {
	var out []web.Service
	for _, b := range c.Bindings() {
		out = append(out, web.Service{Name: b.Name, Impl: b.Service, WithContext: b.WithContext})
	}
	return out
}
