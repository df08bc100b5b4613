//! The shape of the source tree, as ARCHITECTURE.md states it, checked on the source files themselves:
//!
//! - layers point one way: a module of the library never names a module of a higher layer (`crate::…` paths in
//!   code, `use` lists included; comments and doc links aside);
//! - the command-line modules form no cycle (no module imports a module that imports it, directly or through
//!   others);
//! - `build.rs` reaches the library only through the base `facts` module;
//! - no file in `src/` is over 800 lines and no function over 100 (functions in `#[cfg(test)]` modules aside).
//!
//! These read files as text, which is enough for code that `cargo fmt` formats: every check here is a few lines of
//! plain matching, and each is tested below on a small made-up file so that it cannot pass by matching nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The library's layers, bottom to top, and the top-level modules (or root re-exports) in each.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["error", "position", "safe_write", "facts"]),
    ("glossary", &["glossary"]),
    ("import", &["import"]),
    ("loader", &["loader"]),
    ("engine", &["engine"]),
    ("quality", &["quality"]),
    ("front ends", &["markup", "suppress", "corpus", "config"]),
];

/// How long a source file and a function may be.
const MAX_FILE_LINES: usize = 800;
const MAX_FUNCTION_LINES: usize = 100;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("source folders are readable") {
            let path = entry.expect("source folders are readable").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The layer index of a top-level library module, if it has one.
fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// Root re-exports (`pub use engine::{Engine, …};` in lib.rs): the module each re-exported name comes from.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in use_statements(lib) {
        let Some(rest) = statement.strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        let items = items.trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.split(" as ").last().unwrap_or(item).trim();
            if !name.is_empty() {
                names.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    names
}

/// The source without comments (line comments, doc comments, and block comments), so that doc links to higher
/// layers do not count as uses.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if in_block {
            in_block = !trimmed.contains("*/");
            out.push('\n');
            continue;
        }
        if trimmed.starts_with("/*") {
            in_block = !trimmed.contains("*/");
            out.push('\n');
            continue;
        }
        if trimmed.starts_with("//") {
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every `use …;` statement of `source` (comments removed), with white space folded.
fn use_statements(source: &str) -> Vec<String> {
    let code = code_only(source);
    let mut statements = Vec::new();
    let mut rest = code.as_str();
    while let Some(start) = find_use(rest) {
        let tail = &rest[start..];
        let end = tail.find(';').unwrap_or(tail.len());
        statements.push(tail[..end].split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &tail[end..];
    }
    statements
}

/// Where the next `use ` or `pub use ` / `pub(crate) use ` statement starts (at the start of a line).
fn find_use(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let is_use = trimmed.starts_with("use ")
            || ["pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .any(|p| trimmed.starts_with(p));
        if is_use {
            return Some(offset + indent);
        }
        offset += line.len();
    }
    None
}

/// The first path segment after every `crate::` in `source`'s code, `use crate::{a::…, b::…}` lists expanded.
fn crate_references(source: &str) -> BTreeSet<String> {
    let code = code_only(source);
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `mycrate::`
        }
        if let Some(list) = rest.strip_prefix('{') {
            for item in top_level_items(list) {
                found.insert(first_segment(item.trim()));
            }
        } else {
            found.insert(first_segment(rest));
        }
    }
    found.retain(|s| !s.is_empty());
    found
}

