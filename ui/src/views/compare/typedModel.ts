// Any model id can be typed in the picker, listed or not (a new model, a catalog that cannot be
// fetched): the backend reads it exactly as the CLI does (`resolveModels`: `provider:model`,
// `endpoint:model`, an alias, an `@set`, else an OpenRouter id), so the provider is never
// guessed here.
import { useQuery, useQueryClient } from "@tanstack/react-query";

import type { Backend, BackendError } from "../../backend";
import { qk } from "../../app/queries";
import { useServices } from "../../app/services";
import { type CatalogRef, pickOf, specPrefix, type Pick } from "../../targets";

/** One way to read the typed text: what to show it as, and the picks it makes. */
export interface TypedChoice {
  text: string;
  picks: Pick[];
}

/**
 * The text as typed; and, when that lands on OpenRouter while another catalog is open (a bare
 * `claude-sonnet-4-5` in Anthropic's), the same id on the open catalog too. That one comes
 * first (Enter takes the first), except a `vendor/model` id in a cloud provider's catalog:
 * their own ids have no vendor part, so that is OpenRouter's spelling. Local servers' ids may
 * (`hf.co/…`, `mock/fast`).
 */
async function resolveTyped(backend: Backend, text: string, source: CatalogRef): Promise<TypedChoice[]> {
  const asTyped: TypedChoice = { text, picks: (await backend.resolveModels([text])).map(pickOf) };
  const only = asTyped.picks.length === 1 ? asTyped.picks[0]! : null;
  // Not for an alias or a set: they name their own models.
  const plain = only !== null && only.provider === "openrouter" && only.model === text;
  if (!plain || source.provider === "openrouter") return [asTyped];
  const onSource = `${specPrefix(source)}:${text}`;
  const here: TypedChoice = { text: onSource, picks: (await backend.resolveModels([onSource])).map(pickOf) };
  const cloud = source.provider === "openai" || source.provider === "anthropic" || source.provider === "gemini";
  return cloud && text.includes("/") ? [asTyped, here] : [here, asTyped];
}

/** The choices for `text` (none while it is empty or a listed id), and a way to take the first. */
export function useTypedModel(text: string, source: CatalogRef, listed: boolean) {
  const { backend } = useServices();
  const client = useQueryClient();
  const t = text.trim();
  const options = (s: string) => ({ queryKey: qk.typedModel(source, s), queryFn: () => resolveTyped(backend, s, source), staleTime: 0 });
  const query = useQuery({ ...options(t), enabled: t !== "" && !listed, placeholderData: (prev) => (t === "" ? undefined : prev) });
  return {
    choices: t === "" || listed ? [] : (query.data ?? []),
    error: t === "" || listed || !query.error ? null : (query.error as BackendError).message,
    /** The first choice, read now if it was not yet (Enter pressed before the answer came). */
    first: async (): Promise<TypedChoice | null> => (t === "" ? null : ((await client.fetchQuery(options(t)))[0] ?? null)),
  };
}
