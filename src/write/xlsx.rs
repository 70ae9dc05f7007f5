//! `dataset.xlsx`: the CSV tables as worksheets, for people who open data in
//! a spreadsheet rather than a program.
//!
//! The rows come from the CSV row builders, so each sheet has exactly its
//! table's columns. Cells are typed: offsets and counts are numbers and ISO
//! dates are dates, so sorting and filtering work; every other cell is
//! written as a string and never as a formula, so text such as "=SUM(A1)" is
//! shown, not run (no `'` is needed, unlike in CSV).
//!
//! Worksheets use rust_xlsxwriter's constant-memory mode: each row goes to
//! a temporary file as soon as the next one starts, so memory stays flat
//! however large the corpus. The workbook's bytes depend only on the data:
//! the creation date in its properties is fixed, like the zip timestamps.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::csv;
use crate::error::{Error, ErrorKind};
use crate::model::DocumentRecord;
use crate::write::ErrorRow;

/// What `--format xlsx` writes.
pub const WORKBOOK_FILE: &str = "dataset.xlsx";

/// Rows in one worksheet, header included (Excel's limit); a table longer
/// than this goes on in a sheet named `<table>_2`, and so on.
const SHEET_ROWS: u32 = 1_048_576;
/// Longest text Excel keeps in a cell, in UTF-16 code units.
const CELL_UTF16: usize = 32_767;
/// Column widths, in characters: wide enough to read a header, narrow
/// enough that a sentence column does not push the others off screen.
const MIN_WIDTH: usize = 10;
const MAX_WIDTH: usize = 60;
/// Room for the autofilter button beside a header.
const FILTER_BUTTON: usize = 2;

/// How a column's cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellKind {
    Text,
    /// Counts and byte offsets.
    Number,
    /// ISO `YYYY-MM-DD`; anything else in the column stays text.
    Date,
}

/// The kind of a CSV column, by its header: the CSV tables name their
/// numeric and date columns consistently, and a test checks every header.
fn cell_kind(header: &str) -> CellKind {
    match header {
        "bytes" | "speakers" | "statements" | "speaker_id" | "mentions" | "hits" | "start"
        | "end" | "title_start" | "title_end" => CellKind::Number,
        "date" | "end_date" => CellKind::Date,
        _ => CellKind::Text,
    }
}

/// The formats every sheet shares.
struct Styles {
    header: Format,
    date: Format,
}

/// dataset.xlsx being written.
pub struct XlsxWorkbook {
    path: PathBuf,
    workbook: Workbook,
    styles: Styles,
    /// documents, speakers, statements, themes, attendees.
    tables: [Sheet; 5],
    sheet_rows: u32,
}

impl XlsxWorkbook {
    /// Start a workbook whose temporary sheet files go in `tmp`, beside the
    /// other outputs (the system temporary folder may be a small RAM disk).
    pub fn create(tmp: &Path) -> Result<XlsxWorkbook, Error> {
        XlsxWorkbook::with_sheet_rows(tmp, SHEET_ROWS)
    }

    /// A workbook whose sheets hold `sheet_rows` rows, so that tests can
    /// reach the overflow into a second sheet without a million rows.
    fn with_sheet_rows(tmp: &Path, sheet_rows: u32) -> Result<XlsxWorkbook, Error> {
        let path = tmp.join(WORKBOOK_FILE);
        let err = |e| xlsx_error(&path, e);
        let mut workbook = Workbook::new();
        workbook.set_tempdir(tmp).map_err(err)?;
        workbook.set_properties(&fixed_properties().map_err(err)?);
        let styles = Styles {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        };
        let mut sheet =
            |name, headers| Sheet::create(&mut workbook, &styles, name, headers, sheet_rows);
        let tables = [
            sheet("documents", csv::DOCUMENTS).map_err(err)?,
            sheet("speakers", csv::SPEAKERS).map_err(err)?,
            sheet("statements", csv::STATEMENTS).map_err(err)?,
            sheet("themes", csv::THEMES).map_err(err)?,
            sheet("attendees", csv::ATTENDEES).map_err(err)?,
        ];
        Ok(XlsxWorkbook {
            path,
            workbook,
            styles,
            tables,
            sheet_rows,
        })
    }

    /// Append one document's rows to every sheet.
    pub fn document(&mut self, record: &DocumentRecord) -> Result<(), Error> {
        self.rows(record).map_err(|e| xlsx_error(&self.path, e))
    }

