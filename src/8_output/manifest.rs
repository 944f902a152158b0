//! `output/manifest.json`: every output file with its size and SHA-256, so a reviewer or a
//! publishing script can see at a glance what a build changed.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::output::Files;

/// The manifest's path under `output/`.
pub(crate) const FILE: &str = "manifest.json";

/// Adds the manifest of `files` (all but itself) to `files`, with the `workbooks` the figures
/// were read from (path → SHA-256), so that a diff of two manifests shows when the data changed.
pub(crate) fn add(files: &mut Files, workbooks: &std::collections::BTreeMap<String, String>) {
    let entries: Vec<serde_json::Value> = files
        .iter()
        .filter(|(path, _)| path.as_str() != FILE)
        .map(|(path, bytes)| {
            let digest = Sha256::digest(bytes);
            let mut hex = String::with_capacity(64);
            for b in digest {
                let _ = write!(hex, "{b:02x}");
            }
            serde_json::json!({ "path": path, "bytes": bytes.len(), "sha256": hex })
        })
        .collect();
    let mut doc = serde_json::json!({
        "generator": concat!("gazette ", env!("CARGO_PKG_VERSION")),
        "files": entries,
    });
    if !workbooks.is_empty() {
        let sources: Vec<serde_json::Value> = workbooks
            .iter()
            .map(|(path, sha256)| serde_json::json!({ "path": path, "sha256": sha256 }))
            .collect();
        doc["workbooks"] = serde_json::Value::Array(sources);
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    files.insert(FILE.to_string(), text.into_bytes());
}

/// Each file's SHA-256 as the manifest among `files` lists it, by path; none without one.
pub(crate) fn digests(files: &Files) -> std::collections::BTreeMap<String, String> {
    let Some(doc) = files.get(FILE).and_then(|m| serde_json::from_slice::<serde_json::Value>(m).ok()) else {
        return Default::default();
    };
    let listed = doc["files"].as_array().map(Vec::as_slice).unwrap_or_default();
    listed
        .iter()
        .filter_map(|f| Some((f["path"].as_str()?.to_string(), f["sha256"].as_str()?.to_string())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_file_with_its_digest() {
        let mut files = Files::new();
        files.insert("site/index.html".into(), b"abc".to_vec());
        add(&mut files, &Default::default());
        let doc: serde_json::Value = serde_json::from_slice(&files[FILE]).unwrap();
        assert_eq!(doc["files"][0]["path"], "site/index.html");
        assert_eq!(
            doc["files"][0]["sha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(doc["files"].as_array().unwrap().len(), 1);
    }
}
