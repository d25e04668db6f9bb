//! `acta new DIR`: the starter site (see `crate::scaffold`).

use std::path::Path;

use super::Failure;

/// Creates the site and says how to preview and build it.
pub fn execute(dir: &Path) -> Result<(), Failure> {
    crate::scaffold::create(dir).map_err(Failure::Error)?;
    print!("{}", crate::scaffold::created_message(dir));
    Ok(())
}
