import "@fontsource-variable/inter";
import "./styles/tokens.css";
import "./styles/base.css";
import "./kit/kit.css";
import "./app/shell.css";
import "./views/compare/compare.css";
import "./views/history/history.css";
import "./views/settings/settings.css";
import "./views/prices/prices.css";
import "./views/welcome/welcome.css";

import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { createAppRouter } from "./app/router";
import { createServices, ServicesProvider } from "./app/services";
import { applyTheme } from "./app/theme";
import { loadBackend } from "./backend";

async function start() {
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  const backend = await loadBackend();
  const services = createServices(backend, { legacyStorage: window.localStorage });
  // Preferences first, so the first frame already has the right theme and sidebar.
  await services.prefs.hydrate();
  applyTheme(services.prefs.getState().theme);
  const router = createAppRouter(services);
  createRoot(root).render(
    <StrictMode>
      <ServicesProvider services={services}>
        <RouterProvider router={router} />
      </ServicesProvider>
    </StrictMode>,
  );
}

void start();
