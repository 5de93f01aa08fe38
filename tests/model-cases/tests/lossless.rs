//! Property test: any payload of documented members (each set, `null` or absent) and members
//! the docs do not list (any JSON, `null` included) decodes and writes back unchanged.

use graph_model_cases::v1_0::models::{BlobItem, FleetDevice};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z0-9 @.]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z@.]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A member that is absent (`None`), `null`, or a value from `value`.
fn member(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![Just(None), Just(Some(Value::Null)), value.prop_map(Some)]
}

/// An object of the documented `members` and up to four others (names with an `x-` prefix,
/// which no fixture type documents).
fn payload(members: Vec<(&'static str, BoxedStrategy<Value>)>) -> impl Strategy<Value = Value> {
    let names: Vec<&'static str> = members.iter().map(|(name, _)| *name).collect();
    let values: Vec<_> = members
        .into_iter()
        .map(|(_, value)| member(value))
        .collect();
    let others = prop::collection::btree_map("x-[a-z@.]{1,8}", any_json(), 0..4);
    (values, others).prop_map(move |(values, others)| {
        let mut object = Map::new();
        for (name, value) in names.iter().zip(values) {
            if let Some(value) = value {
                object.insert((*name).to_owned(), value);
            }
        }
        object.extend(others);
        Value::Object(object)
    })
}

fn round_trip<T: DeserializeOwned + Serialize>(input: &Value) -> Value {
    let decoded: T = serde_json::from_value(input.clone()).expect("the payload decodes");
    serde_json::to_value(&decoded).expect("the value encodes")
}

fn channel() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::from("portal")),
        Just(Value::from("unknownFutureValue")),
        "[a-z]{1,10}".prop_map(Value::from),
    ]
    .boxed()
}

proptest! {
    #[test]
    fn fleet_devices_round_trip(input in payload(vec![
        ("id", "[a-z0-9-]{1,8}".prop_map(Value::from).boxed()),
        ("@odata.etag", "W/\"[0-9]{1,3}\"".prop_map(Value::from).boxed()),
        ("@odata.type", Just(Value::from("#microsoft.graph.fleetDevice")).boxed()),
        ("deviceLabel", "[A-Z0-9-]{0,10}".prop_map(Value::from).boxed()),
        ("channel", channel()),
        ("enrollment", "[a-z]{1,10}".prop_map(Value::from).boxed()),
        ("pastChannels", prop::collection::vec(channel(), 0..3).prop_map(Value::from).boxed()),
    ])) {
        prop_assert_eq!(round_trip::<FleetDevice>(&input), input);
    }

    #[test]
    fn blob_items_round_trip(input in payload(vec![
        ("id", "[a-z0-9-]{1,8}".prop_map(Value::from).boxed()),
        ("byteCount", any::<i64>().prop_map(Value::from).boxed()),
        ("chunkSizes", prop::collection::vec(any::<i64>(), 0..3).prop_map(Value::from).boxed()),
    ])) {
        prop_assert_eq!(round_trip::<BlobItem>(&input), input);
    }
}
