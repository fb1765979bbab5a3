//! What one answer costs, from a model's list prices: the one cost rule of the app.
//!
//! A [`PriceSheet`] holds every price kind of a model (from the catalog with
//! [`PriceSheet::from_catalog`], or typed by a person with [`PriceSheet::typed`]); [`cost`] prices
//! a [`Billable`] (the counts of one answer) and [`worst_case`] bounds an answer before it is
//! sent. Token prices are USD per million tokens; the result is USD.
//!
//! # The rule
//!
//! 1. **Conditional prices first.** Of the sheet's overrides, those whose every condition holds
//!    apply: a `min_prompt_tokens` tier when the input tokens are at least its minimum, a UTC
//!    time window when `at_utc_minute_of_day` falls inside it (start included, end excluded; a
//!    window whose start is after its end wraps past midnight; one whose start equals its end
//!    never holds; with no time given, windows never hold). An entry with a condition this crate
//!    does not know never applies. Applicable entries are taken in ascending `min_prompt_tokens`
//!    (none counts as 0; equal minimums keep catalog order) and each replaces only the prices it
//!    names, so the highest applicable tier wins. This is OpenRouter's own rule ("later entries
//!    win per price key") on every catalog seen, where tiers are listed in ascending order.
//! 2. **Input.** Input tokens as this crate normalizes them *include* cache reads and writes
//!    (OpenAI and OpenRouter `prompt_tokens` include `cached_tokens`; Anthropic's input is
//!    normalized to input + cache read + cache write; Gemini's `cachedContentTokenCount` is part
//!    of `promptTokenCount`). So: cache reads at the cache-read price, five-minute cache writes
//!    at the cache-write price, one-hour writes at the one-hour price, and the rest (fresh
//!    input = input − reads − writes − 1 h writes) at the prompt price. Parts are taken from the
//!    input in that order and never exceed it: a count larger than what is left is cut to it.
//!    - A cache-read price the catalog does not give: those tokens at the prompt price. That is
//!      the upper bound: without a caching discount a provider bills them as plain input.
//!    - A cache-write price it does not give: the prompt price too (a one-hour write falls back
//!      to the five-minute write price first). Providers that charge a write premium
//!      (Anthropic: 1.25× for five minutes, 2× for an hour) list it, and OpenRouter lists it for
//!      every such model, so a missing write price means writes are billed as plain input.
//! 3. **Output.** Reasoning tokens (a share of the output tokens) at the reasoning price when
//!    the model prices reasoning apart, otherwise at the completion price; the rest of the
//!    output at the completion price. Reasoning is "apart" when the catalog's
//!    `internal_reasoning` differs from `completion`: when they are equal, reasoning follows
//!    the completion price, including a tier's higher one.
//! 4. **Per-unit prices.** Plus request price × requests, image price × images, web-search
//!    price × searches. A count of 0 ignores its price, whatever it is; a non-zero count with
//!    an unknown or variable price makes the whole cost unknown.
//! 5. **Discount.** The total is multiplied by (1 − discount).
//! 6. **Unknown is `None`, never 0.** A prompt or completion price that is unknown or variable
//!    gives `None`. A free model (prices 0) costs `Some(0.0)`.
//!
//! # Counts
//!
//! [`Billable`] counts are what the provider reported. Whether an unknown count is 0 or makes
//! the answer unpriceable is the caller's decision; [`Billable::from_usage`] is the usual one.
//!
//! # Direct models and the catalog
//!
//! OpenAI, Anthropic and Gemini list no prices with their models, so a direct model is priced
//! from its OpenRouter entry: [`openrouter_candidates`] gives the OpenRouter ids to look up, and
//! [`same_model`] tells a dated or versioned served id from a real fallback.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{CatalogModel, Price, PriceOverride};
use crate::provider::ProviderKind;
use crate::types::Usage;

/// Every price of one model, ready for [`cost`]. Token prices in USD per million tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PriceSheet {
    pub prompt_price: Price,
    pub completion_price: Price,
    /// `None`: reasoning is billed as output, at whatever the completion price is.
    pub reasoning_price: Option<Price>,
    /// Unknown: cache reads billed at the prompt price.
    pub cache_read_price: Price,
    /// Five-minute cache writes. Unknown: billed at the prompt price.
    pub cache_write_price: Price,
    /// One-hour cache writes. Unknown: billed at the five-minute write price.
    pub cache_write_1h_price: Price,
    /// USD per request.
    pub request_price: Price,
    /// USD per input image.
    pub image_price: Price,
    /// USD per web search.
    pub web_search_price: Price,
    /// Fraction off the total (0.25 = 25 % off).
    pub discount: Option<f64>,
    /// Conditional prices, in catalog order.
    pub overrides: Vec<PriceOverride>,
}

impl PriceSheet {
    /// The sheet of a catalog model. OpenRouter leaves out price keys that do not apply, so for
    /// a model whose catalog lists a prompt price, a missing per-request or per-image price
    /// means no such charge (0), while a missing web-search price stays unknown (the model
    /// offers no priced search). A model without prices (a direct provider's list) keeps them
    /// all unknown.
    pub fn from_catalog(m: &CatalogModel) -> Self {
        let listed = matches!(m.prompt_price, Price::Usd { .. });
        let none_if_unlisted = |p: Price| match p {
            Price::Unknown if listed => Price::Usd { usd: 0.0 },
            p => p,
        };
        Self {
            prompt_price: m.prompt_price,
            completion_price: m.completion_price,
            // The catalog fills a missing `internal_reasoning` with the completion price; a model
            // built by hand may leave it unknown. Either way reasoning is billed as output.
            reasoning_price: (matches!(m.reasoning_price, Price::Usd { .. })
                && m.reasoning_price != m.completion_price)
                .then_some(m.reasoning_price),
            cache_read_price: m.cache_read_price,
            cache_write_price: m.cache_write_price,
            cache_write_1h_price: m.cache_write_1h_price,
            request_price: none_if_unlisted(m.request_price),
            image_price: none_if_unlisted(m.image_price),
            web_search_price: m.web_search_price,
            discount: m.discount,
            overrides: m.price_overrides.clone(),
        }
    }

