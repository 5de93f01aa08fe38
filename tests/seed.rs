//! The page this project started from (`../shared/seed/`) documents a PATCH of a device
//! compliance policy assignment whose example body uses a `source` value (`"String"`) that
//! its own member list lacks. That body must decode into the generated type and serialise
//! back to equal JSON, `@odata.type` values and `source` unchanged. `docs-input/` carries
//! the same shape of body in its update page, so the check also runs without `../shared`.
#![cfg(graph_default_docs)]

use graph_bindings::beta::models::{
    AnyDeviceAndAppManagementAssignmentTarget, DeviceAndAppManagementAssignmentSource,
    DeviceCompliancePolicyAssignment,
};
use graph_docgen::model::{ExampleKind, HttpMethod};
use serde_json::Value;

/// The PATCH request bodies of a docs folder.
fn patch_bodies(docs: &std::path::Path) -> Vec<String> {
    let analysis = graph_docgen::Generator::new(docs)
        .analyze()
        .expect("the folder has pages");
    let operations = analysis.model.versions.iter().flat_map(|v| &v.operations);
    let examples = operations.flat_map(|op| &op.examples);
    examples
        .filter(|e| e.kind == ExampleKind::Request && e.method == Some(HttpMethod::Patch))
        .filter(|e| {
            e.url
                .as_deref()
                .is_some_and(|u| u.contains("/assignments/"))
        })
        .filter_map(|e| e.body.clone())
        .collect()
}

fn round_trip(body: &str) -> DeviceCompliancePolicyAssignment {
    let assignment: DeviceCompliancePolicyAssignment =
        serde_json::from_str(body).expect("the body decodes");
    let back = serde_json::to_value(&assignment).expect("it encodes");
    let original: Value = serde_json::from_str(body).expect("the body is JSON");
    assert_eq!(back, original, "the body serialises back unchanged");
    assignment
}

#[test]
fn seed_patch_body_round_trips() {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed");
    if !seed.is_dir() {
        println!(
            "notice: {} is absent; the seed page check is skipped",
            seed.display()
        );
        return;
    }
    let bodies = patch_bodies(&seed);
    assert_eq!(bodies.len(), 1, "the seed page has one PATCH example");
    let assignment = round_trip(&bodies[0]);
    assert_eq!(
        assignment.odata_type.as_deref(),
        Some("#microsoft.graph.deviceCompliancePolicyAssignment")
    );
    // `String` is not a documented member: it is kept as sent.
    assert_eq!(
        assignment.source,
        Some(DeviceAndAppManagementAssignmentSource::Other(
            "String".to_owned()
        ))
    );
    // The abstract target type is named without `#`: no derived type matches, so the base
    // keeps it, spelled as sent.
    let Some(AnyDeviceAndAppManagementAssignmentTarget::DeviceAndAppManagementAssignmentTarget(
        target,
    )) = &assignment.target
    else {
        panic!(
            "the target decodes as the base type: {:?}",
            assignment.target
        );
    };
    assert_eq!(
        target.odata_type.as_deref(),
        Some("microsoft.graph.deviceAndAppManagementAssignmentTarget")
    );
    assert_eq!(assignment.source_id.as_deref(), Some("Source Id value"));
}

#[test]
fn docs_input_patch_body_round_trips() {
    let docs = std::path::Path::new(env!("GRAPH_BINDINGS_DOCS_DIR"));
    let bodies = patch_bodies(docs);
    assert!(
        !bodies.is_empty(),
        "docs-input documents the assignment update"
    );
    for body in &bodies {
        let assignment = round_trip(body);
        assert!(assignment.target.is_some(), "the update sets a target");
    }
}

/// Issue 3: a PATCH through the typed builders can clear a property, and sends nothing for
/// the fields left `None`.
#[tokio::test(flavor = "current_thread")]
async fn a_typed_patch_can_clear_a_property() {
    use graph_bindings::beta::Client;
    use graph_runtime::http::mock::{MockResponse, MockServer, RecordedRequest};
    use graph_runtime::odata::Patch;

    let server =
        MockServer::start(|_: &RecordedRequest| MockResponse::json(200, r#"{"id": "a-1"}"#))
            .await
            .expect("the local server starts");
    let http = graph_runtime::http::Client::builder()
        .service_root(server.url())
        .token("test")
        .build()
        .expect("the client builds");
    let assignment = Client::new(http)
        .device_management()
        .device_compliance_policies()
        .by_id("p-1")
        .assignments()
        .by_id("a-1");
    let body = Patch::new(DeviceCompliancePolicyAssignment::default()).clear("target");
    assignment
        .update(&body)
        .send()
        .await
        .expect("the PATCH is answered");
    // The plain value still works: nothing is cleared.
    let plain = DeviceCompliancePolicyAssignment::default();
    assignment
        .update(&plain)
        .send()
        .await
        .expect("the PATCH is answered");

    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].method, "PATCH");
    assert!(sent[0]
        .path()
        .ends_with("/deviceCompliancePolicies/p-1/assignments/a-1"));
    // A derived type's `Default` carries its `@odata.type`.
    let tag = "#microsoft.graph.deviceCompliancePolicyAssignment";
    let first: Value = serde_json::from_slice(&sent[0].body).expect("JSON");
    assert_eq!(
        first,
        serde_json::json!({ "@odata.type": tag, "target": null })
    );
    let second: Value = serde_json::from_slice(&sent[1].body).expect("JSON");
    assert_eq!(second, serde_json::json!({ "@odata.type": tag }));
}
