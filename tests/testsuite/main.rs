//! acta's integration tests: one binary, one module per feature. Each test
//! builds a real site in a temporary folder with the `acta` binary and
//! inspects what it wrote and printed.

mod support;

mod build;
mod check;
mod citation;
mod commonmark;
mod crossrefs;
mod errors;
mod external;
mod glossary;
mod glossary_maintenance;
mod hostile;
mod import;
mod incremental;
mod markdown_features;
mod multilingual;
mod new;
mod output;
mod output_faults;
mod output_safety;
mod paper;
mod print;
mod properties;
mod search;
mod serve;
mod shortcodes;
mod snapshots;
mod taxonomies;
mod theme;
mod writing;
mod xss;
