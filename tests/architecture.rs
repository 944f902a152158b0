//! The shape of the code, checked: the stages import only from the stages before them, no
//! file imports itself round a cycle, no process-global cache, a thin binary, and files and
//! functions a newcomer can read in one sitting.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path under the crate (`metrics::read`); the crate root is empty.
type Module = Vec<String>;

struct Crate {
    /// Every library file by module path, with its text before any `#[cfg(test)] mod tests`.
    files: BTreeMap<Module, (PathBuf, String)>,
    /// The stages in the order data flows, from `src/N_name` folders and files.
    stages: Vec<String>,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A folder or file name without its stage number: `4_metrics` → `metrics`.
fn unnumbered(name: &str) -> (Option<u32>, String) {
    match name.split_once('_') {
        Some((n, rest)) if n.parse::<u32>().is_ok() => (n.parse().ok(), rest.to_string()),
        _ => (None, name.to_string()),
    }
}

fn read_crate() -> Crate {
    let root = src();
    let mut files = BTreeMap::new();
    let mut stages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&root).unwrap();
        let Some(first) = rel.components().next() else { continue };
        let first = first.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if let (Some(n), name) = unnumbered(&first) {
            stages.insert(n, name);
        }
        if rel.extension().is_none_or(|e| e != "rs") || first == "main" || first == "cli" {
            continue;
        }
        let mut module: Module = rel
            .with_extension("")
            .components()
            .map(|c| unnumbered(&c.as_os_str().to_string_lossy()).1)
            .collect();
        if module.last().is_some_and(|m| m == "mod" || m == "lib") {
            module.pop();
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        files.insert(module, (entry.path().to_path_buf(), code));
    }
    Crate { files, stages: stages.into_values().collect() }
}

/// The paths a file names through `crate::` or `super::`, `use` groups expanded, comments
/// left out.
fn references(code: &str) -> Vec<(bool, Vec<String>)> {
    let code: String =
        code.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let mut out = Vec::new();
    for base in ["crate::", "super::"] {
        let mut at = 0;
        while let Some(i) = code[at..].find(base) {
            let start = at + i;
            at = start + base.len();
            let before = code[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at..];
            let path_len =
                rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            let path = rest[..path_len].trim_end_matches(':');
            let segments: Vec<String> =
                path.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
            if rest[path_len..].starts_with('{') {
                let group = &rest[path_len + 1..];
                let mut depth = 1;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        depth == 0
                    })
                    .map_or(group.len(), |(i, _)| i);
                let (mut depth, mut item) = (0, String::new());
                for c in group[..end].chars().chain([',']) {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            let name: String = item
                                .trim()
                                .chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                                .collect();
                            if !name.is_empty() && name != "self" {
                                let mut full = segments.clone();
                                full.extend(name.split("::").filter(|s| !s.is_empty()).map(str::to_string));
                                out.push((base == "crate::", full));
                            }
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(c);
                }
                continue;
            }
            out.push((base == "crate::", segments));
        }
    }
    out
}

/// The file a path leads to: the longest prefix that is a module of the crate.
fn resolve(krate: &Crate, from: &Module, absolute: bool, segments: &[String]) -> Module {
    let mut full: Module = if absolute { Vec::new() } else { from[..from.len().saturating_sub(1)].to_vec() };
    for s in segments {
        if s == "super" {
            full.pop();
        } else {
            full.push(s.clone());
        }
    }
    while !full.is_empty() && !krate.files.contains_key(&full) {
        full.pop();
    }
    full
}

/// Every file's imports of other files: named paths, and `use child::…` of its own modules.
fn imports(krate: &Crate) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, (_, code)) in &krate.files {
        let mut to = BTreeSet::new();
        for (absolute, segments) in references(code) {
            to.insert(resolve(krate, module, absolute, &segments));
        }
        // A child module is named by its bare name: `use draw::svg;`, `draw::svg(…)`.
        for child in children(code) {
            let mut path = module.clone();
            path.push(child.clone());
            if krate.files.contains_key(&path) && names_module(code, &child) {
                to.insert(path);
            }
        }
        to.remove(module);
        graph.insert(module.clone(), to);
    }
    graph
}

/// The modules a file declares: `mod draw;`, `pub(crate) mod draw;`.
fn children(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix("mod ").or_else(|| line.split_once(" mod ").map(|(_, r)| r))?;
            let name = rest.strip_suffix(';')?;
            name.chars().all(|c| c.is_alphanumeric() || c == '_').then(|| name.to_string())
        })
        .collect()
}

