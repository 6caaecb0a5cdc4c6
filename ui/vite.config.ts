import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * Vite config for the Agora web UI. Root is `ui/`, the build goes to
 * `ui/dist` (the API server serves it with an SPA fallback), and the dev
 * server proxies `/api` to a locally running engine on port 3000.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    // codemirror-json-schema starts a shiki highlighter on load (WebAssembly, grammars); the studio's
    // JSON view does not need coloured code in hover texts (see ui/src/studio/expert/shiki-stub.ts).
    // csv-stringify's Node build calls Buffer when it loads; its browser build (same API) carries its own.
    alias: [
      { find: /^(shiki|@shikijs\/markdown-it)(\/.*)?$/, replacement: fileURLToPath(new URL('./src/studio/expert/shiki-stub.ts', import.meta.url)) },
      { find: /^csv-stringify\/sync$/, replacement: 'csv-stringify/browser/esm/sync' },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // Shared chunks are named after one of their modules; name the big ones after what they hold.
        chunkFileNames(chunk) {
          const ids = chunk.moduleIds ?? [];
          if (ids.some((id) => id.includes('/node_modules/@rjsf/'))) return 'assets/forms-[hash].js';
          if (ids.some((id) => id.includes('/node_modules/elkjs/'))) return 'assets/diagram-[hash].js';
          if (ids.some((id) => id.includes('/node_modules/@codemirror/'))) return 'assets/studio-codemirror-[hash].js';
          if (ids.some((id) => id.includes('/node_modules/@dnd-kit/'))) return 'assets/studio-dnd-[hash].js';
          if (ids.some((id) => id.includes('/node_modules/echarts/') || id.includes('/node_modules/zrender/'))) return 'assets/charts-[hash].js';
          return 'assets/[name]-[hash].js';
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
