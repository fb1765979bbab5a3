//! An LLM judge between the answers of a saved comparison, and the check for answers that name
//! their model (which would break a blind vote).
//!
//! The judge sees the prompt and the answers labelled A, B, C… in column order — never a model
//! or provider name — with a rubric the person may edit, and must end with a verdict line
//! `VERDICT: {"winner": "B", "reason": "…"}` (`"tie"` for a tie). Its request is a comparison of
//! its own, saved and tagged `judge` (it costs money; the budget caps and analytics see it); its
//! verdict is saved as a vote on the judged comparison with voter `judge:<model>`, apart from
//! human votes. A verdict that cannot be read is an error, and nothing is voted.

use parallax_engine::settings::endpoint_for;
use parallax_engine::{ComparisonSpec, Engine, EventSink, RunControl, Target};
use parallax_store::{NewVote, SlotStatus, VoteRecord};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppCode, AppError};

/// Rubric templates the person starts from (the text is theirs to edit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RubricTemplate {
    PickBest,
    Criteria,
    Checklist,
}

impl RubricTemplate {
    pub const ALL: [RubricTemplate; 3] = [Self::PickBest, Self::Criteria, Self::Checklist];

    pub fn text(self) -> &'static str {
        match self {
            Self::PickBest => "Pick the answer that best does what the prompt asks: correct first, then complete, then clear and concise. Prefer no answer's style over another's.",
            Self::Criteria => "Score each answer from 1 to 10 on accuracy, completeness, clarity and concision, one line per answer with the four scores and their sum; the winner has the highest sum (a tie if equal).",
            Self::Checklist => "List the points where the answers differ (facts, steps, omissions, errors), one line each saying which answer gets it right; then pick the answer that gets the most of them right.",
        }
    }
}

/// A rubric template with its text, for the judge panel.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Rubric {
    pub template: RubricTemplate,
    pub text: String,
}

pub fn rubrics() -> Vec<Rubric> {
    RubricTemplate::ALL
        .into_iter()
        .map(|template| Rubric {
            template,
            text: template.text().to_owned(),
        })
        .collect()
}

/// The answers' labels: A, B, … Z, then A2, B2…
pub fn label(i: usize) -> String {
    let letter = (b'A' + (i % 26) as u8) as char;
    if i < 26 {
        letter.to_string()
    } else {
        format!("{letter}{}", i / 26 + 1)
    }
}

/// What the judge is asked: the prompt, the labelled answers, the rubric and the verdict format.
pub fn judge_prompt(prompt: &str, answers: &[&str], rubric: &str) -> String {
    let mut p = String::from(
        "You are judging answers written by different AI models to the same prompt. You do not \
         know which model wrote which; do not guess.\n\n<prompt>\n",
    );
    p.push_str(prompt);
    p.push_str("\n</prompt>\n");
    for (i, a) in answers.iter().enumerate() {
        p.push_str(&format!(
            "\n<answer {}>\n{a}\n</answer {}>\n",
            label(i),
            label(i)
        ));
    }
    p.push_str("\nRubric: ");
    p.push_str(rubric.trim());
    p.push_str(
        "\n\nThink it through briefly, then end with exactly one line of this form, where winner is \
         the label of the best answer or \"tie\":\nVERDICT: {\"winner\": \"A\", \"reason\": \"one sentence\"}\n",
    );
    p
}

/// The judge's verdict: the winning answer's index among those judged (`None`: a tie) and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Verdict {
    pub winner: Option<u32>,
    pub reason: String,
}

/// Reads the last `VERDICT:` line of the judge's answer; `n` answers were judged.
pub fn parse_verdict(text: &str, n: usize) -> Result<Verdict, String> {
    let line = text
        .lines()
        .rev()
        .find_map(|l| {
            let l = l.trim().trim_start_matches(['*', '`', '#', ' ']);
            l.strip_prefix("VERDICT:")
                .or_else(|| l.strip_prefix("Verdict:"))
        })
        .ok_or("the judge's answer has no VERDICT line")?;
    let json = line.trim().trim_end_matches(['*', '`']).trim();
    #[derive(Deserialize)]
    struct Raw {
        winner: String,
        #[serde(default)]
        reason: String,
    }
    let raw: Raw = serde_json::from_str(json)
        .map_err(|e| format!("the judge's VERDICT line is not the JSON asked for ({e})"))?;
    let w = raw.winner.trim();
    let winner = if w.eq_ignore_ascii_case("tie") {
        None
    } else {
        let i = (0..n)
            .find(|i| label(*i).eq_ignore_ascii_case(w))
            .ok_or_else(|| format!("the judge named {w:?}, which is not one of the answers"))?;
        Some(i as u32)
    };
    Ok(Verdict {
        winner,
        reason: raw.reason,
    })
}