/// Whether the code names the module `child` by a path: `child::…`, not as part of a longer
/// path (`crate::x::child::…`) or word.
fn names_module(code: &str, child: &str) -> bool {
    let needle = format!("{child}::");
    code.lines().filter(|l| !l.trim_start().starts_with("//")).any(|line| {
        line.match_indices(&needle).any(|(i, _)| {
            line[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
        })
    })
}

fn name(module: &Module) -> String {
    if module.is_empty() { "lib.rs".into() } else { module.join("::") }
}

/// Every import from a stage to a later one (the modules outside the numbered stages, such as
/// the pipeline, come after them all).
fn backward_imports(krate: &Crate, graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    let rank = |m: &Module| {
        m.first().and_then(|s| krate.stages.iter().position(|x| x == s)).unwrap_or(krate.stages.len())
    };
    let mut wrong = Vec::new();
    for (from, to) in graph {
        for target in to.iter().filter(|t| rank(t) > rank(from)) {
            wrong.push(format!("{} imports {}", name(from), name(target)));
        }
    }
    wrong
}

/// A cycle of imports, if there is one: depth-first, a file met again while still on the path
/// closes it.
fn find_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        m: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            return Some(path[i..].to_vec());
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.clone());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn stages_import_only_from_the_stages_before_them() {
    let krate = read_crate();
    assert!(krate.stages.len() >= 8, "stages found: {:?}", krate.stages);
    let wrong = backward_imports(&krate, &imports(&krate));
    assert!(wrong.is_empty(), "imports from an earlier stage to a later one:\n{}", wrong.join("\n"));
}

#[test]
fn no_file_imports_itself_round_a_cycle() {
    let krate = read_crate();
    assert!(krate.files.len() > 30, "files found: {}", krate.files.len());
    if let Some(cycle) = find_cycle(&imports(&krate)) {
        let names: Vec<String> = cycle.iter().chain(cycle.first()).map(name).collect();
        panic!("an import cycle: {}", names.join(" → "));
    }
}

#[test]
fn the_checks_see_a_cycle_and_a_backward_import() {
    // The two tests above would pass on a crate they cannot read; here is one with both faults.
    let mut krate = Crate { files: BTreeMap::new(), stages: vec!["input".into(), "metrics".into()] };
    let file = |code: &str| (PathBuf::new(), code.to_string());
    krate.files.insert(vec![], file("pub mod input;"));
    krate.files.insert(vec!["input".into()], file("use crate::metrics::Metric;"));
    krate.files.insert(vec!["input".into(), "yaml".into()], file("pub(crate) fn f() {}"));
    krate.files.insert(vec!["metrics".into(), "draw".into()], file("use super::Metric;"));
    krate.files.insert(
        vec!["metrics".into()],
        file("mod draw;\nuse crate::input::{Diagnostic, yaml::Yaml};\nfn f() { draw::svg(); }"),
    );
    let graph = imports(&krate);
    let m = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
    assert_eq!(graph[&m("metrics")], BTreeSet::from([m("input"), m("input::yaml"), m("metrics::draw")]));
    assert_eq!(graph[&m("metrics::draw")], BTreeSet::from([m("metrics")]));
    assert_eq!(backward_imports(&krate, &graph), vec!["input imports metrics"]);
    assert_eq!(find_cycle(&graph), Some(vec![m("input"), m("metrics")]));
}

/// The `static`s that hold no state: values computed once from what the binary carries, and
/// the fuzz harness's example paper, read once and never changed.
const CONSTANT_STATICS: &[&str] =
    &["static MEASURE:", "static METRICS:", "static OPTIONS:", "static EXAMPLE:"];

#[test]
fn no_process_global_cache() {
    let krate = read_crate();
    let mut found = Vec::new();
    for (path, code) in krate.files.values() {
        for (i, line) in code.lines().enumerate() {
            let t = line.trim_start();
            let lazy =
                ["OnceLock", "LazyLock", "Mutex", "RwLock", "Cell", "Atomic"].iter().any(|w| t.contains(w));
            if t.starts_with("static ")
                && (lazy || t.starts_with("static mut"))
                && !CONSTANT_STATICS.iter().any(|s| t.starts_with(s))
            {
                found.push(format!("{}:{}: {}", path.display(), i + 1, t));
            }
        }
    }
    assert!(
        found.is_empty(),
        "state kept in a `static`; give it to the value that owns it:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_binary_is_thin() {
    let main = std::fs::read_to_string(src().join("main.rs")).unwrap();
    let lines = main.lines().count();
    assert!(lines < 30, "`src/main.rs` has {lines} lines; the commands belong in `src/cli/`");
}

/// Every `.rs` file of `src/` (binary included), with its text before any test module.
fn all_sources() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let code = text.find("#[cfg(test)]\nmod tests").map_or(text.clone(), |i| text[..i].to_string());
            out.push((entry.path().to_path_buf(), code));
        }
    }
    out
}

