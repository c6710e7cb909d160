//! The nine document templates: built in (embedded at compile time), overridable from a
//! folder, exportable for editing. Strict mode is on, so a template that names a field the
//! context does not have fails instead of printing nothing; HTML escaping is kept (and
//! extended for XML), so data can never inject markup.

use crate::world::World;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handlebars::Handlebars;
use rayon::prelude::*;
use serde_json::Value;

use super::{helpers, ComposeError, DocKind};
use crate::limits::{block_depth, human_bytes, BoundedOutput, Limits};

/// Template names (without `.hbs`), one per document kind, in document order.
pub const NAMES: [&str; 9] = [
    "01_application",
    "02_business_plan",
    "02_budget_summary",
    "03_agreement",
    "04_participation",
    "05_eligibility",
    "06_local_contribution",
    "07_asset_plan",
    "08_privacy_integrity",
];

const BUILTIN: [&str; 9] = [
    include_str!("../../templates/01_application.hbs"),
    include_str!("../../templates/02_business_plan.hbs"),
    include_str!("../../templates/02_budget_summary.hbs"),
    include_str!("../../templates/03_agreement.hbs"),
    include_str!("../../templates/04_participation.hbs"),
    include_str!("../../templates/05_eligibility.hbs"),
    include_str!("../../templates/06_local_contribution.hbs"),
    include_str!("../../templates/07_asset_plan.hbs"),
    include_str!("../../templates/08_privacy_integrity.hbs"),
];

/// The compiled templates with their sources (the sources go into each fingerprint).
///
/// Each template has a registry of its own, so the eight compile in parallel: Handlebars'
/// parser takes about 8 ms for all of them on one core, the longest step before rendering.
pub struct Templates {
    sources: BTreeMap<&'static str, String>,
    /// Compiled on first use for the built-ins (known good, and an incremental build may
    /// render none of them); up front for a folder's, so their errors stop a build at once.
    registries: BTreeMap<&'static str, OnceLock<Handlebars<'static>>>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("names", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Templates {
        let sources: BTreeMap<&'static str, String> = NAMES
            .iter()
            .zip(BUILTIN)
            .map(|(n, s)| (*n, s.to_string()))
            .collect();
        let registries = sources.keys().map(|n| (*n, OnceLock::new())).collect();
        Templates {
            sources,
            registries,
        }
    }

    /// The templates a build under `program` uses: those of `dir` (`--templates`) when given,
    /// else those of the profile's `templates.folder`, else the built-in ones; each folder's
    /// templates replace the built-in ones of the same name.
    pub fn for_program(
        world: &dyn World,
        program: &crate::program::Program,
        dir: Option<&Path>,
    ) -> Result<Templates, ComposeError> {
        match dir.or(program.templates.as_deref()) {
            Some(d) => Templates::from_world(world, d),
            None => Ok(Templates::builtin()),
        }
    }

    /// The built-ins, with every `<name>.hbs` present in `dir` replacing the one of that name.
    /// A `.hbs` file with any other name is an error, so a misspelt override cannot be
    /// silently ignored.
    pub fn from_dir(dir: &Path) -> Result<Templates, ComposeError> {
        Templates::from_world(&crate::world::Disk, dir)
    }

    /// [`Templates::from_dir`] with the folder read through `world`.
    pub fn from_world(world: &dyn World, dir: &Path) -> Result<Templates, ComposeError> {
        let mut sources: BTreeMap<&'static str, String> = NAMES
            .iter()
            .zip(BUILTIN)
            .map(|(n, s)| (*n, s.to_string()))
            .collect();
        let entries = world.list(dir).map_err(|e| {
            ComposeError::data(format!(
                "템플릿 폴더 `{}`를 읽을 수 없습니다: {e}",
                dir.display()
            ))
        })?;
        let files: Vec<PathBuf> = entries
            .into_iter()
            .filter(|p| p.extension().and_then(|x| x.to_str()) == Some("hbs"))
            .collect();
        for path in files {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let Some(name) = NAMES.iter().find(|n| **n == stem) else {
                return Err(ComposeError::data(format!(
                    "알 수 없는 템플릿 파일 `{}`: 템플릿 이름은 {} 중 하나여야 합니다",
                    path.display(),
                    NAMES.map(|n| format!("{n}.hbs")).join(", ")
                )));
            };
            let text = world
                .read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    String::from_utf8(b.to_vec()).map_err(|_| "UTF-8이 아닙니다".to_string())
                })
                .map_err(|e| {
                    ComposeError::data(format!(
                        "템플릿 파일 `{}`를 읽을 수 없습니다: {e}",
                        path.display()
                    ))
                })?;
            sources.insert(name, text);
        }
        Templates::compile(sources)
    }

    /// Write the built-in templates into `dir` (created if needed), for editing and use with
    /// `from_dir`. Returns the written paths in document order.
    pub fn export(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let mut out = Vec::new();
        for (name, text) in NAMES.iter().zip(BUILTIN) {
            let p = dir.join(format!("{name}.hbs"));
            std::fs::write(&p, text)?;
            out.push(p);
        }
        Ok(out)
    }

    fn compile(sources: BTreeMap<&'static str, String>) -> Result<Templates, ComposeError> {
        let compiled: Vec<Result<(&'static str, Handlebars<'static>), ComposeError>> = sources
            .par_iter()
            .map(|(name, text)| compile_one(name, text).map(|r| (*name, r)))
            .collect();
        // The first error in name order, as a serial loop would report it.
        let registries = compiled
            .into_iter()
            .map(|r| r.map(|(n, h)| (n, OnceLock::from(h))))
            .collect::<Result<_, _>>()?;
        Ok(Templates {
            sources,
            registries,
        })
    }

    /// The source text of a kind's template.
    pub fn source(&self, kind: DocKind) -> &str {
        &self.sources[kind.template_name()]
    }

    /// Render a kind's template with a context into the XML document language.
    pub fn render(&self, kind: DocKind, ctx: &Value) -> Result<String, ComposeError> {
        let name = kind.template_name();
        let registry = match self.registries[name].get() {
            Some(r) => r,
            None => {
                let compiled = compile_one(name, &self.sources[name])?;
                self.registries[name].get_or_init(|| compiled)
            }
        };
        // Into an output that stops past the size limit, so no template fills the memory.
        let mut out = BoundedOutput::new(Limits::DEFAULT.rendered_bytes);
        registry
            .render_to_write(name, ctx, &mut out)
            .map_err(|e| ComposeError::from_render(name, e))?;
        Ok(out.into_string())
    }
}

