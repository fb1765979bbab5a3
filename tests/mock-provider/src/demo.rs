//! The demo provider: the mock's OpenRouter face under `/demo/api/v1`, with a short list of
//! models a new person can learn every screen with — fast, medium and slow answers, a reasoning
//! model, a Markdown-rich answer, a free model and one model per failure kind — and made-up
//! prices. Product code: the app and the CLI serve it in-process (see [`base_url`]), so the
//! first comparison needs no key, no network and no second program.
//!
//! Invariants: a demo answer never depends on the prompt (the column says it is a demo); every
//! demo model's id is plain (`fast`), typed as `demo:fast`; prices are USD per million tokens,
//! made up, and each model's differ so the cost columns differ.

use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::script::Script;

/// One demo model: id, display name, what it shows a person, the mock script (`k=v,…`, see
/// `script.rs`), USD per million input / output tokens, and its written answer.
pub struct DemoModel {
    pub id: &'static str,
    pub name: &'static str,
    pub about: &'static str,
    script: &'static str,
    pub price_in: f64,
    pub price_out: f64,
    text: &'static str,
}

const SHORT: &str = "A demo answer, made up: demo models do not read your prompt. \
They stream this text at a scripted pace so you can watch how Parallax measures each model — \
time to first token, tokens per second, total time, tokens in and out and the cost at the \
model's (made-up) price. Add a key or a local server to ask real models.";

const MEDIUM: &str = "This is a made-up demo answer; the prompt was not read. \
It arrives a little later than the fast model's and more slowly, which is the point: \
side by side, the columns show how latency and throughput differ, and the cost line shows \
what the same tokens would cost at each model's price. Try the blind vote or the diff next.";

const SLOW: &str = "Demo answer (made up, the prompt was not read). \
A slow model keeps you waiting for its first token and then writes steadily. \
Parallax times the wait apart from the writing: time to first token is the wait, tokens per \
second is the writing, and the total is both. A model that starts late can still finish \
first when it writes fast; a model that starts early can still be the slowest overall. \
The numbers under each column tell you which is which, and History keeps them for later.";

const THINKER: &str = "After thinking (the reasoning above is shown apart from the answer and \
counted as reasoning tokens), the demo answer is: reasoning models spend tokens before they \
answer, and those tokens cost money and time. Parallax shows them apart so you can see what \
the thinking cost. This text is made up; the prompt was not read.";

const MARKDOWN: &str = "## A demo answer in Markdown\n\nMade up: *the prompt was not \
read*. It shows how answers are **rendered**:\n\n- a list with `inline code`\n- a [link](https://example.com)\n\
- and a table below\n\n| model | TTFT | tok/s |\n|---|---|---|\n| fast | 0.15 s | 180 |\n| slow \
| 1.5 s | 25 |\n\nMath too: the cost of an answer is $c = t_{in} p_{in} + t_{out} p_{out}$, \
with prices per million tokens:\n\n$$\nc = \\frac{t_{in}\\,p_{in} + t_{out}\\,p_{out}}{10^6}\n$$\n\n```python\ndef compare(models):\n    return sorted(models, key=lambda m: \
m.cost)\n```\n\n> Code, tables and quotes render in every column, sanitized.";

const FREE: &str = "A free demo model (listed at $0): its cost is a real zero, not an unknown. \
This answer is made up; the prompt was not read.";

const JUDGE: &str = "A made-up verdict: the demo judge does not read the answers, it always \
picks the first one. A real judge model weighs them against the rubric.\nVERDICT: \
{\"winner\": \"A\", \"reason\": \"The demo judge always picks answer A.\"}";

/// The demo models, in the order a picker lists them.
pub const DEMO_MODELS: &[DemoModel] = &[
    DemoModel { id: "fast", name: "Demo: Fast", about: "Answers at once: 150 ms to first token, 180 tokens/s.", script: "ttft=150,tps=180", price_in: 0.10, price_out: 0.40, text: SHORT },
    DemoModel { id: "medium", name: "Demo: Medium", about: "500 ms to first token, 70 tokens/s.", script: "ttft=500,tps=70", price_in: 1.00, price_out: 4.00, text: MEDIUM },
    DemoModel { id: "slow", name: "Demo: Slow", about: "1.5 s to first token, 25 tokens/s.", script: "ttft=1500,tps=25", price_in: 3.00, price_out: 15.00, text: SLOW },
    DemoModel { id: "thinker", name: "Demo: Thinker (reasoning)", about: "Thinks for 40 reasoning tokens, shown apart, then answers.", script: "ttft=300,tps=90,reasoning=40", price_in: 2.00, price_out: 8.00, text: THINKER },
    DemoModel { id: "markdown", name: "Demo: Markdown", about: "A Markdown-rich answer: headings, a list, a table, math, code, a quote.", script: "ttft=250,tps=150", price_in: 0.50, price_out: 1.50, text: MARKDOWN },
    DemoModel { id: "judge", name: "Demo: Judge (always picks A)", about: "A judge for the judge panel: its made-up verdict always picks the first answer.", script: "ttft=200,tps=150", price_in: 0.2, price_out: 0.8, text: JUDGE },
    DemoModel { id: "free", name: "Demo: Free", about: "Listed at $0: a real zero, not an unknown cost.", script: "ttft=200,tps=120,price_in=0,price_out=0", price_in: 0.0, price_out: 0.0, text: FREE },
    DemoModel { id: "rate-limited", name: "Demo failure: Rate limited", about: "Always answers HTTP 429 (Retry-After: 1): retried, then failed.", script: "status=429,retry_after=1", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "bad-key", name: "Demo failure: Bad key", about: "Always answers HTTP 401, as a wrong key does.", script: "status=401", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "overloaded", name: "Demo failure: Overloaded", about: "Always answers HTTP 503: retried, then failed.", script: "status=503", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "dies-midway", name: "Demo failure: Error mid-answer", about: "Sends an error after 12 words; the partial answer is kept.", script: "ttft=200,tps=60,fail_after=12", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "drops", name: "Demo failure: Connection dropped", about: "Drops the connection after 12 words; the partial answer is kept.", script: "ttft=200,tps=60,drop_after=12", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "garbled", name: "Demo failure: Garbled stream", about: "Sends a malformed chunk after 8 words.", script: "ttft=200,tps=60,malformed_after=8", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "stalls", name: "Demo failure: Stalls", about: "Stops sending after 12 words: failed when the stall timeout (Settings → Limits) passes.", script: "ttft=200,tps=60,stall_after=12", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "refuses", name: "Demo failure: Refuses", about: "Declines to answer (a refusal, not an error).", script: "ttft=200,tps=120,tokens=8,refuse=1", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "filtered", name: "Demo failure: Content filter", about: "A content filter stops it after 20 words.", script: "ttft=200,tps=120,tokens=20,filter=1", price_in: 1.0, price_out: 2.0, text: SHORT },
    DemoModel { id: "truncated", name: "Demo failure: Token limit", about: "Hits its token limit mid-answer after 25 words.", script: "ttft=200,tps=120,tokens=25,length=1", price_in: 1.0, price_out: 2.0, text: SHORT },
];

