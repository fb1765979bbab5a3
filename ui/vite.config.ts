import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The app loads the built files from ui/dist (tauri.conf.json has no devUrl on purpose: a
// dev-server URL baked into a debug build makes it show "connection refused" when the server
// is not running).
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  build: {
    outDir: "dist",
    target: "es2022",
    // Inline assets would need a `data:` script/style source; keep everything as files.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
  },
});
