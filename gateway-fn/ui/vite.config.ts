import { defineConfig } from 'vite';

// Built into the gateway's classpath: served at /admin/ui/ on Netty and Lambda alike.
export default defineConfig({
  base: '/admin/ui/',
  build: {
    outDir: '../target/classes/admin-ui',
    emptyOutDir: true,
    // No inline script or style: the page is served with a strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: { include: ['test/**/*.test.ts'] },
} as never);
