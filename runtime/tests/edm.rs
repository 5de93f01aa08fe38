//! Behaviour of the `Edm` primitive types and the `wire` modules on JSON as Graph sends it.

use graph_runtime::chrono::{
    DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc,
};
use graph_runtime::edm::{
    watch_unparsed, Binary, Date, DateTimeOffset, Decimal, Duration, Flags, Guid, TimeOfDay,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Reads one JSON value, failing the test with the serde message if it is refused.
fn read<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{json} was refused: {error}"))
}

/// The serde error message for JSON that must be refused.
fn refusal<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(value) => panic!("{json} was accepted as {value:?}"),
        Err(error) => error.to_string(),
    }
}

/// Reads a JSON string that is not a valid value of `T`: it must be kept as text and written
/// back unchanged. Returns the strict reading's message.
fn kept<T: DeserializeOwned + Serialize>(json: &str) -> String {
    let (value, unparsed) = watch_unparsed(|| read::<T>(json));
    assert_eq!(
        write(&value),
        json,
        "unparsed text is written back unchanged"
    );
    assert_eq!(unparsed.len(), 1, "{json} is reported as kept text");
    unparsed[0].to_string()
}

/// Writes one value as JSON text.
fn write<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("value writes as JSON")
}

// ---------------------------------------------------------------------------------------------
// Edm.DateTimeOffset