/// The functions of a file longer than `limit` lines, by name and length: from the line that
/// names the function to the `}` at its indentation.
fn long_functions(code: &str, limit: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let signature = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn ", "const fn "]
            .iter()
            .find_map(|p| body.strip_prefix(p));
        if let Some(rest) = signature {
            let close = format!("{indent}}}");
            let end = (i..lines.len()).find(|&j| lines[j] == close).unwrap_or(i);
            if end - i + 1 > limit {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.push((name, end - i + 1));
            }
            if end > i {
                i = end;
            }
        }
        i += 1;
    }
    found
}

#[test]
fn files_and_functions_are_readable_in_one_sitting() {
    const FILE_LINES: usize = 420;
    const FUNCTION_LINES: usize = 80;
    let mut wrong = Vec::new();
    for (path, code) in all_sources() {
        let rel = path.strip_prefix(src()).unwrap().display().to_string();
        let n = code.lines().count();
        if n > FILE_LINES {
            wrong.push(format!("{rel}: {n} lines (split it by what its parts do)"));
        }
        for (name, n) in long_functions(&code, FUNCTION_LINES) {
            wrong.push(format!("{rel}: `{name}` has {n} lines"));
        }
    }
    assert!(
        wrong.is_empty(),
        "files over {FILE_LINES} lines, functions over {FUNCTION_LINES}:\n{}",
        wrong.join("\n")
    );
}

/// What reads or looks at the disk: a paper's files are read through `input::files::Files`,
/// and only the input and output stages touch the disk.
const DISK: &[&str] = &[
    "std::fs",
    "walkdir",
    "canonicalize(",
    "read_dir(",
    "symlink_metadata(",
    ".is_dir()",
    ".is_file()",
    ".exists()",
    "File::open(",
    "File::create(",
];

/// Files outside the input and output stages that touch the disk, and why they may.
const DISK_ALLOWED: &[(&str, &str)] = &[
    ("init.rs", "`gazette init` writes a new paper and reads none"),
    ("cli/hosts.rs", "reads the machine's `/etc/hosts`, not the paper"),
    ("cli/progress.rs", "reads the process's own memory use from `/proc`"),
];

/// The lines of `code` that touch the disk.
fn disk_access(code: &str) -> Vec<(usize, String)> {
    code.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//") && DISK.iter().any(|d| l.contains(d)))
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .collect()
}

