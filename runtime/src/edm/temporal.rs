//! `Edm.DateTimeOffset`, `Edm.Date` and `Edm.TimeOfDay`: points in time and calendar values.
//!
//! Each reads the variants Graph sends (0 to 9 fractional digits, missing seconds, a missing
//! offset) and writes RFC 3339 text with only as many fractional digits as the value needs.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike, Utc};

use super::{serde_via_text, write_fraction, ParseError};

/// Layouts of the date and time part of a timestamp, most common first.
const DATE_TIME_LAYOUTS: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"];

/// Layouts of a time of day, most common first.
const TIME_LAYOUTS: [&str; 2] = ["%H:%M:%S%.f", "%H:%M"];

/// `Edm.DateTimeOffset`: a point in time with the UTC offset it was given in.
///
/// Reads RFC 3339 text with 0 to 9 fractional digits and a `Z` or `±hh:mm` offset. Text
/// without an offset (`2023-07-07T11:13:19`, as in Graph error bodies) is read as UTC, and
/// seconds may be left out. Writes RFC 3339 with the offset (`Z` for UTC) and only the
/// fractional digits that are needed, so `2014-01-06T09:04:30.4737618Z` writes back
/// unchanged.
///
/// Two values are equal when they name the same instant, whatever their offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTimeOffset(pub DateTime<FixedOffset>);

impl DateTimeOffset {
    /// Wraps a chrono timestamp.
    pub fn new(value: DateTime<FixedOffset>) -> Self {
        Self(value)
    }

    /// The current time, in UTC.
    pub fn now() -> Self {
        Self::from(Utc::now())
    }
}

impl From<DateTime<FixedOffset>> for DateTimeOffset {
    fn from(value: DateTime<FixedOffset>) -> Self {
        Self(value)
    }
}

impl From<DateTime<Utc>> for DateTimeOffset {
    fn from(value: DateTime<Utc>) -> Self {
        Self(value.fixed_offset())
    }
}

impl From<DateTimeOffset> for DateTime<FixedOffset> {
    fn from(value: DateTimeOffset) -> Self {
        value.0
    }
}

impl From<DateTimeOffset> for DateTime<Utc> {
    fn from(value: DateTimeOffset) -> Self {
        value.0.with_timezone(&Utc)
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let error = |reason| ParseError::new("Edm.DateTimeOffset", text, reason);
        let (local, offset) = split_offset(text).ok_or_else(|| error("invalid UTC offset"))?;
        let local = parse_date_time(local)
            .ok_or_else(|| error("expected YYYY-MM-DDThh:mm[:ss[.fffffff]] and an offset"))?;
        let value = local
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| error("date and time out of range"))?;
        Ok(Self(value))
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = &self.0;
        write!(f, "{}", value.format("%Y-%m-%dT%H:%M:%S"))?;
        write_fraction(f, value.nanosecond() % 1_000_000_000)?;

        // UTC is written `Z`, every other offset `±hh:mm`.
        if value.offset().local_minus_utc() == 0 {
            f.write_str("Z")
        } else {
            write!(f, "{}", value.format("%:z"))
        }
    }
}

serde_via_text!(
    DateTimeOffset,
    "an Edm.DateTimeOffset string such as 2023-07-07T11:13:19Z"
);

/// Splits a timestamp into its local part and its offset; a missing offset means UTC.
///
/// Returns `None` when an offset is present but malformed.
fn split_offset(text: &str) -> Option<(&str, FixedOffset)> {
    let utc = Utc.fix();
    if let Some(local) = text.strip_suffix(['Z', 'z']) {
        return Some((local, utc));
    }

    // A sign can only start an offset after the `T`: the date part has hyphens of its own.
    let time_start = text.find(['T', 't']).map_or(text.len(), |index| index + 1);
    match text[time_start..].rfind(['+', '-']) {
        Some(index) => {
            let (local, offset) = text.split_at(time_start + index);
            Some((local, parse_offset(offset)?))
        }
        None => Some((text, utc)),
    }
}

