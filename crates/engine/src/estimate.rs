//! What a comparison will cost before anything is sent: input tokens per slot (exact for
//! OpenAI-family models with tiktoken's `o200k_base`; otherwise an approximation of one token per
//! four characters, labelled as such), the input cost, and the worst case if every answer runs to
//! its `max_tokens`. Unknown prices and limits stay unknown.
//!
//! The tokenizer costs 0.1–0.4 s of CPU and about 50 MiB to load, so only an estimate someone
//! asked to see ([`Counting::Exact`]) loads it. The send path (the budget check in
//! `Engine::prepare`, the context check in `Engine::execute`) uses [`Counting::NoWait`]: it never
//! loads the tokenizer and never tokenizes, so nothing that only informs delays sending.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{plan, ComparisonSpec, EngineError, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenCount {
    /// Counted with the model family's own tokenizer.
    Exact,
    /// About four characters per token (one per Chinese, Japanese or Korean character); off by
    /// up to ±30 % on other languages and code.
    Approximate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SlotEstimate {
    pub input_tokens: u32,
    pub counted: TokenCount,
    /// Input tokens × the target's prompt price; `None` without a price.
    pub input_cost_usd: Option<f64>,
    /// The most the answer may produce: the target's `max_tokens`, else the model's limit.
    pub max_output_tokens: Option<u32>,
    /// Input cost + max output × completion price; `None` when either is unknown.
    pub worst_case_usd: Option<f64>,
    /// `Some(false)` when the prompt cannot fit the model's context window.
    pub fits_context: Option<bool>,
    /// Of `input_tokens`, those allowed for attached images and PDFs, which no tokenizer here
    /// counts (an image by its size in pixels as its model's provider counts it, see
    /// [`image_tokens`]; [`PDF_PAGE_TOKENS_ALLOWED`] a PDF page); `None` without such files.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub attachment_tokens: Option<u32>,
}

/// Tokens allowed for one attached image whose size in pixels cannot be read: about what
/// providers bill for a large one at their default detail (Anthropic ≈ 1,600 for 1.15
/// megapixels, OpenAI 1,105 for 2048 × 4096 at high detail). A cap errs on the cautious side
/// with it. An image whose size can be read is counted as its model's provider counts it
/// ([`image_tokens`]).
pub const IMAGE_TOKENS_ALLOWED: u32 = 1_600;

/// Whose rule counts a model's image tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImageRule {
    OpenAi,
    Anthropic,
    Gemini,
    /// Any other model (a compatible endpoint, Ollama, another family through OpenRouter): the
    /// largest of the three, so a cap errs on the cautious side.
    Unknown,
}

fn image_rule(t: &Target) -> ImageRule {
    use parallax_llm::ProviderKind;
    let routed =
        |prefix: &str| t.provider == ProviderKind::OpenRouter && t.model.starts_with(prefix);
    if is_openai_family(t) {
        ImageRule::OpenAi
    } else if t.provider == ProviderKind::Anthropic || routed("anthropic/") {
        ImageRule::Anthropic
    } else if t.provider == ProviderKind::Gemini || routed("google/") {
        ImageRule::Gemini
    } else {
        ImageRule::Unknown
    }
}

/// The tokens one image of `width` × `height` pixels costs under `rule`, from each provider's
/// published rule at its default detail:
/// - OpenAI (high detail): fitted within 2048 × 2048, then its shorter side scaled down to 768;
///   85 tokens plus 170 for each 512-pixel tile it covers (1024 × 1024 → 765).
/// - Anthropic: scaled to at most 1568 pixels on its long edge; width × height ÷ 750, at most
///   1,600 (1000 × 1000 → 1,334).
/// - Gemini: 258 when both sides are at most 384 pixels, else 258 for each 768-pixel tile, after
///   fitting within 3072 × 3072 (at most 16 tiles, 4,128).
fn image_tokens_by(rule: ImageRule, width: u32, height: u32) -> u32 {
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    match rule {
        ImageRule::OpenAi => {
            let fit = (2048.0 / w.max(h)).min(1.0);
            let (w, h) = (w * fit, h * fit);
            let short = (768.0 / w.min(h)).min(1.0);
            let (w, h) = (w * short, h * short);
            let tiles = (w / 512.0).ceil() * (h / 512.0).ceil();
            (tiles as u32).saturating_mul(170).saturating_add(85)
        }
        ImageRule::Anthropic => {
            let fit = (1568.0 / w.max(h)).min(1.0);
            (((w * fit) * (h * fit)) / 750.0).ceil().min(1_600.0) as u32
        }
        ImageRule::Gemini => {
            if w <= 384.0 && h <= 384.0 {
                258
            } else {
                // Scaled to fit 3072 × 3072 first, the largest Gemini takes: an image's header can
                // say anything (a 100-million-pixel side), and the tiles are counted after it.
                let fit = (3072.0 / w.max(h)).min(1.0);
                let tiles = ((w * fit) / 768.0).ceil() * ((h * fit) / 768.0).ceil();
                (tiles as u32).saturating_mul(258)
            }
        }
        ImageRule::Unknown => image_tokens_by(ImageRule::OpenAi, width, height)
            .max(image_tokens_by(ImageRule::Anthropic, width, height))
            .max(image_tokens_by(ImageRule::Gemini, width, height)),
    }
}

