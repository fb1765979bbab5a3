//! Command-line filters shared by `history list`, `history search`, `stats` and `leaderboard`,
//! and the dates people type.

use clap::Args;
use parallax_store::{HistoryFilter, SlotStatus};

#[derive(Args, Debug, Default, Clone)]
pub struct FilterArgs {
    /// Only answers from this model (as asked, or as served).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
    /// Only answers from this provider (openrouter, openai, anthropic, gemini, ollama,
    /// compatible:NAME).
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// From this day (YYYY-MM-DD, UTC) or this long ago (7d, 12h).
    #[arg(long, value_name = "DATE", value_parser = parse_instant)]
    pub since: Option<i64>,
    /// Before this day (YYYY-MM-DD, UTC: the day itself is excluded) or this long ago.
    #[arg(long, value_name = "DATE", value_parser = parse_instant)]
    pub until: Option<i64>,
    /// Only answers with this status.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Option<StatusArg>,
    /// Only answers that cost at least this many USD (unknown costs never match).
    #[arg(long, value_name = "USD")]
    pub min_cost: Option<f64>,
    /// Only answers that cost at most this many USD (unknown costs never match).
    #[arg(long, value_name = "USD")]
    pub max_cost: Option<f64>,
    /// Only what has been voted on.
    #[arg(long, conflicts_with = "not_voted")]
    pub voted: bool,
    /// Only what has not been voted on.
    #[arg(long)]
    pub not_voted: bool,
    /// Only comparisons with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only runs of the same prompt (and system prompt) as this comparison: how its answers,
    /// speed and cost changed over time.
    #[arg(long, value_name = "ID")]
    pub same_prompt_as: Option<String>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum StatusArg {
    Done,
    /// Declined by the model or stopped by a safety filter.
    Refused,
    /// Cut at a length limit.
    Truncated,
    Failed,
    Cancelled,
    Interrupted,
}

impl FilterArgs {
    pub fn to_filter(&self) -> HistoryFilter {
        HistoryFilter {
            model: self.model.clone(),
            provider: self.provider.clone(),
            since_ms: self.since,
            until_ms: self.until,
            status: self.status.map(|s| match s {
                StatusArg::Done => SlotStatus::Done,
                StatusArg::Refused => SlotStatus::Refused,
                StatusArg::Truncated => SlotStatus::Truncated,
                StatusArg::Failed => SlotStatus::Failed,
                StatusArg::Cancelled => SlotStatus::Cancelled,
                StatusArg::Interrupted => SlotStatus::Interrupted,
            }),
            min_cost_usd: self.min_cost,
            max_cost_usd: self.max_cost,
            has_vote: if self.voted {
                Some(true)
            } else if self.not_voted {
                Some(false)
            } else {
                None
            },
            tag: self.tag.clone(),
            same_prompt_as: self.same_prompt_as.clone(),
        }
    }
}

/// `2026-11-01` (midnight UTC), an RFC 3339 instant, or a span back from now (`7d`, `12h`,
/// `30m`), as unix milliseconds.
pub fn parse_instant(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return jiff::tz::Offset::UTC
            .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .map(|t| t.as_millisecond())
            .map_err(|e| e.to_string());
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t.as_millisecond());
    }
    let unit = s.chars().last().unwrap_or(' ');
    let n: Option<i64> = s[..s.len() - unit.len_utf8().min(s.len())].parse().ok();
    let ms = match (n, unit) {
        (Some(n), 'd') => n.checked_mul(86_400_000),
        (Some(n), 'h') => n.checked_mul(3_600_000),
        (Some(n), 'm') => n.checked_mul(60_000),
        _ => None,
    };
    match ms {
        Some(ms) if ms >= 0 => Ok(now_ms() - ms),
        _ => Err(format!(
            "{s:?} is not a date: use YYYY-MM-DD (UTC), an RFC 3339 time, or a span like 7d, 12h, 30m"
        )),
    }
}

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// `2026-11-25 14:03` in UTC.
pub fn format_ms(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_type_them() {
        assert_eq!(parse_instant("2026-11-01"), Ok(1_793_491_200_000));
        assert_eq!(parse_instant("2026-11-01T01:00:00Z"), Ok(1_793_494_800_000));
        let week = parse_instant("7d").unwrap();
        assert!((now_ms() - week - 7 * 86_400_000).abs() < 5_000);
        assert!(parse_instant("2026-02-30").is_err(), "not a real day");
        assert!(parse_instant("yesterday")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        assert!(parse_instant("-3d").is_err());
        assert_eq!(format_ms(1_793_491_200_000), "2026-11-01 00:00");
    }
}
