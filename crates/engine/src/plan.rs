//! Expanding a spec into slots: prompt variant × variable row × target × repeat, in that order
//! (so a target's repeats sit side by side, and variants group together).
//!
//! Templates use `{{name}}` (spaces inside the braces allowed). A placeholder without a value in
//! a row is an error naming the variable and the row — never sent as literal braces.

use std::collections::BTreeMap;

use crate::{ComparisonSpec, EngineError, MAX_PROMPT_BYTES, MAX_SLOTS};

/// One slot to be: which target, and the prompt it sends.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedSlot {
    pub target: usize,
    pub variant: u32,
    pub row: u32,
    pub repeat: u32,
    pub prompt: String,
}

/// Replaces every `{{name}}` with the row's value.
pub fn render(template: &str, row: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            // An unclosed `{{` is text, not a placeholder.
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let name = after[..close].trim();
        match row.get(name) {
            Some(v) => out.push_str(v),
            None if name.is_empty() => out.push_str("{{}}"),
            None => return Err(name.to_owned()),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

pub fn expand(spec: &ComparisonSpec) -> Result<Vec<PlannedSlot>, EngineError> {
    let prompts: Vec<&String> = std::iter::once(&spec.prompt)
        .chain(spec.variants.iter())
        .collect();
    if prompts.iter().any(|p| p.trim().is_empty()) {
        return Err(EngineError::EmptyPrompt);
    }
    if spec.targets.is_empty() {
        return Err(EngineError::NoTargets);
    }
    let longest = prompts
        .iter()
        .map(|p| p.len())
        .chain(spec.system.as_ref().map(String::len))
        .max()
        .unwrap_or(0);
    if longest > MAX_PROMPT_BYTES {
        return Err(EngineError::PromptTooLong(longest));
    }
    // Files from outside (IPC, an import) are checked against their own bytes: the kind, size
    // and hash a request and history rely on are never taken on trust.
    for a in &spec.attachments {
        let v = a.clone().verified()?;
        if a.data.is_some()
            && (v.sha256 != a.sha256
                || v.kind != a.kind
                || v.media_type != a.media_type
                || v.size != a.size)
        {
            return Err(parallax_llm::AttachmentError::Mismatch {
                name: a.name.clone(),
            }
            .into());
        }
    }
    parallax_llm::attachment::check_total(&spec.attachments)?;
    for (i, t) in spec.targets.iter().enumerate() {
        t.check().map_err(|reason| EngineError::InvalidTarget {
            index: i + 1,
            reason,
        })?;
    }
    let empty = BTreeMap::new();
    let rows: Vec<&BTreeMap<String, String>> = if spec.rows.is_empty() {
        vec![&empty]
    } else {
        spec.rows.iter().collect()
    };
    let repeats = spec.repeats.max(1) as usize;
    let total = prompts.len() * rows.len() * spec.targets.len() * repeats;
    if total > MAX_SLOTS {
        return Err(EngineError::TooManySlots(total));
    }
    let mut out = Vec::with_capacity(total);
    for (v, template) in prompts.iter().enumerate() {
        for (r, row) in rows.iter().enumerate() {
            let prompt = if spec.verbatim == Some(true) {
                (*template).clone()
            } else {
                render(template, row).map_err(|name| EngineError::MissingVariable {
                    name,
                    row: (!spec.rows.is_empty()).then_some(r + 1),
                })?
            };
            for t in 0..spec.targets.len() {
                for k in 0..repeats {
                    out.push(PlannedSlot {
                        target: t,
                        variant: v as u32,
                        row: r as u32,
                        repeat: k as u32,
                        prompt: prompt.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Target;

    fn row(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn placeholders_render_and_a_missing_one_is_named() {
        let r = row(&[("city", "Lyon"), ("n", "3")]);
        assert_eq!(
            render("Top {{n}} sights in {{ city }}", &r).unwrap(),
            "Top 3 sights in Lyon"
        );
        assert_eq!(render("no placeholders", &r).unwrap(), "no placeholders");
        assert_eq!(
            render("unclosed {{ brace", &r).unwrap(),
            "unclosed {{ brace"
        );
        assert_eq!(render("{{country}}", &r).unwrap_err(), "country");
    }

    #[test]
    fn a_verbatim_prompt_keeps_its_braces() {
        let mut spec = ComparisonSpec::simple(
            "Judge: <answer A>Hello {{name}}</answer A>",
            None,
            vec![Target::model("m1")],
        );
        assert!(matches!(
            expand(&spec),
            Err(EngineError::MissingVariable { .. })
        ));
        spec.verbatim = Some(true);
        assert_eq!(
            expand(&spec).unwrap()[0].prompt,
            "Judge: <answer A>Hello {{name}}</answer A>"
        );
    }

    #[test]
    fn expansion_order_and_cap() {
        let spec = ComparisonSpec {
            prompt: "A {{x}}".into(),
            variants: vec!["B {{x}}".into()],
            rows: vec![row(&[("x", "1")]), row(&[("x", "2")])],
            repeats: 2,
            history: vec![],
            parent: None,
            system: None,
            targets: vec![Target::model("m1"), Target::model("m2")],
            allow_unknown_cost: None,
            verbatim: None,
            attachments: Vec::new(),
        };
        let plan = expand(&spec).unwrap();
        assert_eq!(plan.len(), 2 * 2 * 2 * 2);
        assert_eq!(
            (plan[0].prompt.as_str(), plan[0].target, plan[0].repeat),
            ("A 1", 0, 0)
        );
        assert_eq!(
            (plan[1].target, plan[1].repeat),
            (0, 1),
            "a target's repeats sit side by side"
        );
        assert_eq!(plan[4].prompt, "A 2");
        assert_eq!(plan[8].prompt, "B 1");
        let big = ComparisonSpec {
            repeats: 200,
            ..spec.clone()
        };
        assert!(matches!(expand(&big), Err(EngineError::TooManySlots(1600))));
        let missing = ComparisonSpec {
            rows: vec![row(&[("y", "1")])],
            ..spec
        };
        match expand(&missing) {
            Err(EngineError::MissingVariable { name, row }) => {
                assert_eq!((name.as_str(), row), ("x", Some(1)))
            }
            other => panic!("{other:?}"),
        }
    }
}