/// Reads an offset written `+hh:mm` or `-hh:mm`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, digits) = text.split_at(1);
    let (hours, minutes) = digits.split_once(':')?;
    let (hours, minutes) = (two_digits(hours)?, two_digits(minutes)?);
    if minutes > 59 {
        return None;
    }
    let seconds = hours * 3600 + minutes * 60;
    let seconds = if sign == "-" { -seconds } else { seconds };
    FixedOffset::east_opt(seconds)
}

/// Reads exactly two ASCII digits.
fn two_digits(text: &str) -> Option<i32> {
    let is_two_digits = text.len() == 2 && text.bytes().all(|byte| byte.is_ascii_digit());
    is_two_digits.then(|| text.parse().ok()).flatten()
}

/// Reads the date and time part of a timestamp, with or without seconds and fraction.
fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.replacen('t', "T", 1);
    let mut parsed = DATE_TIME_LAYOUTS
        .iter()
        .filter_map(|layout| NaiveDateTime::parse_from_str(&text, layout).ok());
    parsed.next()
}

/// `Edm.Date`: a calendar date without a time, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Wraps a chrono date.
    pub fn new(value: NaiveDate) -> Self {
        Self(value)
    }
}

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Self(value)
    }
}

impl From<Date> for NaiveDate {
    fn from(value: Date) -> Self {
        value.0
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Self)
            .map_err(|_| ParseError::new("Edm.Date", text, "expected YYYY-MM-DD"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

serde_via_text!(Date, "an Edm.Date string such as 2023-07-07");

/// `Edm.TimeOfDay`: a time of day without a date or offset.
///
/// Reads `hh:mm:ss` with 0 to 9 fractional digits, or `hh:mm`. Writes `hh:mm:ss`, followed
/// by the fraction only when it is not zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay(pub NaiveTime);

impl TimeOfDay {
    /// Wraps a chrono time of day.
    pub fn new(value: NaiveTime) -> Self {
        Self(value)
    }
}

impl From<NaiveTime> for TimeOfDay {
    fn from(value: NaiveTime) -> Self {
        Self(value)
    }
}

impl From<TimeOfDay> for NaiveTime {
    fn from(value: TimeOfDay) -> Self {
        value.0
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let mut parsed = TIME_LAYOUTS
            .iter()
            .filter_map(|layout| NaiveTime::parse_from_str(text, layout).ok());
        parsed
            .next()
            .map(Self)
            .ok_or_else(|| ParseError::new("Edm.TimeOfDay", text, "expected hh:mm[:ss[.fffffff]]"))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M:%S"))?;
        write_fraction(f, self.0.nanosecond() % 1_000_000_000)
    }
}

serde_via_text!(TimeOfDay, "an Edm.TimeOfDay string such as 14:30:00");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_is_split_after_the_time_separator() {
        let (local, offset) = split_offset("2023-05-24T10:37:13-07:00").expect("offset");
        assert_eq!(local, "2023-05-24T10:37:13");
        assert_eq!(offset.local_minus_utc(), -7 * 3600);

        let (local, offset) = split_offset("2023-05-24T10:37:13").expect("no offset");
        assert_eq!(local, "2023-05-24T10:37:13");
        assert_eq!(offset.local_minus_utc(), 0);
    }

    #[test]
    fn lowercase_separator_and_zone_are_read() {
        let value: Result<DateTimeOffset, _> = "2024-01-02t03:04:05z".parse();
        let written = value.map(|value| value.to_string());
        assert_eq!(written.as_deref(), Ok("2024-01-02T03:04:05Z"));
    }

    #[test]
    fn malformed_offsets_are_rejected() {
        assert_eq!(parse_offset("+5:30"), None);
        assert_eq!(parse_offset("+0530"), None);
        assert_eq!(parse_offset("+25:00"), None);
        assert_eq!(parse_offset("++5:30"), None);
        assert_eq!(parse_offset("+05:60"), None);
        assert_eq!(
            parse_offset("+05:30").map(|o| o.local_minus_utc()),
            Some(19_800)
        );
    }
}