/// One template compiled in a registry of its own, within the template limits.
fn compile_one(name: &str, text: &str) -> Result<Handlebars<'static>, ComposeError> {
    let limits = Limits::DEFAULT;
    let refuse = |message: String| ComposeError {
        template: Some(name.to_string()),
        line: None,
        column: None,
        message,
    };
    if text.len() > limits.template_bytes {
        return Err(refuse(format!(
            "템플릿이 너무 큽니다: {} (한도 {})",
            human_bytes(text.len() as u64),
            human_bytes(limits.template_bytes as u64)
        )));
    }
    let depth = block_depth(text);
    if depth > limits.template_depth {
        return Err(refuse(format!(
            "블록({{{{#each}}}}, {{{{#if}}}} …)이 너무 깊게 겹쳐 있습니다: {depth}단 (한도 {}단)",
            limits.template_depth
        )));
    }
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.set_prevent_indent(true);
    registry.register_escape_fn(helpers::xml_escape);
    helpers::register(&mut registry);
    registry
        .register_template_string(name, text)
        .map_err(|e| ComposeError::from_template(name, e))?;
    Ok(registry)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-ins are compiled when first rendered, so this is where a broken one is caught.
    #[test]
    fn every_builtin_template_compiles() {
        for (name, text) in NAMES.iter().zip(BUILTIN) {
            assert!(compile_one(name, text).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_builtin_is_compiled_once_on_first_use() {
        let t = Templates::builtin();
        assert!(t.registries.values().all(|r| r.get().is_none()));
        let ctx = serde_json::json!({});
        let _ = t.render(DocKind::BudgetSummary, &ctx);
        let compiled: Vec<&str> = t
            .registries
            .iter()
            .filter(|(_, r)| r.get().is_some())
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(compiled, ["02_budget_summary"]);
    }
}