/// The tokens target `t` will be billed for an image with these bytes: by its size in pixels
/// (PNG, JPEG, GIF, WebP headers, read by `imagesize`), else [`IMAGE_TOKENS_ALLOWED`].
pub fn image_tokens(t: &Target, bytes: Option<&[u8]>) -> u32 {
    // A header that says 0 pixels is no size (a file cut short, or a made-up one).
    let size = bytes
        .and_then(|b| imagesize::blob_size(b).ok())
        .filter(|s| s.width > 0 && s.height > 0);
    match size {
        Some(s) => image_tokens_by(
            image_rule(t),
            u32::try_from(s.width).unwrap_or(u32::MAX),
            u32::try_from(s.height).unwrap_or(u32::MAX),
        ),
        None => IMAGE_TOKENS_ALLOWED,
    }
}

/// Tokens allowed for one PDF page (Anthropic: 1,500–3,000 a page, its text and its image).
pub const PDF_PAGE_TOKENS_ALLOWED: u32 = 3_000;

/// A PDF's pages, counted by their `/Type /Page` objects (not `/Pages`, the tree); at least one.
fn pdf_pages(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    for pat in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        n += bytes
            .windows(pat.len() + 1)
            .filter(|w| w.starts_with(pat) && w[pat.len()] != b's')
            .count() as u32;
    }
    n.max(1)
}

/// The tokens allowed for the images and PDFs of these messages to target `t`; `None` when
/// there are none.
fn attachment_allowance(t: &Target, messages: &[parallax_llm::Message]) -> Option<u32> {
    use parallax_llm::AttachmentKind;
    let mut any = false;
    let mut n = 0u32;
    for a in messages.iter().flat_map(|m| &m.attachments) {
        match a.kind {
            AttachmentKind::Text => continue,
            AttachmentKind::Image => {
                n = n.saturating_add(image_tokens(t, a.data.as_ref().map(|d| &d.0[..])));
            }
            AttachmentKind::Pdf => {
                let pages = a.data.as_deref().map_or(1, pdf_pages);
                n = n.saturating_add(pages.saturating_mul(PDF_PAGE_TOKENS_ALLOWED));
            }
        }
        any = true;
    }
    any.then_some(n)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Estimate {
    pub slots: Vec<SlotEstimate>,
    /// Sums of the known figures; `*_complete` says whether every slot's figure was known.
    pub input_cost_usd: f64,
    pub input_cost_complete: bool,
    pub worst_case_usd: f64,
    pub worst_case_complete: bool,
    /// Models whose worst case is unknown (no price, or no output limit), each once: a spending
    /// cap cannot be checked for them.
    pub unpriced: Vec<String>,
}

fn is_openai_family(t: &Target) -> bool {
    use parallax_llm::ProviderKind;
    t.provider == ProviderKind::OpenAi
        || (t.provider == ProviderKind::OpenRouter && t.model.starts_with("openai/"))
}

/// How an estimate counts the tokens of an OpenAI-family model (others are always approximate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// With the tokenizer, loading it first if this process has not yet (once; blocks for
    /// 0.1–0.4 s, so call it off async workers): an estimate someone asked to see.
    Exact,
    /// Never waits and never tokenizes: the exact count an earlier [`Counting::Exact`] estimate
    /// made of the same text, else the approximation. The send path.
    NoWait,
}