#[test]
fn only_input_and_output_touch_the_disk() {
    let mut found = Vec::new();
    for (path, code) in all_sources() {
        let rel = path.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
        let stage = rel.starts_with("1_input/") || rel.starts_with("8_output/");
        if stage || DISK_ALLOWED.iter().any(|(f, _)| *f == rel) {
            continue;
        }
        found.extend(disk_access(&code).into_iter().map(|(n, l)| format!("{rel}:{n}: {l}")));
    }
    assert!(
        found.is_empty(),
        "the disk touched outside the input and output stages; read the paper through `Files`:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_disk_check_sees_a_read() {
    let code = "fn f() {\n    // std::fs in a comment\n    let t = std::fs::read_to_string(p);\n    if p.is_dir() {}\n}\n";
    assert_eq!(disk_access(code).iter().map(|(n, _)| *n).collect::<Vec<_>>(), [3, 4]);
}

#[test]
fn the_size_check_sees_a_long_function() {
    let long = format!("fn short() {{\n}}\n\npub(crate) fn long() {{\n{}}}\n", "    x();\n".repeat(90));
    assert_eq!(long_functions(&long, 80), vec![("long".to_string(), 92)]);
}

#[test]
fn each_subcommand_of_the_binary_is_a_short_file() {
    for name in ["build", "check", "diff", "init", "serve"] {
        let text = std::fs::read_to_string(src().join("cli").join(format!("{name}.rs"))).unwrap();
        let n = text.lines().count();
        assert!(n <= 110, "`src/cli/{name}.rs` has {n} lines; what it shares with others belongs beside it");
    }
}

/// Versions known to be open to attack by a file from outside, for the crates that read
/// workbooks (and, later, Word copies sent back): `(crate, first fixed version, advisory)`.
/// The build machines cannot fetch the advisory database, so this list is kept by hand: add
/// to it when an advisory is published for a crate below.
const ADVISORIES: &[(&str, (u64, u64, u64), &str)] = &[
    ("quick-xml", (0, 41, 0), "RUSTSEC-2026-0194 (quadratic duplicate-attribute check), RUSTSEC-2026-0195"),
    ("calamine", (0, 36, 0), "pins quick-xml below 0.41 (RUSTSEC-2026-0194/0195)"),
];

/// The crates that read files from outside the paper's author: workbooks and Word copies.
const READERS: &[&str] = &["gazette", "calamine", "zip"];

#[test]
fn no_crate_that_reads_outside_files_is_a_version_with_a_known_advisory() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    // Each package: its name, version and dependencies (`quick-xml 0.42.0` where two versions
    // of a crate are in the lock, `quick-xml` where one is).
    let mut packages: Vec<(String, String, Vec<String>)> = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
                .map(|v| v.trim_end_matches('"').to_string())
        };
        let deps = block
            .split("dependencies = [")
            .nth(1)
            .map(|d| {
                d.split(']')
                    .next()
                    .unwrap_or("")
                    .lines()
                    .map(|l| l.trim().trim_matches([',', '"']).to_string())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        packages.push((field("name").unwrap_or_default(), field("version").unwrap_or_default(), deps));
    }
    let version = |v: &str| -> (u64, u64, u64) {
        let mut it = v.split(['.', '-']).map(|p| p.parse().unwrap_or(0));
        (it.next().unwrap_or(0), it.next().unwrap_or(0), it.next().unwrap_or(0))
    };
    let resolve = |dep: &str| -> Option<(String, String)> {
        let (name, pinned) = dep.split_once(' ').map_or((dep, None), |(n, v)| (n, Some(v)));
        packages
            .iter()
            .find(|(n, v, _)| n == name && pinned.is_none_or(|p| p == v))
            .map(|(n, v, _)| (n.clone(), v.clone()))
    };
    let mut wrong = Vec::new();
    for (name, v, deps) in packages.iter().filter(|(n, _, _)| READERS.contains(&n.as_str())) {
        let used = std::iter::once((name.clone(), v.clone())).chain(deps.iter().filter_map(|d| resolve(d)));
        for (dep, dep_version) in used {
            if let Some((_, fixed, why)) = ADVISORIES.iter().find(|(c, _, _)| *c == dep)
                && version(&dep_version) < *fixed
            {
                wrong.push(format!("{name} {v} uses {dep} {dep_version}: {why}"));
            }
        }
    }
    assert!(wrong.is_empty(), "crates that read outside files have known advisories:\n{}", wrong.join("\n"));
}

/// The versions of each package a `Cargo.lock` holds, by name.
fn locked(lock: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|l| {
                l.strip_prefix(key)?.strip_prefix(" = \"")?.strip_suffix('"').map(str::to_string)
            })
        };
        if let (Some(name), Some(version)) = (field("name"), field("version")) {
            out.entry(name).or_default().insert(version);
        }
    }
    out
}

/// The fuzz build has its own `Cargo.lock`, which `scripts/fuzz` reads with `--locked`: a
/// dependency added to gazette and not to it fails CI's fuzz step on a fresh machine.
#[test]
fn the_fuzz_build_locks_every_dependency_gazette_has() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let main = locked(&std::fs::read_to_string(root.join("Cargo.lock")).unwrap());
    let fuzz = locked(&std::fs::read_to_string(root.join("fuzz/Cargo.lock")).unwrap());
    let section = manifest.split("\n[dependencies]\n").nth(1).unwrap().split("\n[").next().unwrap();
    let mut wrong = Vec::new();
    for line in section.lines().filter(|l| !l.starts_with('#') && !l.contains("optional = true")) {
        let Some((name, _)) = line.split_once(" = ") else { continue };
        let name = name.trim();
        match (main.get(name), fuzz.get(name)) {
            (Some(want), Some(have)) if want.is_subset(have) || want.len() > 1 => {}
            (Some(want), have) => {
                wrong.push(format!("{name}: {want:?} in Cargo.lock, {have:?} in fuzz/Cargo.lock"));
            }
            (None, _) => wrong.push(format!("{name}: not in Cargo.lock")),
        }
    }
    assert!(
        wrong.is_empty(),
        "update fuzz/Cargo.lock (`cd fuzz && cargo update -p gazette`):\n{}",
        wrong.join("\n")
    );
}
