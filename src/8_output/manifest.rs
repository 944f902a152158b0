//! `output/manifest.json`: every output file with its size and SHA-256, so a reviewer or a
//! publishing script can see at a glance what a build changed.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use std::collections::BTreeMap;

use crate::output::Files;

/// Each file's SHA-256 by path, as a manifest lists it ([`digests`]).
pub(crate) type Digests = BTreeMap<String, String>;

/// The manifest's path under `output/`.
pub(crate) const FILE: &str = super::MANIFEST;

/// Files as a manifest lists them, by path: size and SHA-256.
pub(crate) type Listed = BTreeMap<String, (u64, String)>;

/// Adds the manifest of `files` (all but itself) and of the `carried` files to `files`, with
/// the `workbooks` the figures were read from (path → SHA-256), so that a diff of two
/// manifests shows when the data changed. The files of `known` are listed with the digest
/// given there, not hashed again: it names only files whose bytes are known to have it (just
/// hashed, or untouched since the last manifest listed them).
pub(crate) fn add(
    files: &mut Files,
    carried: &Listed,
    workbooks: &BTreeMap<String, String>,
    known: &Digests,
) {
    use rayon::prelude::*;
    let listed: Vec<(&String, &Vec<u8>)> = files.iter().filter(|(path, _)| path.as_str() != FILE).collect();
    let mut entries: Vec<(&String, u64, String)> = listed
        .par_iter()
        .map(|(path, bytes)| {
            let hex = known.get(*path).cloned().unwrap_or_else(|| {
                let mut hex = String::with_capacity(64);
                for b in Sha256::digest(bytes) {
                    let _ = write!(hex, "{b:02x}");
                }
                hex
            });
            (*path, bytes.len() as u64, hex)
        })
        .collect();
    entries.extend(
        carried.iter().filter(|(path, _)| !files.contains_key(*path)).map(|(p, (n, h))| (p, *n, h.clone())),
    );
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let entries: Vec<serde_json::Value> = entries
        .into_iter()
        .map(|(path, bytes, sha256)| serde_json::json!({ "path": path, "bytes": bytes, "sha256": sha256 }))
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
pub(crate) fn digests(files: &Files) -> Digests {
    files
        .get(FILE)
        .map(|m| listed(m).into_iter().map(|(path, _, sha256)| (path, sha256)).collect())
        .unwrap_or_default()
}

/// The files a manifest's text lists: path, size and SHA-256; none when it cannot be read.
pub(crate) fn listed(manifest: &[u8]) -> Vec<(String, u64, String)> {
    let Ok(doc) = serde_json::from_slice::<serde_json::Value>(manifest) else { return Vec::new() };
    let files = doc["files"].as_array().map(Vec::as_slice).unwrap_or_default();
    files
        .iter()
        .filter_map(|f| {
            Some((f["path"].as_str()?.to_string(), f["bytes"].as_u64()?, f["sha256"].as_str()?.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_file_with_its_digest() {
        let mut files = Files::new();
        files.insert("site/index.html".into(), b"abc".to_vec());
        // A file kept from the last build unread, listed in its place with its size and digest.
        let carried = Listed::from([("paper.pdf".to_string(), (5, "0f".repeat(32)))]);
        add(&mut files, &carried, &Default::default(), &Default::default());
        let doc: serde_json::Value = serde_json::from_slice(&files[FILE]).unwrap();
        assert_eq!(doc["files"][0]["path"], "paper.pdf");
        assert_eq!(
            (&doc["files"][0]["bytes"], &doc["files"][0]["sha256"]),
            (&5.into(), &"0f".repeat(32).into())
        );
        assert_eq!(doc["files"][1]["path"], "site/index.html");
        assert_eq!(
            doc["files"][1]["sha256"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(doc["files"].as_array().unwrap().len(), 2);
    }
}