/// Measured against `o200k_base`, the approximation is 0.58–0.66 of the exact count on logs and
/// code and 1.24–1.81 of it on Chinese, Japanese and Korean (English prose ≈ 0.96).
///
/// A prompt whose approximate count is over the context window by less than this factor is
/// sent: at 2 × the window even a 1.81 × overcount means the prompt is over it, and a refusal we
/// got wrong is worse than the provider's own context error. Exact counts refuse anything over
/// the window.
pub const APPROXIMATE_CONTEXT_MARGIN: f64 = 2.0;

/// On the send path a spending cap is checked with an approximate input count raised by this
/// factor, so that an undercount (logs and code: 0.58 of the exact count) cannot let through a
/// comparison the cap would refuse; the error falls on the cautious side. An estimate someone
/// asked to see shows the central figure.
pub const APPROXIMATE_CAP_FACTOR: f64 = 1.75;

static O200K: OnceLock<&'static tiktoken_rs::CoreBPE> = OnceLock::new();

/// Whether this process has loaded the `o200k_base` tokenizer (only an exact estimate loads it).
pub fn tokenizer_loaded() -> bool {
    O200K.get().is_some()
}

/// The tokenizer, loading it on first use; concurrent callers wait for the one load.
fn tokenizer() -> &'static tiktoken_rs::CoreBPE {
    O200K.get_or_init(tiktoken_rs::o200k_base_singleton)
}

/// Exact counts (`o200k_base` tokens, framing excluded) of texts an exact estimate tokenized,
/// keyed by the text's hash and length, oldest first. The app estimates as a person types, so a
/// Send finds its prompt here and the send path counts exactly without tokenizing.
static COUNTED: Mutex<VecDeque<(u64, usize, u32)>> = Mutex::new(VecDeque::new());
const COUNTED_KEPT: usize = 512;

fn text_key(s: &str) -> (u64, usize) {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    (h.finish(), s.len())
}

fn known_count(s: &str) -> Option<u32> {
    let counted = COUNTED.lock().unwrap_or_else(|p| p.into_inner());
    if counted.is_empty() {
        return None; // nothing was ever counted exactly (the CLI): no need to hash the text
    }
    let key = text_key(s);
    counted
        .iter()
        .rev()
        .find(|(h, len, _)| (*h, *len) == key)
        .map(|(_, _, n)| *n)
}

fn exact_count(s: &str) -> u32 {
    if let Some(n) = known_count(s) {
        return n;
    }
    let key = text_key(s);
    let n = u32::try_from(tokenizer().encode_ordinary(s).len()).unwrap_or(u32::MAX);
    let mut counted = COUNTED.lock().unwrap_or_else(|p| p.into_inner());
    if counted.len() >= COUNTED_KEPT {
        counted.pop_front();
    }
    counted.push_back((key.0, key.1, n));
    n
}

/// About four characters a token, except Chinese, Japanese and Korean characters, which are
/// about one token each (four a token undercounted Chinese about 3× against `o200k_base`, so a
/// cap checked on it saw a third of the input).
fn approximate(s: &str) -> usize {
    let wide = s
        .chars()
        .filter(|c| {
            matches!(u32::from(*c),
                0x3000..=0x30FF // CJK punctuation, Hiragana, Katakana
                | 0x3400..=0x4DBF // CJK Extension A
                | 0x4E00..=0x9FFF // CJK Unified Ideographs
                | 0xAC00..=0xD7AF // Hangul syllables
                | 0xF900..=0xFAFF // CJK compatibility ideographs
                | 0xFF00..=0xFFEF) // full-width forms
        })
        .count();
    wide + (s.chars().count() - wide).div_ceil(4)
}

/// Message framing: about 4 tokens per message and 3 to prime the answer.
fn framed(counts: impl Iterator<Item = u32>) -> u32 {
    counts.fold(3u32, |n, c| n.saturating_add(c).saturating_add(4))
}

fn count_texts<'a>(
    t: &Target,
    texts: impl Iterator<Item = &'a str>,
    counting: Counting,
) -> (u32, TokenCount) {
    let texts: Vec<&str> = texts.collect();
    if is_openai_family(t) {
        let exact: Option<Vec<u32>> = match counting {
            Counting::Exact => Some(texts.iter().map(|s| exact_count(s)).collect()),
            Counting::NoWait => texts.iter().map(|s| known_count(s)).collect(),
        };
        if let Some(counts) = exact {
            return (framed(counts.into_iter()), TokenCount::Exact);
        }
    }
    let approximate = texts
        .iter()
        .map(|s| u32::try_from(approximate(s)).unwrap_or(u32::MAX));
    (framed(approximate), TokenCount::Approximate)
}

