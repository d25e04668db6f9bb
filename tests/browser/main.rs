//! acta in a real browser: the paper site, built by the `acta` binary, served
//! on 127.0.0.1 and driven in headless Chromium through chromedriver.
//!
//! Every test skips, saying why, where Chromium or chromedriver is missing,
//! and fails instead when `CI` is set. Tests take turns (one Chromium at a
//! time). Screenshots land in `target/screenshots/`.
//!
//! `live_reload` starts `acta serve` on a copy of the paper site as a child
//! process instead of using [`server::StaticServer`].
//!
//! To come:
//! - search under a subpath (`--base-url https://…/docs/`) in the browser: the
//!   testsuite checks the URLs in the HTML, not that the index loads there;
//! - live reload of a stylesheet or a static file (only content and templates
//!   are edited here), and a site whose first build fails, seen in the browser.

mod browser;
mod harness;
mod server;
mod site;
mod webdriver;

mod accessibility;
mod code_colours;
mod contrast;
mod live_reload;
mod menu;
mod pages;
mod print;
mod reading;
mod screenshots;
mod search;
mod tooltips;
mod type_and_weight;
