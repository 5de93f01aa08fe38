//! Reads a device compliance policy assignment, changes it, and writes it back, using
//! models generated at build time from `docs-input/`.

use graph_docgen_example::graph::beta::models::{
    AnyDeviceAndAppManagementAssignmentTarget, DeviceCompliancePolicyAssignment,
};

fn main() -> Result<(), serde_json::Error> {
    let payload = r##"{
        "@odata.type": "#microsoft.graph.deviceCompliancePolicyAssignment",
        "id": "a1b2c3d4-0000-4000-8000-000000000001",
        "target": {
            "@odata.type": "#microsoft.graph.groupAssignmentTarget",
            "groupId": "9c4f7c0e-1111-4a2b-9c3d-5e6f7a8b9c0d"
        },
        "source": "direct"
    }"##;
    let mut assignment: DeviceCompliancePolicyAssignment = serde_json::from_str(payload)?;
    if let Some(AnyDeviceAndAppManagementAssignmentTarget::GroupAssignmentTarget(group)) =
        &assignment.target
    {
        println!(
            "assigned to group {}",
            group.group_id.as_deref().unwrap_or("?")
        );
    }
    assignment.source_id = Some("manual-review".to_owned());
    println!("{}", serde_json::to_string_pretty(&assignment)?);
    Ok(())
}
