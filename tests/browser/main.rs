//! acta in a real browser: the paper site, built by the `acta` binary, served
//! on 127.0.0.1 and driven in headless Chromium through chromedriver.
//!
//! Every test skips, saying why, where Chromium or chromedriver is missing,
//! and fails instead when `CI` is set. Tests take turns (one Chromium at a
//! time). Screenshots land in `target/screenshots/`.
//!
//! To come, once `acta serve` and search are on this branch, each as a module
//! that starts `acta serve` as a child process and points [`harness`]'s
//! browser at its address instead of [`server::StaticServer`]:
//! - live reload: editing a page's Markdown reloads the open page, and only
//!   after the new files are written (mdBook #862);
//! - live reload: a template error shows the overlay on every page and the last
//!   good site stays served; fixing it removes the overlay;
//! - live reload: the reload script is in served pages, never in the files on disk;

mod browser;
mod harness;
mod server;
mod site;
mod webdriver;

mod accessibility;
mod contrast;
mod menu;
mod pages;
mod screenshots;
mod search;
mod tooltips;
