//! The confirmation deadline of an inbound transfer under manual review: Stripe cancels it when
//! it was neither confirmed nor canceled within 5 business days. Pure date logic, no I/O.

use business_days::{Calendar, UsHoliday};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

use crate::stripe::common::Timestamp;

/// Business days a transfer may wait in `requires_confirmation`.
pub const CONFIRMATION_BUSINESS_DAYS: usize = 5;

/// The Federal Reserve's holiday calendar, on which ACH settles: no Good Friday or Easter, a
/// Sunday holiday is observed on Monday, a Saturday holiday is not moved to Friday.
pub struct FederalReserve;

impl Calendar<UsHoliday> for FederalReserve {
    const HOLIDAYS: &[(fn(i16) -> Result<Date, business_days::Error>, UsHoliday)] = &[
        (business_days::get_new_years_day, UsHoliday::NewYear),
        (business_days::get_martin_luther_king_day, UsHoliday::MartinLutherKingDay),
        (business_days::get_president_day, UsHoliday::PresidentDay),
        (business_days::get_memorial_day, UsHoliday::MemorialDay),
        (business_days::get_juneteenth, UsHoliday::Juneteenth),
        (business_days::get_independence_day, UsHoliday::IndependenceDay),
        (business_days::get_labor_day, UsHoliday::LaborDay),
        (business_days::get_columbus_day, UsHoliday::ColumbusDay),
        (business_days::get_veterans_day, UsHoliday::VeteransDay),
        (business_days::get_thanksgiving_day, UsHoliday::Thanksgiving),
        (business_days::get_christmas_day, UsHoliday::Christmas),
    ];

    fn is_weekday(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    fn get_observance_day(&self, date: Date) -> Result<Date, business_days::Error> {
        Ok(if date.weekday() == Weekday::Sunday { date.tomorrow()? } else { date })
    }
}

/// The last business day (US Eastern dates) on which a transfer created at `created` can still
/// be confirmed or canceled: the 5th Federal Reserve business day after the day it was created.
pub fn confirmation_deadline(created: Timestamp) -> Option<Date> {
    let eastern = TimeZone::get("America/New_York").unwrap_or(TimeZone::UTC);
    let mut day = jiff::Timestamp::from_second(created).ok()?.to_zoned(eastern).date();
    for _ in 0..CONFIRMATION_BUSINESS_DAYS {
        day = FederalReserve.next_business_day(day).ok()?;
    }
    Some(day)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn created(d: Date) -> Timestamp {
        // Noon US Eastern on that day.
        d.at(12, 0, 0, 0).in_tz("America/New_York").expect("zone").timestamp().as_second()
    }

    #[test]
    fn skips_weekends() {
        // Monday 2026-11-02 → Monday 2026-11-09.
        assert_eq!(confirmation_deadline(created(date(2026, 11, 2))), Some(date(2026, 11, 9)));
        // Friday 2026-10-30 → Friday 2026-11-06.
        assert_eq!(confirmation_deadline(created(date(2026, 10, 30))), Some(date(2026, 11, 6)));
    }

    #[test]
    fn skips_federal_reserve_holidays() {
        // Tuesday 2026-11-24; Thanksgiving Thursday 11-26 is a holiday, Friday 11-27 is not.
        assert_eq!(confirmation_deadline(created(date(2026, 11, 24))), Some(date(2026, 12, 2)));
        // Wednesday 2026-12-23; Christmas Friday 12-25 → Thursday 2026-12-31.
        assert_eq!(confirmation_deadline(created(date(2026, 12, 23))), Some(date(2026, 12, 31)));
        // Independence Day 2026 is a Saturday: the Fed stays open on Friday 07-03.
        assert!(FederalReserve.is_business_day(date(2026, 7, 3)));
        // Juneteenth 2022 was a Sunday: observed Monday 06-20.
        assert!(!FederalReserve.is_business_day(date(2022, 6, 20)));
        // Good Friday is a market holiday, not a Fed one.
        assert!(FederalReserve.is_business_day(date(2026, 4, 3)));
    }
}
