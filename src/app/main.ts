/// <reference types="vite-plugin-pwa/client" />
// The lab's entry point (index.html loads it): registering the shell renders everything else.
import './app-shell.ts';

// Builds only (the mode, not NODE_ENV, which the e2e build inherits from Vitest): in development
// a service worker would serve stale modules.
if (import.meta.env.MODE === 'production' && 'serviceWorker' in navigator && location.protocol !== 'file:') {
  void import('virtual:pwa-register').then(({ registerSW }) => registerSW({ immediate: true }));
}
