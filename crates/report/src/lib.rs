//! Renderers of a [`Report`]: `table` (terminal), `md` (the policy matrix), `json` (the
//! contract), `csv`, `sarif` (2.1.0), `junit` and `html` (one self-contained file).
//!
//! Renderers only read the report; they never see which family produced a finding, and they only
//! print a finding's `snippet`, which the producing family has already redacted.

mod csv_out;
mod html;
mod junit;
mod sarif;
mod table;
mod templates;
pub mod trend;

use std::fmt;
use std::str::FromStr;

use gatehouse_model::Report;

pub use templates::{CommentOptions, comment, percent_encode};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Md,
    Json,
    Csv,
    Sarif,
    Junit,
    Html,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Table,
        Format::Md,
        Format::Json,
        Format::Csv,
        Format::Sarif,
        Format::Junit,
        Format::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "text" => Ok(Format::Table),
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "sarif" => Ok(Format::Sarif),
            "junit" | "xml" => Ok(Format::Junit),
            "html" => Ok(Format::Html),
            _ => Err(format!(
                "unknown format `{s}` (expected one of: table, md, json, csv, sarif, junit, html)"
            )),
        }
    }
}

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// ANSI colour in the `table` format.
    pub color: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template: {0}")]
    Template(#[from] minijinja::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("csv: {0}")]
    Csv(String),
    #[error("junit: {0}")]
    Junit(String),
}

/// Render a report in one format.
pub fn render(
    report: &Report,
    format: Format,
    options: RenderOptions,
) -> Result<String, RenderError> {
    match format {
        Format::Table => Ok(table::render(report, options.color)),
        Format::Md => templates::render(report, templates::MARKDOWN),
        Format::Html => html::render(report),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(report)?;
            out.push('\n');
            Ok(out)
        }
        Format::Csv => csv_out::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
    }
}
