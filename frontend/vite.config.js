import { defineConfig } from 'vite';

// Served at the root both by Wails' asset server and by `herald serve`.
// public/.gitkeep is copied into dist on every build, so the committed placeholder that
// Go's //go:embed needs in a fresh clone survives emptyOutDir.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
