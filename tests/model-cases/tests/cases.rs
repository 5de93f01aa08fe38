//! One test per model fault case of `../shared/cases/` (C01-C09, C14, C15), run against the
//! models generated from `tests/fixtures/cases/`, plus the write-side rules of issue 3:
//! derived values carry their `@odata.type`, `Patch::clear` sends an explicit null, and a
//! read-modify-write keeps what the docs do not list.
//!
//! Every payload here is made up for these tests; the shape of each fault follows its case.

use std::path::Path;

use graph_model_cases::v1_0::models::{
    AccessStrength, AnyPrincipalObject, ApprovalRule, ApprovalStage, BlobItem, CalendarEntry,
    CourseTask, DeviceChannelKind, EnrollmentRoute, FleetDevice, KeyRole, NoteAttachment,
    PaletteSwatch, Person, PrincipalObject, ReminderRule, SecurityGroup, ServiceError, ShadeColor,
    SignInFactors, SigningKey, StoredFile, TaskState,
};
use graph_runtime::chrono::{TimeZone, Utc};
use graph_runtime::edm::{Binary, DateTimeOffset, Duration, Flags};
use graph_runtime::odata::Patch;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes `value` as `T`, failing the test with serde's message.
fn decode<T: DeserializeOwned>(value: &Value) -> T {
    match serde_json::from_value(value.clone()) {
        Ok(decoded) => decoded,
        Err(err) => panic!("cannot decode {value}: {err}"),
    }
}

/// Encodes `value` as JSON, failing the test with serde's message.
fn encode<T: Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(encoded) => encoded,
        Err(err) => panic!("cannot encode: {err}"),
    }
}

/// The object's keys, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let object = value.as_object().expect("a JSON object");
    object.keys().map(String::as_str).collect()
}

#[test]
fn c01_unlisted_enum_member_is_kept() {
    let payload = json!({
        "id": "dev-0091",
        "deviceLabel": "KIOSK-LOBBY-3",
        "channel": "satelliteUplink",
        "enrollment": "zeroTouchCarrierEnrollment",
        "pastChannels": ["portal", "unknownFutureValue", "meshRelay"]
    });
    let device: FleetDevice = decode(&payload);

    let unlisted = DeviceChannelKind::Other("satelliteUplink".to_owned());
    assert_eq!(device.channel, Some(unlisted));
    let route = EnrollmentRoute::Other("zeroTouchCarrierEnrollment".to_owned());
    assert_eq!(device.enrollment, Some(route));
    let past = vec![
        DeviceChannelKind::Portal,
        DeviceChannelKind::UnknownFutureValue,
        DeviceChannelKind::Other("meshRelay".to_owned()),
    ];
    assert_eq!(device.past_channels, Some(past));
    assert_eq!(device.device_label.as_deref(), Some("KIOSK-LOBBY-3"));

    // Listed members still map to their named variants, and the sentinel is one of them.
    let known: DeviceChannelKind = decode(&json!("agentApp"));
    assert_eq!(known, DeviceChannelKind::AgentApp);
    let sentinel: EnrollmentRoute = decode(&json!("unknownFutureValue"));
    assert_eq!(sentinel, EnrollmentRoute::UnknownFutureValue);
    assert_eq!(DeviceChannelKind::AgentApp.as_str(), "agentApp");

    // The unlisted text is written back unchanged.
    assert_eq!(encode(&device), payload);
    assert_eq!(
        encode(&DeviceChannelKind::Other("satelliteUplink".to_owned())),
        json!("satelliteUplink")
    );

    // No generated enum of docs members is closed: each has the catch-all variant.
    let mut open_enums = 0;
    for text in generated_sources(Path::new(graph_model_cases::GENERATED_DIR)) {
        for item in text.split("\npub enum ").skip(1) {
            let (name, body) = item.split_once('{').expect("an enum body");
            if name.trim().starts_with("Any") {
                continue;
            }
            let body = body.split("\n}").next().unwrap_or_default();
            assert!(
                body.contains("Other(String)"),
                "enum {name} has no catch-all variant"
            );
            open_enums += 1;
        }
    }
    assert_eq!(open_enums, 6, "the fixture pages define six enums");
}

