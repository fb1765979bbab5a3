//! Differences between answers, word by word, for both front ends (the app's diff view and
//! `parallax diff`): one answer against a baseline, and across three or more answers what most
//! of them say against what only one says.
//!
//! Words are runs of non-whitespace and whitespace runs are kept as their own tokens
//! (`similar`'s word tokenizer), so the spans of a diff, concatenated, give back each text
//! exactly: `Same` + `Removed` spans are the baseline, `Same` + `Added` spans the other answer.
//! A diff that would take longer than [`DIFF_DEADLINE`] falls back to a coarser one (still
//! exact, just less fine), so a pathological pair never freezes the view.

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

/// The longest a diff may search for the finest result before settling for a coarser one.
pub const DIFF_DEADLINE: Duration = Duration::from_millis(250);

/// How a span of text relates to the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// In both.
    Same,
    /// Only in the answer compared with the baseline.
    Added,
    /// Only in the baseline.
    Removed,
}

/// A run of text with one [`Change`]; consecutive tokens of the same kind are merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffSpan {
    pub change: Change,
    pub text: String,
}

fn word_changes<'a>(base: &'a str, other: &'a str) -> TextDiff<'a, 'a, 'a, str> {
    TextDiff::configure()
        .deadline(Instant::now() + DIFF_DEADLINE)
        .diff_words(base, other)
}

/// `other` against `base`, word by word. Changed words separated only by whitespace read as
/// one change (`[-made up-]{+the prompt+}`, not a removed and an added span per word): the
/// whitespace between them joins both the removed and the added run.
pub fn word_diff(base: &str, other: &str) -> Vec<DiffSpan> {
    let diff = word_changes(base, other);
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value()))
        .collect();
    let mut spans: Vec<DiffSpan> = Vec::new();
    let (mut removed, mut added) = (String::new(), String::new());
    let flush = |spans: &mut Vec<DiffSpan>, removed: &mut String, added: &mut String| {
        for (change, text) in [(Change::Removed, removed), (Change::Added, added)] {
            if !text.is_empty() {
                spans.push(DiffSpan {
                    change,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, (tag, value)) in changes.iter().enumerate() {
        match tag {
            ChangeTag::Delete => removed.push_str(value),
            ChangeTag::Insert => added.push_str(value),
            ChangeTag::Equal => {
                let in_a_change = !(removed.is_empty() && added.is_empty());
                let change_follows = changes
                    .get(i + 1)
                    .is_some_and(|(t, _)| *t != ChangeTag::Equal);
                if in_a_change && change_follows && value.trim().is_empty() {
                    removed.push_str(value);
                    added.push_str(value);
                    continue;
                }
                flush(&mut spans, &mut removed, &mut added);
                match spans.last_mut() {
                    Some(last) if last.change == Change::Same => last.text.push_str(value),
                    _ => spans.push(DiffSpan {
                        change: Change::Same,
                        text: (*value).to_owned(),
                    }),
                }
            }
        }
    }
    flush(&mut spans, &mut removed, &mut added);
    spans
}

/// A run of one answer's text, with how many of the other answers say the same words there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SharedSpan {
    pub text: String,
    /// Of the other answers, how many contain this run in the same order (0: only this one
    /// says it). Whitespace takes the count of the word before it, so runs stay whole.
    pub shared_with: u32,
}

/// For each answer, its text split into runs by how many other answers share them: the
/// consensus view dims what most say and highlights what only one says.
pub fn consensus(answers: &[&str]) -> Vec<Vec<SharedSpan>> {
    answers
        .iter()
        .enumerate()
        .map(|(i, text)| {
            // Per token of this answer (in order): how many other answers keep it in a diff.
            let mut counts: Vec<(&str, u32)> = Vec::new();
            for (j, other) in answers.iter().enumerate() {
                if j == i {
                    continue;
                }
                let diff = word_changes(text, other);
                let mut k = 0;
                for c in diff.iter_all_changes() {
                    match c.tag() {
                        ChangeTag::Insert => {}
                        tag => {
                            if counts.len() <= k {
                                counts.push((c.value(), 0));
                            }
                            if tag == ChangeTag::Equal {
                                counts[k].1 += 1;
                            }
                            k += 1;
                        }
                    }
                }
            }
            if answers.len() == 1 {
                return vec![SharedSpan {
                    text: (*text).to_owned(),
                    shared_with: 0,
                }];
            }
            let mut spans: Vec<SharedSpan> = Vec::new();
            for (token, n) in counts {
                let blank = token.trim().is_empty();
                match spans.last_mut() {
                    Some(last) if blank || last.shared_with == n => last.text.push_str(token),
                    _ => spans.push(SharedSpan {
                        text: token.to_owned(),
                        shared_with: n,
                    }),
                }
            }
            spans
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(change: Change, text: &str) -> DiffSpan {
        DiffSpan {
            change,
            text: text.into(),
        }
    }

    #[test]
    fn a_changed_word_is_removed_then_added_and_the_rest_is_the_same() {
        let d = word_diff("the sky is blue today", "the sky is grey today");
        assert_eq!(
            d,
            vec![
                span(Change::Same, "the sky is "),
                span(Change::Removed, "blue"),
                span(Change::Added, "grey"),
                span(Change::Same, " today"),
            ]
        );
    }

    #[test]
    fn neighbouring_changed_words_read_as_one_change() {
        let d = word_diff("it is made up here", "it is the prompt here");
        assert_eq!(
            d,
            vec![
                span(Change::Same, "it is "),
                span(Change::Removed, "made up"),
                span(Change::Added, "the prompt"),
                span(Change::Same, " here"),
            ]
        );
    }

    #[test]
    fn spans_give_back_both_texts_exactly() {
        let (a, b) = ("One  two\nthree four.", "One two\n\nthree and four!");
        let d = word_diff(a, b);
        let keep = |skip: Change| -> String {
            d.iter()
                .filter(|s| s.change != skip)
                .map(|s| s.text.as_str())
                .collect()
        };
        assert_eq!(keep(Change::Added), a);
        assert_eq!(keep(Change::Removed), b);
    }

    #[test]
    fn identical_answers_have_no_difference_and_empty_ones_are_all_added() {
        assert_eq!(word_diff("same", "same"), vec![span(Change::Same, "same")]);
        assert_eq!(word_diff("", "new"), vec![span(Change::Added, "new")]);
        assert!(word_diff("", "").is_empty());
    }

    #[test]
    fn consensus_counts_who_else_says_each_word() {
        let answers = [
            "Paris is the capital",
            "Paris is the capital",
            "Lyon is the capital",
        ];
        let c = consensus(&answers);
        // First answer: "Paris" is said by the second only; "is the capital" by both others.
        assert_eq!(
            c[0],
            vec![
                SharedSpan {
                    text: "Paris ".into(),
                    shared_with: 1
                },
                SharedSpan {
                    text: "is the capital".into(),
                    shared_with: 2
                },
            ]
        );
        // Third: "Lyon" is its own.
        assert_eq!(c[2][0].text, "Lyon ");
        assert_eq!(c[2][0].shared_with, 0);
        for (i, spans) in c.iter().enumerate() {
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(text, answers[i], "spans give back the answer");
        }
        assert_eq!(consensus(&["alone"])[0][0].shared_with, 0);
    }
}