#[test]
fn seven_fraction_digits_are_exact_and_written_back_unchanged() {
    let value: DateTimeOffset = read(r#""2019-11-02T17:45:03.1234567Z""#);
    let expected = NaiveDate::from_ymd_opt(2019, 11, 2)
        .and_then(|date| date.and_hms_nano_opt(17, 45, 3, 123_456_700))
        .expect("valid date");
    assert_eq!(value.value().expect("valid").naive_utc(), expected);
    assert_eq!(value.value().expect("valid").nanosecond(), 123_456_700);
    assert_eq!(value.value().expect("valid").offset().local_minus_utc(), 0);
    assert_eq!(write(&value), r#""2019-11-02T17:45:03.1234567Z""#);
}

#[test]
fn zero_one_and_nine_fraction_digits_parse() {
    let whole: DateTimeOffset = read(r#""2021-03-14T01:59:26Z""#);
    assert_eq!(whole.value().expect("valid").nanosecond(), 0);
    assert_eq!(write(&whole), r#""2021-03-14T01:59:26Z""#);

    let tenth: DateTimeOffset = read(r#""2021-03-14T01:59:26.5Z""#);
    assert_eq!(tenth.value().expect("valid").nanosecond(), 500_000_000);
    assert_eq!(write(&tenth), r#""2021-03-14T01:59:26.5Z""#);

    let nanos: DateTimeOffset = read(r#""2021-03-14T01:59:26.000000007Z""#);
    assert_eq!(nanos.value().expect("valid").nanosecond(), 7);
    assert_eq!(write(&nanos), r#""2021-03-14T01:59:26.000000007Z""#);
}

#[test]
fn numeric_offsets_are_kept() {
    let east: DateTimeOffset = read(r#""2022-08-09T16:20:00.3+05:30""#);
    assert_eq!(
        east.value().expect("valid").offset().local_minus_utc(),
        5 * 3600 + 30 * 60
    );
    assert_eq!(east.value().expect("valid").hour(), 16);
    assert_eq!(write(&east), r#""2022-08-09T16:20:00.3+05:30""#);

    let west: DateTimeOffset = read(r#""2022-08-09T02:50:00-08:00""#);
    assert_eq!(
        west.value().expect("valid").offset().local_minus_utc(),
        -8 * 3600
    );
    assert_eq!(write(&west), r#""2022-08-09T02:50:00-08:00""#);

    // Same instant, different offsets.
    assert_eq!(
        east.value()
            .and_then(|v| v.with_nanosecond(0))
            .map(DateTimeOffset::new),
        Some(west)
    );
}

#[test]
fn zero_offset_is_written_as_z() {
    let value: DateTimeOffset = read(r#""2020-01-01T00:00:00+00:00""#);
    assert_eq!(write(&value), r#""2020-01-01T00:00:00Z""#);
}

#[test]
fn timestamp_without_offset_is_read_as_utc() {
    let value: DateTimeOffset = read(r#""2024-10-31T08:15:42""#);
    let expected = Utc
        .with_ymd_and_hms(2024, 10, 31, 8, 15, 42)
        .single()
        .expect("valid");
    assert_eq!(value.value().map(DateTime::<Utc>::from), Some(expected));
    assert_eq!(write(&value), r#""2024-10-31T08:15:42Z""#);

    let fraction: DateTimeOffset = read(r#""2024-10-31T08:15:42.25""#);
    assert_eq!(fraction.value().expect("valid").nanosecond(), 250_000_000);
    assert_eq!(write(&fraction), r#""2024-10-31T08:15:42.25Z""#);
}

#[test]
fn timestamp_without_seconds_parses() {
    let value: DateTimeOffset = read(r#""2024-10-31T08:15+01:00""#);
    assert_eq!(write(&value), r#""2024-10-31T08:15:00+01:00""#);
}

/// The shape of a Graph error body, as a generated model would declare it.
#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: MainError,
}

#[derive(Debug, Deserialize)]
struct MainError {
    code: String,
    message: String,
    #[serde(rename = "innerError")]
    inner_error: Option<InnerError>,
}

#[derive(Debug, Deserialize)]
struct InnerError {
    date: Option<DateTimeOffset>,
    #[serde(rename = "request-id")]
    request_id: Option<Guid>,
}

#[test]
fn error_body_with_offsetless_date_keeps_the_api_error() {
    let body: ErrorBody = read(
        r#"{"error": {
            "code": "ErrorItemNotFound",
            "message": "The mailbox 'ghost@example.org' was not found.",
            "innerError": {"date": "2025-02-17T06:41:08",
                           "request-id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}
        }}"#,
    );
    assert_eq!(body.error.code, "ErrorItemNotFound");
    assert_eq!(
        body.error.message,
        "The mailbox 'ghost@example.org' was not found."
    );
    let inner = body.error.inner_error.expect("inner error");
    assert_eq!(
        inner.date.map(|date| date.to_string()).as_deref(),
        Some("2025-02-17T06:41:08Z")
    );
    let request_id = inner.request_id.map(|id| id.to_string());
    assert_eq!(
        request_id.as_deref(),
        Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
    );
}

#[test]
fn invalid_timestamp_error_names_the_text() {
    let message = kept::<DateTimeOffset>(r#""last tuesday""#);
    assert!(
        message.contains(r#"invalid Edm.DateTimeOffset value "last tuesday""#),
        "{message}"
    );
    let message = kept::<DateTimeOffset>(r#""2024-10-31T08:15:42+5""#);
    assert!(message.contains("invalid UTC offset"), "{message}");
}

#[test]
fn timestamp_converts_to_and_from_chrono() {
    let utc = Utc
        .with_ymd_and_hms(2023, 6, 1, 12, 0, 0)
        .single()
        .expect("valid");
    let value = DateTimeOffset::from(utc);
    let fixed: DateTime<FixedOffset> = value.value().expect("valid");
    assert_eq!(fixed, utc.fixed_offset());
    assert_eq!(DateTimeOffset::new(fixed), value);
    assert_eq!(value.to_string(), "2023-06-01T12:00:00Z");
}

// ---------------------------------------------------------------------------------------------
// Edm.Date and Edm.TimeOfDay

#[test]
fn date_reads_and_writes_year_month_day() {
    let value: Date = read(r#""2024-02-29""#);
    assert_eq!(value.value(), NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(write(&value), r#""2024-02-29""#);

    let message = kept::<Date>(r#""2023-02-29""#);
    assert!(
        message.contains(r#"invalid Edm.Date value "2023-02-29""#),
        "{message}"
    );
}

#[test]
fn time_of_day_reads_seconds_fractions_and_short_form() {
    let whole: TimeOfDay = read(r#""07:05:09""#);
    assert_eq!(
        whole.value().expect("valid"),
        NaiveTime::from_hms_opt(7, 5, 9).expect("valid")
    );
    assert_eq!(write(&whole), r#""07:05:09""#);

    let short: TimeOfDay = read(r#""18:45""#);
    assert_eq!(
        short.value().expect("valid"),
        NaiveTime::from_hms_opt(18, 45, 0).expect("valid")
    );
    assert_eq!(write(&short), r#""18:45:00""#);

    let fraction: TimeOfDay = read(r#""23:59:58.0000301""#);
    assert_eq!(fraction.value().expect("valid").nanosecond(), 30_100);
    assert_eq!(write(&fraction), r#""23:59:58.0000301""#);

    let zero_fraction: TimeOfDay = read(r#""10:00:00.000""#);
    // The fraction's digits are kept as written, zeros too.
    assert_eq!(write(&zero_fraction), r#""10:00:00.000""#);
    let built = TimeOfDay::new(NaiveTime::from_hms_opt(10, 0, 0).expect("valid"));
    assert_eq!(zero_fraction, built);
    assert_eq!(write(&built), r#""10:00:00""#);

    let message = kept::<TimeOfDay>(r#""25:00""#);
    assert!(
        message.contains(r#"invalid Edm.TimeOfDay value "25:00""#),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// Edm.Duration

/// Reads a duration from its text and returns it with its written form.
fn duration(text: &str) -> (Duration, String) {
    let value: Duration = read(&format!("{text:?}"));
    let written = write(&value);
    (value, written.trim_matches('"').to_owned())
}

#[test]
fn negative_minutes_duration() {
    let (value, written) = duration("-PT20M");
    assert!(value.is_negative());
    assert_eq!(value.to_time_delta(), Some(TimeDelta::minutes(-20)));
    assert_eq!(value.to_std(), None);
    assert_eq!(written, "-PT20M");
}

#[test]
fn day_only_duration() {
    let (value, written) = duration("P180D");
    assert_eq!(value.whole_seconds(), 180 * 86_400);
    assert_eq!(value.to_time_delta(), Some(TimeDelta::days(180)));
    assert_eq!(written, "P180D");
}

#[test]
fn hours_and_minutes_duration() {
    let (value, written) = duration("PT2H45M");
    assert_eq!(
        value.to_std(),
        Some(std::time::Duration::from_secs(2 * 3600 + 45 * 60))
    );
    assert_eq!(written, "PT2H45M");
}

#[test]
fn days_and_hours_duration() {
    let (value, written) = duration("P2DT6H");
    assert_eq!(value.to_time_delta(), Some(TimeDelta::hours(54)));
    assert_eq!(written, "P2DT6H");
}

#[test]
fn fractional_seconds_duration() {
    let (value, written) = duration("PT0.25S");
    assert_eq!(value.whole_seconds(), 0);
    assert_eq!(value.subsec_nanos(), 250_000_000);
    assert_eq!(written, "PT0.25S");

    let (value, written) = duration("PT1.5H");
    assert_eq!(value.to_time_delta(), Some(TimeDelta::minutes(90)));
    assert_eq!(written, "PT1H30M");
}

#[test]
fn years_and_months_are_kept_as_given() {
    let (value, written) = duration("P3Y7M");
    assert_eq!(
        (value.years(), value.months(), value.whole_seconds()),
        (3, 7, 0)
    );
    assert_eq!(value.to_time_delta(), None);
    assert_eq!(value.to_std(), None);
    assert_eq!(written, "P3Y7M");

    let (value, written) = duration("-P1Y2M3DT4H5M6S");
    assert!(value.is_negative());
    assert_eq!((value.years(), value.months()), (1, 2));
    assert_eq!(value.whole_seconds(), 3 * 86_400 + 4 * 3600 + 5 * 60 + 6);
    assert_eq!(written, "-P1Y2M3DT4H5M6S");
}

#[test]
fn weeks_are_written_as_days() {
    let (value, written) = duration("P3W");
    assert_eq!(value.to_time_delta(), Some(TimeDelta::days(21)));
    assert_eq!(written, "P21D");
}

#[test]
fn equal_lengths_compare_equal_and_write_one_form() {
    let (minutes, written) = duration("PT150M");
    assert_eq!(minutes, Duration::from_minutes(150));
    assert_eq!(written, "PT2H30M");

    let (hours, written) = duration("PT30H");
    assert_eq!(hours, read::<Duration>(r#""P1DT6H""#));
    assert_eq!(written, "P1DT6H");
}

#[test]
fn durations_built_in_code_write_iso_8601() {
    assert_eq!(write(&Duration::from_minutes(90)), r#""PT1H30M""#);
    assert_eq!(write(&Duration::from_minutes(-45)), r#""-PT45M""#);
    assert_eq!(write(&Duration::from_seconds(3661)), r#""PT1H1M1S""#);
    assert_eq!(write(&Duration::from_seconds(0)), r#""PT0S""#);
    assert_eq!(write(&Duration::ZERO), r#""PT0S""#);
    assert_eq!(write(&-Duration::from_seconds(30)), r#""-PT30S""#);
    assert_eq!(write(&Duration::new(false, 1, 0, 86_400, 0)), r#""P1Y1D""#);
}

#[test]
fn durations_convert_from_std_and_chrono() {
    let from_std = Duration::from(std::time::Duration::from_millis(2_500));
    assert_eq!(from_std.to_string(), "PT2.5S");

    let from_chrono = Duration::from(TimeDelta::minutes(-15));
    assert_eq!(from_chrono, Duration::from_minutes(-15));
    assert_eq!(from_chrono.to_string(), "-PT15M");

    let fractional = Duration::from(TimeDelta::milliseconds(-1_250));
    assert_eq!(fractional.to_string(), "-PT1.25S");
    assert_eq!(
        fractional.to_time_delta(),
        Some(TimeDelta::milliseconds(-1_250))
    );
}

#[test]
fn negative_zero_duration_is_zero() {
    let (value, written) = duration("-PT0S");
    assert!(!value.is_negative());
    assert_eq!(value, Duration::ZERO);
    assert_eq!(written, "PT0S");
}

#[test]
fn clock_text_and_numbers_are_not_durations() {
    let message = kept::<Duration>(r#""1:30:00""#);
    assert_eq!(
        message,
        "invalid Edm.Duration value \"1:30:00\": expected an ISO 8601 duration starting with P"
    );
    let message = refusal::<Duration>("5400");
    assert!(
        message.starts_with("invalid type: integer `5400`"),
        "{message}"
    );
    let message = kept::<Duration>(r#""P1.5Y""#);
    assert!(
        message.contains("fractional years or months are not supported"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------------------------
// Edm.Decimal and Edm.Guid

#[test]
fn decimal_reads_numbers_and_strings_and_writes_numbers() {
    let number: Decimal = read("19.99");
    assert_eq!(number.to_string(), "19.99");
    assert_eq!(write(&number), "19.99");

    let text: Decimal = read(r#""0.10""#);
    assert_eq!(write(&text), "0.10");

    let integer: Decimal = read("-42");
    assert_eq!(write(&integer), "-42");

    let scientific: Decimal = read(r#""2.5e3""#);
    assert_eq!(write(&scientific), "2500");
}

#[test]
fn decimal_string_beyond_f64_precision_is_exact() {
    let value: Decimal = read(r#""12345678901234567890.123456789""#);
    assert_eq!(write(&value), "12345678901234567890.123456789");

    let in_value = serde_json::to_value(Decimal::from(graph_runtime::rust_decimal::Decimal::ONE))
        .expect("writes into a Value");
    assert_eq!(in_value, serde_json::json!(1));
}

#[test]
fn decimal_error_names_the_text() {
    let message = refusal::<Decimal>(r#""twelve""#);
    assert!(
        message.contains(r#"invalid Edm.Decimal value "twelve""#),
        "{message}"
    );
}

#[test]
fn guid_reads_any_case_and_writes_lowercase_hyphenated() {
    let value: Guid = read(r#""6F9619FF-8B86-D011-B42D-00C04FC964FF""#);
    assert_eq!(write(&value), r#""6f9619ff-8b86-d011-b42d-00c04fc964ff""#);
    let uuid = value.value().expect("valid");
    assert_eq!(uuid.as_u128(), 0x6f96_19ff_8b86_d011_b42d_00c0_4fc9_64ff);
    assert_eq!(Guid::from(uuid), value);
}

// ---------------------------------------------------------------------------------------------
// Flags enums

/// A flags enum as the generator emits one: known members plus a catch-all.
#[derive(Debug, Clone, PartialEq)]
enum SignInMethod {
    Password,
    TextMessage,
    SecurityKey,
    AppNotification,
    Other(String),
}

impl From<String> for SignInMethod {
    fn from(text: String) -> Self {
        match text.as_str() {
            "password" => Self::Password,
            "textMessage" => Self::TextMessage,
            "securityKey" => Self::SecurityKey,
            "appNotification" => Self::AppNotification,
            _ => Self::Other(text),
        }
    }
}

impl AsRef<str> for SignInMethod {
    fn as_ref(&self) -> &str {
        match self {
            Self::Password => "password",
            Self::TextMessage => "textMessage",
            Self::SecurityKey => "securityKey",
            Self::AppNotification => "appNotification",
            Self::Other(text) => text,
        }
    }
}

#[test]
fn flag_combinations_decode_in_order_and_write_back_without_spaces() {
    let json = r#"["securityKey", "password,appNotification", "password, textMessage"]"#;
    let combinations: Vec<Flags<SignInMethod>> = read(json);

    use SignInMethod::*;
    let members: Vec<Vec<SignInMethod>> = combinations
        .iter()
        .map(|flags| flags.iter().cloned().collect())
        .collect();
    assert_eq!(
        members,
        [
            vec![SecurityKey],
            vec![Password, AppNotification],
            vec![Password, TextMessage]
        ]
    );
    assert!(combinations[1].contains(&AppNotification));
    assert!(!combinations[1].contains(&TextMessage));
    assert_eq!(
        write(&combinations),
        r#"["securityKey","password,appNotification","password,textMessage"]"#
    );
}

#[test]
fn unknown_flag_members_are_kept() {
    let flags: Flags<SignInMethod> = read(r#""retinaScan,password""#);
    let expected = [
        SignInMethod::Other("retinaScan".to_owned()),
        SignInMethod::Password,
    ];
    assert_eq!(flags.as_slice(), expected);
    assert_eq!(write(&flags), r#""retinaScan,password""#);
}

#[test]
fn empty_flags_string_is_the_empty_set() {
    let flags: Flags<SignInMethod> = read(r#""""#);
    assert!(flags.is_empty());
    assert_eq!(flags, Flags::default());
    assert_eq!(write(&flags), r#""""#);
}

#[test]
fn flags_built_in_code() {
    let flags = Flags::from(vec![SignInMethod::TextMessage, SignInMethod::Password]);
    assert_eq!(flags.len(), 2);
    assert_eq!(flags.to_string(), "textMessage,password");
    assert_eq!(
        flags,
        Flags::from(vec![SignInMethod::Password, SignInMethod::TextMessage])
    );
    assert_ne!(flags, Flags::from(vec![SignInMethod::Password]));
}

// ---------------------------------------------------------------------------------------------
// wire modules

/// A model using every `wire` module the way generated fields do.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Measurements {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::int64_opt"
    )]
    size: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::int64_vec_opt"
    )]
    sizes: Option<Vec<i64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::double_opt"
    )]
    ratio: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::double_vec_opt"
    )]
    ratios: Option<Vec<f64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::single_opt"
    )]
    level: Option<f32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::single_vec_opt"
    )]
    levels: Option<Vec<f32>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::binary_opt"
    )]
    content: Option<Vec<u8>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "graph_runtime::wire::binary_vec_opt"
    )]
    chunks: Option<Vec<Vec<u8>>>,
}

#[test]
fn int64_reads_numbers_and_exact_strings_and_writes_numbers() {
    let number: Measurements = read(r#"{"size": 2097152}"#);
    assert_eq!(number.size, Some(2_097_152));
    assert_eq!(write(&number), r#"{"size":2097152}"#);

    // 2^53 + 1 cannot survive an f64 round trip.
    let above_f64: Measurements = read(r#"{"size": "9007199254740993"}"#);
    assert_eq!(above_f64.size, Some(9_007_199_254_740_993));
    assert_eq!(write(&above_f64), r#"{"size":9007199254740993}"#);

    let negative: Measurements = read(r#"{"size": "-9223372036854775808"}"#);
    assert_eq!(negative.size, Some(i64::MIN));
}

#[test]
fn int64_list_mixes_numbers_and_strings() {
    let value: Measurements = read(r#"{"sizes": [1, "9007199254740995", -3]}"#);
    assert_eq!(value.sizes, Some(vec![1, 9_007_199_254_740_995, -3]));
    assert_eq!(write(&value), r#"{"sizes":[1,9007199254740995,-3]}"#);
}

#[test]
fn int64_refuses_text_that_is_not_an_integer() {
    let message = refusal::<Measurements>(r#"{"size": "12 MB"}"#);
    assert!(
        message.contains(r#"invalid Edm.Int64 value "12 MB""#),
        "{message}"
    );
    let message = refusal::<Measurements>(r#"{"size": 1.5}"#);
    assert!(message.contains("invalid Edm.Int64 value 1.5"), "{message}");
    let message = refusal::<Measurements>(r#"{"size": 9223372036854775808}"#);
    assert!(message.contains("too large"), "{message}");
}

#[test]
fn null_and_missing_keys_read_as_none_and_none_writes_nothing() {
    let all_null: Measurements = read(
        r#"{"size": null, "sizes": null, "ratio": null, "ratios": null,
            "level": null, "levels": null, "content": null, "chunks": null}"#,
    );
    assert_eq!(all_null, Measurements::default());
    let all_missing: Measurements = read("{}");
    assert_eq!(all_missing, Measurements::default());
    assert_eq!(write(&all_missing), "{}");
}

#[test]
fn doubles_read_numbers_strings_and_non_finite_names() {
    let cases = [
        (r#"2.75"#, 2.75),
        (r#"7"#, 7.0),
        (r#""-0.125""#, -0.125),
        (r#""1e-3""#, 0.001),
        (r#""INF""#, f64::INFINITY),
        (r#""-INF""#, f64::NEG_INFINITY),
        (r#""Infinity""#, f64::INFINITY),
        (r#""-Infinity""#, f64::NEG_INFINITY),
    ];
    for (json, expected) in cases {
        let value: Measurements = read(&format!(r#"{{"ratio": {json}}}"#));
        assert_eq!(value.ratio, Some(expected), "{json}");
    }
    let nan: Measurements = read(r#"{"ratio": "NaN"}"#);
    assert!(nan.ratio.is_some_and(f64::is_nan));
}

#[test]
fn doubles_write_numbers_and_non_finite_names() {
    let value = Measurements {
        ratio: Some(0.5),
        ratios: Some(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -3.0]),
        ..Measurements::default()
    };
    assert_eq!(
        write(&value),
        r#"{"ratio":0.5,"ratios":["NaN","INF","-INF",-3.0]}"#
    );
}

#[test]
fn singles_read_and_write_like_doubles() {
    let value: Measurements = read(r#"{"level": "0.1", "levels": [1.25, "-INF", "NaN"]}"#);
    assert_eq!(value.level, Some(0.1_f32));
    let levels = value.levels.clone().expect("levels");
    assert_eq!(levels[..2], [1.25, f32::NEG_INFINITY]);
    assert!(levels[2].is_nan());
    assert_eq!(
        write(&value),
        r#"{"level":0.1,"levels":[1.25,"-INF","NaN"]}"#
    );

    let message = refusal::<Measurements>(r#"{"level": "loud"}"#);
    assert!(
        message.contains(r#"invalid Edm.Single value "loud""#),
        "{message}"
    );
}

#[test]
fn binary_field_holds_raw_bytes_encoded_once() {
    let value: Measurements = read(r#"{"content": "SGVsbG8sIFdvcmxkIQ=="}"#);
    assert_eq!(value.content.as_deref(), Some(&b"Hello, World!"[..]));
    assert_eq!(write(&value), r#"{"content":"SGVsbG8sIFdvcmxkIQ=="}"#);

    let built = Measurements {
        content: Some(b"Graph".to_vec()),
        ..Measurements::default()
    };
    assert_eq!(write(&built), r#"{"content":"R3JhcGg="}"#);
}

#[test]
fn binary_accepts_empty_url_safe_and_unpadded_text() {
    let empty: Measurements = read(r#"{"content": ""}"#);
    assert_eq!(empty.content, Some(Vec::new()));
    assert_eq!(write(&empty), r#"{"content":""}"#);

    let url_safe: Measurements = read(r#"{"content": "-_-_"}"#);
    assert_eq!(url_safe.content, Some(vec![0xfb, 0xff, 0xbf]));
    assert_eq!(write(&url_safe), r#"{"content":"+/+/"}"#);

    let unpadded: Measurements = read(r#"{"content": "R3JhcGg"}"#);
    assert_eq!(unpadded.content.as_deref(), Some(&b"Graph"[..]));

    let message = refusal::<Measurements>(r#"{"content": "not*base64"}"#);
    assert!(
        message.contains(r#"invalid Edm.Binary value "not*base64""#),
        "{message}"
    );
}

#[test]
fn binary_list_encodes_each_element_once() {
    let value: Measurements = read(r#"{"chunks": ["AAE=", "", "/w=="]}"#);
    assert_eq!(value.chunks, Some(vec![vec![0, 1], vec![], vec![0xff]]));
    assert_eq!(write(&value), r#"{"chunks":["AAE=","","/w=="]}"#);
}

/// A polymorphic payload: serde buffers the fields before it knows the variant.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "@odata.type")]
enum Attachment {
    #[serde(rename = "#microsoft.graph.fileAttachment")]
    File {
        #[serde(default, with = "graph_runtime::wire::int64_opt")]
        size: Option<i64>,
        #[serde(
            default,
            rename = "contentBytes",
            with = "graph_runtime::wire::binary_opt"
        )]
        content_bytes: Option<Vec<u8>>,
        #[serde(default, rename = "lastModifiedDateTime")]
        last_modified: Option<DateTimeOffset>,
    },
}

#[test]
fn wire_modules_work_inside_buffered_polymorphic_payloads() {
    let value: Attachment = read(
        r##"{"size": "9007199254740993", "contentBytes": "aGk=", "lastModifiedDateTime": null,
            "@odata.type": "#microsoft.graph.fileAttachment"}"##,
    );
    let expected = Attachment::File {
        size: Some(9_007_199_254_740_993),
        content_bytes: Some(b"hi".to_vec()),
        last_modified: None,
    };
    assert_eq!(value, expected);
}

// ---------------------------------------------------------------------------------------------
// Lenient reading: placeholders and odd spellings are kept, not refused

/// A model with one field of each lenient type, as the generator emits them.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Placeholders {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<DateTimeOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    day: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time: Option<TimeOfDay>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    length: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<Binary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flag: Option<bool>,
}

#[test]
fn placeholders_are_kept_as_text_and_written_back() {
    let json = concat!(
        r#"{"at":"datetime-value","day":"Date","time":"String","length":"1:30:00","#,
        r#""id":"skuId-value","key":"MIIDYDCCAki..."}"#
    );
    let (value, unparsed) = watch_unparsed(|| read::<Placeholders>(json));
    assert_eq!(write(&value), json);
    let types: Vec<&str> = unparsed.iter().map(|e| e.edm_type()).collect();
    let expected = [
        "Edm.DateTimeOffset",
        "Edm.Date",
        "Edm.TimeOfDay",
        "Edm.Duration",
        "Edm.Guid",
        "Edm.Binary",
    ];
    assert_eq!(types, expected);

    let at = value.at.expect("kept");
    assert!(!at.is_valid());
    assert_eq!(at.value(), None);
    assert_eq!(at.unparsed(), Some("datetime-value"));
    assert_eq!(value.key.as_ref().and_then(Binary::bytes), None);
    assert_eq!(value.length.as_ref().map(Duration::to_std), Some(None));
    // A date where a timestamp belongs is not turned into midnight.
    let birthday: DateTimeOffset = read(r#""1974-07-22""#);
    assert_eq!(birthday.unparsed(), Some("1974-07-22"));
}

#[test]
fn lenient_values_compare_by_value_then_text() {
    let a: DateTimeOffset = read(r#""2017-09-14T12:34:53.910Z""#);
    let b: DateTimeOffset = read(r#""2017-09-14T14:34:53.91+02:00""#);
    assert_eq!(a, b);
    assert_eq!(write(&a), r#""2017-09-14T12:34:53.910Z""#);
    let text = DateTimeOffset::from_text("datetime-value");
    assert_ne!(a, text);
    assert_eq!(text, DateTimeOffset::from_text("datetime-value"));
    assert!(a < text, "valid values sort before kept text");
    assert!(
        "datetime-value".parse::<DateTimeOffset>().is_err(),
        "FromStr stays strict"
    );
}

#[test]
fn booleans_stay_strict() {
    let message = refusal::<Placeholders>(r#"{"flag":"Boolean"}"#);
    assert!(message.contains("expected a boolean"), "{message}");
}

#[test]
fn binary_holds_bytes_and_keeps_the_spelling_it_was_read_in() {
    let padded: Binary = read(r#""SGVsbG8sIFdvcmxkIQ==""#);
    assert_eq!(padded.bytes(), Some(&b"Hello, World!"[..]));
    assert_eq!(write(&padded), r#""SGVsbG8sIFdvcmxkIQ==""#);
    let unpadded: Binary = read(r#""-_8""#);
    assert_eq!(unpadded.bytes(), Some(&[0xfb, 0xff][..]));
    assert_eq!(write(&unpadded), r#""-_8""#);
    assert_eq!(unpadded, Binary::from(vec![0xfb, 0xff]));
    assert_eq!(write(&Binary::from(vec![0xfb, 0xff])), r#""+/8=""#);
    let empty: Binary = read(r#""""#);
    assert_eq!(empty.bytes(), Some(&[][..]));
}