#[test]
fn c02_flags_combinations_decode_to_member_sets() {
    let payload = json!({
        "id": "str-12",
        "title": "Two-step or hardware key",
        "allowedSets": ["passcode,pushApproval", "securityKey", "textMessage,irisScan,passcode"],
        "fallbackSet": "passcode,voiceCall"
    });
    let strength: AccessStrength = decode(&payload);

    let sets = strength.allowed_sets.as_ref().expect("allowedSets decoded");
    assert_eq!(sets.len(), 3);
    assert_eq!(
        sets[0].as_slice(),
        [SignInFactors::Passcode, SignInFactors::PushApproval]
    );
    assert_eq!(sets[1].as_slice(), [SignInFactors::SecurityKey]);
    let with_unknown = [
        SignInFactors::TextMessage,
        SignInFactors::Other("irisScan".to_owned()),
        SignInFactors::Passcode,
    ];
    assert_eq!(sets[2].as_slice(), with_unknown);
    let fallback = strength.fallback_set.as_ref().expect("fallbackSet decoded");
    assert_eq!(
        fallback.as_slice(),
        [SignInFactors::Passcode, SignInFactors::VoiceCall]
    );

    // Written back as the same strings, in the same order, joined by bare commas.
    assert_eq!(encode(&strength), payload);

    // Spaces around members are read and never written.
    let spaced: Flags<SignInFactors> = decode(&json!("securityKey , textMessage"));
    assert_eq!(encode(&spaced), json!("securityKey,textMessage"));

    // A set built in code writes the same form.
    let built = AccessStrength {
        odata_type: None,
        fallback_set: Some(Flags::from(vec![
            SignInFactors::PushApproval,
            SignInFactors::SecurityKey,
        ])),
        ..AccessStrength::default()
    };
    assert_eq!(
        encode(&built),
        json!({"fallbackSet": "pushApproval,securityKey"})
    );
}

#[test]
fn c03_null_and_missing_values_read_as_none() {
    let payload = json!({
        "value": [
            { "id": "t-1", "heading": "Lab report", "state": "open" },
            { "id": "t-2", "heading": "Reading log", "state": null },
            { "id": "t-3", "heading": "Poster" }
        ]
    });
    let tasks: Vec<CourseTask> = decode(&payload["value"]);
    let states: Vec<Option<TaskState>> = tasks.iter().map(|t| t.state.clone()).collect();
    assert_eq!(states, [Some(TaskState::Open), None, None]);
    let ids: Vec<Option<&str>> = tasks.iter().map(|t| t.id.as_deref()).collect();
    assert_eq!(ids, [Some("t-1"), Some("t-2"), Some("t-3")]);

    // The null is remembered, so the item writes back as it came; the missing member
    // stays missing.
    assert_eq!(
        encode(&tasks[1]),
        json!({ "id": "t-2", "heading": "Reading log", "state": null })
    );
    assert_eq!(
        encode(&tasks[2]),
        json!({ "id": "t-3", "heading": "Poster" })
    );
    assert_eq!(tasks[1].additional_data.get("state"), Some(&Value::Null));

    // A value set after reading null is written once, in place of the null.
    let mut task = tasks[1].clone();
    task.state = Some(TaskState::Open);
    let text = serde_json::to_string(&task).expect("encodes");
    assert_eq!(text.matches("\"state\"").count(), 1);
    assert_eq!(encode(&task)["state"], json!("open"));

    // Nothing unset is written as null: a value built in code sends only what it holds
    // (and, being of a derived type, its `@odata.type`).
    let fresh = CourseTask {
        heading: Some("Quiz".to_owned()),
        ..CourseTask::default()
    };
    assert_eq!(
        encode(&fresh),
        json!({ "@odata.type": CourseTask::ODATA_TYPE, "heading": "Quiz" })
    );

    // Null reads as None for every kind of field, not only enums.
    let task: CourseTask = decode(&json!({ "id": null, "heading": null, "points": null }));
    assert_eq!((task.id, task.heading, task.points), (None, None, None));
    let person: Person = decode(&json!({
        "id": "p-9", "supervisor": null, "memberships": null, "removedDateTime": null
    }));
    assert!(person.supervisor.is_none() && person.memberships.is_none());
    assert!(person.removed_date_time.is_none());
    let strength: AccessStrength = decode(&json!({ "allowedSets": null, "fallbackSet": null }));
    assert!(strength.allowed_sets.is_none() && strength.fallback_set.is_none());
    let note: NoteAttachment = decode(&json!({ "rawContent": null, "previews": null }));
    assert!(note.raw_content.is_none() && note.previews.is_none());
    let rule: ReminderRule = decode(&json!({ "leadOffset": null }));
    assert!(rule.lead_offset.is_none());
    let stage: ApprovalStage = decode(&json!({ "fallbackStage": null, "rule": null }));
    assert!(stage.fallback_stage.is_none() && stage.rule.is_none());
}

