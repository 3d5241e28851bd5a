import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The lab is a static site: `npm run build` writes dist/, which any static server can host.
// The service worker precaches the whole build (the workers' chunks, the WebGPU engine and its
// shaders included), so after one visit the lab reloads, switches views and runs offline.
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
  plugins: [
    VitePWA({
      // A new build replaces the old one at the next load: the lab has no state a reload loses
      // (settings live in the URL), so there is nothing to ask the user.
      registerType: 'autoUpdate',
      injectRegister: null,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'widelab: wide neural networks in the browser',
        short_name: 'widelab',
        description:
          'Ensembles of random wide neural networks, their Gaussian limit and finite-width corrections.',
        // The theme's accent (--wl-accent in src/ui/theme.ts) and light background.
        theme_color: '#0072b2',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,wgsl,webmanifest}'],
        // The compute chunks (the WASM kernels are inlined) exceed Workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
