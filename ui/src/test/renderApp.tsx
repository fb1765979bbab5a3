// Renders the whole app (shell, router, rooms) on a fake backend, at a URL, for component tests.
import { createMemoryHistory, RouterProvider } from "@tanstack/react-router";
import { act, render } from "@testing-library/react";

import { createAppRouter } from "../app/router";
import { createServices, ServicesProvider, type Services } from "../app/services";
import { createFakeBackend, type FakeBackend, type FakeOptions } from "../backend/fake";

export interface Rendered {
  backend: FakeBackend;
  services: Services;
  router: ReturnType<typeof createAppRouter>;
}

export async function renderApp(path = "/compare", options: FakeOptions & { backend?: FakeBackend } = {}): Promise<Rendered> {
  const backend = options.backend ?? createFakeBackend({ delayScale: 0.01, ...options });
  // Text events are applied when the test says (services.run.flush()) or on a macrotask.
  const services = createServices(backend, { schedule: (f) => setTimeout(f, 0) });
  await services.prefs.hydrate();
  const router = createAppRouter(services, createMemoryHistory({ initialEntries: [path] }));
  await act(async () => {
    render(
      <ServicesProvider services={services}>
        <RouterProvider router={router} />
      </ServicesProvider>,
    );
  });
  await act(() => router.load());
  return { backend, services, router };
}
