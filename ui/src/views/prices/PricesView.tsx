// Prices: the catalog of each source with every price (CatalogTable), what changed (Changes),
// the catalog drawn (Charts) and your own numbers beside the market's (Mine); a model's page
// opens beside the table (ModelPanel). Everything worth a link is in the URL (search.ts).
import "./prices.css";

import { useSearch } from "@tanstack/react-router";
import { useMemo } from "react";

import { useSettings } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { Panel, PanelHandle, Panels, Tabs } from "../../kit";
import { OPENROUTER, sourceKey, sourcesOf } from "../../targets";
import { CatalogTable, usePricesNav } from "./CatalogTable";
import { Changes } from "./Changes";
import { Charts } from "./Charts";
import { Mine } from "./Mine";
import { ModelPanel } from "./ModelPanel";
import type { PricesTab } from "./search";

export function PricesView() {
  const search = useSearch({ from: "/prices" });
  const go = usePricesNav();
  const { prefs } = useServices();
  const layout = usePrefs((s) => s.layouts["prices.split"]);
  const settings = useSettings();
  const sources = useMemo(() => sourcesOf(settings.data), [settings.data]);
  const source = sources.find((s) => sourceKey(s) === search.source) ?? OPENROUTER;
  const tab: PricesTab = search.tab ?? "catalog";
  const body = (
    <Tabs
      label="Prices"
      value={tab}
      onChange={(t: PricesTab) => go({ tab: t === "catalog" ? undefined : t })}
      tabs={[
        { value: "catalog", label: "Catalog", content: <CatalogTable key={sourceKey(source)} source={source} /> },
        { value: "changes", label: "Price changes", content: <Changes /> },
        { value: "charts", label: "Charts", content: <Charts source={source} search={search} /> },
        { value: "mine", label: "Your numbers", content: <Mine source={source} /> },
      ]}
    />
  );
  return (
    <div className="prices" data-testid="prices-view">
      <header className="room-head">
        <div>
          <h1>Prices</h1>
          <p className="muted small">Every model with each of its prices, how they changed, what your prompts cost on each, and your own speed and cost beside the market's.</p>
        </div>
        <select aria-label="Catalog" value={sourceKey(source)} onChange={(e) => go({ source: e.target.value, model: undefined })} data-testid="prices-source">
          {sources.map((s) => (
            <option key={sourceKey(s)} value={sourceKey(s)}>
              {s.label}
            </option>
          ))}
        </select>
      </header>
      {/* One tree whether or not a model is open: opening one keeps the table (and its scroll). */}
      <Panels id="prices.split" layout={layout} onLayout={(l) => prefs.set("layouts", { ...prefs.getState().layouts, "prices.split": l })} className="prices-split">
        <Panel id="prices-main" minSize="35%" defaultSize="62%">
          {body}
        </Panel>
        {search.model && (
          <>
            <PanelHandle label="Resize the table and the model's page" />
            <Panel id="prices-model" minSize={320} defaultSize="38%">
              <ModelPanel source={source} id={search.model} />
            </Panel>
          </>
        )}
      </Panels>
    </div>
  );
}
