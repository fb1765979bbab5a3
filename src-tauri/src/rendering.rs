//! How WebKit draws the window on Linux: with GPU compositing (WebKitGTK's default) or without.
//!
//! Why: with no GPU to use (a virtual machine, a remote desktop, a container, a CI runner), WebKitGTK
//! still composites through OpenGL, which Mesa then runs in software (llvmpipe): the rasterizer
//! takes a core for itself and every change on screen waits for it. Sixteen streaming columns drew
//! a frame every ~480 ms that way and every ~90 ms with compositing off, on a 2-core machine with
//! no GPU (BENCHMARKS.md, "Sixteen columns, one layout each"). Where a GPU can be used, WebKit's
//! default stands: nothing here was measured on one.
//!
//! Owns: the choice, made once at start before any thread (it is an environment variable WebKit
//! reads), and what it was, for Settings → Appearance. Invariants:
//! - A WEBKIT_DISABLE_COMPOSITING_MODE the person set is never overridden, nor read as ours.
//! - `--rendering=` on the command line, else `PARALLAX_RENDERING`, = `auto` (the default: off
//!   when no GPU render node exists), `gpu` (WebKit's default, even without one) or `software`
//!   (off); another value is said on stderr and read as `auto`.
//! - "A GPU can be used" means a DRM render node (`/dev/dri/renderD*`) exists: without one, Mesa
//!   has nothing but software to draw with.

use std::sync::OnceLock;

use serde::Serialize;
use ts_rs::TS;

/// The variable a person sets to choose.
pub const RENDERING_ENV: &str = "PARALLAX_RENDERING";
/// WebKitGTK's own switch: set (to anything but "0"), it draws without compositing.
pub const WEBKIT_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// How the window is drawn, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rendering {
    /// WebKit's default: GPU compositing (a GPU was found, or not Linux).
    Gpu,
    /// Compositing off: no GPU was found (`PARALLAX_RENDERING=auto`, the default).
    SoftwareNoGpu,
    /// Compositing off because `PARALLAX_RENDERING=software` or the person's own
    /// WEBKIT_DISABLE_COMPOSITING_MODE says so.
    SoftwareChosen,
    /// GPU compositing kept although no GPU was found: `PARALLAX_RENDERING=gpu`.
    GpuChosen,
}

/// The command line's way to choose, for one launch (`--rendering=auto`); it wins over
/// [`RENDERING_ENV`].
pub const RENDERING_FLAG: &str = "--rendering=";

/// Whether WebKit's own variable is set to turn compositing off (WebKit reads "0" as unset).
fn webkit_set(webkit: Option<&str>) -> bool {
    webkit.is_some_and(|v| !v.is_empty() && v != "0")
}

/// The choice, from what was asked (`(how, value)`: the flag or the variable, and its value),
/// WebKit's own variable and whether a GPU render node exists; and a sentence for stderr when
/// what was asked is not a choice.
pub fn decide(
    asked: Option<(&str, &str)>,
    webkit: Option<&str>,
    gpu_found: bool,
) -> (Rendering, Option<String>) {
    if webkit_set(webkit) {
        return (Rendering::SoftwareChosen, None);
    }
    let Some((how, value)) = asked else {
        return (auto(gpu_found), None);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "auto" => (auto(gpu_found), None),
        "software" => (Rendering::SoftwareChosen, None),
        "gpu" if gpu_found => (Rendering::Gpu, None),
        "gpu" => (Rendering::GpuChosen, None),
        _ => (
            auto(gpu_found),
            Some(format!(
                "{}={value:?} is not one of auto, gpu, software: using auto \
                 (GPU compositing where a GPU is found)",
                how.trim_end_matches('=')
            )),
        ),
    }
}

fn auto(gpu_found: bool) -> Rendering {
    if gpu_found {
        Rendering::Gpu
    } else {
        Rendering::SoftwareNoGpu
    }
}

