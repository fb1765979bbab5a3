// History: the list (newest first, or search hits) beside the open comparison. The search text
// and the filters live in the URL (/history?q=…&status=…), so back and forward bring them back;
// a comparison opens at /history/$comparisonId (?slot=N for a search hit's answer).
import { Link, Outlet, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";

import type { BackendError, SlotStatus } from "../../backend";
import { useHistoryList, useHistorySearch } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { formatDate, formatUsd } from "../../format";
import { Badge, cx, Panel, PanelHandle, Panels } from "../../kit";
import { useBlindOpenIds } from "../compare/decide/decideStore";
import { filterOf, renderSnippet } from "./filter";

const STATUS_OPTIONS: [SlotStatus | "", string][] = [
  ["", "Any outcome"],
  ["done", "Done"],
  ["failed", "Failed"],
  ["refused", "Refused"],
  ["truncated", "Truncated"],
  ["cancelled", "Cancelled"],
  ["interrupted", "Interrupted"],
];

/** The search field: typed text reaches the URL shortly after typing stops; back/forward reach the field. */
function useSearchText(urlQ: string) {
  const navigate = useNavigate();
  const [text, setText] = useState(urlQ);
  const [seen, setSeen] = useState(urlQ);
  const [pushed, setPushed] = useState<string | null>(null);
  if (urlQ !== seen) {
    setSeen(urlQ);
    if (urlQ !== pushed && urlQ !== text) setText(urlQ);
  }
  useEffect(() => {
    if (text === urlQ) return;
    const t = setTimeout(() => {
      setPushed(text);
      void navigate({ to: ".", search: (prev) => ({ ...prev, q: text.trim() ? text : undefined }), replace: true });
    }, 200);
    return () => clearTimeout(t);
  }, [text, urlQ, navigate]);
  return [text, setText] as const;
}

export function HistoryView() {
  const search = useSearch({ from: "/history" });
  const navigate = useNavigate();
  const { prefs } = useServices();
  const layout = usePrefs((s) => s.layouts["history.split"]);
  const { comparisonId } = useParams({ strict: false });
  const blind = useBlindOpenIds();
  const filter = filterOf(search);
  const q = search.q ?? "";
  const [text, setText] = useSearchText(q);
  const list = useHistoryList(filter);
  const hits = useHistorySearch(q, filter);

  const error = (list.error ?? hits.error) as BackendError | null;
  if (error) {
    // The banner above already explains a database that cannot be opened, with what to do.
    const unavailable = error.code === "database_corrupt" || error.code === "database_too_new" || error.code === "data_dir";
    return (
      <div className="panel-error room-message" role="alert" data-testid="history-error">
        {unavailable ? "History is unavailable: see the message at the top of the window." : error.message}
      </div>
    );
  }

  return (
    <Panels id="history.split" layout={layout} onLayout={(l) => prefs.set("layouts", { ...prefs.getState().layouts, "history.split": l })} className="history">
      <Panel id="history-list-panel" defaultSize={340} minSize={220} maxSize="60%" groupResizeBehavior="preserve-pixel-size">
        <aside className="history-list" data-testid="history-list" aria-label="Comparisons">
          <div className="history-tools">
            <input
              type="search"
              placeholder="Search prompts and answers…"
              aria-label="Search prompts and answers"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="history-search"
              data-focus-target
            />
            <select
              aria-label="Outcome"
              value={search.status ?? ""}
              data-testid="history-status"
              onChange={(e) => void navigate({ to: ".", search: (prev) => ({ ...prev, status: (e.target.value || undefined) as SlotStatus | undefined }) })}
            >
              {STATUS_OPTIONS.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {search.model && (
            <div className="history-chips">
              <Badge tone="accent">model: {search.model}</Badge>
              <Link to="." search={(prev) => ({ ...prev, model: undefined })} className="small">
                clear
              </Link>
            </div>
          )}
          {q.trim() ? (
            <div className="search-hits" data-testid="search-hits">
              {hits.data?.hits.length === 0 && <p className="muted small pad">Nothing matches “{q}”.</p>}
              {hits.data?.hits.map((h) => (
                <Link
                  key={h.slot_id}
                  to="/history/$comparisonId"
                  params={{ comparisonId: h.comparison_id }}
                  search={(prev) => ({ q: prev.q, status: prev.status, model: prev.model, slot: h.slot_index })}
                  className={cx("history-item", comparisonId === h.comparison_id && "active")}
                  data-testid="search-hit"
                >
                  <span className="history-title">{h.title}</span>
                  <span className="history-models">
                    {blind.includes(h.comparison_id) ? "a blind answer, named after the vote" : `[${h.slot_index}] ${h.model}`} · {formatDate(h.created_at_ms)}
                  </span>
                  <span className="snippet">{renderSnippet(h.snippet)}</span>
                </Link>
              ))}
            </div>
          ) : (
            <>
              {list.isLoading && <p className="muted pad">Loading…</p>}
              {list.data?.length === 0 && (
                <p className="muted pad" data-testid="history-empty">
                  {filter ? "No comparison matches these filters." : "No comparisons yet. Everything you send is saved here."}
                </p>
              )}
              {list.data?.map((c) => (
                <Link
                  key={c.id}
                  to="/history/$comparisonId"
                  params={{ comparisonId: c.id }}
                  search={(prev) => ({ q: prev.q, status: prev.status, model: prev.model })}
                  className={cx("history-item", comparisonId === c.id && "active")}
                  data-testid="history-item"
                >
                  <span className="history-title">{c.title}</span>
                  <span className="history-meta">
                    <span>{formatDate(c.created_at_ms)}</span>
                    <span>· {c.models.length} model{c.models.length === 1 ? "" : "s"}</span>
                    {c.failed_slots > 0 && <span className="bad">· {c.failed_slots} failed</span>}
                    {blind.includes(c.id) ? (
                      <span className="history-cost muted">cost after the vote</span>
                    ) : (
                      <span className="history-cost num" title={c.cost_incomplete ? "Some answers have no known cost; this is a lower bound." : "Total cost"}>
                        {formatUsd(c.total_cost_usd)}
                        {c.cost_incomplete && c.total_cost_usd !== null ? "+" : ""}
                      </span>
                    )}
                  </span>
                  <span className="history-models" data-testid="history-models">
                    {blind.includes(c.id) ? "Blind: the models are named after you vote in Compare" : c.models.join(", ")}
                  </span>
                </Link>
              ))}
            </>
          )}
        </aside>
      </Panel>
      <PanelHandle label="Resize the list and the comparison" />
      <Panel id="history-detail-panel" minSize="30%">
        <div className="history-detail">
          <Outlet />
        </div>
      </Panel>
    </Panels>
  );
}
