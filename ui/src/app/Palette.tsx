// The command palette (Ctrl/Cmd+K): every view, every action, every settings section and the
// models of every configured catalog, ranked by uFuzzy. Choosing a model adds it to Compare's
// picks and opens Compare. A combobox over a listbox (ARIA 1.2): focus stays in the input, the
// arrow keys move the active option (aria-activedescendant), Enter runs it, Esc closes.
import { useNavigate } from "@tanstack/react-router";
import { AtSign, Boxes, Layers } from "lucide-react";
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

import type { CatalogModel } from "../backend";
import { formatPrice } from "../format";
import { Dialog, Kbd, toast } from "../kit";
import { pickLabel, pickOf, sourceKey, sourcesOf, withPick, type Pick, type Source } from "../targets";
import { useCommands, type Command as Cmd } from "./commands";
import { rank } from "./fuzzy";
import { useAliases, useCatalogs, useModelSets, useSettings } from "./queries";
import { useServices, useUi } from "./services";

/** cmdk renders every item it is given: keep the list short enough to stay instant. */
const MAX_MODELS = 50;

interface ModelEntry {
  key: string;
  pick: Pick;
  label: string;
  name: string;
  source: string;
  model: CatalogModel;
  /** What uFuzzy searches. */
  hay: string;
}

// The palette mounts on every open: what it searches is made once per catalog, not per open.
// The query cache hands back the same array while a catalog is unchanged, so it is the key.
const entriesByCatalog = new WeakMap<CatalogModel[], Map<string, ModelEntry[]>>();
function entriesOf(s: Source, models: CatalogModel[]): ModelEntry[] {
  let bySource = entriesByCatalog.get(models);
  if (!bySource) entriesByCatalog.set(models, (bySource = new Map()));
  const k = `${sourceKey(s)}|${s.label}`;
  let entries = bySource.get(k);
  if (!entries) {
    entries = models.map((m) => {
      const pick: Pick = { provider: s.provider, endpoint: s.endpoint, model: m.id };
      const label = pickLabel(pick);
      return { key: `${s.provider}|${s.endpoint ?? ""}|${m.id}`, pick, label, name: m.name, source: s.label, model: m, hay: m.name === label ? label : `${label} ${m.name}` };
    });
    bySource.set(k, entries);
  }
  return entries;
}

const NO_MODELS: CatalogModel[] = [];

/** Every catalog's entries in one list, and its haystack: kept while no catalog changes. */
let combined: { parts: ModelEntry[][]; models: ModelEntry[]; haystack: string[] } | null = null;
function allEntries(parts: ModelEntry[][]) {
  if (!combined || combined.parts.length !== parts.length || combined.parts.some((p, i) => p !== parts[i])) {
    const models = parts.flat();
    combined = { parts, models, haystack: models.map((m) => m.hay) };
  }
  return combined;
}

