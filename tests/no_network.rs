//! postcheck never opens a network connection: drafts and what they contain stay on the
//! machine. No crate that speaks to the network may enter the dependency graph (dev and build
//! dependencies included), so this test reads Cargo.lock for the known ones.

/// Crates whose job is the network: HTTP clients and servers, TLS, async runtimes with sockets,
/// DNS, WebSockets, raw sockets.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "h2",
    "h3",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "minreq",
    "openssl",
    "openssl-sys",
    "native-tls",
    "rustls",
    "tokio-rustls",
    "tokio",
    "async-std",
    "socket2",
    "tungstenite",
    "tokio-tungstenite",
    "trust-dns-resolver",
    "hickory-resolver",
    "quinn",
    "libssh2-sys",
    "ssh2",
    "git2",
    "lettre",
    "awc",
    "actix-web",
    "axum",
    "warp",
    "tiny_http",
];

#[test]
fn cargo_lock_has_no_network_crate() {
    let lock = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"));
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(
        names.contains(&"postcheck"),
        "Cargo.lock lists the packages"
    );
    let found: Vec<&&str> = names
        .iter()
        .filter(|n| NETWORK_CRATES.contains(n))
        .collect();
    assert!(
        found.is_empty(),
        "postcheck must never open a network connection, but Cargo.lock has {found:?}"
    );
}
