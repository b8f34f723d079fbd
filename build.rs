//! Rebuilds the binary when the standard it embeds changes.
fn main() {
    println!("cargo:rerun-if-changed=standard-forms");
}