#[test]
fn c04_polymorphic_collection_picks_the_derived_variant() {
    let payload = json!({
        "id": "p-17",
        "memberships": [
            {
                "@odata.type": "#microsoft.graph.securityGroup",
                "id": "grp-40",
                "displayName": "Field engineers",
                "mailEnabled": false
            },
            {
                "@odata.type": "#microsoft.graph.adminRole",
                "id": "role-7",
                "displayName": "Billing reader",
                "roleTemplateId": "tmpl-3"
            },
            { "@odata.type": "#microsoft.graph.quantumTeam", "id": "q-5", "teamSize": 4 },
            { "id": "obj-2" },
            { "@odata.type": "#contoso.extensions.securityGroup", "id": "ext-1" }
        ]
    });
    let person: Person = decode(&payload);
    let items = person.memberships.as_ref().expect("memberships decoded");
    assert_eq!(items.len(), 5);

    match &items[0] {
        AnyPrincipalObject::SecurityGroup(group) => {
            assert_eq!(group.id.as_deref(), Some("grp-40"));
            assert_eq!(group.display_name.as_deref(), Some("Field engineers"));
            assert_eq!(group.mail_enabled, Some(false));
        }
        other => panic!("item 0 should be a securityGroup, got {other:?}"),
    }
    match &items[1] {
        AnyPrincipalObject::AdminRole(role) => {
            assert_eq!(role.display_name.as_deref(), Some("Billing reader"));
            assert_eq!(role.role_template_id.as_deref(), Some("tmpl-3"));
        }
        other => panic!("item 1 should be an adminRole, got {other:?}"),
    }

    // A type the docs do not describe falls back to the base and keeps every member.
    match &items[2] {
        AnyPrincipalObject::PrincipalObject(base) => {
            assert_eq!(base.id.as_deref(), Some("q-5"));
            let tag = base.odata_type.as_deref();
            assert_eq!(tag, Some("#microsoft.graph.quantumTeam"));
            assert_eq!(base.additional_data.get("teamSize"), Some(&json!(4)));
        }
        other => panic!("item 2 should fall back to principalObject, got {other:?}"),
    }
    // No discriminator: the base type.
    match &items[3] {
        AnyPrincipalObject::PrincipalObject(base) => {
            assert_eq!(base.id.as_deref(), Some("obj-2"));
            assert_eq!(base.odata_type, None);
        }
        other => panic!("item 3 should be the base principalObject, got {other:?}"),
    }
    // The match is on the full qualified name, not on the last segment.
    match &items[4] {
        AnyPrincipalObject::PrincipalObject(base) => {
            let tag = base.odata_type.as_deref();
            assert_eq!(tag, Some("#contoso.extensions.securityGroup"));
        }
        other => panic!("item 4 should be the base principalObject, got {other:?}"),
    }

    // Each item is written back as it came, discriminators included.
    assert_eq!(encode(&person), payload);
}

#[test]
fn c05_binary_is_decoded_and_encoded_once() {
    let payload = json!({
        "id": "att-3",
        "fileLabel": "note.txt",
        "rawContent": "VGVhIGF0IGZvdXI/",
        "previews": ["iVBORw==", ""]
    });
    let note: NoteAttachment = decode(&payload);
    let raw = note.raw_content.as_ref().and_then(Binary::bytes);
    assert_eq!(raw, Some(&b"Tea at four?"[..]));
    let previews = note.previews.as_ref().expect("previews decoded");
    let previews: Vec<Option<&[u8]>> = previews.iter().map(Binary::bytes).collect();
    assert_eq!(previews, [Some(&b"\x89PNG"[..]), Some(&[][..])]);

    // Written back encoded exactly once.
    assert_eq!(encode(&note), payload);

    // Raw bytes set in code are encoded once, in the standard alphabet.
    let upload = NoteAttachment {
        odata_type: None,
        raw_content: Some(Binary::from(vec![0xfb, 0xff, 0xfe])),
        ..NoteAttachment::default()
    };
    assert_eq!(encode(&upload), json!({ "rawContent": "+//+" }));

    // The field's doc comment says it holds raw bytes and where the base64 step happens.
    let doc = field_doc("raw_content");
    assert!(
        doc.contains("raw bytes") && doc.contains("base64"),
        "the doc comment of raw_content should explain the byte handling: {doc}"
    );
}

