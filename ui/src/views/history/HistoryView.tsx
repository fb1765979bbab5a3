// History: the list (newest first, or search hits grouped by comparison) beside the open
// comparison. The search text and the filters live in the URL (search.ts), so back and forward
// bring them back and Analytics can link to a filtered list; a comparison opens at
// /history/$comparisonId (?slot=N for a search hit's answer). Comparisons another process (the
// CLI) adds while the app is open appear on their own (useOthersWrites in the shell).
import { Outlet, useSearch } from "@tanstack/react-router";
import { useState } from "react";

import type { BackendError } from "../../backend";
import { useHistoryPages } from "../../app/queries";
import { usePrefs, useServices } from "../../app/services";
import { Panel, PanelHandle, Panels } from "../../kit";
import { BulkBar } from "./BulkBar";
import { ComparisonList } from "./ComparisonList";
import { FilterBar, useHistoryText } from "./FilterBar";
import { filterOf } from "./search";
import { SearchHits } from "./SearchHits";

export function HistoryView() {
  const search = useSearch({ from: "/history" });
  const { prefs } = useServices();
  const layout = usePrefs((s) => s.layouts["history.split"]);
  const filter = filterOf(search);
  const [text, setText] = useHistoryText();
  // Ticked comparisons (not worth a link: a selection is this moment's).
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  // The list's first page tells a database that cannot be opened (the banner explains it).
  const first = useHistoryPages(filter);
  const error = first.error as BackendError | null;
  if (error && (error.code === "database_corrupt" || error.code === "database_too_new" || error.code === "data_dir")) {
    return (
      <div className="panel-error room-message" role="alert" data-testid="history-error">
        History is unavailable: see the message at the top of the window.
      </div>
    );
  }

  return (
    <Panels id="history.split" layout={layout} onLayout={(l) => prefs.set("layouts", { ...prefs.getState().layouts, "history.split": l })} className="history">
      <Panel id="history-list-panel" defaultSize={360} minSize={240} maxSize="60%" groupResizeBehavior="preserve-pixel-size">
        <aside className="history-list" data-testid="history-list" aria-label="Comparisons">
          <FilterBar text={text} setText={setText} />
          {selected.size > 0 && !text.trim() && <BulkBar selected={selected} filter={filter} onChange={setSelected} />}
          {text.trim() ? <SearchHits q={text} filter={filter} /> : <ComparisonList filter={filter} selected={selected} onSelect={setSelected} />}
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