export function Palette() {
  const open = useUi((s) => s.palette);
  const { ui } = useServices();
  const ran = useRef(false);
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (o) ran.current = false;
        ui.setState({ palette: o });
      }}
      title="Command palette"
      description="Go to a view, run an action, or add a model to Compare."
      hideHeader
      className="palette"
      testId="palette"
      modal="trap-focus"
      finalFocus={() => !ran.current}
    >
      {open && <PaletteBody onDone={() => { ran.current = true; ui.setState({ palette: false }); }} />}
    </Dialog>
  );
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const [query, setQuery] = useState("");
  const q = useDeferredValue(query);
  const commands = useCommands();
  const settings = useSettings();
  const sources = useMemo(() => sourcesOf(settings.data), [settings.data]);
  const catalogs = useCatalogs(sources, true);
  const { prefs, backend } = useServices();
  const navigate = useNavigate();
  const sets = useModelSets();
  const aliases = useAliases();

  // Saved model sets replace the picks; an alias adds the model it names (resolved by Rust, as the CLI does).
  const saved = useMemo((): Cmd[] => {
    const toCompare = () => void navigate({ to: "/compare" });
    return [
      ...(sets.data ?? []).map((set): Cmd => ({
        id: `set-${set.name}`,
        label: `Pick model set @${set.name}`,
        group: "Saved",
        icon: Layers,
        hint: set.targets.map((t) => pickLabel(pickOf(t))).join(", "),
        run: () => {
          prefs.set("picks", set.targets.map(pickOf));
          toCompare();
        },
      })),
      ...(aliases.data ?? []).map((a): Cmd => ({
        id: `alias-${a.name}`,
        label: `Add ${a.name} (alias)`,
        group: "Saved",
        icon: AtSign,
        hint: a.model,
        run: () =>
          void backend.resolveModels([a.name]).then(
            (targets) => {
              prefs.set("picks", targets.map(pickOf).reduce(withPick, prefs.getState().picks));
              toCompare();
            },
            (e: unknown) => toast(`Alias ${a.name} could not be read`, { description: e instanceof Error ? e.message : String(e) }),
          ),
      })),
    ];
  }, [sets.data, aliases.data, prefs, backend, navigate]);

  const { models, haystack } = allEntries(sources.map((s, i) => entriesOf(s, catalogs.data[i] ?? NO_MODELS)));
  const loading = catalogs.loading;
  const failed = sources.filter((_, i) => catalogs.failed[i]).map((s) => s.label);

  const shownCommands = useMemo(() => {
    const all = [...commands, ...saved];
    const hay = all.map((c) => `${c.label} ${c.hint ?? ""}`);
    return rank(hay, q, all.length).map((i) => all[i]!);
  }, [commands, saved, q]);
  const shownModels = useMemo(() => (q.trim() ? rank(haystack, q, MAX_MODELS).map((i) => models[i]!) : []), [haystack, models, q]);

  const runCommand = (c: Cmd) => {
    onDone();
    c.run();
  };
  const addModel = (m: ModelEntry) => {
    onDone();
    prefs.set("picks", withPick(prefs.getState().picks, m.pick));
    void navigate({ to: "/compare" });
  };

  // One flat list of options under their group headings; `active` indexes it.
  const sections: { heading: string; options: Option[] }[] = [];
  for (const g of ["Views", "Actions", "Settings", "Saved"] as const) {
    const list = shownCommands.filter((c) => c.group === g);
    if (list.length) {
      sections.push({
        heading: g === "Saved" ? "Model sets & aliases" : g,
        options: list.map((c) => ({
          key: `cmd-${c.id}`,
          testId: `palette-cmd-${c.id}`,
          run: () => runCommand(c),
          body: (
            <>
              <c.icon size={16} aria-hidden className="palette-icon" />
              <span className="palette-label">{c.label}</span>
              {c.hint && <span className="palette-hint">{c.hint}</span>}
              {c.keys && <Kbd keys={c.keys} className="palette-keys" />}
            </>
          ),
        })),
      });
    }
  }
  if (shownModels.length) {
    sections.push({
      heading: `Models — add to Compare${shownModels.length === MAX_MODELS ? ` (best ${MAX_MODELS}; type more to narrow)` : ""}`,
      options: shownModels.map((m) => ({
        key: `model-${m.key}`,
        testId: `palette-model-${m.label}`,
        run: () => addModel(m),
        body: (
          <>
            <Boxes size={16} aria-hidden className="palette-icon" />
            <span className="palette-label">{m.label}</span>
            <span className="palette-hint">
              {m.name !== m.label ? `${m.name} · ` : ""}
              {m.source}
            </span>
            <span className="palette-price num">{`${formatPrice(m.model.prompt_price)} · ${formatPrice(m.model.completion_price)}`}</span>
          </>
        ),
      })),
    });
  }
  const flat = sections.flatMap((sec) => sec.options);
  const [active, setActive] = useState(0);
  const [activeFor, setActiveFor] = useState(q);
  // A new query starts at the best match.
  if (activeFor !== q) {
    setActiveFor(q);
    setActive(0);
  }
  const current = Math.min(active, Math.max(flat.length - 1, 0));
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;
  const listRef = useRef<HTMLDivElement>(null);
  // Keeps the active option in view when it moves; not on open, where the first option is in view
  // already (scrolling there would force a layout of the half-built dialog).
  const scrolledTo = useRef(current);
  useEffect(() => {
    if (scrolledTo.current === current) return;
    scrolledTo.current = current;
    listRef.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = flat.length;
    if (n === 0) return;
    const move: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + 8, PageUp: current - 8 };
    if (e.key in move) {
      e.preventDefault();
      setActive(((move[e.key]! % n) + n) % n);
    } else if ((e.key === "Home" || e.key === "End") && e.ctrlKey) {
      e.preventDefault();
      setActive(e.key === "Home" ? 0 : n - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      flat[current]?.run();
    }
  };

  let index = 0;
  return (
    <div className="palette-body">
      <div className="palette-input-row">
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={`Go to a view, run an action, or search ${models.length || "the"} models…`}
          className="palette-input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={flat.length ? optionId(current) : undefined}
          aria-label="Search views, actions and models"
          autoFocus
          spellCheck={false}
        />
        <Kbd keys="Escape" />
      </div>
      <div className="palette-list" id={listId} role="listbox" aria-label="Results" ref={listRef} data-testid="palette-list">
        {flat.length === 0 && <div className="palette-empty">Nothing matches “{q}”.</div>}
        {sections.map((sec) => (
          <div key={sec.heading} role="group" aria-label={sec.heading} className="palette-group">
            <div className="palette-heading" aria-hidden>
              {sec.heading}
            </div>
            {sec.options.map((o) => {
              const i = index++;
              return (
                <div
                  key={o.key}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  data-index={i}
                  data-testid={o.testId}
                  className="palette-item"
                  onMouseMove={() => i !== current && setActive(i)}
                  onClick={o.run}
                >
                  {o.body}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <div className="palette-foot muted small">
        {loading > 0 ? `Loading ${loading} catalog${loading === 1 ? "" : "s"}…` : `${models.length.toLocaleString("en-US")} models in ${sources.length - failed.length} catalogs`}
        {failed.length > 0 && <span title="Open Compare and pick that catalog to see why">{` · could not load: ${failed.join(", ")}`}</span>}
        <span className="spacer" />
        <Kbd keys="↑" /> <Kbd keys="↓" /> move · <Kbd keys="Enter" /> choose
      </div>
    </div>
  );
}

interface Option {
  key: string;
  testId: string;
  run: () => void;
  body: ReactNode;
}
