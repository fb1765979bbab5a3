// The catalog filters' drop-downs, shared by Compare's picker and the Prices table (each keeps
// its filter in its own place: the picker in its state, Prices in the URL).
import { CONTEXT_STEPS, contextText } from "./filter";

export function VendorSelect({ vendors, value, onChange, testId }: { vendors: string[]; value: string; onChange: (vendor: string) => void; testId: string }) {
  return (
    <select aria-label="Vendor" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">Every vendor</option>
      {vendors.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

export function ContextSelect({ value, onChange, testId }: { value: number; onChange: (minContext: number) => void; testId: string }) {
  return (
    <select aria-label="Context window, at least" value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId}>
      {CONTEXT_STEPS.map((n) => (
        <option key={n} value={n}>
          {n === 0 ? "Any context" : `≥ ${contextText(n)}`}
        </option>
      ))}
    </select>
  );
}

/** An input modality the model must take besides text ("" for any). */
export function InputModalitySelect({ value, onChange, testId }: { value: string; onChange: (modality: string) => void; testId: string }) {
  return (
    <select aria-label="Reads, besides text" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">Text in</option>
      <option value="image">Reads images</option>
      <option value="file">Reads files</option>
      <option value="audio">Hears audio</option>
      <option value="video">Watches video</option>
    </select>
  );
}