/// The doc lines just above the first generated field named `field`.
fn field_doc(field: &str) -> String {
    let needle = format!("pub {field}:");
    for text in generated_sources(Path::new(graph_model_cases::GENERATED_DIR)) {
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&needle))
        else {
            continue;
        };
        // Up to the previous field or the struct's opening line.
        let above = lines[..at].iter().rev().map(|l| l.trim_start());
        let above = above.take_while(|l| !l.starts_with("pub ") && !l.ends_with('{'));
        let mut doc: Vec<&str> = above.filter(|l| l.starts_with("///")).collect();
        doc.reverse();
        return doc.join("\n");
    }
    panic!("no generated field `{field}`");
}

/// The text of every generated `.rs` file under `dir`.
fn generated_sources(dir: &Path) -> Vec<String> {
    let mut sources = Vec::new();
    let entries = std::fs::read_dir(dir).expect("the generated folder exists");
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources.extend(generated_sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            sources.push(std::fs::read_to_string(&path).expect("a generated file is readable"));
        }
    }
    sources
}

#[test]
fn c06_instance_annotations_map_to_fields() {
    let payload = json!({
        "@odata.etag": "\"{C3D4-12},9\"",
        "@microsoft.graph.downloadUrl": "https://files.example.net/f-301?sig=k2",
        "id": "f-301",
        "name": "budget.xlsx",
        "@odata.mediaReadLink": "https://files.example.net/f-301/raw",
        "@vendor.traceLevel": 3
    });
    let file: StoredFile = decode(&payload);
    let url = file.download_url.as_deref();
    assert_eq!(url, Some("https://files.example.net/f-301?sig=k2"));
    assert_eq!(file.etag.as_deref(), Some("\"{C3D4-12},9\""));
    assert_eq!(file.name.as_deref(), Some("budget.xlsx"));

    // Unknown `@` keys land in the catch-all, and only they do.
    let extra: Vec<&str> = file.additional_data.keys().map(String::as_str).collect();
    assert_eq!(extra, ["@odata.mediaReadLink", "@vendor.traceLevel"]);
    assert_eq!(file.additional_data["@vendor.traceLevel"], json!(3));

    // Everything is written back under its exact key.
    assert_eq!(encode(&file), payload);

    // With download_url unset, the annotation is not written at all.
    let mut without_url = file.clone();
    without_url.download_url = None;
    let written = encode(&without_url);
    assert!(written.get("@microsoft.graph.downloadUrl").is_none());

    // A write-only annotation set in code goes out under its exact key.
    let upload = StoredFile {
        odata_type: None,
        name: Some("plan.txt".to_owned()),
        conflict_behavior: Some("rename".to_owned()),
        ..StoredFile::default()
    };
    assert_eq!(
        encode(&upload),
        json!({ "name": "plan.txt", "@microsoft.graph.conflictBehavior": "rename" })
    );
}

/// Seconds since the epoch, nanoseconds and UTC offset (seconds) of a timestamp.
fn instant(value: &Option<DateTimeOffset>) -> (i64, u32, i32) {
    let value = value.as_ref().and_then(DateTimeOffset::value);
    let value = value.expect("timestamp decoded");
    let offset = value.offset().local_minus_utc();
    (value.timestamp(), value.timestamp_subsec_nanos(), offset)
}

/// Seconds since the epoch of a UTC date and time.
fn utc_seconds(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    let value = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single();
    value.expect("a valid date").timestamp()
}

