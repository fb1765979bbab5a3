import { keyParts } from "../shortcuts";

/** A key combination as keycaps: "Mod+K" reads Ctrl K (⌘ K on a Mac). */
export function Kbd({ keys, className }: { keys: string; className?: string }) {
  return (
    <span className={className ? `kbd-group ${className}` : "kbd-group"}>
      {keyParts(keys).map((k, i) => (
        <kbd key={i} className="kbd">
          {k}
        </kbd>
      ))}
    </span>
  );
}
