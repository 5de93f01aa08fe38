//! `Edm.DateTimeOffset`, `Edm.Date` and `Edm.TimeOfDay`: points in time and calendar values.
//!
//! Each reads the variants Graph sends (0 to 9 fractional digits, missing seconds, a missing
//! offset) and writes RFC 3339 text with only as many fractional digits as the value needs.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike, Utc};

use super::lenient::{fraction_digits, lenient_ord, lenient_type, Repr};
use super::{write_fraction, ParseError};

/// Layouts of the date and time part of a timestamp, most common first.
const DATE_TIME_LAYOUTS: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"];

/// Writes the fraction with `digits` digits as read, or only the needed ones when `None`.
fn write_fraction_as(f: &mut fmt::Formatter<'_>, nanos: u32, digits: Option<u8>) -> fmt::Result {
    match digits {
        None => write_fraction(f, nanos),
        Some(0) => Ok(()),
        Some(digits) => {
            let all = format!("{nanos:09}");
            write!(f, ".{}", &all[..usize::from(digits.min(9))])
        }
    }
}

/// Layouts of a time of day, most common first.
const TIME_LAYOUTS: [&str; 2] = ["%H:%M:%S%.f", "%H:%M"];

/// `Edm.DateTimeOffset`: a point in time with the UTC offset it was given in.
///
/// Reads RFC 3339 text with 0 to 9 fractional digits and a `Z` or `±hh:mm` offset. Text
/// without an offset (`2023-07-07T11:13:19`, as in Graph error bodies) is read as UTC, and
/// seconds may be left out. Writes RFC 3339 with the offset (`Z` for UTC) and the fraction
/// with as many digits as it was read with (a built value: only the digits it needs), so
/// `2014-01-06T09:04:30.4737618Z` and `2017-09-14T12:34:53.910Z` write back unchanged.
///
/// Lenient: text that is not a timestamp (`"datetime-value"`, a bare date) is kept as
/// text and written back unchanged; [`value`](Self::value) is then `None`.
///
/// Two valid values are equal when they name the same instant, whatever their offsets.
#[derive(Debug, Clone)]
pub struct DateTimeOffset(Repr<(DateTime<FixedOffset>, Option<u8>)>);

impl DateTimeOffset {
    /// Wraps a chrono timestamp.
    pub fn new(value: DateTime<FixedOffset>) -> Self {
        Self(Repr::Valid((value, None)))
    }

    /// The current time, in UTC.
    pub fn now() -> Self {
        Self::from(Utc::now())
    }

    /// The timestamp; `None` when the text did not parse.
    pub fn value(&self) -> Option<DateTime<FixedOffset>> {
        self.0.valid().map(|(value, _)| *value)
    }

    fn key(&self) -> Result<DateTime<FixedOffset>, &str> {
        self.value()
            .ok_or_else(|| self.unparsed().unwrap_or_default())
    }
}

lenient_type!(
    DateTimeOffset,
    "an Edm.DateTimeOffset string such as 2023-07-07T11:13:19Z"
);
lenient_ord!(DateTimeOffset);

impl From<DateTime<FixedOffset>> for DateTimeOffset {
    fn from(value: DateTime<FixedOffset>) -> Self {
        Self::new(value)
    }
}

impl From<DateTime<Utc>> for DateTimeOffset {
    fn from(value: DateTime<Utc>) -> Self {
        Self::new(value.fixed_offset())
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;

    /// Reads a valid timestamp only; see [`DateTimeOffset::from_text`] for the lenient read.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let error = |reason| ParseError::new("Edm.DateTimeOffset", text, reason);
        let (local, offset) = split_offset(text).ok_or_else(|| error("invalid UTC offset"))?;
        let local = parse_date_time(local)
            .ok_or_else(|| error("expected YYYY-MM-DDThh:mm[:ss[.fffffff]] and an offset"))?;
        let value = local
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| error("date and time out of range"))?;
        Ok(Self(Repr::Valid((value, fraction_digits(text)))))
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (value, digits) = match &self.0 {
            Repr::Valid(valid) => valid,
            Repr::Unparsed(text) => return f.write_str(text),
        };
        write!(f, "{}", value.format("%Y-%m-%dT%H:%M:%S"))?;
        write_fraction_as(f, value.nanosecond() % 1_000_000_000, *digits)?;

