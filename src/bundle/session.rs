//! The one build the CLI and the server share: a checked input with errors is refused unless
//! a draft was asked for, then the bundle is made.

use std::fmt;

use super::{make, Built, BundleError, Options};
use crate::figures::Figures;
use crate::load::Input;
use crate::world::World;

/// The refusal to make submission documents from an input whose check found errors, when no
/// draft was asked for: `formpack build`, `deck` and `form fill`, and the page, say it alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "오류가 있어 제출용 서류를 만들지 않았습니다. 고친 뒤 다시 만들거나, 검토용 초안을 만드십시오 (명령줄: --draft).",
        )
    }
}

impl std::error::Error for Refused {}

/// [`Refused`] when the check found `errors` and no `draft` was asked for.
pub fn refuse_unless_draft(errors: bool, draft: bool) -> Result<(), Refused> {
    match errors && !draft {
        true => Err(Refused),
        false => Ok(()),
    }
}

/// Why [`build`] made no bundle.
#[derive(Debug)]
pub enum BuildError {
    /// The input has errors and no draft was asked for.
    Refused(Refused),
    /// The bundle could not be made.
    Bundle(BundleError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Refused(r) => write!(f, "{r}"),
            BuildError::Bundle(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Refused(r) => Some(r),
            BuildError::Bundle(e) => Some(e),
        }
    }
}

/// Builds a checked input (`errors`: its check found an error): refused unless `opts.draft`,
/// else [`make`].
pub fn build(
    world: &dyn World,
    input: &Input,
    figures: &Figures,
    errors: bool,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Built, BuildError> {
    refuse_unless_draft(errors, opts.draft).map_err(BuildError::Refused)?;
    make(world, input, figures, input.program(), opts, progress).map_err(BuildError::Bundle)
}
