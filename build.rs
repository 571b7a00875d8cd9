//! Embeds every `rules/*.toml` (but the guidance catalogue and the roles, embedded on their own)
//! in the binary, so a new rule file needs no Rust change and the binary needs no files beside it.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<String> = fs::read_dir("rules")
        .expect("the rules/ folder is part of the crate")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && n != "guidance.toml" && n != "roles.toml")
        .collect();
    files.sort();
    let mut out = String::from("/// Built-in rule files: (name, text), in file-name order.\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=rules/{f}");
        out.push_str(&format!(
            "    (\"rules/{f}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{f}\"))),\n"
        ));
    }
    out.push_str("];\n");
    let dest =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
