// The IPC surface (issue 14), called the way a compromised page could call it: every command of
// the app, through the webview's own IPC, with arguments the UI would never send. Each call
// must come back as the app's coded error (`{code, message, field?}`) — never Tauri's plain-text
// refusal, never a success with a side effect — and the plugin commands the window was not
// granted must be refused.
//
// The list of commands is read from the generated `ui/src/backend/commands.ts`, so a command
// added to the surface is called here with an argument of the wrong type (for each of its
// arguments) without anyone writing a case; the hand-written cases below add values of the right
// type that are out of range, too long, or name something that does not exist.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";

import { launch } from "../lib.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const COMMANDS_TS = join(HERE, "../../../ui/src/backend/commands.ts");
const APP_CODES = codesOf("AppCode");
const PROVIDER_CODES = codesOf("ErrorCode");
const MISSING = "01J0000000000000000000NOPE";
const TMP = mkdtempSync(join(tmpdir(), "parallax-ipc-"));
let browser;

function codesOf(type) {
  const ts = readFileSync(join(HERE, `../../../ui/src/backend/bindings/${type}.ts`), "utf8");
  return new Set([...ts.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]));
}

/** Splits `a: T, b: (e: X) => void` at its top-level commas. */
function splitParams(list) {
  const out = [];
  let depth = 0;
  let cur = "";
  for (const ch of list) {
    if ("(<[{".includes(ch)) depth++;
    if (")>]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Every command: its IPC name and its arguments (camelCase name, TS type, optional). */
function surface() {
  const ts = readFileSync(COMMANDS_TS, "utf8");
  const out = [];
  for (const m of ts.matchAll(/export function (\w+)\((.*)\): Promise<.*> \{\n(?:.*\n)*?\s*return call<.*>\("(\w+)"/g)) {
    const params = splitParams(m[2]).map((p) => {
      const colon = p.indexOf(":");
      const name = p.slice(0, colon).replace("?", "").trim();
      const type = p.slice(colon + 1).trim();
      return { name, type, channel: type.includes("=>"), optional: p.slice(0, colon).includes("?") || type.endsWith("| null") };
    });
    out.push({ name: m[3], params });
  }
  return out;
}

/** A value of the right type (the least that passes the argument's own parsing). */
function valid(type) {
  if (type.endsWith("| null")) return null;
  if (type.startsWith("Array<")) return [];
  const samples = {
    string: "x",
    number: 1,
    boolean: true,
    ProviderKind: "demo",
    ExportFormat: "json",
    ComparisonSpec: { prompt: "x", targets: [] },
    Target: { model: "x" },
    VoteRequest: {},
    Workload: { input_tokens: 1, output_tokens: 1, cache_hit: 0, requests: 1 },
    CustomEndpoint: { name: "x", base_url: "http://127.0.0.1:9/v1", headers: [], key_header: null },
  };
  assert.ok(type in samples, `no sample value for the argument type ${type}: add one here`);
  return samples[type];
}

/** A value the argument's type cannot hold. */
function wrong(type) {
  const t = type.replace(/ \| null$/, "");
  if (t.startsWith("Array<")) return { not: "a list" };
  if (t === "string") return 42;
  if (t === "number") return -1; // every number argument is a count or an index (u32)
  if (t === "boolean") return "yes";
  if (t === "ProviderKind") return "nowhere";
  if (t === "ExportFormat" || t === "Voters") return "pdf";
  return "not an object";
}

/** Calls a command as the page would; a `channel` argument gets a real channel. */
async function call(cmd, args, channel) {
  return browser.executeAsync(
    (c, a, ch, done) => {
      const t = window.__TAURI_INTERNALS__;
      if (ch) a[ch] = `__CHANNEL__:${t.transformCallback(() => {})}`;
      t.invoke(c, a).then(
        (value) => done({ ok: true, value }),
        // Not `error`: WebKitWebDriver takes a result with an `error` key for its own failure.
        (failure) => done({ ok: false, failure }),
      );
    },
    cmd,
    args,
    channel ?? "",
  );
}

/** Asserts a refusal with the app's error shape, `code` and (when given) `field`. */
function refused(r, label, code, field) {
  assert.equal(r.ok, false, `${label}: should be refused, but it succeeded with ${JSON.stringify(r.value)?.slice(0, 200)}`);
  const e = r.failure;
  assert.equal(typeof e, "object", `${label}: the error is not coded: ${JSON.stringify(e)}`);
  assert.ok(APP_CODES.has(e.code) || PROVIDER_CODES.has(e.code), `${label}: unknown code ${JSON.stringify(e)}`);
  assert.ok(typeof e.message === "string" && e.message.length > 10, `${label}: no message: ${JSON.stringify(e)}`);
  if (code) assert.equal(e.code, code, `${label}: ${JSON.stringify(e)}`);
  if (field) assert.equal(e.field, field, `${label}: ${JSON.stringify(e)}`);
  return e;
}

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.deleteSession();
});

test("every argument of every command, given a value of the wrong type or left out, is a coded invalid_input naming it", async () => {
  const commands = surface();
  assert.ok(commands.length >= 60, `only ${commands.length} commands read from commands.ts`);
  let calls = 0;
  for (const { name, params } of commands) {
    const args = params.filter((p) => !p.channel);
    const channel = params.find((p) => p.channel)?.name;
    const first = args[0];
    if (first && !first.optional) {
      refused(await call(name, {}, channel), `${name}()`, "invalid_input", first.name);
      calls++;
    }
    for (let k = 0; k < args.length; k++) {
      const given = {};
      for (let j = 0; j < k; j++) given[args[j].name] = valid(args[j].type);
      given[args[k].name] = wrong(args[k].type);
      const e = refused(await call(name, given, channel), `${name}(${args[k].name}: ${JSON.stringify(given[args[k].name])})`, "invalid_input", args[k].name);
      assert.match(e.message, new RegExp(`\`${args[k].name}\``), `${name}: the message names the argument: ${e.message}`);
      calls++;
    }
  }
  assert.ok(calls >= 120, `only ${calls} calls made`);
});

test("a wrongly typed key is refused without repeating it", async () => {
  const e = refused(await call("save_api_key", { provider: "openai", endpoint: null, apiKey: { key: "sk-planted-0123456789" } }), "save_api_key", "invalid_input", "apiKey");
  assert.doesNotMatch(JSON.stringify(e), /sk-planted/);
});

// Values of the right type that are out of range, too long, or name something that does not
// exist: [command, args, code, field?]. A command with a channel gets one.
const CASES = [
  ["open_url", { url: "javascript:alert(1)" }, "invalid_input"],
  ["open_url", { url: "file:///etc/passwd" }, "invalid_input"],
  ["open_url", { url: `https://example.com/${"a".repeat(3000)}` }, "invalid_input"],
  ["set_settings", { changes: [{ key: "no.such.setting", value: "1" }] }, "unknown_setting"],
  ["set_settings", { changes: [{ key: "budget.daily_usd", value: "-5" }] }, "invalid_setting", "budget.daily_usd"],
  ["save_api_key", { provider: "openai", endpoint: null, apiKey: "" }, "invalid_api_key", "api_key"],
  ["save_api_key", { provider: "compatible", endpoint: "no-such-endpoint", apiKey: "sk-test-0123456789" }, "unknown_provider"],
  ["delete_api_key", { provider: "compatible", endpoint: "no-such-endpoint" }, "unknown_provider"],
  ["test_connection", { provider: "compatible", endpoint: "no-such-endpoint" }, "unknown_provider"],
  ["save_endpoint", { endpoint: { name: "", base_url: "http://127.0.0.1:9/v1", headers: [] } }, "invalid_endpoint", "name"],
  ["save_endpoint", { endpoint: { name: "ok", base_url: "ftp://127.0.0.1/v1", headers: [] } }, "invalid_base_url", "base_url"],
  ["save_endpoint", { endpoint: { name: "ok", base_url: "http://127.0.0.1:9/v1", headers: [["Authorization", "Bearer sk-x"]] } }, "invalid_endpoint"],
  ["save_endpoint", { endpoint: { name: "ok", base_url: "http://127.0.0.1:9/v1", headers: [], key_header: "Content-Type" } }, "invalid_endpoint", "key_header"],
  ["save_endpoint", { endpoint: { name: "ok", base_url: "http://127.0.0.1:9/v1", headers: [], key_header: "api key" } }, "invalid_endpoint", "key_header"],
  ["remove_endpoint", { name: "no-such-endpoint" }, "not_found"],
  ["list_models", { provider: "compatible", endpoint: "no-such-endpoint" }, "unknown_provider"],
  ["load_catalog", { provider: "compatible", endpoint: "no-such-endpoint" }, "unknown_provider"],
  ["saved_catalog", { provider: "compatible", endpoint: "no-such-endpoint" }, "unknown_provider"],
  ["last_prompt_costs", { provider: "compatible", endpoint: "no-such-endpoint" }, "unknown_provider"],
  ["estimate_comparison", { spec: { prompt: "  ", targets: [{ model: "mock/fast" }] } }, "empty_prompt"],
  ["estimate_comparison", { spec: { prompt: "hi", targets: [{ model: "mock/fast", params: { temperature: 7 } }] } }, "invalid_input", "targets"],
  ["estimate_comparison", { spec: { prompt: "hi", targets: [{ model: "mock/fast", params: { top_p: 1.5 } }] } }, "invalid_input", "targets"],
  ["attach_file", { name: "blob.bin", data: "AJ+SlkA=" }, "invalid_attachment", "attachments"],
  ["attach_file", { name: "x.png", data: "*** not base64 ***" }, "invalid_attachment", "attachments"],
  ["attach_file", { name: "empty.txt", data: "" }, "invalid_attachment", "attachments"],
  // A file whose record says something its bytes are not ("abc" as a PNG with a made-up hash).
  ["start_comparison", { spec: { prompt: "hi", targets: [{ model: "mock/fast" }], attachments: [{ name: "a.png", media_type: "image/png", kind: "image", size: 3, sha256: "00", data: "YWJj" }] } }, "invalid_attachment", "attachments"],
  ["start_comparison", { spec: { prompt: "hi", targets: [] } }, "no_targets"],
  ["start_comparison", { spec: { prompt: "hi", targets: [{ model: "" }] } }, "invalid_input", "targets"],
  ["start_comparison", { spec: { prompt: "hi", targets: [{ model: "mock/fast", params: { max_tokens: 0 } }] } }, "invalid_input", "targets"],
  ["start_comparison", { spec: { prompt: "hi", targets: [{ model: "mock/fast", prompt_price_per_m: -1 }] } }, "invalid_input", "targets"],
  ["start_comparison", { spec: { prompt: "hi", repeats: 1000, targets: [{ model: "mock/fast" }] } }, "too_many_slots"],
  ["start_comparison", { spec: { prompt: "hi {{who}}", targets: [{ model: "mock/fast" }] } }, "missing_variable"],
  ["follow_up", { parentId: MISSING, prompt: "and then?", slots: [], allowUnknownCost: null }, "not_found"],
  ["retry_answer", { id: MISSING, slot: 0, target: null, allowUnknownCost: null }, "not_found"],
  ["answer_target", { id: MISSING, slot: 0 }, "not_found"],
  ["answer_targets", { id: MISSING }, "not_found"],
  ["cancel_comparison", { id: MISSING }, "not_found"],
  ["cancel_slot", { id: MISSING, slot: 0 }, "not_found"],
  ["resolve_models", { models: [""] }, "invalid_input"],
  ["get_comparison", { id: MISSING }, "not_found"],
  ["search_history", { query: "word ".repeat(300), filter: null, after: null }, "invalid_input"],
  ["search_history", { query: "word", filter: null, after: "not a cursor" }, "invalid_input"],
  ["delete_comparison", { id: MISSING }, "not_found"],
  ["set_title", { id: MISSING, title: "t" }, "not_found"],
  ["set_notes", { id: MISSING, notes: "n" }, "not_found"],
  ["set_tags", { id: MISSING, tags: ["t"] }, "not_found"],
  ["vote", { id: MISSING, request: {} }, "not_found"],
  ["delete_vote", { voteId: MISSING }, "not_found"],
  ["judge_comparison", { id: MISSING, judge: { model: "mock/fast" }, rubric: "", among: [] }, "not_found"],
  ["judge_comparison", { id: MISSING, judge: { model: "" }, rubric: "", among: [] }, "invalid_input"],
  ["self_naming", { id: MISSING }, "not_found"],
  ["export_comparison", { id: MISSING, format: "json" }, "not_found"],
  ["analytics", { filter: { min_cost_usd: 5, max_cost_usd: 1 } }, "invalid_input"],
  ["leaderboard", { filter: { since_ms: 2000, until_ms: 1000 }, voters: null }, "invalid_input"],
  ["model_endpoints", { model: "", refresh: null }, "invalid_input"],
  ["model_endpoints", { model: "no-author-slash", refresh: null }, "invalid_input"],
  ["calculate_costs", { provider: "demo", endpoint: null, workload: { input_tokens: 1, output_tokens: 1, cache_hit: 2, requests: 1 } }, "invalid_input"],
  ["reprice_comparison", { id: MISSING }, "not_found"],
  ["set_alias", { name: "", model: "mock/fast" }, "invalid_input"],
  ["delete_alias", { name: "no-such-alias" }, "not_found"],
  ["save_model_set", { name: "", targets: [{ model: "mock/fast" }] }, "invalid_input"],
  ["save_model_set", { name: "set", targets: [{ model: "mock/fast", params: { temperature: -1 } }] }, "invalid_input"],
  ["delete_model_set", { name: "no-such-set" }, "not_found"],
  ["export_history", { path: join(TMP, "out.jsonl"), ids: [MISSING] }, "not_found"],
  ["save_comparison_export", { id: MISSING, format: "json", path: join(TMP, "one.json") }, "not_found"],
  ["save_table", { rows: [["a"]], path: join(TMP, "exists.csv") }, "invalid_input"],
  ["save_table", { rows: [["a"]], path: "relative.csv" }, "invalid_input", "path"],
  ["save_answer", { model: "m", text: "t", path: join(TMP, "no-such-dir", "a.md") }, "invalid_input", "path"],
  ["backup_database", { path: join(TMP, "exists.csv") }, "invalid_input"],
  ["import_history", { path: join(TMP, "no-such-file.json") }, "invalid_input", "path"],
  ["import_history", { path: "relative.json" }, "invalid_input", "path"],
  ["save_answer", { model: "m", text: "t", path: "relative.md" }, "invalid_input", "path"],
  ["export_history", { path: "relative.jsonl", ids: null }, "invalid_input", "path"],
  ["backup_database", { path: join(TMP, "no-such-dir", "b.db") }, "invalid_input", "path"],
  ["import_history", { path: join(TMP, "exists.csv") }, "invalid_input"],
];

test("values of the right type that are out of range, too long or name nothing are refused with their code", async () => {
  writeFileSync(join(TMP, "exists.csv"), "kept\n");
  const channels = new Map(surface().map((c) => [c.name, c.params.find((p) => p.channel)?.name]));
  const failures = [];
  for (const [cmd, args, code, field] of CASES) {
    assert.ok(channels.has(cmd), `${cmd} is not a command of the surface`);
    try {
      refused(await call(cmd, { ...args }, channels.get(cmd)), `${cmd}(${JSON.stringify(args).slice(0, 120)})`, code, field);
    } catch (e) {
      failures.push(e.message);
    }
  }
  assert.deepEqual(failures, [], failures.join("\n"));
  assert.equal(readFileSync(join(TMP, "exists.csv"), "utf8"), "kept\n", "a refused write left the existing file as it was");
  assert.ok(!existsSync(join(TMP, "out.jsonl")) && !existsSync(join(TMP, "one.json")), "a refused export wrote nothing");
  assert.ok(!existsSync(join(TMP, "no-such-dir")), "a refused save created no folder");
});

test("the window may call only what it was granted: other plugins' and core commands are refused", async () => {
  for (const [cmd, args] of [
    ["plugin:fs|read_text_file", { path: "/etc/hostname" }],
    ["plugin:shell|execute", { program: "sh", args: ["-c", "true"] }],
    ["plugin:http|fetch", { clientConfig: { url: "http://127.0.0.1:9/", method: "GET" } }],
    ["plugin:opener|open_url", { url: "http://127.0.0.1:9/" }],
    ["plugin:dialog|message", { message: "hi" }],
    ["plugin:window|title", { label: "main" }],
    ["plugin:webview|print", { label: "main" }],
    ["plugin:path|resolve_directory", { directory: 11 }],
    ["plugin:app|version", {}],
  ]) {
    const r = await call(cmd, args);
    assert.equal(r.ok, false, `${cmd} was allowed: ${JSON.stringify(r.value)}`);
    assert.match(String(r.failure), /not allowed|not found|unknown/i, `${cmd}: ${JSON.stringify(r.failure)}`);
  }
  // The grants the UI uses still work (a control: the refusals above are not a broken IPC).
  const r = await call("plugin:store|load", { path: "ipc-e2e.json", options: {} });
  assert.equal(r.ok, true, `the store plugin, which the window is granted: ${JSON.stringify(r.failure)}`);
});