/// The most a target's answer may produce, as its request will say: the person's `max_tokens`,
/// else the model's limit — except Anthropic, whose request always carries a `max_tokens` (4096
/// when unset, raised above a thinking budget), read from the request the adapter builds.
fn max_output(t: &Target) -> Option<u32> {
    use parallax_llm::{anthropic, ChatRequest, Endpoint, ProviderKind};
    if t.provider == ProviderKind::Anthropic {
        let req = ChatRequest {
            model: t.model.clone(),
            params: t.params.clone(),
            ..Default::default()
        };
        let built = anthropic::build_chat_request(&Endpoint::new(t.provider, "", None), &req);
        return built.http.body["max_tokens"]
            .as_u64()
            .and_then(|m| u32::try_from(m).ok());
    }
    t.params.max_tokens.or(t.max_output_tokens)
}

/// `at`: the UTC minute of the day, for time-of-day price windows (`None`: windows ignored).
/// Prices come from each target's sheet (`Engine::priced` fills them) with the same rule as a
/// computed cost (`parallax_llm::pricing`): the input cost includes a per-request fee, the worst
/// case every input token fresh and all output at its dearest price.
/// `counting`: [`Counting::Exact`] for an estimate to show, [`Counting::NoWait`] on the way to
/// sending.
pub fn estimate(
    spec: &ComparisonSpec,
    at: Option<u32>,
    counting: Counting,
) -> Result<Estimate, EngineError> {
    use parallax_llm::pricing;
    let planned = plan::expand(spec)?;
    let slots: Vec<SlotEstimate> = planned
        .iter()
        .map(|p| {
            let t = &spec.targets[p.target];
            let messages = spec.messages_for(p.target, &p.prompt);
            // Text files are counted as the text they are sent as; images and PDFs are allowed
            // for, and then the count is approximate whatever the tokenizer said.
            let texts: Vec<std::borrow::Cow<'_, str>> = messages
                .iter()
                .map(parallax_llm::attachment::text_with_files)
                .collect();
            let (text_tokens, counted) = count_texts(t, texts.iter().map(|s| s.as_ref()), counting);
            let attachment_tokens = attachment_allowance(t, &messages);
            let input_tokens = text_tokens.saturating_add(attachment_tokens.unwrap_or(0));
            let counted = if attachment_tokens.is_some() {
                TokenCount::Approximate
            } else {
                counted
            };
            // The tokens costs are computed on: on the send path an approximate count is raised
            // (see APPROXIMATE_CAP_FACTOR), so a cap errs on the cautious side.
            let priced_tokens =
                if counted == TokenCount::Approximate && counting == Counting::NoWait {
                    (f64::from(input_tokens) * APPROXIMATE_CAP_FACTOR).ceil() as u32
                } else {
                    input_tokens
                };
            let sheet = t.price_sheet();
            let input_cost_usd = sheet.as_ref().and_then(|sh| {
                pricing::cost(sh, &pricing::Billable::tokens(priced_tokens.into(), 0), at)
            });
            let max_output_tokens = max_output(t);
            // Output that costs nothing needs no limit to bound the worst case (a free model,
            // a local server).
            let output_free = sheet.as_ref().is_some_and(|sh| {
                sh.completion_price.usd() == Some(0.0)
                    && sh.reasoning_price.is_none_or(|r| r.usd() == Some(0.0))
            });
            let worst_case_usd = match (&sheet, max_output_tokens) {
                (Some(sh), Some(m)) => pricing::worst_case(sh, priced_tokens.into(), m.into(), at),
                (Some(sh), None) if output_free => {
                    pricing::worst_case(sh, priced_tokens.into(), 0, at)
                }
                _ => None,
            };
            // An approximate count only refuses clear cases, never borderline ones.
            let fits_context = t.context_length.map(|ctx| match counted {
                TokenCount::Exact => input_tokens <= ctx,
                TokenCount::Approximate => {
                    f64::from(input_tokens) <= f64::from(ctx) * APPROXIMATE_CONTEXT_MARGIN
                }
            });
            SlotEstimate {
                input_tokens,
                counted,
                input_cost_usd,
                max_output_tokens,
                worst_case_usd,
                fits_context,
                attachment_tokens,
            }
        })
        .collect();
    let sum = |f: &dyn Fn(&SlotEstimate) -> Option<f64>| -> (f64, bool) {
        slots.iter().fold((0.0, true), |(s, all), e| match f(e) {
            Some(v) => (s + v, all),
            None => (s, false),
        })
    };
    let (input_cost_usd, input_cost_complete) = sum(&|e| e.input_cost_usd);
    let (worst_case_usd, worst_case_complete) = sum(&|e| e.worst_case_usd);
    let mut unpriced: Vec<String> = Vec::new();
    for (p, e) in planned.iter().zip(&slots) {
        let model = &spec.targets[p.target].model;
        if e.worst_case_usd.is_none() && !unpriced.contains(model) {
            unpriced.push(model.clone());
        }
    }
    Ok(Estimate {
        unpriced,
        slots,
        input_cost_usd,
        input_cost_complete,
        worst_case_usd,
        worst_case_complete,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_llm::ProviderKind;

    #[test]
    fn openai_models_are_counted_exactly_and_others_approximately() {
        let gpt = Target::model("openai/gpt-4o-mini");
        let (n, how) = count_texts(&gpt, ["Hello, world!"].into_iter(), Counting::Exact);
        assert_eq!(how, TokenCount::Exact);
        assert_eq!(
            n,
            4 + 4 + 3,
            "o200k: Hello , world ! = 4 tokens, plus message framing"
        );
        let claude = Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5");
        let (n, how) = count_texts(
            &claude,
            ["Be brief.", "Hello, world!"].into_iter(),
            Counting::Exact,
        );
        assert_eq!(how, TokenCount::Approximate);
        assert_eq!(n, 3 + 4 + 4 + 4 + 3);
    }

    /// A PNG's signature and IHDR chunk: all `imagesize` reads of it.
    fn png_of(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend_from_slice(&width.to_be_bytes());
        b.extend_from_slice(&height.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn an_image_costs_what_its_models_provider_counts_for_its_size() {
        let gpt = Target::on(ProviderKind::OpenAi, "gpt-4o");
        let routed_gpt = Target::model("openai/gpt-4o");
        let claude = Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5");
        let routed_claude = Target::model("anthropic/claude-sonnet-4.5");
        let gemini = Target::on(ProviderKind::Gemini, "gemini-2.5-flash");
        let routed_gemini = Target::model("google/gemini-2.5-flash");
        let other = Target::on(ProviderKind::Ollama, "llava");
        let at = |t: &Target, w, h| image_tokens(t, Some(&png_of(w, h)));
        // OpenAI's own examples: 1024 × 1024 → 768 × 768, 4 tiles: 85 + 4 × 170 = 765;
        // 2048 × 4096 → 1024 × 2048 → 768 × 1536, 6 tiles: 85 + 6 × 170 = 1,105.
        assert_eq!(at(&gpt, 1024, 1024), 765);
        assert_eq!(at(&routed_gpt, 2048, 4096), 1_105);
        // 300 × 200: one tile, 85 + 170.
        assert_eq!(at(&gpt, 300, 200), 255);
        // Anthropic's: 1000 × 1000 → ⌈1,000,000 ÷ 750⌉ = 1,334; 200 × 200 → ⌈53.3⌉ = 54;
        // 4000 × 3000 → 1568 × 1176 → 2,458 by area, capped at 1,600.
        assert_eq!(at(&claude, 1000, 1000), 1_334);
        assert_eq!(at(&routed_claude, 200, 200), 54);
        assert_eq!(at(&claude, 4000, 3000), 1_600);
        // Gemini's: both sides ≤ 384 → 258; 1000 × 1000 → 2 × 2 tiles of 768 → 1,032.
        assert_eq!(at(&gemini, 384, 300), 258);
        assert_eq!(at(&routed_gemini, 1000, 1000), 1_032);
        // Another model: the largest of the three (1024 × 1024: 765, ⌈1,398.1⌉ = 1,399, 1,032).
        assert_eq!(at(&other, 1024, 1024), 1_399);
        // No size to read (a header cut short, or no bytes): the stated allowance.
        assert_eq!(
            image_tokens(&claude, Some(b"\x89PNG\r\n")),
            IMAGE_TOKENS_ALLOWED
        );
        assert_eq!(image_tokens(&claude, None), IMAGE_TOKENS_ALLOWED);
        assert_eq!(at(&claude, 0, 0), IMAGE_TOKENS_ALLOWED);
        // A header can say anything: 117,901,063 pixels a side (bytes of 7s) is fitted like any
        // large image — OpenAI 768 × 768 (765), Anthropic capped (1,600), Gemini 3072 × 3072,
        // 4 × 4 tiles (4,128) — and never overflows.
        let huge = 0x0707_0707;
        assert_eq!(at(&gpt, huge, huge), 765);
        assert_eq!(at(&claude, huge, huge), 1_600);
        assert_eq!(at(&gemini, huge, huge), 4_128);
        assert_eq!(at(&other, huge, huge), 4_128);
        assert_eq!(at(&gemini, u32::MAX, 1), 258 * 4);
    }

    #[test]
    fn on_the_send_path_an_approximate_count_is_priced_cautiously() {
        // 400 characters: about 107 tokens in all (see below). At $1/M input, $0 output:
        // shown as 107 tokens; a cap on the send path prices ⌈107 × 1.75⌉ = 188.
        let claude = Target {
            prompt_price_per_m: Some(1.0),
            completion_price_per_m: Some(0.0),
            ..Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5")
        };
        let spec = ComparisonSpec::simple("abcd".repeat(100), None, vec![claude]);
        let shown = estimate(&spec, None, Counting::Exact).unwrap();
        let send = estimate(&spec, None, Counting::NoWait).unwrap();
        assert_eq!(shown.slots[0].input_tokens, 107);
        assert_eq!(
            send.slots[0].input_tokens, 107,
            "the count itself is not raised"
        );
        assert!((shown.slots[0].input_cost_usd.unwrap() - 107e-6).abs() < 1e-12);
        assert!((send.slots[0].input_cost_usd.unwrap() - 188e-6).abs() < 1e-12);
    }

    #[test]
    fn approximate_counts_take_cjk_characters_as_a_token_each() {
        assert_eq!(approximate("abcd".repeat(25).as_str()), 25);
        assert_eq!(approximate("你好世界".repeat(25).as_str()), 100);
        // 7 other characters ("hello, ": 2 tokens) + 2 Hangul syllables.
        assert_eq!(approximate("hello, 안녕"), 2 + 2);
    }

    #[test]
    fn an_approximate_count_refuses_only_a_prompt_clearly_over_the_window() {
        // 400 characters: about 100 tokens, + 4 for the message and 3 = 107.
        let fits = |ctx: u32| {
            let claude = Target {
                context_length: Some(ctx),
                ..Target::on(ProviderKind::Anthropic, "claude-sonnet-4-5")
            };
            let spec = ComparisonSpec::simple("abcd".repeat(100), None, vec![claude]);
            let e = estimate(&spec, None, Counting::NoWait).unwrap();
            assert_eq!(e.slots[0].counted, TokenCount::Approximate);
            assert_eq!(e.slots[0].input_tokens, 107);
            e.slots[0].fits_context
        };
        assert_eq!(fits(107), Some(true));
        assert_eq!(fits(54), Some(true), "1.98 × the window: within the error");
        assert_eq!(fits(53), Some(false), "2.02 × the window: clearly over");
    }

    #[test]
    fn worst_case_needs_prices_and_a_limit_and_oversized_prompts_do_not_fit() {
        let priced = Target {
            prompt_price_per_m: Some(1.0),
            completion_price_per_m: Some(10.0),
            max_output_tokens: Some(1000),
            context_length: Some(8),
            ..Target::model("openai/gpt-4o-mini")
        };
        let spec = ComparisonSpec::simple(
            "Hello, world!",
            None,
            vec![priced, Target::model("x/unpriced")],
        );
        let e = estimate(&spec, None, Counting::Exact).unwrap();
        assert_eq!(e.slots[0].input_tokens, 11);
        assert!(
            (e.slots[0].worst_case_usd.unwrap() - (11.0 * 1.0 + 1000.0 * 10.0) / 1e6).abs() < 1e-12
        );
        assert_eq!(
            e.slots[0].fits_context,
            Some(false),
            "11 tokens do not fit in 8"
        );
        assert_eq!(e.slots[1].worst_case_usd, None);
        assert!(!e.worst_case_complete, "one slot's worst case is unknown");
        assert!((e.worst_case_usd - e.slots[0].worst_case_usd.unwrap()).abs() < 1e-12);
    }
}