    fn rows(&mut self, record: &DocumentRecord) -> Result<(), XlsxError> {
        let (workbook, styles) = (&mut self.workbook, &self.styles);
        let [documents, speakers, statements, themes, attendees] = &mut self.tables;
        documents.row(workbook, styles, &csv::document_row(record))?;
        for row in csv::speaker_rows(record) {
            speakers.row(workbook, styles, &row)?;
        }
        for row in csv::statement_rows(record) {
            statements.row(workbook, styles, &row)?;
        }
        for row in csv::theme_rows(record) {
            themes.row(workbook, styles, &row)?;
        }
        for row in csv::attendee_rows(record) {
            attendees.row(workbook, styles, &row)?;
        }
        Ok(())
    }

    /// Add the errors sheet, put the sheets in table order and save.
    pub fn finish(self, errors: &[ErrorRow]) -> Result<(), Error> {
        let XlsxWorkbook {
            path,
            mut workbook,
            styles,
            tables,
            sheet_rows,
        } = self;
        let save = || -> Result<(), XlsxError> {
            let mut sheet =
                Sheet::create(&mut workbook, &styles, "errors", csv::ERRORS, sheet_rows)?;
            for row in errors {
                sheet.row(&mut workbook, &styles, &csv::error_row(row))?;
            }
            for table in tables.into_iter().chain([sheet]) {
                for worksheet in table.close()? {
                    workbook.push_worksheet(worksheet);
                }
            }
            workbook.save(&path)
        };
        save().map_err(|e| xlsx_error(&path, e))
    }
}

/// Document properties that do not change from run to run (by default the
/// creation time is now, which would make every workbook differ).
fn fixed_properties() -> Result<DocProperties, XlsxError> {
    // The zip entries of the workbook carry the same date.
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    Ok(DocProperties::new()
        .set_creation_datetime(&created)
        .set_comment(concat!("minutes ", env!("CARGO_PKG_VERSION"))))
}

/// One table's worksheets: the one being filled and those already full.
struct Sheet {
    name: &'static str,
    headers: &'static [&'static str],
    kinds: Vec<CellKind>,
    /// Widest cell seen in each column, in characters, capped.
    widths: Vec<usize>,
    current: Worksheet,
    next_row: u32,
    /// Rows a worksheet takes before the next one starts.
    sheet_rows: u32,
    full: Vec<Worksheet>,
}

impl Sheet {
    fn create(
        workbook: &mut Workbook,
        styles: &Styles,
        name: &'static str,
        headers: &'static [&'static str],
        sheet_rows: u32,
    ) -> Result<Sheet, XlsxError> {
        Ok(Sheet {
            name,
            headers,
            kinds: headers.iter().map(|h| cell_kind(h)).collect(),
            widths: headers
                .iter()
                .map(|h| capped_width(h.chars().count() + FILTER_BUTTON))
                .collect(),
            current: header_worksheet(workbook, styles, name.to_string(), headers)?,
            next_row: 1,
            sheet_rows,
            full: Vec::new(),
        })
    }

    /// Append one row, in the table's next worksheet once this one is full.
    fn row(
        &mut self,
        workbook: &mut Workbook,
        styles: &Styles,
        cells: &[std::borrow::Cow<'_, str>],
    ) -> Result<(), XlsxError> {
        if self.next_row >= self.sheet_rows {
            let name = sheet_name(self.name, self.full.len() + 2);
            let next = header_worksheet(workbook, styles, name, self.headers)?;
            let full = std::mem::replace(&mut self.current, next);
            self.full.push(filtered(full, self.next_row, &self.widths)?);
            self.next_row = 1;
        }
        for (col, (value, kind)) in (0..).zip(cells.iter().zip(&self.kinds)) {
            let width = write_cell(
                &mut self.current,
                self.next_row,
                col,
                *kind,
                value,
                &styles.date,
            )?;
            let widest = &mut self.widths[usize::from(col)];
            *widest = (*widest).max(capped_width(width));
        }
        self.next_row += 1;
        Ok(())
    }

    /// Every worksheet of the table, in order.
    fn close(self) -> Result<Vec<Worksheet>, XlsxError> {
        let mut sheets = self.full;
        sheets.push(filtered(self.current, self.next_row, &self.widths)?);
        Ok(sheets)
    }
}

