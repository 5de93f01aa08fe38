//! `Edm.Duration`: a signed ISO 8601 duration such as `PT1H30M`, `-PT15M` or `P1Y2M`.
//!
//! Years and months have no fixed length, so they are kept apart from the exact part (weeks,
//! days, hours, minutes and seconds), which is held as seconds and nanoseconds. A day counts
//! as 24 hours and a week as 7 days.

use std::fmt;
use std::str::FromStr;

use chrono::TimeDelta;

use super::lenient::{lenient_type, Repr};
use super::{write_fraction, ParseError};

const NANOS_PER_SECOND: u128 = 1_000_000_000;
const SECONDS_PER_DAY: u64 = 86_400;

/// Fraction digits read from a component; later digits are below a nanosecond in every unit.
const MAX_FRACTION_DIGITS: usize = 18;

/// `Edm.Duration`: a signed ISO 8601 duration.
///
/// Reads `PT1H30M`, `P365D`, `-PT15M`, `P1DT12H`, `PT0.5S`, `P2W` and `P1Y2M`; a decimal
/// fraction is allowed on the last component. Writes ISO 8601 with a leading `-` when
/// negative, years and months as given, and the exact part as days, hours, minutes and
/// seconds: 90 minutes writes `PT1H30M`, 36 hours `P1DT12H`, two weeks `P14D`, zero `PT0S`.
///
/// Equality compares the normalised value, so `PT90M` equals `PT1H30M`.
///
/// Lenient: text that is not a duration is kept and written back unchanged; it reads as
/// zero through the accessors, and [`is_valid`](Self::is_valid) tells it apart.
#[derive(Debug, Clone)]
pub struct Duration(Repr<Span>);

/// A parsed duration, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Span {
    negative: bool,
    years: u32,
    months: u32,
    seconds: u64,
    nanos: u32,
}

impl Span {
    const ZERO: Self = Self {
        negative: false,
        years: 0,
        months: 0,
        seconds: 0,
        nanos: 0,
    };
}

impl Duration {
    /// The zero duration, written `PT0S`.
    pub const ZERO: Self = Self(Repr::Valid(Span::ZERO));

    /// Builds a duration from its parts. Nanoseconds of a second or more carry into
    /// `seconds` (saturating), and a zero duration is never negative.
    pub fn new(negative: bool, years: u32, months: u32, seconds: u64, nanos: u32) -> Self {
        let seconds = seconds.saturating_add(u64::from(nanos / 1_000_000_000));
        let nanos = nanos % 1_000_000_000;
        let is_zero = years == 0 && months == 0 && seconds == 0 && nanos == 0;
        let negative = negative && !is_zero;
        Self(Repr::Valid(Span {
            negative,
            years,
            months,
            seconds,
            nanos,
        }))
    }

    /// A duration of whole seconds, negative when `seconds` is.
    pub fn from_seconds(seconds: i64) -> Self {
        Self::new(seconds < 0, 0, 0, seconds.unsigned_abs(), 0)
    }

    /// A duration of whole minutes, negative when `minutes` is (saturating at `u64::MAX`
    /// seconds).
    pub fn from_minutes(minutes: i64) -> Self {
        let seconds = minutes.unsigned_abs().saturating_mul(60);
        Self::new(minutes < 0, 0, 0, seconds, 0)
    }

    /// The parsed parts; zero for unparsed text.
    fn span(&self) -> &Span {
        self.0.valid().unwrap_or(&Span::ZERO)
    }

    fn key(&self) -> Result<&Span, &str> {
        self.0
            .valid()
            .ok_or_else(|| self.unparsed().unwrap_or_default())
    }

    /// Whether the duration points backwards (`-P…`).
    pub fn is_negative(&self) -> bool {
        self.span().negative
    }

    /// The years component, kept as given.
    pub fn years(&self) -> u32 {
        self.span().years
    }

    /// The months component, kept as given.
    pub fn months(&self) -> u32 {
        self.span().months
    }

    /// Whole seconds of the exact part (weeks, days, hours, minutes and seconds together).
    pub fn whole_seconds(&self) -> u64 {
        self.span().seconds
    }

    /// Nanoseconds of the exact part beyond [`whole_seconds`](Self::whole_seconds).
    pub fn subsec_nanos(&self) -> u32 {
        self.span().nanos
    }

    /// The duration as a chrono `TimeDelta`, negative when this is; `None` when it has years
    /// or months (which have no fixed length), is beyond `TimeDelta`'s range or did not
    /// parse.
    pub fn to_time_delta(&self) -> Option<TimeDelta> {
        let span = self.0.valid()?;
        if span.years != 0 || span.months != 0 {
            return None;
        }
        let delta = TimeDelta::new(i64::try_from(span.seconds).ok()?, span.nanos)?;
        Some(if span.negative { -delta } else { delta })
    }