/// A judge's run and what it decided.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Judgement {
    /// The judge's own comparison (its prompt, answer, cost), tagged `judge`.
    pub judge_comparison_id: String,
    /// The judged columns, in the order they were labelled A, B, C…
    pub columns: Vec<u32>,
    /// The winner as a column of the judged comparison (`None`: a tie).
    pub winner: Option<u32>,
    pub reason: String,
    /// The vote saved on the judged comparison (voter `judge:<model>`).
    pub vote: VoteRecord,
}

/// Asks `judge` to pick between the answers in `among` (empty: every answer that produced
/// text) of comparison `id`, following `rubric`; saves the verdict as a judge vote. `sink`
/// receives the judge's own run as it streams.
pub async fn judge(
    engine: &Engine,
    id: &str,
    judge: Target,
    rubric: &str,
    among: &[u32],
    sink: EventSink,
    control: RunControl,
) -> Result<Judgement, AppError> {
    judge.check().map_err(|reason| {
        AppError::app(AppCode::InvalidInput, format!("the judge: {reason}")).on("judge")
    })?;
    let store = engine.store();
    let c = store.get_comparison(id)?;
    let columns: Vec<u32> = if among.is_empty() {
        c.slots
            .iter()
            .filter(|s| s.status.generated() && !s.text.trim().is_empty())
            .map(|s| s.index)
            .collect()
    } else {
        among.to_vec()
    };
    if columns.len() < 2 {
        return Err(AppError::app(
            AppCode::InvalidInput,
            "a judge needs at least two answers with text to compare",
        ));
    }
    let slots = columns
        .iter()
        .map(|i| {
            c.slots.get(*i as usize).ok_or_else(|| {
                AppError::app(
                    AppCode::InvalidInput,
                    format!(
                        "this comparison has columns 0 to {}, not {i}",
                        c.slots.len().saturating_sub(1)
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let answers: Vec<&str> = slots.iter().map(|s| s.text.as_str()).collect();
    let model = judge.model.clone();
    let spec = ComparisonSpec {
        // The answers and the judged prompt are quoted as they are: `{{…}}` in them is text.
        verbatim: Some(true),
        attachments: Vec::new(),
        ..ComparisonSpec::simple(judge_prompt(&c.prompt, &answers, rubric), None, vec![judge])
    };
    let record = engine.prepare(&spec)?;
    let judge_id = record.id.clone();
    let store_for = store.clone();
    let done = engine
        .execute(
            record,
            &spec,
            &|t: &Target| endpoint_for(&store_for, t),
            sink,
            control,
        )
        .await;
    let _ = store.set_tags(&judge_id, &["judge".to_owned()]);
    let _ = store.set_title(&judge_id, &format!("Judge: {}", c.title));
    let answer = done.slots.first().ok_or_else(|| {
        AppError::app(
            AppCode::InvalidInput,
            "the judge's comparison has no answer",
        )
    })?;
    if answer.status != SlotStatus::Done {
        let why = answer
            .error
            .as_ref()
            .map_or_else(|| answer.status.as_str().to_owned(), |e| e.message.clone());
        return Err(AppError::app(
            AppCode::JudgeFailed,
            format!("the judge ({model}) did not answer: {why}"),
        ));
    }
    let verdict = parse_verdict(&answer.text, columns.len())
        .map_err(|e| AppError::app(AppCode::JudgeFailed, e))?;
    let winner = verdict.winner.map(|w| columns[w as usize]);
    let vote = store.add_vote(
        id,
        &NewVote {
            slot_ids: slots.iter().map(|s| s.id.clone()).collect(),
            winner_slot_id: winner.map(|w| c.slots[w as usize].id.clone()),
            blind: true,
            voter: format!("judge:{}", answer_label(&done.slots[0].model, &done)),
        },
        engine.clock_unix_ms(),
    )?;
    Ok(Judgement {
        judge_comparison_id: judge_id,
        columns,
        winner,
        reason: verdict.reason,
        vote,
    })
}

/// The judge as the vote names it: its model id (the provider's spelling, `demo:fast` for a
/// non-OpenRouter provider, as people type it).
fn answer_label(model: &str, done: &parallax_store::ComparisonRecord) -> String {
    match done.slots.first().map(|s| s.provider.as_str()) {
        Some("openrouter") | None => model.to_owned(),
        Some(p) => format!("{p}:{model}"),
    }
}

/// Model families' names as they show up in answers ("As Claude, …").
const FAMILIES: &[&str] = &[
    "gpt",
    "chatgpt",
    "openai",
    "claude",
    "anthropic",
    "gemini",
    "gemma",
    "bard",
    "llama",
    "meta ai",
    "mistral",
    "mixtral",
    "qwen",
    "deepseek",
    "grok",
    "phi",
    "command r",
    "cohere",
    "kimi",
    "glm",
    "yi",
];

/// The name an answer uses for itself that identifies a model (its own id's words, or a model
/// family's name in an "I am …"/"As …" phrase), or `None`. Flags answers that would unmask a
/// blind vote.
pub fn self_naming(answer: &str, model: &str) -> Option<String> {
    let lower = answer.to_lowercase();
    // The model's own name: the id's last part without its version (`claude-sonnet-4.5` →
    // `claude`, `sonnet`), words of 4+ letters only, so `a`, `pro` or `mini` never match.
    let own = model
        .rsplit(['/', ':'])
        .next()
        .unwrap_or(model)
        .split(['-', '_', '.', ' '])
        .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_lowercase);
    let phrases = [
        "i am ",
        "i'm ",
        "as ",
        "my name is ",
        "called ",
        "i was created by ",
        "trained by ",
        "developed by ",
    ];
    let named = |name: &str| {
        phrases.iter().any(|p| {
            lower.match_indices(p).any(|(i, _)| {
                let rest = &lower[i + p.len()..];
                let rest = rest
                    .strip_prefix("an ")
                    .or_else(|| rest.strip_prefix("a "))
                    .unwrap_or(rest);
                rest.starts_with(name)
                    && !rest[name.len()..].starts_with(|c: char| c.is_alphanumeric())
            })
        })
    };
    own.chain(FAMILIES.iter().map(|f| (*f).to_owned()))
        .find(|n| named(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_run_a_to_z_then_again() {
        assert_eq!(label(0), "A");
        assert_eq!(label(25), "Z");
        assert_eq!(label(26), "A2");
    }

    #[test]
    fn the_prompt_labels_answers_and_names_no_model() {
        let p = judge_prompt(
            "Why is the sky blue?",
            &["Rayleigh.", "Dust."],
            "Pick the best.",
        );
        assert!(p.contains("<answer A>\nRayleigh.\n</answer A>"));
        assert!(p.contains("<answer B>\nDust.\n</answer B>"));
        assert!(p.contains("Rubric: Pick the best."));
        assert!(p.contains("VERDICT: {\"winner\""));
    }

    #[test]
    fn verdicts_are_read_from_the_last_verdict_line() {
        let v = parse_verdict(
            "A is vague.\nVERDICT: {\"winner\": \"A\"}\nOn reflection:\n**VERDICT: {\"winner\": \"b\", \"reason\": \"More precise.\"}**",
            2,
        )
        .unwrap();
        assert_eq!(v.winner, Some(1));
        assert_eq!(v.reason, "More precise.");
        assert_eq!(
            parse_verdict("VERDICT: {\"winner\": \"tie\"}", 3)
                .unwrap()
                .winner,
            None
        );
        assert!(parse_verdict("I like B.", 2)
            .unwrap_err()
            .contains("no VERDICT"));
        assert!(parse_verdict("VERDICT: {\"winner\": \"C\"}", 2)
            .unwrap_err()
            .contains("not one of the answers"));
        assert!(parse_verdict("VERDICT: B wins", 2)
            .unwrap_err()
            .contains("JSON"));
    }

    #[test]
    fn an_answer_naming_its_model_is_flagged() {
        assert_eq!(
            self_naming("As Claude, I can't browse.", "anthropic/claude-sonnet-4.5").as_deref(),
            Some("claude")
        );
        assert_eq!(
            self_naming(
                "I'm a large language model trained by OpenAI.",
                "openai/gpt-4o"
            )
            .as_deref(),
            Some("openai")
        );
        assert_eq!(
            self_naming("I am Qwen, created by Alibaba.", "x/y").as_deref(),
            Some("qwen")
        );
        // Mentions that are not self-naming, and short words.
        assert_eq!(
            self_naming("Compare GPT and Claude on cost.", "openai/gpt-4o"),
            None
        );
        assert_eq!(
            self_naming("As a rule, prefer short answers.", "z/a-pro-mini"),
            None
        );
        assert_eq!(self_naming("As phishing goes, …", "microsoft/phi-4"), None);
    }
}
