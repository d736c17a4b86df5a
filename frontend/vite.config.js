import { defineConfig } from 'vite';

// Served at the root both by Wails' asset server and by `herald serve`.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
