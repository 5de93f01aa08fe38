//! Lists the device compliance policies of a tenant, then points the first assignment of
//! one policy at another group.
//!
//! ```sh
//! GRAPH_TOKEN=eyJ0eXAi... cargo run -p graph-bindings --example compliance -- \
//!     <policy-id> <group-id>
//! ```
//!
//! The token needs `DeviceManagementConfiguration.ReadWrite.All`. Without arguments the
//! program only lists the policies.

use graph_bindings::beta::models::{
    AnyDeviceCompliancePolicy, DeviceCompliancePolicyAssignment, GroupAssignmentTarget,
};
use graph_bindings::beta::Client;
use graph_runtime::http;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN").map_err(|_| "set GRAPH_TOKEN to an access token")?;
    let http = http::Client::builder()
        .token_provider(http::StaticToken::new(token))
        .build()?;
    let graph = Client::new(http);
    let policies = graph.device_management().device_compliance_policies();

    // Every policy, page after page; each item is the platform's own type.
    let (all, _) = policies.list().top(50).items().all().await?;
    for policy in &all {
        let (platform, id, name) = match policy {
            AnyDeviceCompliancePolicy::AndroidCompliancePolicy(p) => {
                ("Android", &p.id, &p.display_name)
            }
            AnyDeviceCompliancePolicy::IosCompliancePolicy(p) => ("iOS", &p.id, &p.display_name),
            AnyDeviceCompliancePolicy::Windows10CompliancePolicy(p) => {
                ("Windows 10", &p.id, &p.display_name)
            }
            AnyDeviceCompliancePolicy::DeviceCompliancePolicy(p) => {
                ("other", &p.id, &p.display_name)
            }
            // Other platforms, in docs sets that describe more of them.
            _ => continue,
        };
        println!(
            "{:<40} {platform:<10} {}",
            id.as_deref().unwrap_or("?"),
            name.as_deref().unwrap_or("(no name)")
        );
    }

    let mut args = std::env::args().skip(1);
    let (Some(policy_id), Some(group_id)) = (args.next(), args.next()) else {
        return Ok(());
    };

    // The policy's first assignment now targets the given group.
    let policy = policies.by_id(&policy_id);
    let assignments = policy.assignments().list().send().await?;
    let Some(assignment_id) = assignments.value.first().and_then(|a| a.id.clone()) else {
        println!("policy {policy_id} has no assignment");
        return Ok(());
    };
    let change = DeviceCompliancePolicyAssignment {
        target: Some(
            GroupAssignmentTarget {
                group_id: Some(group_id),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    };
    let updated = policy
        .assignments()
        .by_id(&assignment_id)
        .update(&change)
        .send()
        .await?;
    println!(
        "assignment {} updated",
        updated.id.as_deref().unwrap_or(&assignment_id)
    );
    Ok(())
}