/// The comma-separated items of a `{…}` list whose opening brace was just passed, nested lists kept whole.
fn top_level_items(list: &str) -> Vec<&str> {
    let mut depth = 0;
    let mut items = Vec::new();
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&list[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn first_segment(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level module a library file belongs to (`src/engine/scan/term.rs` → `engine`), or `None` for lib.rs.
fn module_of(file: &Path, src: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// Every reference from a library file to a module of a higher layer, as `file: module (layer) → target (layer)`.
fn upward_references(src: &Path) -> Vec<String> {
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs is readable");
    let reexports = root_reexports(&lib);
    let mut violations = Vec::new();
    for file in rust_files(src) {
        if file.starts_with(src.join("cli")) {
            continue; // the binary's front end: the top layer, it may use everything
        }
        let Some(module) = module_of(&file, src) else {
            continue;
        };
        let own = layer_of(&module)
            .unwrap_or_else(|| panic!("{}: module `{module}` has no layer", file.display()));
        let source = fs::read_to_string(&file).expect("source files are readable");
        for target in crate_references(&source) {
            let target_module = reexports.get(&target).cloned().unwrap_or(target.clone());
            let Some(theirs) = layer_of(&target_module) else {
                continue; // a root item that is not a module (a macro, a constant)
            };
            if theirs > own {
                violations.push(format!(
                    "{}: `{module}` ({}) uses `crate::{target}` ({})",
                    file.display(),
                    LAYERS[own].0,
                    LAYERS[theirs].0
                ));
            }
        }
    }
    violations
}

#[test]
fn lower_layers_never_use_higher_ones() {
    let violations = upward_references(&root().join("src"));
    assert!(
        violations.is_empty(),
        "layers must point one way (see ARCHITECTURE.md):\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_library_module_has_a_layer() {
    let src = root().join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs is readable");
    for statement in code_only(&lib).lines() {
        if let Some(name) = statement.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                layer_of(name).is_some(),
                "lib.rs: `{name}` has no layer in tests/architecture.rs"
            );
        }
    }
}

/// The uses between the command-line modules, as a graph from each module (`report/json`) to the modules it names
/// through `super::…`, `self::…` or `crate::cli::…` paths (`use` lists expanded). A module's own ancestors and
/// descendants do not count: a parent declares its children, and a child may use what its parent re-exports.
fn cli_graph(cli: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(cli);
    let module_of = |file: &Path| -> Vec<String> {
        let relative = file
            .strip_prefix(cli)
            .expect("below cli/")
            .with_extension("");
        let mut parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        parts
    };
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(file);
        let source = code_only(&fs::read_to_string(file).expect("readable"));
        let mut uses = BTreeSet::new();
        for path in relative_paths(&source, &module) {
            // The longest known module the path names.
            let Some(target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|prefix| modules.contains(prefix))
            else {
                continue;
            };
            let related = target.starts_with(&module) || module.starts_with(&target);
            if !related {
                uses.insert(target.join("/"));
            }
        }
        graph.insert(module.join("/"), uses);
    }
    graph
}

/// Every module path that `source` (in module `module`, as segments below `cli`) names with `super::`, `self::` or
/// `crate::cli::`, resolved to segments below `cli`, with `{…}` lists expanded.
fn relative_paths(source: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes = source.as_bytes();
    let starts = source
        .match_indices("super::")
        .chain(source.match_indices("self::"))
        .chain(source.match_indices("crate::cli::"));
    for (at, _) in starts {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'{')
        {
            continue; // inside a longer path or a list, which the path's start resolves
        }
        let rest = &source[at..];
        match rest.strip_prefix("crate::cli::") {
            Some(tail) => resolve(Vec::new(), tail, &mut paths),
            None => resolve(module.to_vec(), rest, &mut paths),
        }
    }
    paths
}

/// Resolves the path `rest` (which may start with `super::` and `self::` and hold `{…}` lists) from module `base`.
fn resolve(mut base: Vec<String>, mut rest: &str, paths: &mut Vec<Vec<String>>) {
    loop {
        if let Some(tail) = rest.strip_prefix("super::") {
            base.pop();
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix("self::") {
            rest = tail;
        } else {
            break;
        }
    }
    if let Some(list) = rest.strip_prefix('{') {
        for item in top_level_items(list) {
            resolve(base.clone(), item.trim(), paths);
        }
        return;
    }
    for segment in rest.split("::") {
        if segment.starts_with('{') {
            // `a::{b, c}`: the list starts here; hand the rest of the text to the list.
            let offset = rest.find('{').map_or(rest.len(), |i| i + 1);
            for item in top_level_items(&rest[offset..]) {
                resolve(base.clone(), item.trim(), paths);
            }
            return;
        }
        let name = first_segment(segment);
        if name.is_empty() {
            break;
        }
        base.push(name);
        if segment.len() != base.last().map_or(0, String::len) {
            break; // the path ended inside this segment (`x;`, `x,`, `x}`)
        }
    }
    paths.push(base);
}

/// A cycle of uses, as `a -> b -> … -> a`, if the graph has one. A module counts as using its children (it declares
/// them), so `commands/check -> report` and `report/status -> commands/check` close a cycle through `report`.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    let mut edges = graph.clone();
    for module in graph.keys() {
        if let Some((parent, _)) = module.rsplit_once('/') {
            edges
                .entry(parent.to_owned())
                .or_default()
                .insert(module.clone());
        }
    }
    // Depth-first search; `path` is the chain of modules being visited.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle.join(" -> "));
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| visit(start, &edges, &mut done, &mut Vec::new()))
}

