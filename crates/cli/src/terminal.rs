//! Text from outside (model answers, provider messages) on its way to a terminal: control
//! characters are made visible instead of obeyed, so an answer cannot clear the screen, move the
//! cursor, set the window title or write the clipboard (OSC 52) in the person's terminal.
//! Newlines and tabs pass; every other C0 control, DEL and the C1 controls do not.

use std::borrow::Cow;

/// The bidi embedding, override and isolate controls: they reorder the text around them on
/// screen ("Trojan Source"). LRM, RLM and ALM are left alone: right-to-left text uses them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with control characters shown as symbols: C0 as the Unicode control pictures
/// (ESC as `␛`), DEL as `␡`, C1 (U+0080–U+009F) as `�`, bidi controls as `⟨U+202E⟩`.
pub fn visible(text: &str) -> Cow<'_, str> {
    let hostile =
        |c: char| (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}' || is_bidi_control(c);
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{7f}' => out.push('\u{2421}'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            c if c.is_control() => out.push('\u{fffd}'),
            c if is_bidi_control(c) => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Standard output for text that carries model output or provider messages: everything written
/// through it is [`visible`]. (Formatting writes whole `str` pieces, so each write is valid
/// UTF-8; anything else is written lossily, never raw.)
pub struct Out(std::io::StdoutLock<'static>);

impl Out {
    pub fn stdout() -> Self {
        Self(std::io::stdout().lock())
    }
}

impl std::io::Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(visible(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_shown_and_right_to_left_marks_kept() {
        assert_eq!(
            visible("if (x \u{202e}nimda\u{202c}) \u{2066}y\u{2069}"),
            "if (x ⟨U+202E⟩nimda⟨U+202C⟩) ⟨U+2066⟩y⟨U+2069⟩"
        );
        assert!(matches!(visible("שלום\u{200f} עולם"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_controls_are_shown_not_obeyed() {
        assert_eq!(visible("plain\ttext\n"), "plain\ttext\n");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        // OSC 52 (clipboard write), a screen clear, a carriage return and a C1 CSI.
        assert_eq!(
            visible("a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}[2Jc\rd\u{9b}e\u{7f}"),
            "a␛]52;c;ZXZpbA==␇b␛[2Jc␍d\u{fffd}e␡"
        );
    }
}
