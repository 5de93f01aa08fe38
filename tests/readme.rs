//! README's complete program is `generated/examples/compliance.rs`, which the workspace
//! builds; this keeps the two the same text.

use std::fs;
use std::path::Path;

#[test]
fn readme_program_is_the_built_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let example =
        fs::read_to_string(root.join("generated/examples/compliance.rs")).expect("the example");
    let start = readme
        .find("```rust,ignore\n//! Lists the device compliance policies")
        .expect("README shows the compliance program");
    let body = &readme[start + "```rust,ignore\n".len()..];
    let end = body.find("\n```\n").expect("the program's block is closed");
    assert_eq!(
        &body[..=end],
        example,
        "README's program differs from the example file"
    );
}
