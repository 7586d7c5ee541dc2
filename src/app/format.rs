//! Text for times and ages as a finance user reads them. Pure functions, no egui.

use crate::stripe::common::Timestamp;

/// `2026-11-29 16:42` in the system's time zone (UTC when it cannot be known).
pub fn datetime(ts: Timestamp) -> String {
    let Ok(at) = jiff::Timestamp::from_second(ts) else {
        return ts.to_string();
    };
    at.to_zoned(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d %H:%M").to_string()
}

/// `just now`, `5 min ago`, `3 h ago`, `2 d ago`; `in 4 min` for the future.
pub fn age(now: Timestamp, ts: Timestamp) -> String {
    let delta = now - ts;
    let (future, secs) = (delta < 0, delta.unsigned_abs());
    let text = match secs {
        0..60 => {
            return if future { "in under a minute".to_owned() } else { "just now".to_owned() };
        }
        60..3_600 => format!("{} min", secs / 60),
        3_600..86_400 => format!("{} h", secs / 3_600),
        _ => format!("{} d", secs / 86_400),
    };
    if future { format!("in {text}") } else { format!("{text} ago") }
}

/// Current Unix time in seconds.
pub fn now() -> Timestamp {
    jiff::Timestamp::now().as_second()
}

/// `in 4:05` (min:s) or `in 2 h 05 min` for a wait of `secs` seconds.
pub fn countdown(secs: i64) -> String {
    let secs = secs.max(0);
    if secs < 3_600 {
        format!("in {}:{:02}", secs / 60, secs % 60)
    } else {
        format!("in {} h {:02} min", secs / 3_600, secs % 3_600 / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(1_000, 1_000), "just now");
        assert_eq!(age(1_000 + 300, 1_000), "5 min ago");
        assert_eq!(age(1_000 + 3 * 3_600, 1_000), "3 h ago");
        assert_eq!(age(1_000 + 2 * 86_400 + 5, 1_000), "2 d ago");
        assert_eq!(age(1_000, 1_000 + 240), "in 4 min");
        assert_eq!(countdown(245), "in 4:05");
        assert_eq!(countdown(7_500), "in 2 h 05 min");
    }
}
