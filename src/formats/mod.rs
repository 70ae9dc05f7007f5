//! Temporary seam for the format readers (replaced by the real module).

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl InputFormat {
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            _ => None,
        }
    }
    pub fn from_name(name: &str) -> Option<InputFormat> {
        match name {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
            InputFormat::Docx => "docx",
            InputFormat::Pdf => "pdf",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Limits {
    pub max_expanded_bytes: u64,
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_expanded_bytes: 256 << 20,
            max_text_bytes: 64 << 20,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    Unsupported,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "format reader not built yet")
    }
}

pub fn docx_text(_bytes: &[u8], _limits: &Limits) -> Result<String, FormatError> {
    Err(FormatError::Unsupported)
}
pub fn html_text(html: &str) -> String {
    html.to_string()
}
pub fn pdf_text(_bytes: &[u8], _limits: &Limits) -> Result<String, FormatError> {
    Err(FormatError::Unsupported)
}