    /// The duration as a `std::time::Duration`; `None` when it has years or months, is
    /// negative or did not parse.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let span = self.0.valid()?;
        if span.years != 0 || span.months != 0 || span.negative {
            return None;
        }
        Some(std::time::Duration::new(span.seconds, span.nanos))
    }
}

impl Default for Duration {
    fn default() -> Self {
        Self::ZERO
    }
}

lenient_type!(Duration, "an ISO 8601 duration string such as PT1H30M");

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        Self::new(false, 0, 0, value.as_secs(), value.subsec_nanos())
    }
}

impl From<TimeDelta> for Duration {
    fn from(value: TimeDelta) -> Self {
        let magnitude = value.abs();
        let seconds = magnitude.num_seconds().unsigned_abs();
        let nanos = magnitude.subsec_nanos().unsigned_abs();
        Self::new(value < TimeDelta::zero(), 0, 0, seconds, nanos)
    }
}

impl std::ops::Neg for Duration {
    type Output = Self;

    /// The opposite duration; unparsed text stays as it is.
    fn neg(self) -> Self {
        match self.0 {
            Repr::Valid(Span {
                negative,
                years,
                months,
                seconds,
                nanos,
            }) => Self::new(!negative, years, months, seconds, nanos),
            Repr::Unparsed(_) => self,
        }
    }
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        parse(text).map_err(|reason| ParseError::new("Edm.Duration", text, reason))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Span {
            negative,
            years,
            months,
            seconds,
            nanos,
        } = match &self.0 {
            Repr::Valid(span) => *span,
            Repr::Unparsed(text) => return f.write_str(text),
        };
        let sign = if negative { "-" } else { "" };
        write!(f, "{sign}P")?;
        write_unit(f, u64::from(years), 'Y')?;
        write_unit(f, u64::from(months), 'M')?;
        write_unit(f, seconds / SECONDS_PER_DAY, 'D')?;

        // The time part. A zero duration still needs one component, so it writes `PT0S`.
        let in_day = seconds % SECONDS_PER_DAY;
        let is_zero = years == 0 && months == 0 && seconds == 0 && nanos == 0;
        if in_day == 0 && nanos == 0 && !is_zero {
            return Ok(());
        }
        f.write_str("T")?;
        write_unit(f, in_day / 3600, 'H')?;
        write_unit(f, in_day / 60 % 60, 'M')?;

        let whole_seconds = in_day % 60;
        if whole_seconds == 0 && nanos == 0 && !is_zero {
            return Ok(());
        }
        write!(f, "{whole_seconds}")?;
        write_fraction(f, nanos)?;
        f.write_str("S")
    }
}

/// Writes `{value}{designator}`, or nothing when `value` is zero.
fn write_unit(f: &mut fmt::Formatter<'_>, value: u64, designator: char) -> fmt::Result {
    if value == 0 {
        return Ok(());
    }
    write!(f, "{value}{designator}")
}

/// What a designator letter adds to: a calendar count or the exact part.
#[derive(Clone, Copy)]
enum Unit {
    Years,
    Months,
    /// The number of seconds one unit lasts.
    Exact(u64),
}

/// The designators allowed before `T`, in the order they must appear.
const DATE_UNITS: [(char, Unit); 4] = [
    ('Y', Unit::Years),
    ('M', Unit::Months),
    ('W', Unit::Exact(7 * SECONDS_PER_DAY)),
    ('D', Unit::Exact(SECONDS_PER_DAY)),
];

/// The designators allowed after `T`, in the order they must appear.
const TIME_UNITS: [(char, Unit); 3] = [
    ('H', Unit::Exact(3600)),
    ('M', Unit::Exact(60)),
    ('S', Unit::Exact(1)),
];

/// A duration being read, before normalisation.
#[derive(Default)]
struct Parts {
    years: u32,
    months: u32,
    nanos: u128,
    components: usize,
    fraction_seen: bool,
}

/// Reads the text of a duration, or says what is wrong with it.
fn parse(text: &str) -> Result<Duration, &'static str> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let body = unsigned
        .strip_prefix('P')
        .ok_or("expected an ISO 8601 duration starting with P")?;
    let (date, time) = match body.split_once('T') {
        Some((_, "")) => return Err("expected a time component after T"),
        Some((date, time)) => (date, time),
        None => (body, ""),
    };

    let mut parts = Parts::default();
    read_components(date, &DATE_UNITS, &mut parts)?;
    read_components(time, &TIME_UNITS, &mut parts)?;
    if parts.components == 0 {
        return Err("expected at least one component, such as PT0S");
    }

    let seconds = u64::try_from(parts.nanos / NANOS_PER_SECOND).map_err(|_| "too long")?;
    let nanos = (parts.nanos % NANOS_PER_SECOND) as u32;
    Ok(Duration::new(
        negative,
        parts.years,
        parts.months,
        seconds,
        nanos,
    ))
}

