import { defineConfig } from 'vite';

// The lab is a static site: `npm run build` writes dist/, which any static server can host.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
  },
});