    /// Prices a person typed: a prompt and a completion price in USD per million tokens.
    /// Reasoning is billed as output, cache tokens as input, no per-request or per-image fee;
    /// a web search has no known price.
    pub fn typed(prompt_usd_per_million: f64, completion_usd_per_million: f64) -> Self {
        Self {
            prompt_price: Price::Usd {
                usd: prompt_usd_per_million,
            },
            completion_price: Price::Usd {
                usd: completion_usd_per_million,
            },
            reasoning_price: None,
            cache_read_price: Price::Unknown,
            cache_write_price: Price::Unknown,
            cache_write_1h_price: Price::Unknown,
            request_price: Price::Usd { usd: 0.0 },
            image_price: Price::Usd { usd: 0.0 },
            web_search_price: Price::Unknown,
            discount: None,
            overrides: Vec::new(),
        }
    }

    /// The prices in force for a prompt of `input_tokens` at a UTC minute of the day, overrides
    /// applied (rule 1 of the module header); the result has no overrides left.
    pub fn effective(&self, input_tokens: u64, at_utc_minute_of_day: Option<u32>) -> Self {
        let mut applicable: Vec<&PriceOverride> = self
            .overrides
            .iter()
            .filter(|o| applies(o, input_tokens, at_utc_minute_of_day))
            .collect();
        applicable.sort_by_key(|o| o.min_prompt_tokens.unwrap_or(0));
        let mut s = Self {
            overrides: Vec::new(),
            ..self.clone()
        };
        for o in applicable {
            let set = |slot: &mut Price, p: Option<Price>| {
                if let Some(p) = p {
                    *slot = p;
                }
            };
            set(&mut s.prompt_price, o.prompt_price);
            set(&mut s.completion_price, o.completion_price);
            if o.reasoning_price.is_some() {
                s.reasoning_price = o.reasoning_price;
            }
            set(&mut s.cache_read_price, o.cache_read_price);
            set(&mut s.cache_write_price, o.cache_write_price);
            set(&mut s.cache_write_1h_price, o.cache_write_1h_price);
            set(&mut s.request_price, o.request_price);
            set(&mut s.image_price, o.image_price);
            set(&mut s.web_search_price, o.web_search_price);
        }
        s
    }
}

fn applies(o: &PriceOverride, input_tokens: u64, at: Option<u32>) -> bool {
    if !o.unknown_conditions.is_empty() {
        return false;
    }
    if o.min_prompt_tokens
        .is_some_and(|min| input_tokens < u64::from(min))
    {
        return false;
    }
    if o.utc_start.is_none() && o.utc_end.is_none() {
        return true;
    }
    let (Some((start, end)), Some(t)) = (o.window_minutes(), at) else {
        return false;
    };
    let t = t % (24 * 60);
    match start.cmp(&end) {
        std::cmp::Ordering::Less => start <= t && t < end,
        std::cmp::Ordering::Greater => t >= start || t < end,
        std::cmp::Ordering::Equal => false,
    }
}

/// The counts of one answer that prices apply to. `input_tokens` includes the cache tokens and
/// `output_tokens` the reasoning tokens (see the module header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Billable {
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Share of `output_tokens`.
    pub reasoning_tokens: u64,
    /// Share of `input_tokens` read from the prompt cache.
    pub cache_read_tokens: u64,
    /// Share of `input_tokens` written to the cache with the default (five-minute) lifetime.
    pub cache_write_tokens: u64,
    /// Share of `input_tokens` written to the cache with a one-hour lifetime.
    pub cache_write_1h_tokens: u64,
    pub images: u32,
    pub web_searches: u32,
    /// 1 for one answer.
    pub requests: u32,
}

impl Default for Billable {
    fn default() -> Self {
        Self::tokens(0, 0)
    }
}

impl Billable {
    /// One request of `input_tokens` in and `output_tokens` out, nothing else.
    pub fn tokens(input_tokens: u64, output_tokens: u64) -> Self {
        Self {
            input_tokens,
            output_tokens,
            reasoning_tokens: 0,
            cache_read_tokens: 0,
            cache_write_tokens: 0,
            cache_write_1h_tokens: 0,
            images: 0,
            web_searches: 0,
            requests: 1,
        }
    }

    /// The counts of a normalized [`Usage`], one request. `None` when the input or output count
    /// is unknown: no figure then. Unknown reasoning and cache counts are 0, which bills
    /// reasoning as output and every input token as fresh input: the list-price upper bound.
    /// `Usage` has no one-hour cache writes, images or searches; set them on the result when
    /// known.
    pub fn from_usage(u: &Usage) -> Option<Self> {
        let n = |c: Option<u32>| u64::from(c.unwrap_or(0));
        Some(Self {
            reasoning_tokens: n(u.reasoning_tokens),
            cache_read_tokens: n(u.cache_read_tokens),
            cache_write_tokens: n(u.cache_write_tokens),
            ..Self::tokens(u64::from(u.input_tokens?), u64::from(u.output_tokens?))
        })
    }
}

/// What `u` costs in USD under `sheet`, at a UTC minute of the day (0–1439; `None` when the
/// time is not known, and then time windows do not apply). The rule is the module header's.
pub fn cost(sheet: &PriceSheet, u: &Billable, at_utc_minute_of_day: Option<u32>) -> Option<f64> {
    let s = sheet.effective(u.input_tokens, at_utc_minute_of_day);
    // Token prices in USD per million; the sum is divided once at the end.
    let prompt = s.prompt_price.usd()?;
    let completion = s.completion_price.usd()?;
    let cache_read = s.cache_read_price.usd().unwrap_or(prompt);
    let cache_write = s.cache_write_price.usd().unwrap_or(prompt);
    let cache_write_1h = s.cache_write_1h_price.usd().unwrap_or(cache_write);

    let mut left = u.input_tokens;
    let mut take = |n: u64| {
        let t = n.min(left);
        left -= t;
        t as f64
    };
    let read = take(u.cache_read_tokens);
    let write = take(u.cache_write_tokens);
    let write_1h = take(u.cache_write_1h_tokens);
    let fresh = left as f64;

    let reasoning_tokens = u.reasoning_tokens.min(u.output_tokens);
    let rest = (u.output_tokens - reasoning_tokens) as f64;
    let reasoning = match (s.reasoning_price, reasoning_tokens) {
        (_, 0) => 0.0,
        (None, n) => n as f64 * completion,
        (Some(p), n) => n as f64 * p.usd()?,
    };

    let tokens = fresh * prompt
        + read * cache_read
        + write * cache_write
        + write_1h * cache_write_1h
        + reasoning
        + rest * completion;
    let per_unit = |p: Price, n: u32| match n {
        0 => Some(0.0),
        n => Some(f64::from(n) * p.usd()?),
    };
    let total = tokens / 1e6
        + per_unit(s.request_price, u.requests)?
        + per_unit(s.image_price, u.images)?
        + per_unit(s.web_search_price, u.web_searches)?;
    Some(total * (1.0 - s.discount.unwrap_or(0.0)))
}