#[test]
fn command_line_modules_form_no_cycle() {
    let graph = cli_graph(&root().join("src/cli"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("command-line modules that import each other, through: {cycle}");
    }
}

#[test]
fn build_script_reaches_only_the_facts_module() {
    let build = fs::read_to_string(root().join("build.rs")).expect("build.rs is readable");
    for line in build
        .lines()
        .filter(|l| l.trim_start().starts_with("#[path"))
    {
        assert!(
            line.contains("\"src/facts") || line.contains("\"build/"),
            "build.rs may include only src/facts and build/: {line}"
        );
    }
}

/// Functions over the limit in `source`, as `name (lines)`, test modules aside. A function runs from its `fn` line
/// to the first line that closes it at the same indentation (the shape `cargo fmt` gives every function).
fn long_functions(source: &str) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut long = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = &line[..line.len() - line.trim_start().len()];
        let trimmed = line.trim_start();
        if trimmed.starts_with("mod tests") && trimmed.ends_with('{') {
            i = closing_line(&lines, i, indent).map_or(lines.len(), |end| end + 1);
            continue;
        }
        if let Some(name) = function_name(trimmed)
            && let Some(end) = closing_line(&lines, i, indent)
        {
            let length = end - i + 1;
            if length > MAX_FUNCTION_LINES {
                long.push(format!("{name} ({length} lines, from line {})", i + 1));
            }
        }
        i += 1;
    }
    long
}

/// The name of the function a line declares, if it declares one.
fn function_name(trimmed: &str) -> Option<String> {
    let mut rest = trimmed;
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
        "extern \"C\" ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let name = first_segment(rest.strip_prefix("fn ")?);
    (!name.is_empty()).then_some(name)
}

/// The line that closes the item opened at `start` with the given indentation: `}` alone at that indentation.
/// `None` for a declaration without a body or a one-line body.
fn closing_line(lines: &[&str], start: usize, indent: &str) -> Option<usize> {
    let close = format!("{indent}}}");
    for (offset, line) in lines[start..].iter().enumerate() {
        let trimmed = line.trim_end();
        if offset == 0 && (trimmed.ends_with(';') || trimmed.ends_with('}')) {
            return None;
        }
        if offset > 0 && line.starts_with(indent) && !line[indent.len()..].starts_with(' ') {
            if trimmed == close {
                return Some(start + offset);
            }
            if trimmed.ends_with(';') && !trimmed.starts_with(&close) {
                return None; // a body-less declaration spread over lines
            }
        }
    }
    None
}

#[test]
fn no_file_or_function_is_too_long() {
    let mut problems = Vec::new();
    for file in rust_files(&root().join("src")) {
        let source = fs::read_to_string(&file).expect("source files are readable");
        let lines = source.lines().count();
        if lines > MAX_FILE_LINES {
            problems.push(format!(
                "{}: {lines} lines (at most {MAX_FILE_LINES})",
                file.display()
            ));
        }
        for function in long_functions(&source) {
            problems.push(format!("{}: fn {function}", file.display()));
        }
    }
    assert!(problems.is_empty(), "too long:\n{}", problems.join("\n"));
}