/// A worksheet named `name` holding the bold header row, frozen so that it
/// stays in view while scrolling.
fn header_worksheet(
    workbook: &mut Workbook,
    styles: &Styles,
    name: String,
    headers: &[&str],
) -> Result<Worksheet, XlsxError> {
    let mut worksheet = workbook.new_worksheet_with_constant_memory()?;
    worksheet.set_name(name)?;
    for (col, header) in (0..).zip(headers) {
        worksheet.write_string_with_format(0, col, *header, &styles.header)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    Ok(worksheet)
}

/// The worksheet with a filter over its `rows` rows (header included) and
/// the column widths seen.
fn filtered(mut worksheet: Worksheet, rows: u32, widths: &[usize]) -> Result<Worksheet, XlsxError> {
    let last_col = u16::try_from(widths.len().saturating_sub(1)).unwrap_or(u16::MAX);
    worksheet.autofilter(0, 0, rows.saturating_sub(1), last_col)?;
    for (col, width) in (0..).zip(widths) {
        worksheet.set_column_width(col, *width as f64)?;
    }
    Ok(worksheet)
}

/// `statements`, then `statements_2`, `statements_3`… for tables longer
/// than a sheet.
fn sheet_name(table: &str, part: usize) -> String {
    if part == 1 {
        table.to_string()
    } else {
        format!("{table}_{part}")
    }
}

fn capped_width(chars: usize) -> usize {
    chars.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// Write one cell by its column's kind, falling back to text for a value
/// that is not of that kind; returns the width it needs, in characters.
fn write_cell(
    worksheet: &mut Worksheet,
    row: u32,
    col: u16,
    kind: CellKind,
    value: &str,
    date_format: &Format,
) -> Result<usize, XlsxError> {
    if value.is_empty() {
        return Ok(0);
    }
    match kind {
        CellKind::Number => {
            if let Some(number) = exact_number(value) {
                worksheet.write_number(row, col, number)?;
                return Ok(value.len());
            }
        }
        CellKind::Date => {
            if let Some(date) = iso_date(value) {
                worksheet.write_datetime_with_format(row, col, &date, date_format)?;
                return Ok(value.len());
            }
        }
        CellKind::Text => {}
    }
    let text = cell_text(value);
    worksheet.write_string(row, col, text.as_ref())?;
    Ok(text.chars().take(MAX_WIDTH).count())
}

/// A whole number a spreadsheet holds exactly (up to 2^53), as a float.
fn exact_number(value: &str) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = value.parse().ok()?;
    (n <= EXACT).then_some(n as f64)
}

/// A calendar date written `YYYY-MM-DD` in Excel's range (1900–9999);
/// partial or impossible dates stay text.
fn iso_date(value: &str) -> Option<ExcelDateTime> {
    let b = value.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if !shape {
        return None;
    }
    let year = value[0..4].parse().ok()?;
    let month = value[5..7].parse().ok()?;
    let day = value[8..10].parse().ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// The value cut to what a cell holds, ending in `…` when cut, so a 5 MB
/// sentence does not make the whole workbook fail.
fn cell_text(value: &str) -> Cow<'_, str> {
    // A UTF-8 string is never shorter in bytes than in UTF-16 units.
    if value.len() <= CELL_UTF16 || value.encode_utf16().count() <= CELL_UTF16 {
        return Cow::Borrowed(value);
    }
    let mut units = 0;
    let end = value
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > CELL_UTF16 - 1
        })
        .map_or(value.len(), |(i, _)| i);
    Cow::Owned(format!("{}…", &value[..end]))
}

fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::new(path, ErrorKind::Io(std::io::Error::other(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Statement};
    use crate::pipeline::process_text;
    use crate::rules::Rules;
    use calamine::{open_workbook, Data, Reader, Xlsx};

    /// A folder of its own under the system temporary folder.
    fn scratch(label: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("minutes-xlsx-{}-{label}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn record() -> DocumentRecord {
        let text = "Open Data Forum\nDate: 8 October 2023\n\n\
                    Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, \
                    stressed the need to close the digital divide. She urged more investment.\n";
        process_text("note.txt", text, &Rules::default_rules())
    }

    /// The workbook `sheet_rows` rows to a sheet makes of `records`.
    fn workbook(dir: &Path, sheet_rows: u32, records: &[DocumentRecord]) -> Vec<u8> {
        let mut book = XlsxWorkbook::with_sheet_rows(dir, sheet_rows).unwrap();
        for r in records {
            book.document(r).unwrap();
        }
        let errors = [ErrorRow {
            source: "empty.txt".into(),
            kind: "empty",
            message: "file is empty".into(),
        }];
        book.finish(&errors).unwrap();
        std::fs::read(dir.join(WORKBOOK_FILE)).unwrap()
    }

    #[test]
    fn the_same_records_give_the_same_bytes() {
        let dir = scratch("same");
        let records = [record(), record()];
        let one = workbook(&dir, SHEET_ROWS, &records);
        let two = workbook(&dir, SHEET_ROWS, &records);
        assert!(one == two, "two workbooks of the same records differ");
        // Only the workbook is left: the sheets' temporary files are gone.
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_long_table_goes_on_in_numbered_sheets() {
        let dir = scratch("overflow");
        let mut r = record();
        r.statements = (0..5)
            .map(|i| Statement {
                speaker: 1,
                verb: Some("said".into()),
                section: None,
                evidence: Evidence {
                    start: i,
                    end: i + 1,
                    sentence: format!("=sentence {i}").into(),
                },
            })
            .collect();
        r.themes.clear();
        workbook(&dir, 3, &[r]);
        let mut book: Xlsx<_> = open_workbook(dir.join(WORKBOOK_FILE)).unwrap();
        let names = book.sheet_names();
        assert_eq!(
            names,
            [
                "documents",
                "speakers",
                "statements",
                "statements_2",
                "statements_3",
                "themes",
                "attendees",
                "errors"
            ]
        );
        // Two rows and the header in each part; every part has the header.
        let mut starts = Vec::new();
        for name in ["statements", "statements_2", "statements_3"] {
            let range = book.worksheet_range(name).unwrap();
            let rows: Vec<&[Data]> = range.rows().collect();
            assert_eq!(rows[0][0], Data::String("source".into()));
            for row in &rows[1..] {
                assert_eq!(row[7], Data::String(format!("=sentence {}", row[5])));
                starts.push(row[5].clone());
            }
        }
        let expected: Vec<Data> = (0..5).map(|i| Data::Float(f64::from(i))).collect();
        assert_eq!(starts, expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_sentence_longer_than_a_cell_is_cut_not_fatal() {
        let dir = scratch("long");
        let mut r = record();
        r.statements[0].evidence.sentence = "word ".repeat(20_000).into();
        workbook(&dir, SHEET_ROWS, &[r]);
        let mut book: Xlsx<_> = open_workbook(dir.join(WORKBOOK_FILE)).unwrap();
        let range = book.worksheet_range("statements").unwrap();
        match range.get((1, 7)) {
            Some(Data::String(s)) => {
                assert_eq!(s.chars().count(), CELL_UTF16);
                assert!(s.ends_with('…'));
            }
            other => panic!("sentence cell is {other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn numeric_and_date_columns_are_named_in_the_tables() {
        let tables = [
            csv::DOCUMENTS,
            csv::SPEAKERS,
            csv::STATEMENTS,
            csv::THEMES,
            csv::ATTENDEES,
            csv::ERRORS,
        ];
        let kinds = |kind| -> Vec<&str> {
            let mut names: Vec<&str> = tables
                .iter()
                .flat_map(|t| t.iter().copied())
                .filter(|h| cell_kind(h) == kind)
                .collect();
            names.sort();
            names.dedup();
            names
        };
        assert_eq!(
            kinds(CellKind::Number),
            [
                "bytes",
                "end",
                "hits",
                "mentions",
                "speaker_id",
                "speakers",
                "start",
                "statements",
                "title_end",
                "title_start"
            ]
        );
        assert_eq!(kinds(CellKind::Date), ["date", "end_date"]);
    }

    #[test]
    fn only_whole_numbers_become_numbers() {
        assert_eq!(exact_number("0"), Some(0.0));
        assert_eq!(exact_number("10965"), Some(10965.0));
        assert_eq!(exact_number("9007199254740992"), Some(9007199254740992.0));
        for text in [
            "",
            "-3",
            "1.5",
            "1e3",
            " 12",
            "12 ",
            "9007199254740993",
            "NaN",
        ] {
            assert_eq!(exact_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_whole_iso_dates_become_dates() {
        assert!(iso_date("2023-10-08").is_some());
        assert!(iso_date("2024-02-29").is_some());
        for text in [
            "2023-02-29",
            "2023-13-01",
            "2023-10",
            "8 October 2023",
            "2023/10/08",
            "1066-10-14",
            "2023-10-08T10:00",
            "２０２３-10-08",
        ] {
            assert!(iso_date(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn long_text_is_cut_to_a_cell_on_a_char_boundary() {
        assert_eq!(cell_text("short"), "short");
        let exact = "a".repeat(CELL_UTF16);
        assert!(matches!(cell_text(&exact), Cow::Borrowed(_)));
        let long = "é".repeat(CELL_UTF16 + 5);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_UTF16);
        assert!(cut.ends_with('…'));
        // Characters outside the BMP take two UTF-16 units.
        let wide = "𝄞".repeat(CELL_UTF16);
        assert!(cell_text(&wide).encode_utf16().count() <= CELL_UTF16);
    }

    #[test]
    fn sheets_past_the_first_are_numbered() {
        assert_eq!(sheet_name("statements", 1), "statements");
        assert_eq!(sheet_name("statements", 2), "statements_2");
    }

    #[test]
    fn widths_stay_between_the_bounds() {
        assert_eq!(capped_width(0), MIN_WIDTH);
        assert_eq!(capped_width(25), 25);
        assert_eq!(capped_width(5_000_000), MAX_WIDTH);
    }
}
