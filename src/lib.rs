//! crosscheck checks news coverage against itself.
//!
//! The pipeline is a chain of plain stages, each a function from one value
//! to the next: ingest (paths → [`document::Document`]s, with sentences
//! segmented), then extract, align, check and report (later stages).
//! Every piece of text keeps its byte span into the original source.

pub mod align;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod document;
pub mod extract;
pub mod ingest;
pub mod isolate;
pub mod lexicon;
pub mod report;
pub mod rules;
pub mod stage;
pub mod text;