/// The most one request can cost before it is sent: `input_tokens` in, all cache cold (every
/// input token at the prompt price), `max_output_tokens` out, every output token at the dearer
/// of the completion and reasoning prices, one request, no images or searches. Same rule as
/// [`cost`] otherwise (tiers, windows, discount, `None` when unknown).
pub fn worst_case(
    sheet: &PriceSheet,
    input_tokens: u64,
    max_output_tokens: u64,
    at_utc_minute_of_day: Option<u32>,
) -> Option<f64> {
    let s = sheet.effective(input_tokens, at_utc_minute_of_day);
    let reasoning_dearer = match s.reasoning_price {
        None => false,
        Some(p) => p.usd()? > s.completion_price.usd()?,
    };
    let u = Billable {
        reasoning_tokens: if reasoning_dearer {
            max_output_tokens
        } else {
            0
        },
        ..Billable::tokens(input_tokens, max_output_tokens)
    };
    cost(&s, &u, at_utc_minute_of_day)
}

/// Where a provider's own model id and OpenRouter's differ beyond the rules of
/// [`openrouter_candidates`]: (provider, direct id, OpenRouter id). The direct id is matched
/// after each version-suffix step, like the generic forms.
const EXCEPTIONS: &[(ProviderKind, &str, &str)] = &[
    // Anthropic's aliases for the 4.0 models; OpenRouter lists them without the ".0"
    // (`anthropic/claude-sonnet-4`, `anthropic/claude-opus-4`).
    (
        ProviderKind::Anthropic,
        "claude-sonnet-4-0",
        "anthropic/claude-sonnet-4",
    ),
    (
        ProviderKind::Anthropic,
        "claude-opus-4-0",
        "anthropic/claude-opus-4",
    ),
    // OpenAI documents `gpt-4-turbo-preview` as pointing to `gpt-4-0125-preview`; OpenRouter
    // lists only the alias.
    (
        ProviderKind::OpenAi,
        "gpt-4-0125-preview",
        "openai/gpt-4-turbo-preview",
    ),
    // Google's moving aliases; OpenRouter lists its own as `~` aliases. Each follows its
    // owner's newest model, so for a while after a release they may point at different ones.
    (
        ProviderKind::Gemini,
        "gemini-flash-latest",
        "~google/gemini-flash-latest",
    ),
    (
        ProviderKind::Gemini,
        "gemini-pro-latest",
        "~google/gemini-pro-latest",
    ),
    // Google moved the 03-25 preview to 05-06; OpenRouter's `…-preview-05-06` carries the
    // canonical slug `google/gemini-2.5-pro-preview-03-25`.
    (
        ProviderKind::Gemini,
        "gemini-2.5-pro-preview-03-25",
        "google/gemini-2.5-pro-preview-05-06",
    ),
];

/// The OpenRouter ids under which a direct model's prices may be listed, best first: the id as
/// the provider spells it, then with each version suffix removed in turn (`-latest`, a date
/// such as `-2024-08-06`, `-20250929` or `-0613`, a Gemini `-001`, a preview's `-06-05`), each
/// in OpenRouter's spelling: `openai/`, `anthropic/` or `google/` in front, Anthropic's version
/// numbers with a dot (`claude-sonnet-4-5` → `claude-sonnet-4.5`), Gemini's `models/` dropped;
/// plus a short table of exceptions
/// (`EXCEPTIONS` in this module's source, each entry with where it comes from). Never a `:batch` or `:free` variant (other prices). Empty for
/// providers with their own prices or none (OpenRouter, Ollama, compatible servers) and for
/// ids that are not a base model (`ft:` fine-tunes, `tunedModels/`).
pub fn openrouter_candidates(kind: ProviderKind, model: &str) -> Vec<String> {
    let prefix = match kind {
        ProviderKind::OpenAi => "openai/",
        ProviderKind::Anthropic => "anthropic/",
        ProviderKind::Gemini => "google/",
        ProviderKind::OpenRouter
        | ProviderKind::Ollama
        | ProviderKind::Compatible
        | ProviderKind::Demo => return Vec::new(),
    };
    let id = model.trim().to_ascii_lowercase();
    let id = id.strip_prefix("models/").unwrap_or(&id);
    if id.is_empty() || id.contains('/') || id.contains(':') {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut form = id;
    loop {
        let exception = EXCEPTIONS
            .iter()
            .find(|(k, direct, _)| *k == kind && *direct == form);
        let candidate = match exception {
            Some((_, _, openrouter)) => (*openrouter).to_owned(),
            None if kind == ProviderKind::Anthropic => format!("{prefix}{}", dotted(form)),
            None => format!("{prefix}{form}"),
        };
        // Vertex's `name@version` has no OpenRouter spelling; its base has.
        if !form.contains('@') && !out.contains(&candidate) {
            out.push(candidate);
        }
        match strip_version(form) {
            Some(shorter) => form = shorter,
            None => return out,
        }
    }
}

/// Anthropic's `claude-3-5-haiku`, `claude-sonnet-4-5` as OpenRouter spells them:
/// `claude-3.5-haiku`, `claude-sonnet-4.5`. Dates (8 digits) are left alone.
fn dotted(id: &str) -> String {
    let short_number =
        |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = id.split('-').collect();
    let mut out = String::with_capacity(id.len());
    let mut i = 0;
    while i < parts.len() {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(parts[i]);
        if short_number(parts[i]) && parts.get(i + 1).is_some_and(|p| short_number(p)) {
            out.push('.');
            out.push_str(parts[i + 1]);
            i += 1;
        }
        i += 1;
    }
    out
}

/// `id` without its last version marker, or `None` when it ends in none: `-latest`, a date
/// (`-2024-08-06`, `-20250929`, `@20250929`, `-0613`), a three-digit version (`-001`), or a
/// preview's or experiment's date (`-preview-06-05`, `-preview-09-2025`).
fn strip_version(id: &str) -> Option<&str> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let month = |s: &str| digits(s, 2) && (1..=12).contains(&s.parse::<u32>().unwrap_or(0));
    let day = |s: &str| digits(s, 2) && (1..=31).contains(&s.parse::<u32>().unwrap_or(0));
    let year = |s: &str| digits(s, 4) && s.starts_with("20");
    if let Some(rest) = id.strip_suffix("-latest") {
        return Some(rest);
    }
    if let Some((rest, v)) = id.rsplit_once('@') {
        return (!rest.is_empty() && v.len() >= 3 && digits(v, v.len())).then_some(rest);
    }
    let parts: Vec<&str> = id.split('-').collect();
    let n = parts.len();
    let cut = |k: usize| {
        let keep: usize = parts[..n - k].iter().map(|p| p.len() + 1).sum::<usize>() - 1;
        &id[..keep]
    };
    let last = |k: usize| (n > k).then(|| parts[n - k]);
    // -YYYY-MM-DD
    if let (Some(y), Some(m), Some(d)) = (last(3), last(2), last(1)) {
        if year(y) && month(m) && day(d) {
            return Some(cut(3));
        }
    }
    // -MM-DD or -MM-YYYY after -preview / -exp
    if let (Some(tag), Some(a), Some(b)) = (last(3), last(2), last(1)) {
        if (tag == "preview" || tag == "exp") && month(a) && (day(b) || year(b)) {
            return Some(cut(2));
        }
    }
    let v = last(1)?;
    let dated = digits(v, 8) && year(&v[..4]) && month(&v[4..6]) && day(&v[6..]);
    let mmdd = digits(v, 4) && month(&v[..2]) && day(&v[2..]);
    (dated || mmdd || digits(v, 3)).then(|| cut(1))
}

