//! The files of the report, linked, with each table's rows.

use minijinja::context;

use super::{Report, Section};
use crate::error::Result;
use crate::report::page::Page;

pub struct Files;

impl Section for Files {
    fn nav(&self) -> Option<(&'static str, &'static str)> {
        Some(("files", "Files"))
    }

    fn page(&self, _r: &Report<'_>, page: &Page<'_>) -> Result<Option<String>> {
        let ctx = context! { files => page.files };
        page.fragment("files.html", include_str!("files.html"), ctx)
            .map(Some)
    }
}