#[test]
fn c07_datetimeoffset_variants_parse_exactly() {
    // An error body whose inner date has no offset still decodes into the error type.
    let body = json!({
        "error": {
            "code": "Directory_ObjectMissing",
            "message": "No object 'ghost@fabrikam.example' exists.",
            "innerError": {
                "date": "2024-02-29T18:42:07",
                "request-id": "9f8e7d6c-5b4a-4321-8765-0fedcba98765"
            }
        }
    });
    let error: ServiceError = decode(&body["error"]);
    assert_eq!(error.code.as_deref(), Some("Directory_ObjectMissing"));
    let inner = error.inner_error.as_ref().expect("innerError decoded");
    let request_id = inner.request_id.as_deref();
    assert_eq!(request_id, Some("9f8e7d6c-5b4a-4321-8765-0fedcba98765"));
    let read_as_utc = (utc_seconds(2024, 2, 29, 18, 42, 7), 0, 0);
    assert_eq!(instant(&inner.date), read_as_utc);

    // 7, 0 and 1 fractional digits; `Z`, `+05:30` and no offset.
    let payload = json!({
        "id": "evt-88",
        "createdDateTime": "2019-03-11T07:22:48.1234567Z",
        "lastModifiedDateTime": "2020-10-02T16:45:00Z",
        "startsAt": "2021-02-28T23:59:59.5+05:30",
        "endsAt": "2022-08-15T04:05:06"
    });
    let entry: CalendarEntry = decode(&payload);
    let created = (utc_seconds(2019, 3, 11, 7, 22, 48), 123_456_700, 0);
    assert_eq!(instant(&entry.created_date_time), created);
    let modified = (utc_seconds(2020, 10, 2, 16, 45, 0), 0, 0);
    assert_eq!(instant(&entry.last_modified_date_time), modified);
    let starts = (utc_seconds(2021, 2, 28, 18, 29, 59), 500_000_000, 19_800);
    assert_eq!(instant(&entry.starts_at), starts);
    let ends = (utc_seconds(2022, 8, 15, 4, 5, 6), 0, 0);
    assert_eq!(instant(&entry.ends_at), ends);

    // Written as RFC 3339 with an offset, with no digits lost or added.
    let written = encode(&entry);
    assert_eq!(written["createdDateTime"], "2019-03-11T07:22:48.1234567Z");
    assert_eq!(written["lastModifiedDateTime"], "2020-10-02T16:45:00Z");
    assert_eq!(written["startsAt"], "2021-02-28T23:59:59.5+05:30");
    assert_eq!(written["endsAt"], "2022-08-15T04:05:06Z");
}

/// A duration's signed length in whole seconds; `None` for year or month forms.
fn seconds(value: &Option<Duration>) -> Option<i64> {
    value
        .as_ref()
        .expect("duration decoded")
        .to_time_delta()
        .map(|d| d.num_seconds())
}

#[test]
fn c08_durations_parse_and_write_iso8601() {
    let payload = json!({
        "id": "rr-5",
        "leadOffset": "-PT20M",
        "bookingHorizon": "P180D",
        "slotLength": "PT2H45M",
        "minimumNotice": "P2DT6H"
    });
    let rule: ReminderRule = decode(&payload);
    assert_eq!(seconds(&rule.lead_offset), Some(-20 * 60));
    assert!(rule.lead_offset.as_ref().is_some_and(Duration::is_negative));
    assert_eq!(seconds(&rule.booking_horizon), Some(180 * 86_400));
    assert_eq!(seconds(&rule.slot_length), Some(165 * 60));
    assert_eq!(seconds(&rule.minimum_notice), Some(54 * 3_600));

    // Written back in ISO 8601, the sign kept.
    assert_eq!(encode(&rule), payload);

    // A 90-minute duration set in code is ISO text, never `1:30:00` or a number.
    let update = ReminderRule {
        odata_type: None,
        slot_length: Some(Duration::from_minutes(90)),
        lead_offset: Some(-Duration::from_minutes(15)),
        ..ReminderRule::default()
    };
    assert_eq!(
        encode(&update),
        json!({ "slotLength": "PT1H30M", "leadOffset": "-PT15M" })
    );

    // Other spellings of the same length read as equal and write in the canonical form.
    let minutes: Duration = decode(&json!("PT165M"));
    assert_eq!(Some(&minutes), rule.slot_length.as_ref());
    assert_eq!(encode(&minutes), json!("PT2H45M"));
}