/// Whether `served` (the model id a response names) is the `requested` model itself rather than
/// a fallback: the same id, or a dated or versioned form of it (`claude-sonnet-4-5` →
/// `claude-sonnet-4-5-20250929`, `gpt-4o` → `gpt-4o-2024-08-06`, `gemini-1.5-pro` →
/// `gemini-1.5-pro-002`), ignoring case, Gemini's `models/` prefix and a `-latest` on the
/// request. A moving alias without a version (`gemini-flash-latest`) matches that family with
/// any version number (`gemini-3.7-flash`), not a sibling (`gemini-3.7-flash-lite`). An
/// OpenRouter variant tag (`:free`) on the request may be absent from the served id.
pub fn same_model(requested: &str, served: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_ascii_lowercase();
        s.strip_prefix("models/").map(str::to_owned).unwrap_or(s)
    };
    let (requested, served) = (norm(requested), norm(served));
    if requested == served {
        return true;
    }
    let (req, req_tag) = split_tag(&requested);
    let (served, served_tag) = split_tag(&served);
    // Ollama names the default tag it served: `llama3.2` → `llama3.2:latest`.
    let default_tag = req_tag.is_none() && served_tag == Some("latest");
    if served_tag.is_some() && served_tag != req_tag && !default_tag {
        return false;
    }
    let alias = req.strip_suffix("-latest");
    let wanted = alias.unwrap_or(req);
    let mut form = served;
    loop {
        if form == req || form == wanted {
            return true;
        }
        match strip_version(form) {
            Some(shorter) => form = shorter,
            None => break,
        }
    }
    // A family alias (`gemini-flash-latest`): the same words plus version numbers only.
    alias.is_some_and(|family| {
        !family.bytes().any(|b| b.is_ascii_digit()) && {
            let is_version = |w: &str| w.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            let words = |s: &'_ str| -> Vec<String> {
                s.split(['-', '/'])
                    .filter(|w| !is_version(w))
                    .map(str::to_owned)
                    .collect()
            };
            words(family) == words(form)
        }
    })
}

