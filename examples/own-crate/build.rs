// The whole build script of a crate that wants Graph models: point the generator at a docs
// folder and write into OUT_DIR.
fn main() {
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("graph");
    graph_docgen::Generator::new("../../docs-input")
        .out_dir(out)
        .generate()
        .expect("the docs folder can be read")
        .print_cargo_directives();
}
