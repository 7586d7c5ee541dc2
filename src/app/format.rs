//! Text for times and ages as a finance user reads them, in the language in use. Pure functions, no egui.

use crate::stripe::common::Timestamp;
use crate::t;

/// A date and time in the language in use, in the system's time zone.
pub fn datetime(ts: Timestamp) -> String {
    crate::i18n::datetime(ts)
}

/// `just now`, `5 min ago`, `3 h ago`, `2 d ago`; `in 4 min` for the future (in the language in use).
pub fn age(now: Timestamp, ts: Timestamp) -> String {
    let delta = now - ts;
    let (future, secs) = (delta < 0, delta.unsigned_abs());
    let (unit, n) = match secs {
        0..60 => return if future { t!("age-under-a-minute") } else { t!("age-just-now") },
        60..3_600 => ("min", secs / 60),
        3_600..86_400 => ("h", secs / 3_600),
        _ => ("d", secs / 86_400),
    };
    let n = crate::i18n::count(usize::try_from(n).unwrap_or(usize::MAX));
    match (future, unit) {
        (false, "min") => t!("age-minutes-ago", n = n),
        (false, "h") => t!("age-hours-ago", n = n),
        (false, _) => t!("age-days-ago", n = n),
        (true, "min") => t!("age-in-minutes", n = n),
        (true, "h") => t!("age-in-hours", n = n),
        (true, _) => t!("age-in-days", n = n),
    }
}

thread_local! {
    static PINNED: std::cell::Cell<Option<Timestamp>> = const { std::cell::Cell::new(None) };
}

/// Stop this thread's clock at `at` (`None`: run it again). Image snapshots use it so that ages
/// and deadlines on screen do not change from one day to the next.
pub fn pin_clock(at: Option<Timestamp>) {
    PINNED.with(|cell| cell.set(at));
}

/// Current Unix time in seconds (this thread's pinned time, if any).
pub fn now() -> Timestamp {
    PINNED.with(std::cell::Cell::get).unwrap_or_else(|| jiff::Timestamp::now().as_second())
}

/// Today in the system's time zone, by [`now`].
pub fn today() -> jiff::civil::Date {
    let at = jiff::Timestamp::from_second(now()).unwrap_or_else(|_| jiff::Timestamp::now());
    at.to_zoned(jiff::tz::TimeZone::system()).date()
}

/// `in 4:05` (min:s) or `in 2 h 05 min` for a wait of `secs` seconds.
pub fn countdown(secs: i64) -> String {
    let secs = secs.max(0);
    if secs < 3_600 {
        t!("countdown-short", time = format!("{}:{:02}", secs / 60, secs % 60))
    } else {
        t!("countdown-long", hours = (secs / 3_600).to_string(), minutes = format!("{:02}", secs % 3_600 / 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        crate::i18n::set_thread(crate::i18n::Lang::En);
        assert_eq!(age(1_000, 1_000), "just now");
        assert_eq!(age(1_000 + 300, 1_000), "5 min ago");
        assert_eq!(age(1_000 + 3 * 3_600, 1_000), "3 h ago");
        assert_eq!(age(1_000 + 2 * 86_400 + 5, 1_000), "2 d ago");
        assert_eq!(age(1_000, 1_000 + 240), "in 4 min");
        assert_eq!(countdown(245), "in 4:05");
        assert_eq!(countdown(7_500), "in 2 h 05 min");
    }
}