/// `model:tag` → (`model`, `Some("tag")`); Ollama-style tags are the caller's business.
fn split_tag(id: &str) -> (&str, Option<&str>) {
    match id.rsplit_once(':') {
        Some((m, t)) if !m.is_empty() => (m, Some(t)),
        _ => (id, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(usd: f64) -> Price {
        Price::Usd { usd }
    }

    /// Equal to a hand-computed figure up to float noise (figures here are ≥ 1e-6 USD).
    #[track_caller]
    fn assert_usd(got: Option<f64>, want: f64) {
        let got = got.expect("a known cost");
        assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
    }

    /// Prompt and completion only, everything else as a person would type it.
    fn sheet(prompt: f64, completion: f64) -> PriceSheet {
        PriceSheet::typed(prompt, completion)
    }

    /// Claude Sonnet 4.5 as the real catalog lists it: $3/$15, reads $0.30, writes $3.75 (5 min)
    /// and $6 (1 h), and doubled-ish prices from 200k prompt tokens.
    fn sonnet_45() -> PriceSheet {
        PriceSheet {
            cache_read_price: usd(0.3),
            cache_write_price: usd(3.75),
            cache_write_1h_price: usd(6.0),
            web_search_price: usd(0.01),
            overrides: vec![PriceOverride {
                min_prompt_tokens: Some(200_000),
                prompt_price: Some(usd(6.0)),
                completion_price: Some(usd(22.5)),
                cache_read_price: Some(usd(0.6)),
                cache_write_price: Some(usd(7.5)),
                cache_write_1h_price: Some(usd(12.0)),
                ..Default::default()
            }],
            ..sheet(3.0, 15.0)
        }
    }

    #[test]
    fn cache_reads_are_part_of_the_input_at_their_own_price() {
        let s = PriceSheet {
            cache_read_price: usd(0.3),
            ..sheet(3.0, 15.0)
        };
        // 1,000 input of which 800 cached, $3/M prompt, $0.30/M read:
        // 200 × 3 + 800 × 0.3 = 600 + 240 = 840 → $0.00084.
        let u = Billable {
            cache_read_tokens: 800,
            ..Billable::tokens(1_000, 0)
        };
        assert_usd(cost(&s, &u, None), 0.000_84);
    }

    #[test]
    fn cache_writes_five_minute_and_one_hour_each_at_their_price() {
        // 10,000 input = 1,000 fresh + 2,000 read + 3,000 written (5 min) + 4,000 written (1 h),
        // 500 output: 1,000 × 3 + 2,000 × 0.3 + 3,000 × 3.75 + 4,000 × 6 + 500 × 15
        // = 3,000 + 600 + 11,250 + 24,000 + 7,500 = 46,350 → $0.04635.
        let u = Billable {
            cache_read_tokens: 2_000,
            cache_write_tokens: 3_000,
            cache_write_1h_tokens: 4_000,
            ..Billable::tokens(10_000, 500)
        };
        assert_usd(cost(&sonnet_45(), &u, None), 0.046_35);
    }

    #[test]
    fn unknown_cache_prices_fall_back_to_the_prompt_price() {
        // No cache prices at $2/M prompt: 1,000 input (400 read, 100 + 100 written) are all
        // 1,000 × 2 = 2,000 → $0.002.
        let u = Billable {
            cache_read_tokens: 400,
            cache_write_tokens: 100,
            cache_write_1h_tokens: 100,
            ..Billable::tokens(1_000, 0)
        };
        assert_usd(cost(&sheet(2.0, 8.0), &u, None), 0.002);
        // A 5-minute write price but no 1-hour one: 1 h writes at the 5-minute price.
        // 800 fresh × 2 + 200 × 2.5 = 1,600 + 500 = 2,100 → $0.0021.
        let s = PriceSheet {
            cache_write_price: usd(2.5),
            ..sheet(2.0, 8.0)
        };
        let u = Billable {
            cache_write_1h_tokens: 200,
            ..Billable::tokens(1_000, 0)
        };
        assert_usd(cost(&s, &u, None), 0.002_1);
    }

    #[test]
    fn cache_counts_never_exceed_the_input() {
        // 100 input but 300 "read": the 100 are read, none fresh: 100 × 0.3 = 30 → $0.00003.
        let u = Billable {
            cache_read_tokens: 300,
            cache_write_tokens: 50,
            ..Billable::tokens(100, 0)
        };
        assert_usd(cost(&sonnet_45(), &u, None), 0.000_03);
    }

    #[test]
    fn reasoning_is_priced_apart_only_when_the_catalog_says_so() {
        // Like perplexity/sonar-deep-research: $2/M in, $8/M out, $3/M reasoning.
        let apart = PriceSheet {
            reasoning_price: Some(usd(3.0)),
            ..sheet(2.0, 8.0)
        };
        // 1,000 in, 5,000 out of which 4,000 reasoning:
        // 1,000 × 2 + 4,000 × 3 + 1,000 × 8 = 2,000 + 12,000 + 8,000 = 22,000 → $0.022.
        let u = Billable {
            reasoning_tokens: 4_000,
            ..Billable::tokens(1_000, 5_000)
        };
        assert_usd(cost(&apart, &u, None), 0.022);
        // Billed as output: 1,000 × 2 + 5,000 × 8 = 42,000 → $0.042.
        assert_usd(cost(&sheet(2.0, 8.0), &u, None), 0.042);
        // More reasoning than output is cut to the output: 5,000 × 3 + 1,000 × 2 = 17,000.
        let over = Billable {
            reasoning_tokens: 9_000,
            ..u
        };
        assert_usd(cost(&apart, &over, None), 0.017);
        // An unknown reasoning price matters only when there is reasoning.
        let unknown = PriceSheet {
            reasoning_price: Some(Price::Unknown),
            ..sheet(2.0, 8.0)
        };
        assert_eq!(cost(&unknown, &u, None), None);
        assert_usd(cost(&unknown, &Billable::tokens(1_000, 5_000), None), 0.042);
    }

    #[test]
    fn per_request_per_image_and_per_search_prices_add_up() {
        let s = PriceSheet {
            request_price: usd(0.005),
            image_price: usd(0.001),
            web_search_price: usd(0.01),
            ..sheet(1.0, 2.0)
        };
        // 1,000 × 1 + 1,000 × 2 = 3,000 → $0.003, + 1 request × $0.005 + 2 images × $0.001
        // + 3 searches × $0.01 = 0.003 + 0.005 + 0.002 + 0.03 = $0.04.
        let u = Billable {
            images: 2,
            web_searches: 3,
            ..Billable::tokens(1_000, 1_000)
        };
        assert_usd(cost(&s, &u, None), 0.04);
        // Two requests (a retry billed twice): + $0.005.
        let twice = Billable { requests: 2, ..u };
        assert_usd(cost(&s, &twice, None), 0.045);
    }

    #[test]
    fn an_unknown_unit_price_matters_only_when_used() {
        // `typed` knows no search price. No search: 1,000 × 1 + 1,000 × 2 → $0.003.
        let u = Billable::tokens(1_000, 1_000);
        assert_usd(cost(&sheet(1.0, 2.0), &u, None), 0.003);
        let searched = Billable {
            web_searches: 1,
            ..u
        };
        assert_eq!(cost(&sheet(1.0, 2.0), &searched, None), None);
        let variable_request = PriceSheet {
            request_price: Price::Variable,
            ..sheet(1.0, 2.0)
        };
        assert_eq!(cost(&variable_request, &u, None), None);
        let no_request = Billable { requests: 0, ..u };
        assert_usd(cost(&variable_request, &no_request, None), 0.003);
    }

    #[test]
    fn a_long_prompt_tier_applies_from_its_minimum() {
        // 199,999 in, 1,000 out at base: 199,999 × 3 + 1,000 × 15 = 599,997 + 15,000
        // = 614,997 → $0.614997.
        assert_usd(
            cost(&sonnet_45(), &Billable::tokens(199_999, 1_000), None),
            0.614_997,
        );
        // 200,000 in: the tier. 200,000 × 6 + 1,000 × 22.5 = 1,200,000 + 22,500 → $1.2225.
        assert_usd(
            cost(&sonnet_45(), &Billable::tokens(200_000, 1_000), None),
            1.222_5,
        );
        // Tier cache prices too: 200,000 in of which 150,000 read: 50,000 × 6 + 150,000 × 0.6
        // = 300,000 + 90,000 = 390,000 → $0.39.
        let u = Billable {
            cache_read_tokens: 150_000,
            ..Billable::tokens(200_000, 0)
        };
        assert_usd(cost(&sonnet_45(), &u, None), 0.39);
    }

    #[test]
    fn the_highest_applicable_tier_wins_and_replaces_only_what_it_names() {
        // qwen/qwen3-max-thinking: $0.78/$3.90, from 32k $1.56/$7.80, from 128k $1.95/$9.75;
        // the tiers name no cache price, so the base read price ($0.10 here) stays.
        let tier = |min, p, c| PriceOverride {
            min_prompt_tokens: Some(min),
            prompt_price: Some(usd(p)),
            completion_price: Some(usd(c)),
            ..Default::default()
        };
        let mut s = PriceSheet {
            cache_read_price: usd(0.1),
            overrides: vec![tier(32_000, 1.56, 7.8), tier(128_000, 1.95, 9.75)],
            ..sheet(0.78, 3.9)
        };
        // 150,000 in (50,000 read), 2,000 out:
        // 100,000 × 1.95 + 50,000 × 0.1 + 2,000 × 9.75 = 195,000 + 5,000 + 19,500
        // = 219,500 → $0.2195.
        let u = Billable {
            cache_read_tokens: 50_000,
            ..Billable::tokens(150_000, 2_000)
        };
        assert_usd(cost(&s, &u, None), 0.219_5);
        // Listed highest first, the highest applicable minimum still wins.
        s.overrides.reverse();
        assert_usd(cost(&s, &u, None), 0.219_5);
        // 40,000 in: only the 32k tier. 40,000 × 1.56 = 62,400 → $0.0624.
        assert_usd(cost(&s, &Billable::tokens(40_000, 0), None), 0.062_4);
    }

    #[test]
    fn a_tier_raises_reasoning_billed_as_output() {
        // Gemini 2.5 Pro: reasoning billed as output ($10/M), $15/M from 200k prompt tokens.
        let s = PriceSheet {
            overrides: vec![PriceOverride {
                min_prompt_tokens: Some(200_000),
                prompt_price: Some(usd(2.5)),
                completion_price: Some(usd(15.0)),
                ..Default::default()
            }],
            ..sheet(1.25, 10.0)
        };
        // 200,000 in, 3,000 out of which 2,000 reasoning: 200,000 × 2.5 + 3,000 × 15
        // = 500,000 + 45,000 = 545,000 → $0.545.
        let u = Billable {
            reasoning_tokens: 2_000,
            ..Billable::tokens(200_000, 3_000)
        };
        assert_usd(cost(&s, &u, None), 0.545);
    }

    #[test]
    fn a_time_window_may_wrap_past_midnight() {
        // $1/M base, $0.50/M from 22:00 to 02:00 UTC (HHMM 2200 → 200, end excluded).
        let s = PriceSheet {
            overrides: vec![PriceOverride {
                utc_start: Some(2200),
                utc_end: Some(200),
                prompt_price: Some(usd(0.5)),
                ..Default::default()
            }],
            ..sheet(1.0, 4.0)
        };
        // 1,000,000 in, nothing out: the cost is the prompt price per million.
        let u = Billable::tokens(1_000_000, 0);
        let at = |h: u32, m: u32| cost(&s, &u, Some(h * 60 + m));
        assert_usd(at(22, 0), 0.5);
        assert_usd(at(23, 30), 0.5);
        assert_usd(at(0, 0), 0.5);
        assert_usd(at(1, 59), 0.5);
        assert_usd(at(2, 0), 1.0);
        assert_usd(at(12, 0), 1.0);
        assert_usd(at(21, 59), 1.0);
        // Unknown time: windows do not apply.
        assert_usd(cost(&s, &u, None), 1.0);
    }

    #[test]
    fn a_time_window_inside_the_day_and_degenerate_ones() {
        let window = |start, end| PriceOverride {
            utc_start: start,
            utc_end: end,
            prompt_price: Some(usd(2.0)),
            ..Default::default()
        };
        let u = Billable::tokens(1_000_000, 0);
        let with = |o: PriceOverride, minute| {
            let s = PriceSheet {
                overrides: vec![o],
                ..sheet(1.0, 1.0)
            };
            cost(&s, &u, Some(minute))
        };
        // 01:00–04:00 (DeepSeek's peak window in the real catalog).
        assert_usd(with(window(Some(100), Some(400)), 60), 2.0);
        assert_usd(with(window(Some(100), Some(400)), 239), 2.0);
        assert_usd(with(window(Some(100), Some(400)), 240), 1.0);
        assert_usd(with(window(Some(100), Some(400)), 59), 1.0);
        // Half a window, an empty one, a bound that is no time of day: never applied.
        assert_usd(with(window(Some(100), None), 120), 1.0);
        assert_usd(with(window(Some(100), Some(100)), 60), 1.0);
        assert_usd(with(window(Some(100), Some(1275)), 120), 1.0);
    }

    #[test]
    fn an_override_with_an_unknown_condition_never_applies() {
        let s = PriceSheet {
            overrides: vec![PriceOverride {
                unknown_conditions: vec!["min_completion_tokens".into()],
                prompt_price: Some(usd(9.0)),
                ..Default::default()
            }],
            ..sheet(1.0, 1.0)
        };
        assert_usd(cost(&s, &Billable::tokens(1_000_000, 0), None), 1.0);
        // One without any condition always applies.
        let s = PriceSheet {
            overrides: vec![PriceOverride {
                prompt_price: Some(usd(9.0)),
                ..Default::default()
            }],
            ..sheet(1.0, 1.0)
        };
        assert_usd(cost(&s, &Billable::tokens(1_000_000, 0), None), 9.0);
    }

    #[test]
    fn a_discount_takes_its_share_off_the_total() {
        // $3/$15, 25 % off, one $0.01 search: (1,000 × 3 + 1,000 × 15) / 1e6 + 0.01
        // = 0.018 + 0.01 = 0.028, × 0.75 = $0.021.
        let s = PriceSheet {
            discount: Some(0.25),
            web_search_price: usd(0.01),
            ..sheet(3.0, 15.0)
        };
        let u = Billable {
            web_searches: 1,
            ..Billable::tokens(1_000, 1_000)
        };
        assert_usd(cost(&s, &u, None), 0.021);
    }

    #[test]
    fn unknown_prices_give_no_figure_and_free_models_cost_zero() {
        let u = Billable::tokens(1_000, 1_000);
        for (prompt, completion) in [
            (Price::Unknown, usd(1.0)),
            (usd(1.0), Price::Unknown),
            (Price::Variable, Price::Variable),
        ] {
            let s = PriceSheet {
                prompt_price: prompt,
                completion_price: completion,
                ..sheet(0.0, 0.0)
            };
            assert_eq!(cost(&s, &u, None), None, "{prompt:?} / {completion:?}");
        }
        // An unpriced model stays unpriced even with nothing to bill.
        let unpriced =
            PriceSheet::from_catalog(&CatalogModel::bare(ProviderKind::OpenAi, "x", "x"));
        assert_eq!(cost(&unpriced, &Billable::tokens(0, 0), None), None);
        // Free: 0, not unknown, with cache and reasoning counts too.
        let busy = Billable {
            reasoning_tokens: 500,
            cache_read_tokens: 300,
            ..u
        };
        assert_eq!(cost(&sheet(0.0, 0.0), &busy, None), Some(0.0));
    }

    #[test]
    fn the_catalog_sheet_reads_what_openrouter_leaves_out() {
        let mut m = CatalogModel::bare(ProviderKind::OpenRouter, "x/y", "Y");
        m.prompt_price = usd(2.0);
        m.completion_price = usd(8.0);
        m.reasoning_price = usd(8.0); // no `internal_reasoning`: the catalog copies completion
        let s = PriceSheet::from_catalog(&m);
        assert_eq!(s.reasoning_price, None, "reasoning billed as output");
        assert_eq!(s.request_price, usd(0.0), "no per-request key: no fee");
        assert_eq!(s.image_price, usd(0.0));
        assert_eq!(s.web_search_price, Price::Unknown, "no search price");
        assert_eq!(
            s.cache_read_price,
            Price::Unknown,
            "reads at the prompt price"
        );
        m.reasoning_price = usd(3.0);
        m.discount = Some(0.5);
        let s = PriceSheet::from_catalog(&m);
        assert_eq!(s.reasoning_price, Some(usd(3.0)));
        // 1,000 × 2 + 1,000 × 3 = 5,000 → $0.005, half off → $0.0025.
        let u = Billable {
            reasoning_tokens: 1_000,
            ..Billable::tokens(1_000, 1_000)
        };
        assert_usd(cost(&s, &u, None), 0.002_5);
    }

    #[test]
    fn typed_prices_bill_cache_as_input_and_reasoning_as_output() {
        // $3/$15 typed: 1,000 in (900 read) and 1,000 out (800 reasoning) are
        // 1,000 × 3 + 1,000 × 15 = 18,000 → $0.018.
        let u = Billable {
            cache_read_tokens: 900,
            reasoning_tokens: 800,
            ..Billable::tokens(1_000, 1_000)
        };
        assert_usd(cost(&PriceSheet::typed(3.0, 15.0), &u, None), 0.018);
    }

    #[test]
    fn worst_case_is_every_input_token_fresh_and_the_whole_output_budget() {
        // 1,000 in, up to 4,096 out: 1,000 × 3 + 4,096 × 15 = 3,000 + 61,440 = 64,440
        // → $0.06444 (no search assumed).
        assert_usd(worst_case(&sonnet_45(), 1_000, 4_096, None), 0.064_44);
        // 250,000 in: the tier. 250,000 × 6 + 4,096 × 22.5 = 1,500,000 + 92,160 → $1.59216.
        assert_usd(worst_case(&sonnet_45(), 250_000, 4_096, None), 1.592_16);
        // Reasoning dearer than output: all output at it. 1,000 × 1 + 1,000 × 5 → $0.006.
        let dear = PriceSheet {
            reasoning_price: Some(usd(5.0)),
            ..sheet(1.0, 2.0)
        };
        assert_usd(worst_case(&dear, 1_000, 1_000, None), 0.006);
        // Cheaper reasoning: all output at the completion price. 1,000 × 1 + 1,000 × 2.
        let cheap = PriceSheet {
            reasoning_price: Some(usd(0.5)),
            ..sheet(1.0, 2.0)
        };
        assert_usd(worst_case(&cheap, 1_000, 1_000, None), 0.003);
        // A window and a discount: 1,000,000 in at $0.50 in the window, 20 % off → $0.40.
        let s = PriceSheet {
            discount: Some(0.2),
            request_price: usd(0.0),
            overrides: vec![PriceOverride {
                utc_start: Some(2200),
                utc_end: Some(200),
                prompt_price: Some(usd(0.5)),
                ..Default::default()
            }],
            ..sheet(1.0, 4.0)
        };
        assert_usd(worst_case(&s, 1_000_000, 0, Some(23 * 60)), 0.4);
        assert_usd(worst_case(&s, 1_000_000, 0, None), 0.8);
        // A per-request fee counts once.
        let fee = PriceSheet {
            request_price: usd(0.01),
            ..sheet(1.0, 2.0)
        };
        assert_usd(worst_case(&fee, 1_000, 1_000, None), 0.013);
        // Unknown stays unknown.
        let s = PriceSheet {
            completion_price: Price::Variable,
            ..sheet(1.0, 2.0)
        };
        assert_eq!(worst_case(&s, 1_000, 1_000, None), None);
    }

    #[test]
    fn usage_becomes_billable_counts() {
        let u = Usage {
            input_tokens: Some(1_000),
            output_tokens: Some(500),
            reasoning_tokens: Some(200),
            cache_read_tokens: Some(600),
            cache_write_tokens: None,
            cost_usd: None,
            byok_upstream_usd: None,
        };
        let b = Billable::from_usage(&u).unwrap();
        assert_eq!(
            b,
            Billable {
                reasoning_tokens: 200,
                cache_read_tokens: 600,
                ..Billable::tokens(1_000, 500)
            }
        );
        assert_eq!(b.requests, 1);
        let no_output = Usage {
            output_tokens: None,
            ..u
        };
        assert_eq!(Billable::from_usage(&no_output), None);
    }

    #[test]
    fn direct_ids_map_to_openrouter_ids_best_first() {
        use ProviderKind::*;
        let c = openrouter_candidates;
        assert_eq!(c(OpenAi, "gpt-4o"), ["openai/gpt-4o"]);
        assert_eq!(
            c(OpenAi, "gpt-4o-2024-08-06"),
            ["openai/gpt-4o-2024-08-06", "openai/gpt-4o"]
        );
        assert_eq!(
            c(OpenAi, "gpt-4-0613"),
            ["openai/gpt-4-0613", "openai/gpt-4"]
        );
        assert_eq!(
            c(OpenAi, "gpt-5.2-chat-latest"),
            ["openai/gpt-5.2-chat-latest", "openai/gpt-5.2-chat"]
        );
        assert_eq!(
            c(OpenAi, "gpt-4-0125-preview"),
            ["openai/gpt-4-turbo-preview"]
        );
        assert_eq!(
            c(Anthropic, "claude-sonnet-4-5"),
            ["anthropic/claude-sonnet-4.5"]
        );
        assert_eq!(
            c(Anthropic, "claude-sonnet-4-5-20250929"),
            [
                "anthropic/claude-sonnet-4.5-20250929",
                "anthropic/claude-sonnet-4.5"
            ]
        );
        assert_eq!(
            c(Anthropic, "claude-3-5-haiku-20241022"),
            [
                "anthropic/claude-3.5-haiku-20241022",
                "anthropic/claude-3.5-haiku"
            ]
        );
        assert_eq!(
            c(Anthropic, "claude-opus-4-1"),
            ["anthropic/claude-opus-4.1"]
        );
        assert_eq!(
            c(Anthropic, "claude-3-7-sonnet-latest"),
            [
                "anthropic/claude-3.7-sonnet-latest",
                "anthropic/claude-3.7-sonnet"
            ]
        );
        assert_eq!(
            c(Anthropic, "claude-sonnet-4-0"),
            ["anthropic/claude-sonnet-4"]
        );
        assert_eq!(
            c(Anthropic, "claude-sonnet-4-5@20250929"),
            ["anthropic/claude-sonnet-4.5"]
        );
        for id in [
            "gemini-2.5-flash",
            "models/gemini-2.5-flash",
            " Gemini-2.5-Flash ",
        ] {
            assert_eq!(c(Gemini, id), ["google/gemini-2.5-flash"], "{id}");
        }
        assert_eq!(
            c(Gemini, "gemini-2.5-flash-001"),
            ["google/gemini-2.5-flash-001", "google/gemini-2.5-flash"]
        );
        assert_eq!(
            c(Gemini, "gemini-2.5-flash-latest"),
            ["google/gemini-2.5-flash-latest", "google/gemini-2.5-flash"]
        );
        assert_eq!(
            c(Gemini, "gemini-2.5-pro-preview-06-05"),
            [
                "google/gemini-2.5-pro-preview-06-05",
                "google/gemini-2.5-pro-preview"
            ]
        );
        assert_eq!(
            c(Gemini, "gemini-2.5-flash-preview-09-2025"),
            [
                "google/gemini-2.5-flash-preview-09-2025",
                "google/gemini-2.5-flash-preview"
            ]
        );
        assert_eq!(
            c(Gemini, "gemini-flash-latest"),
            ["~google/gemini-flash-latest", "google/gemini-flash"]
        );
        // Not base models, or not priced from OpenRouter.
        assert!(c(OpenAi, "ft:gpt-4o-mini-2024-07-18:acme::abc123").is_empty());
        assert!(c(Gemini, "tunedModels/my-model").is_empty());
        assert!(c(OpenAi, "").is_empty());
        for kind in [OpenRouter, Ollama, Compatible] {
            assert!(c(kind, "gpt-4o").is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn version_suffixes_are_told_from_names() {
        for (id, stripped) in [
            ("gpt-4o-2024-08-06", Some("gpt-4o")),
            ("claude-sonnet-4-5-20250929", Some("claude-sonnet-4-5")),
            ("gpt-3.5-turbo-0125", Some("gpt-3.5-turbo")),
            ("gemini-1.5-pro-002", Some("gemini-1.5-pro")),
            ("claude-3-5-haiku-latest", Some("claude-3-5-haiku")),
            (
                "gemini-2.5-pro-preview-06-05",
                Some("gemini-2.5-pro-preview"),
            ),
            ("claude-opus-4-1@20250805", Some("claude-opus-4-1")),
            ("gpt-4o", None),
            ("gpt-4o-mini", None),
            ("claude-sonnet-4-5", None),
            ("qwen3-30b-a3b-2507", None), // 25 is no month: a name, not a date
            ("gpt-oss-120b", None),
            ("gemini-2.5-pro-preview", None),
            ("o3", None),
        ] {
            assert_eq!(strip_version(id), stripped, "{id}");
        }
    }

    #[test]
    fn a_dated_served_id_is_the_same_model_a_different_one_is_a_fallback() {
        for (requested, served) in [
            ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
            ("gpt-4o", "gpt-4o-2024-08-06"),
            ("gpt-4", "gpt-4-0613"),
            ("gemini-1.5-pro", "gemini-1.5-pro-002"),
            ("models/gemini-2.5-flash", "gemini-2.5-flash"),
            ("gemini-2.5-flash", "models/gemini-2.5-flash"),
            ("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022"),
            ("openai/gpt-4o", "openai/gpt-4o-2024-08-06"),
            ("GPT-4o", "gpt-4o"),
            ("gemini-flash-latest", "gemini-3.7-flash"),
            ("x/model:free", "x/model:free"),
            ("x/model:free", "x/model"),
            ("llama3.2", "llama3.2:latest"),
        ] {
            assert!(same_model(requested, served), "{requested} / {served}");
        }
        for (requested, served) in [
            ("gpt-4o", "gpt-4o-mini"),
            ("gpt-4o", "gpt-4o-mini-2024-07-18"),
            ("claude-sonnet-4-5", "claude-opus-4-1"),
            ("claude-sonnet-4", "claude-sonnet-4-5-20250929"),
            ("gpt-4o-2024-08-06", "gpt-4o-2024-11-20"),
            ("gemini-2.5-flash", "gemini-2.5-flash-preview-05-20"),
            ("gemini-2.5-flash", "gemini-2.5-flash-lite"),
            ("gemini-flash-latest", "gemini-3.7-flash-lite"),
            ("gemini-flash-latest", "gemini-2.5-pro"),
            ("x/model", "x/model:nitro"),
            ("openai/gpt-4o", "anthropic/claude-sonnet-4.5"),
        ] {
            assert!(!same_model(requested, served), "{requested} / {served}");
        }
    }
}