/// Reads `{number}{designator}` components, whose designators must follow `units`' order.
fn read_components(
    mut text: &str,
    units: &[(char, Unit)],
    parts: &mut Parts,
) -> Result<(), &'static str> {
    let mut allowed = units;
    while !text.is_empty() {
        if parts.fraction_seen {
            return Err("only the last component may have a fraction");
        }
        let end = text
            .find(|c: char| c.is_ascii_alphabetic())
            .ok_or("missing designator")?;
        let (number, rest) = text.split_at(end);
        let designator = rest.chars().next().unwrap_or_default();
        let position = allowed.iter().position(|(letter, _)| *letter == designator);
        let position = position.ok_or("unexpected or out-of-order designator")?;

        add_component(number, allowed[position].1, parts)?;
        allowed = &allowed[position + 1..];
        text = &rest[1..];
    }
    Ok(())
}

/// Adds one component's value to `parts`.
fn add_component(number: &str, unit: Unit, parts: &mut Parts) -> Result<(), &'static str> {
    let (whole, fraction) = match number.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (number, None),
    };
    let whole = digits_value(whole)?;
    parts.components += 1;
    parts.fraction_seen = fraction.is_some();

    let Unit::Exact(unit_seconds) = unit else {
        if fraction.is_some() {
            return Err("fractional years or months are not supported");
        }
        let count = u32::try_from(whole).map_err(|_| "too many years or months")?;
        let field = if matches!(unit, Unit::Years) {
            &mut parts.years
        } else {
            &mut parts.months
        };
        *field = field.checked_add(count).ok_or("too many years or months")?;
        return Ok(());
    };

    let unit_nanos = u128::from(unit_seconds) * NANOS_PER_SECOND;
    let mut nanos = whole.checked_mul(unit_nanos).ok_or("too long")?;
    if let Some(fraction) = fraction {
        nanos += fraction_nanos(fraction, unit_nanos)?;
    }
    parts.nanos = parts.nanos.checked_add(nanos).ok_or("too long")?;
    Ok(())
}

/// The value of a run of ASCII digits (at least one).
fn digits_value(digits: &str) -> Result<u128, &'static str> {
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err("expected digits before each designator");
    }
    digits.parse().map_err(|_| "too long")
}

/// Nanoseconds in `0.{fraction}` of a unit lasting `unit_nanos`, rounded down.
fn fraction_nanos(fraction: &str, unit_nanos: u128) -> Result<u128, &'static str> {
    let kept = &fraction[..fraction.len().min(MAX_FRACTION_DIGITS)];
    if !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err("expected digits after the decimal mark");
    }
    let Ok(numerator) = digits_value(kept) else {
        return Err("expected digits after the decimal mark");
    };
    Ok(numerator * unit_nanos / 10u128.pow(kept.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_of_an_hour_is_exact() {
        assert_eq!(
            fraction_nanos("5", 3600 * 1_000_000_000),
            Ok(1800 * 1_000_000_000)
        );
        assert_eq!(fraction_nanos("0000000001", 1_000_000_000), Ok(0));
        assert!(fraction_nanos("", 1_000_000_000).is_err());
    }

    #[test]
    fn new_carries_nanoseconds_and_drops_negative_zero() {
        let carried = Duration::new(true, 0, 0, 1, 1_500_000_000);
        assert_eq!(
            (carried.whole_seconds(), carried.subsec_nanos()),
            (2, 500_000_000)
        );
        assert_eq!(carried.to_string(), "-PT2.5S");
        assert!(!Duration::new(true, 0, 0, 0, 0).is_negative());
    }

    #[test]
    fn components_must_follow_designator_order() {
        assert_eq!(
            parse("PT30M1H"),
            Err("unexpected or out-of-order designator")
        );
        assert_eq!(parse("P1D2Y"), Err("unexpected or out-of-order designator"));
        assert_eq!(
            parse("PT1.5H30M"),
            Err("only the last component may have a fraction")
        );
    }

    #[test]
    fn incomplete_durations_are_rejected() {
        assert_eq!(
            parse("P"),
            Err("expected at least one component, such as PT0S")
        );
        assert_eq!(parse("P1DT"), Err("expected a time component after T"));
        assert_eq!(parse("PT5"), Err("missing designator"));
        assert_eq!(parse("PTH"), Err("expected digits before each designator"));
    }
}