#[test]
fn c09_int64_number_or_string_is_exact() {
    let payload = json!([
        { "id": "b-1", "byteCount": 2_097_152 },
        { "id": "b-2", "byteCount": "9007199254740995" },
        { "id": "b-3", "byteCount": null },
        { "id": "b-4", "chunkSizes": [1, "9223372036854775807", -4] }
    ]);
    let blobs: Vec<BlobItem> = decode(&payload);
    let counts: Vec<Option<i64>> = blobs.iter().map(|b| b.byte_count).collect();
    assert_eq!(
        counts,
        [Some(2_097_152), Some(9_007_199_254_740_995), None, None]
    );
    let chunks = blobs[3].chunk_sizes.as_deref();
    assert_eq!(chunks, Some(&[1, i64::MAX, -4][..]));

    // Written as bare numbers, every digit kept.
    assert_eq!(
        encode(&blobs[0]),
        json!({ "id": "b-1", "byteCount": 2_097_152 })
    );
    let text = serde_json::to_string(&blobs[1]).expect("encodes");
    assert_eq!(text, r#"{"id":"b-2","byteCount":9007199254740995}"#);
    assert_eq!(encode(&blobs[2]), json!({ "id": "b-3", "byteCount": null }));
    let text = serde_json::to_string(&blobs[3]).expect("encodes");
    assert_eq!(
        text,
        r#"{"id":"b-4","chunkSizes":[1,9223372036854775807,-4]}"#
    );

    // A request that declares IEEE754Compatible=true gets the string form, and only it.
    let compatible = graph_runtime::wire::ieee754_compatible(|| {
        serde_json::to_string(&blobs[3]).expect("encodes")
    });
    assert_eq!(
        compatible,
        r#"{"id":"b-4","chunkSizes":["1","9223372036854775807","-4"]}"#
    );
    let text = serde_json::to_string(&blobs[1]).expect("encodes");
    assert_eq!(text, r#"{"id":"b-2","byteCount":9007199254740995}"#);
}

#[test]
fn c14_recursive_relationships_compile_and_chain() {
    let payload = json!({
        "id": "p-1",
        "displayName": "Ada Example",
        "supervisor": {
            "@odata.type": "#microsoft.graph.person",
            "id": "p-2",
            "supervisor": { "@odata.type": "#microsoft.graph.person", "id": "p-3" }
        },
        "directReports": [{ "@odata.type": "#microsoft.graph.person", "id": "p-4" }]
    });
    let first: Person = decode(&payload);
    let Some(AnyPrincipalObject::Person(second)) = &first.supervisor else {
        panic!("the supervisor should be a person: {:?}", first.supervisor);
    };
    assert_eq!(second.id.as_deref(), Some("p-2"));
    let Some(AnyPrincipalObject::Person(third)) = &second.supervisor else {
        panic!(
            "the second supervisor should be a person: {:?}",
            second.supervisor
        );
    };
    assert_eq!(third.id.as_deref(), Some("p-3"));
    assert!(third.supervisor.is_none());
    let reports = first
        .direct_reports
        .as_ref()
        .expect("directReports decoded");
    assert!(matches!(&reports[0], AnyPrincipalObject::Person(p) if p.id.as_deref() == Some("p-4")));
    assert_eq!(encode(&first), payload);

    // Direct and mutual recursion between plain complex types goes through a box.
    let chain = json!({
        "label": "Team lead",
        "fallbackStage": { "label": "Manager", "fallbackStage": { "label": "Director" } },
        "rule": { "ruleName": "Spend over limit", "firstStage": { "label": "Team lead" } }
    });
    let stage: ApprovalStage = decode(&chain);
    let next: &Option<Box<ApprovalStage>> = &stage.fallback_stage;
    let next = next.as_deref().expect("fallbackStage decoded");
    let last = next
        .fallback_stage
        .as_deref()
        .expect("second fallbackStage");
    assert_eq!(last.label.as_deref(), Some("Director"));
    let rule: &Option<Box<ApprovalRule>> = &stage.rule;
    let first_stage = rule.as_deref().and_then(|r| r.first_stage.as_deref());
    assert_eq!(
        first_stage.and_then(|s| s.label.as_deref()),
        Some("Team lead")
    );
    assert_eq!(encode(&stage), chain);
}

#[test]
fn c15_keyword_and_odd_names_round_trip() {
    let payload = json!({
        "type": "X509Certificate",
        "usage": "Verify",
        "key": "+//+",
        "self": "https://keys.example.org/k/4",
        "\"quotedName": "odd but legal",
        "2ndFactor": true,
        "role": "Self"
    });
    let key: SigningKey = decode(&payload);
    assert_eq!(key.r#type.as_deref(), Some("X509Certificate"));
    assert_eq!(key.usage.as_deref(), Some("Verify"));
    assert_eq!(
        key.key.as_ref().and_then(Binary::bytes),
        Some(&[0xfb, 0xff, 0xfe][..])
    );
    assert_eq!(key.self_.as_deref(), Some("https://keys.example.org/k/4"));
    assert_eq!(key.quoted_name.as_deref(), Some("odd but legal"));
    assert_eq!(key._2nd_factor, Some(true));
    assert_eq!(key.role, Some(KeyRole::SelfValue));
    assert!(key.additional_data.is_empty(), "{:?}", key.additional_data);
    assert_eq!(encode(&key), payload);

    // Each field alone is written under its exact original name.
    type Setter = fn(&mut SigningKey);
    let setters: [(&str, Setter); 7] = [
        ("type", |k| k.r#type = Some("x".to_owned())),
        ("usage", |k| k.usage = Some("x".to_owned())),
        ("key", |k| k.key = Some(Binary::from(vec![1]))),
        ("self", |k| k.self_ = Some("x".to_owned())),
        ("\"quotedName", |k| k.quoted_name = Some("x".to_owned())),
        ("2ndFactor", |k| k._2nd_factor = Some(false)),
        ("role", |k| k.role = Some(KeyRole::Async)),
    ];
    for (wire, set) in setters {
        let mut key = SigningKey::default();
        set(&mut key);
        assert_eq!(keys(&encode(&key)), [wire]);
    }

    // Enum members that are keywords keep their wire text both ways.
    let members = [
        ("none", KeyRole::None),
        ("default", KeyRole::Default),
        ("Self", KeyRole::SelfValue),
        ("async", KeyRole::Async),
    ];
    for (wire, member) in members {
        assert_eq!(decode::<KeyRole>(&json!(wire)), member);
        assert_eq!(encode(&member), json!(wire));
        assert_eq!(member.as_str(), wire);
    }
}

#[test]
fn derived_value_written_through_any_carries_its_odata_type() {
    // Even when the caller cleared the discriminator, the polymorphic enum writes it.
    let group = SecurityGroup {
        odata_type: None,
        display_name: Some("Night shift".to_owned()),
        mail_enabled: Some(true),
        ..SecurityGroup::default()
    };
    let written = encode(&AnyPrincipalObject::from(group.clone()));
    let expected = json!({
        "@odata.type": "#microsoft.graph.securityGroup",
        "displayName": "Night shift",
        "mailEnabled": true
    });
    assert_eq!(written, expected);

    // A value built with Default carries it once; reading it back gives the same variant.
    let built = SecurityGroup {
        display_name: Some("Night shift".to_owned()),
        mail_enabled: Some(true),
        ..SecurityGroup::default()
    };
    assert_eq!(encode(&AnyPrincipalObject::from(built)), expected);
    let text = serde_json::to_string(&AnyPrincipalObject::from(group)).expect("encodes");
    assert_eq!(text.matches("@odata.type").count(), 1, "{text}");
    match decode::<AnyPrincipalObject>(&written) {
        AnyPrincipalObject::SecurityGroup(read) => {
            assert_eq!(read.display_name.as_deref(), Some("Night shift"));
        }
        other => panic!("should read back as a securityGroup, got {other:?}"),
    }

    // Inside a collection of the base type as well.
    let person = Person {
        odata_type: None,
        memberships: Some(vec![SecurityGroup::default().into()]),
        ..Person::default()
    };
    let memberships = encode(&person)["memberships"].clone();
    assert_eq!(
        memberships,
        json!([{ "@odata.type": "#microsoft.graph.securityGroup" }])
    );
    assert_eq!(
        PrincipalObject::ODATA_TYPE,
        "#microsoft.graph.principalObject"
    );
}

#[test]
fn clear_writes_null_and_nothing_else_unset() {
    let starts = "2025-06-01T09:00:00Z"
        .parse::<DateTimeOffset>()
        .expect("a timestamp");
    let entry = CalendarEntry {
        odata_type: None,
        starts_at: Some(starts),
        ..CalendarEntry::default()
    };
    let patch = Patch::new(entry).clear("endsAt");
    assert_eq!(
        encode(&patch),
        json!({ "startsAt": "2025-06-01T09:00:00Z", "endsAt": null })
    );

    // Clearing a field that was set sends null instead of the value, once.
    let patch = patch.clear("startsAt");
    assert_eq!(encode(&patch), json!({ "startsAt": null, "endsAt": null }));
    let text = serde_json::to_string(&patch).expect("encodes");
    assert_eq!(text.matches("startsAt").count(), 1);

    // A property the docs do not list can be cleared too.
    let device = FleetDevice {
        odata_type: None,
        ..FleetDevice::default()
    };
    assert_eq!(
        encode(&Patch::new(device).clear("legacyTag")),
        json!({ "legacyTag": null })
    );

    // An untouched value writes nothing at all.
    let empty = SigningKey::default();
    assert_eq!(encode(&empty), json!({}));
}

#[test]
fn clear_then_keep_writes_the_value_once() {
    let mut patch = Patch::new(CalendarEntry {
        odata_type: None,
        ..CalendarEntry::default()
    })
    .clear("endsAt");
    patch.value_mut().ends_at = Some("2025-06-01T10:00:00Z".parse().expect("a timestamp"));
    let patch = patch.keep("endsAt");
    let text = serde_json::to_string(&patch).expect("encodes");
    assert_eq!(text, r#"{"endsAt":"2025-06-01T10:00:00Z"}"#);
}

#[test]
fn read_modify_write_loses_nothing() {
    let payload = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#people/$entity",
        "@odata.etag": "W/\"5\"",
        "id": "p-30",
        "displayName": "Old name",
        "pronouns": "they/them",
        "memberships@odata.nextLink": "https://graph.example/people/p-30/memberships?page=2",
        "memberships": [
            {
                "@odata.type": "#microsoft.graph.securityGroup",
                "id": "grp-2",
                "displayName": "Blue team",
                "visibility": "hiddenMembership",
                "labels": [{ "name": "Internal", "rank": 2 }]
            },
            { "@odata.type": "#microsoft.graph.virtualDesk", "id": "vd-1", "seats": 12 }
        ],
        "supervisor": {
            "@odata.type": "#microsoft.graph.person",
            "id": "p-31",
            "costCenter": null,
            "badge": { "level": 3 }
        }
    });
    let mut person: Person = decode(&payload);
    person.display_name = Some("New name".to_owned());
    let mut expected = payload.clone();
    expected["displayName"] = json!("New name");
    assert_eq!(encode(&person), expected);

    let device_payload = json!({
        "id": "dev-7",
        "channel": "carrierPigeon",
        "pastChannels": ["email", "smokeSignal"],
        "batteryHealth": 0.93,
        "@odata.type": "#microsoft.graph.fleetDevice"
    });
    let mut device: FleetDevice = decode(&device_payload);
    device.device_label = Some("Renamed".to_owned());
    let mut expected = device_payload.clone();
    expected["deviceLabel"] = json!("Renamed");
    assert_eq!(encode(&device), expected);
}

#[test]
fn placeholder_values_are_kept_as_text_in_generated_models() {
    // Pages (and now and then the service) put text that is no timestamp in a
    // DateTimeOffset field; the object still decodes and writes the text back unchanged.
    let payload = json!({
        "id": "evt-89",
        "createdDateTime": "datetime-value",
        "lastModifiedDateTime": "2020-10-02T16:45:00.000Z"
    });
    let (entry, kept) = graph_runtime::edm::watch_unparsed(|| decode::<CalendarEntry>(&payload));
    let created = entry.created_date_time.as_ref().expect("kept");
    assert!(!created.is_valid());
    assert_eq!(created.unparsed(), Some("datetime-value"));
    assert_eq!(kept.len(), 1);
    assert_eq!(encode(&entry), payload);
}

#[test]
fn an_enum_page_without_members_still_types_its_property() {
    // The page lists no member (reported as GD0112); every value is kept as text.
    let swatch: PaletteSwatch = decode(&json!({ "label": "Sea", "shade": "teal" }));
    let shade = swatch.shade.as_ref().expect("the shade is read");
    assert_eq!(shade.as_str(), "teal");
    assert_eq!(*shade, ShadeColor::from("teal"));
    assert_eq!(encode(&swatch), json!({ "label": "Sea", "shade": "teal" }));
}