/// Whether `dir` (normally `/dev/dri`) holds a DRM render node.
pub fn render_node_in(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

static CHOSEN: OnceLock<Rendering> = OnceLock::new();

/// Makes the choice and applies it. Call first thing in `main`, before any thread starts (it
/// sets an environment variable for WebKit).
pub fn choose() {
    let rendering = if cfg!(target_os = "linux") {
        let flag = std::env::args().find_map(|a| a.strip_prefix(RENDERING_FLAG).map(str::to_owned));
        let env = std::env::var(RENDERING_ENV).ok();
        let asked = flag
            .as_deref()
            .map(|v| (RENDERING_FLAG, v))
            .or(env.as_deref().map(|v| (RENDERING_ENV, v)));
        let webkit = std::env::var(WEBKIT_ENV).ok();
        let (rendering, warning) = decide(
            asked,
            webkit.as_deref(),
            render_node_in(std::path::Path::new("/dev/dri")),
        );
        if let Some(warning) = warning {
            eprintln!("parallax: {warning}");
        }
        let off = matches!(
            rendering,
            Rendering::SoftwareNoGpu | Rendering::SoftwareChosen
        );
        if off && !webkit_set(webkit.as_deref()) {
            // `set_var` is sound only while no other thread reads the environment: `main`
            // calls this before anything starts one.
            std::env::set_var(WEBKIT_ENV, "1");
        }
        rendering
    } else {
        Rendering::Gpu
    };
    let _ = CHOSEN.set(rendering);
}

/// What `choose` decided (WebKit's default when it was not called: tests).
pub fn chosen() -> Rendering {
    CHOSEN.get().copied().unwrap_or(Rendering::Gpu)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(value: &str) -> Option<(&'static str, &str)> {
        Some((RENDERING_ENV, value))
    }

    #[test]
    fn without_a_gpu_compositing_goes_off_unless_the_person_chose_otherwise() {
        assert_eq!(decide(None, None, false), (Rendering::SoftwareNoGpu, None));
        assert_eq!(decide(env("auto"), None, false).0, Rendering::SoftwareNoGpu);
        assert_eq!(decide(env("gpu"), None, false).0, Rendering::GpuChosen);
        assert_eq!(decide(env("GPU"), None, false).0, Rendering::GpuChosen);
        assert_eq!(
            decide(env("software"), None, false).0,
            Rendering::SoftwareChosen
        );
    }

    #[test]
    fn with_a_gpu_webkit_keeps_its_default() {
        assert_eq!(decide(None, None, true), (Rendering::Gpu, None));
        assert_eq!(decide(env("gpu"), None, true).0, Rendering::Gpu);
        assert_eq!(
            decide(env("software"), None, true).0,
            Rendering::SoftwareChosen
        );
    }

    #[test]
    fn the_persons_own_webkit_switch_wins_and_0_means_unset() {
        assert_eq!(
            decide(env("gpu"), Some("1"), true).0,
            Rendering::SoftwareChosen
        );
        assert_eq!(decide(None, Some("0"), true).0, Rendering::Gpu);
        assert_eq!(decide(None, Some(""), false).0, Rendering::SoftwareNoGpu);
    }

    #[test]
    fn another_value_is_said_and_read_as_auto() {
        let (r, warning) = decide(env("fast"), None, true);
        assert_eq!(r, Rendering::Gpu);
        let warning = warning.expect("a warning");
        assert!(
            warning.starts_with("PARALLAX_RENDERING=\"fast\" is not one of auto, gpu, software"),
            "{warning}"
        );
        assert_eq!(decide(env("fast"), None, false).0, Rendering::SoftwareNoGpu);
        assert_eq!(
            decide(env(" "), None, false),
            (Rendering::SoftwareNoGpu, None)
        );
        let (_, flag) = decide(Some((RENDERING_FLAG, "cpu")), None, false);
        let flag = flag.expect("a warning");
        assert!(
            flag.starts_with("--rendering=\"cpu\" is not one of"),
            "{flag}"
        );
    }

    #[test]
    fn a_render_node_is_a_renderd_entry() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!render_node_in(dir.path()));
        assert!(!render_node_in(&dir.path().join("missing")));
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(
            !render_node_in(dir.path()),
            "a card node is not a render node"
        );
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(render_node_in(dir.path()));
    }
}