        // UTC is written `Z`, every other offset `±hh:mm`.
        if value.offset().local_minus_utc() == 0 {
            f.write_str("Z")
        } else {
            write!(f, "{}", value.format("%:z"))
        }
    }
}

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
///
/// Lenient: other text (`"Date"`, a full timestamp) is kept and written back unchanged;
/// [`value`](Self::value) is then `None`.
#[derive(Debug, Clone)]
pub struct Date(Repr<NaiveDate>);

impl Date {
    /// Wraps a chrono date.
    pub fn new(value: NaiveDate) -> Self {
        Self(Repr::Valid(value))
    }

    /// The date; `None` when the text did not parse.
    pub fn value(&self) -> Option<NaiveDate> {
        self.0.valid().copied()
    }

    fn key(&self) -> Result<NaiveDate, &str> {
        self.value()
            .ok_or_else(|| self.unparsed().unwrap_or_default())
    }
}

lenient_type!(Date, "an Edm.Date string such as 2023-07-07");
lenient_ord!(Date);

impl From<NaiveDate> for Date {
    fn from(value: NaiveDate) -> Self {
        Self::new(value)
    }
}

impl FromStr for Date {
    type Err = ParseError;

    /// Reads a valid date only; see [`Date::from_text`] for the lenient read.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Self::new)
            .map_err(|_| ParseError::new("Edm.Date", text, "expected YYYY-MM-DD"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Valid(value) => write!(f, "{}", value.format("%Y-%m-%d")),
            Repr::Unparsed(text) => f.write_str(text),
        }
    }
}

/// `Edm.TimeOfDay`: a time of day without a date or offset.
///
/// Reads `hh:mm:ss` with 0 to 9 fractional digits, or `hh:mm`. Writes `hh:mm:ss` and the
/// fraction with as many digits as it was read with, so `17:00:00.0000000` writes back
/// unchanged; a built value writes only the digits it needs.
///
/// Lenient: other text is kept and written back unchanged; [`value`](Self::value) is then
/// `None`.
#[derive(Debug, Clone)]
pub struct TimeOfDay(Repr<(NaiveTime, Option<u8>)>);

impl TimeOfDay {
    /// Wraps a chrono time of day.
    pub fn new(value: NaiveTime) -> Self {
        Self(Repr::Valid((value, None)))
    }

    /// The time of day; `None` when the text did not parse.
    pub fn value(&self) -> Option<NaiveTime> {
        self.0.valid().map(|(value, _)| *value)
    }

    fn key(&self) -> Result<NaiveTime, &str> {
        self.value()
            .ok_or_else(|| self.unparsed().unwrap_or_default())
    }
}

lenient_type!(TimeOfDay, "an Edm.TimeOfDay string such as 14:30:00");
lenient_ord!(TimeOfDay);

impl From<NaiveTime> for TimeOfDay {
    fn from(value: NaiveTime) -> Self {
        Self::new(value)
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;

    /// Reads a valid time of day only; see [`TimeOfDay::from_text`] for the lenient read.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let mut parsed = TIME_LAYOUTS
            .iter()
            .filter_map(|layout| NaiveTime::parse_from_str(text, layout).ok());
        let value = parsed.next().ok_or_else(|| {
            ParseError::new("Edm.TimeOfDay", text, "expected hh:mm[:ss[.fffffff]]")
        })?;
        Ok(Self(Repr::Valid((value, fraction_digits(text)))))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (value, digits) = match &self.0 {
            Repr::Valid(valid) => valid,
            Repr::Unparsed(text) => return f.write_str(text),
        };
        write!(f, "{}", value.format("%H:%M:%S"))?;
        write_fraction_as(f, value.nanosecond() % 1_000_000_000, *digits)
    }
}

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
