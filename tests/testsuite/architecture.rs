//! Modules import downward only: every `crate::<module>` path in non-test code under `src/`
//! names a module of a lower layer than its own, as `docs/architecture.md` tabulates.

use std::collections::HashMap;

use crate::support::repo_root;

#[test]
fn modules_import_only_lower_layers() {
    let doc = std::fs::read_to_string(repo_root().join("docs/architecture.md")).unwrap();
    // Rows of the layer table: `| 3 | `content` | … |`.
    let layers: HashMap<String, u32> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.split_once(" | `"))
        .filter_map(|(n, rest)| Some((rest.split('`').next()?.to_string(), n.parse().ok()?)))
        .collect();
    let src = repo_root().join("src");
    let mut back_edges = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        let relative = path.strip_prefix(&src).unwrap();
        let Some(first) = relative
            .iter()
            .next()
            .map(|f| f.to_string_lossy().replace(".rs", ""))
        else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "rs") || first == "lib" || first == "main" {
            continue;
        }
        let layer = layers[&first];
        let text = std::fs::read_to_string(&path).unwrap();
        let before_tests = text.split("#[cfg(test)]").next().unwrap().lines();
        let code: String = before_tests
            .map(|l| l.split("//").next().unwrap())
            .collect();
        for (at, _) in code.match_indices("crate::") {
            let name = &code[at + 7..];
            let end = name
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .unwrap_or(0);
            let target = &name[..end];
            if let Some(&to) = layers
                .get(target)
                .filter(|&&to| target != first && to >= layer)
            {
                back_edges.push(format!(
                    "{} -> {target} (layer {layer} -> {to})",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        back_edges.is_empty(),
        "imports that are not downward:\n{}",
        back_edges.join("\n")
    );
}