// The checks themselves, on small made-up sources: each must find what it is there to find.

#[test]
fn references_are_found_in_paths_and_use_lists_but_not_in_comments() {
    let source = "//! See [`crate::cli`].\nuse crate::{engine::Engine, glossary::{Rule, Safety}};\n\
                  /// [`crate::markup::x`]\nfn f() { crate::quality::lint::lint(&[]); }\n";
    let found: Vec<String> = crate_references(source).into_iter().collect();
    assert_eq!(found, ["engine", "glossary", "quality"]);
}

#[test]
fn an_upward_reference_is_reported() {
    let dir = std::env::temp_dir().join(format!("mtfix-architecture-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("glossary")).expect("temp dir");
    fs::write(
        dir.join("lib.rs"),
        "pub mod glossary;\npub use engine::{Engine, Finding};\n",
    )
    .expect("write");
    fs::write(
        dir.join("glossary/mod.rs"),
        "use crate::Engine;\nuse crate::error::Error;\n",
    )
    .expect("write");
    let violations = upward_references(&dir);
    fs::remove_dir_all(&dir).expect("clean up");
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].contains("`glossary` (glossary) uses `crate::Engine` (engine)"));
}

#[test]
fn a_cycle_is_reported() {
    let mut graph = BTreeMap::new();
    graph.insert("report".to_owned(), BTreeSet::from(["formats".to_owned()]));
    graph.insert("formats".to_owned(), BTreeSet::from(["report".to_owned()]));
    graph.insert("args".to_owned(), BTreeSet::new());
    assert_eq!(
        find_cycle(&graph).as_deref(),
        Some("formats -> report -> formats")
    );
    graph.insert("formats".to_owned(), BTreeSet::new());
    assert_eq!(find_cycle(&graph), None);
    // Through a parent: `check` uses `report`, whose child `report/status` uses `check`.
    graph.insert("check".to_owned(), BTreeSet::from(["report".to_owned()]));
    graph.insert(
        "report/status".to_owned(),
        BTreeSet::from(["check".to_owned()]),
    );
    assert_eq!(
        find_cycle(&graph).as_deref(),
        Some("check -> report -> report/status -> check")
    );
}

#[test]
fn command_line_uses_are_found_in_paths_and_lists() {
    let dir = std::env::temp_dir().join(format!("mtfix-cli-graph-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("report")).expect("temp dir");
    fs::write(dir.join("mod.rs"), "mod report;\nmod args;\n").expect("write");
    fs::write(dir.join("args.rs"), "use crate::cli::report::json::Json;\n").expect("write");
    fs::write(dir.join("report/mod.rs"), "mod json;\nmod status;\n").expect("write");
    fs::write(
        dir.join("report/json.rs"),
        "use super::{status, super::args::Format};\n",
    )
    .expect("write");
    fs::write(
        dir.join("report/status.rs"),
        "fn f() { super::json::g(); }\n",
    )
    .expect("write");
    let graph = cli_graph(&dir);
    fs::remove_dir_all(&dir).expect("clean up");
    let uses = |m: &str| graph[m].iter().cloned().collect::<Vec<_>>();
    assert_eq!(uses("args"), ["report/json"]);
    assert_eq!(uses("report/json"), ["args", "report/status"]);
    assert_eq!(uses("report/status"), ["report/json"]);
    assert_eq!(uses("report"), Vec::<String>::new());
    assert_eq!(
        find_cycle(&graph).as_deref(),
        Some("args -> report/json -> args")
    );
}

#[test]
fn a_long_function_is_measured_and_test_modules_are_skipped() {
    let body = "    let x = 1;\n".repeat(MAX_FUNCTION_LINES);
    let source = format!(
        "pub fn long(\n    a: u8,\n) -> u8 {{\n{body}    a\n}}\n\nfn short() {{}}\n\n\
         #[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{body}    }}\n}}\n"
    );
    let long = long_functions(&source);
    assert_eq!(
        long,
        [format!(
            "long ({} lines, from line 1)",
            MAX_FUNCTION_LINES + 5
        )]
    );
}
