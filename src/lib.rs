//! acta turns a folder of Markdown with YAML front matter into a static site
//! in which every glossary term links to its page.
//!
//! The data flow, in module order: config → content → markdown → templates →
//! site → output. `cli` parses the command line; `cmd` (one file per
//! subcommand), `serve`, `check`, `import` and `scaffold` are the commands beside it.

pub mod check;
pub mod citation;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod glossary;
pub mod highlight;
pub mod html;
pub mod import;
pub mod lang;
pub mod markdown;
pub mod nav;
pub mod output;
pub mod rendered;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod strings;
pub mod templates;
pub mod theme;
