//! Crashes and signals (issue 14's suite): twenty comparisons of three models each — a paced
//! stream, a slow first token, a stream that stalls — each stopped at a pseudo-random moment by
//! SIGKILL, SIGTERM or SIGHUP in turn. Afterwards, as any command finds the history: SQLite's
//! integrity check passes; no answer is left pending or streaming; an answer marked done holds
//! its model's whole text; any other holds the beginning of it (what arrived before the last
//! save) and nothing else. The expected texts are the mock's stock words, not the CLI's output.

use parallax_store::{SlotStatus, Store};

mod common;
use common::{mock, parallax, spawn_parallax};

/// The models, and how many of the mock's stock words each one sends in all.
const MODELS: [(&str, usize); 3] = [
    ("mock/custom@ttft=30,tps=150,tokens=120", 120),
    ("mock/custom@ttft=700,tps=80,tokens=60", 60),
    ("mock/custom@ttft=30,tps=100,tokens=200,stall_after=40", 200),
];

fn whole_text(words: usize) -> String {
    (0..words)
        .map(mock_provider::script_word)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn twenty_runs_stopped_at_random_leave_a_sound_history() {
    let base = mock();
    let data = tempfile::tempdir().unwrap();
    // A small linear congruential generator: the same moments every run of the suite.
    let mut state: u64 = 0x5eed_0014;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        state >> 33
    };
    let mut by_signal = [0usize; 3];
    for i in 0..20 {
        let prompt = format!("run {i}");
        let mut args = vec!["compare"];
        for (m, _) in MODELS {
            args.extend(["-m", m]);
        }
        args.push(&prompt);
        let child = spawn_parallax(&base, data.path(), &args);
        // The signal lands at a random moment of the run, once the run has begun (its comparison
        // is in the history): a process killed while still starting has nothing to save, and on
        // a loaded machine 100 ms was not always enough to start (a clean-clone CI run saw 19).
        let started = std::time::Instant::now();
        while Store::open_in_dir(data.path())
            .and_then(|s| s.list_comparisons(100, None))
            .map_or(0, |l| l.len())
            <= i
        {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "run {i} never saved its comparison"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        std::thread::sleep(std::time::Duration::from_millis(next() % 1_700));
        let signal = ["KILL", "TERM", "HUP"][i % 3];
        std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        // A run that ended before the signal exits 0 or 1; a signal's code is 128 + its number
        // (SIGKILL leaves no code at all).
        let code = out.status.code();
        assert!(
            matches!(code, None | Some(0) | Some(1) | Some(129) | Some(143)),
            "run {i} (SIG{signal}) exited {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        by_signal[i % 3] += 1;
    }
    assert_eq!(by_signal, [7, 7, 6]);

    // Any command that opens the history first marks the dead runs' answers interrupted.
    parallax(&base, data.path())
        .args(["stats"])
        .assert()
        .success();
    let report = parallax_store::check_database(&data.path().join("parallax.db"), false).unwrap();
    assert!(report.ok(), "integrity check: {:?}", report.problems);

    let store = Store::open_in_dir(data.path()).unwrap();
    let mut comparisons = store.list_comparisons(100, None).unwrap();
    assert_eq!(comparisons.len(), 20, "every run was saved");
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for c in comparisons.drain(..) {
        let c = store.get_comparison(&c.id).unwrap();
        assert_eq!(c.slots.len(), 3);
        for s in &c.slots {
            let (_, words) = MODELS.iter().find(|(m, _)| *m == s.model).unwrap();
            let whole = whole_text(*words);
            match s.status {
                SlotStatus::Pending | SlotStatus::Streaming => {
                    panic!("{} / {}: left {:?}", c.prompt, s.model, s.status)
                }
                SlotStatus::Done => assert_eq!(s.text, whole, "{} / {}", c.prompt, s.model),
                _ => assert!(
                    whole.starts_with(&s.text),
                    "{} / {}: {:?} is not the beginning of the answer",
                    c.prompt,
                    s.model,
                    s.text
                ),
            }
            *seen.entry(s.status.as_str()).or_default() += 1;
        }
    }
    // The suite stopped answers both ways: by a signal it could answer (cancelled) and by one
    // it could not (interrupted, found by the next command).
    assert!(seen.get("cancelled").copied().unwrap_or(0) > 0, "{seen:?}");
    assert!(
        seen.get("interrupted").copied().unwrap_or(0) > 0,
        "{seen:?}"
    );
}
