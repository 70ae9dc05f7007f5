//! minutes turns meeting summaries, minutes and transcripts into datasets:
//! the meeting (title, dates, place, organisers), every speaker (name,
//! honorific, title, organisation, country, session role), what each said,
//! and the key themes — every value with the byte offsets and sentence it
//! came from.
//!
//! The pipeline is a list of stages, each a module with plain-data input and
//! output: [`load`] → [`decode`] → [`normalize`] → [`segment`] →
//! [`extract`] → [`write`]. [`process_text`] runs the pure part on one text:
//!
//! ```
//! use minutes::{process_text, Rules};
//!
//! let text = "Ms. Ana Lima, Director of Policy at the Ministry of Communications, Brazil, \
//!             stressed the need to close the digital divide. She urged more investment.\n";
//! let record = process_text("note.txt", text, &Rules::default_rules());
//! let ana = &record.speakers[0];
//! assert_eq!(ana.name.as_deref(), Some("Ana Lima"));
//! assert_eq!(ana.title.as_deref(), Some("Director of Policy"));
//! assert_eq!(ana.organization.as_deref(), Some("Ministry of Communications"));
//! assert_eq!(ana.country.as_deref(), Some("Brazil"));
//! assert_eq!(record.statements.len(), 2);
//! assert!(record.themes.iter().any(|t| t.id == "connectivity"));
//! ```

pub mod cli;
pub mod commands;
pub mod config;
pub mod decode;
pub mod error;
pub mod explain;
pub mod extract;
pub mod formats;
pub mod lexicon;
pub mod load;
pub mod manifest;
pub mod merge;
pub mod model;
pub mod normalize;
pub mod ordered;
pub mod pipeline;
pub mod progress;
pub mod rules;
pub mod segment;
pub mod shard;
pub mod stream;
pub mod timings;
pub mod util;
pub mod write;

pub use config::Config;
pub use error::{Error, ErrorKind};
pub use model::DocumentRecord;
pub use pipeline::{process_file, process_text, run, Summary};
pub use rules::Rules;
