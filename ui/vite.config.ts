import { defineConfig, type Plugin } from "vitest/config";
import react from "@vitejs/plugin-react";

/**
 * sonner puts its CSS in a <style> element at import time; the app's CSP (style-src 'self')
 * blocks that, so the call is removed here and its stylesheet is imported as a file instead
 * (src/kit/toast.tsx).
 */
function sonnerWithoutInjectedStyle(): Plugin {
  return {
    name: "sonner-without-injected-style",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]sonner[\\/]dist[\\/]index\.m?js$/.test(id)) return null;
      const out = code.replace(/__insertCSS\(("|')/g, "void (0, $1");
      if (out === code) this.warn("sonner: no __insertCSS call found; check that it injects no <style> element");
      return { code: out, map: null };
    },
  };
}

/**
 * KaTeX's stylesheet names each font three times (woff2, woff, ttf); WebKit loads the woff2
 * only, so the other two (~0.9 MB) are dropped rather than embedded in the binary.
 */
function katexWoff2Only(): Plugin {
  return {
    name: "katex-woff2-only",
    enforce: "pre",
    transform(code, id) {
      if (!/[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css$/.test(id)) return null;
      const out = code.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, "");
      if (out === code) this.warn("katex: no woff/ttf sources found; check its @font-face rules");
      return { code: out, map: null };
    },
  };
}

// The app loads the built files from ui/dist (tauri.conf.json has no devUrl on purpose: a
// dev-server URL baked into a debug build makes it show "connection refused" when the server
// is not running). `npm run dev` serves the UI in a plain browser on the fake backend.
export default defineConfig({
  plugins: [sonnerWithoutInjectedStyle(), katexWoff2Only(), react()],
  clearScreen: false,
  server: { port: 5173, strictPort: false },
  // The highlighting worker loads its grammars as chunks: that needs an ES-module worker.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    target: "es2022",
    // Inline assets would need a `data:` script/style source; keep everything as files.
    assetsInlineLimit: 0,
    // One chunk loaded from disk by a desktop app (~675 kB, ~220 kB gzip: React, the router,
    // Query, Base UI); the fake backend is a separate chunk the app never loads.
    chunkSizeWarningLimit: 800,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    // CSS is stubbed in tests, except the tokens, whose text the contrast test reads.
    css: { include: [/tokens\.css/] },
  },
});
