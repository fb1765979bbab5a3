import { Tabs as Base } from "@base-ui/react/tabs";
import type { ReactNode } from "react";

export interface TabDef<T extends string> {
  value: T;
  label: ReactNode;
  content: ReactNode;
}

/** Tabs with arrow-key navigation (one tab stop), the panel of the chosen one below. */
export function Tabs<T extends string>({ tabs, value, onChange, label }: { tabs: TabDef<T>[]; value: T; onChange: (v: T) => void; label: string }) {
  return (
    <Base.Root value={value} onValueChange={(v) => onChange(v as T)} className="tabs">
      <Base.List className="tabs-list" aria-label={label}>
        {tabs.map((t) => (
          <Base.Tab key={t.value} value={t.value} className="tabs-tab" data-testid={`tab-panel-${t.value}`}>
            {t.label}
          </Base.Tab>
        ))}
        <Base.Indicator className="tabs-indicator" />
      </Base.List>
      {tabs.map((t) => (
        <Base.Panel key={t.value} value={t.value} className="tabs-panel">
          {t.content}
        </Base.Panel>
      ))}
    </Base.Root>
  );
}