/// The demo model's script, or `None` for an id the demo does not serve.
pub fn script(id: &str) -> Option<Script> {
    let m = DEMO_MODELS.iter().find(|m| m.id == id)?;
    let words: Vec<&'static str> = m.text.split(' ').collect();
    let mut s = Script::default();
    s.apply(&format!("tokens={}", words.len()))
        .expect("a count");
    s.apply(m.script).expect("demo scripts parse");
    s.prompt_price = m.price_in / 1_000_000.0;
    s.completion_price = m.price_out / 1_000_000.0;
    s.context_length = 128_000;
    s.words = Some(words);
    Some(s)
}

/// `GET /demo/api/v1/models`: OpenRouter's shape, every demo model with its made-up prices.
pub fn models() -> Value {
    let per_token = |usd_per_m: f64| json!(format!("{}", usd_per_m / 1_000_000.0));
    let data: Vec<Value> = DEMO_MODELS
        .iter()
        .map(|m| {
            let reasoning = m.script.contains("reasoning=");
            let mut params = vec!["max_tokens", "temperature", "top_p", "stop", "seed"];
            if reasoning {
                params.push("reasoning");
            }
            json!({
                "id": m.id, "canonical_slug": m.id, "name": m.name, "created": 1_767_225_600,
                "description": format!("{} Made-up answers and prices, for learning the app.", m.about),
                "context_length": 128_000,
                "architecture": {"modality": "text->text", "input_modalities": ["text"],
                                  "output_modalities": ["text"], "tokenizer": "Other", "instruct_type": null},
                "pricing": {"prompt": per_token(m.price_in), "completion": per_token(m.price_out)},
                "top_provider": {"context_length": 128_000, "max_completion_tokens": 4096, "is_moderated": false},
                "per_request_limits": null,
                "supported_parameters": params,
            })
        })
        .collect();
    json!({ "data": data })
}

/// Where the in-process demo provider listens (`http://127.0.0.1:PORT/demo/api/v1`), starting
/// it on first use: a loopback port chosen by the OS, served by a thread of its own with its
/// own single-threaded runtime, so a caller needs no runtime and pays nothing until it asks.
/// It serves made-up text only; nothing a person types reaches it beyond the prompt it ignores.
pub fn base_url() -> Result<&'static str, String> {
    static URL: OnceLock<Result<String, String>> = OnceLock::new();
    URL.get_or_init(start)
        .as_ref()
        .map(String::as_str)
        .map_err(Clone::clone)
}

fn start() -> Result<String, String> {
    let fail = |e: std::io::Error| format!("the demo provider could not start: {e}");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(fail)?;
    listener.set_nonblocking(true).map_err(fail)?;
    let addr = listener.local_addr().map_err(fail)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(fail)?;
    std::thread::Builder::new()
        .name("parallax-demo".into())
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => crate::serve(l).await,
                    Err(e) => eprintln!("parallax: the demo provider stopped: {e}"),
                }
            })
        })
        .map_err(fail)?;
    Ok(format!("http://{addr}/demo/api/v1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_model_has_a_script_and_written_words() {
        for m in DEMO_MODELS {
            let s = script(m.id).unwrap_or_else(|| panic!("{} has a script", m.id));
            let words = s.words.clone().expect("written words");
            // Joined with single spaces the words give the text back exactly.
            assert_eq!(words.join(" "), m.text, "{}", m.id);
        }
        assert!(script("nope").is_none());
        let md = script("markdown").unwrap();
        assert_eq!(md.tokens, MARKDOWN.split(' ').count() as u64);
        assert!((md.completion_price - 1.5e-6).abs() < 1e-15);
    }
}
