//! Bytes to text, recording which encoding was found.
//!
//! Archives mix encodings: UTF-8 with and without a BOM, UTF-16 exported by
//! Word, and Windows-1252 from older tools. We sniff a BOM, then look for the
//! NUL pattern of BOM-less UTF-16, then try UTF-8, and fall back to
//! Windows-1252 (every byte decodes). Binary files are refused rather than
//! decoded into noise.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Decoded text and the name of the encoding it was read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why bytes are not text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
}

/// Decode `bytes`, or say why they are not a text document.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, body) = sniff(bytes);
    let text = match encoding {
        Some(enc) => enc.decode_without_bom_handling(body).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => return checked(text.to_string(), "UTF-8"),
            Err(_) if looks_binary(bytes) => return Err(DecodeError::Binary),
            // UTF-8 with a few bad bytes (a truncated copy, a stray byte):
            // reading it all as Windows-1252 would garble every accented
            // letter, so only the bad bytes are lost.
            Err(_) if mostly_utf8(bytes) => {
                return checked(String::from_utf8_lossy(bytes).into_owned(), "UTF-8 (lossy)")
            }
            Err(_) => {
                return checked(
                    WINDOWS_1252
                        .decode_without_bom_handling(bytes)
                        .0
                        .into_owned(),
                    "windows-1252",
                )
            }
        },
    };
    let name = match encoding {
        Some(enc) if enc == UTF_8 && bytes.starts_with(b"\xEF\xBB\xBF") => "UTF-8 (BOM)",
        Some(enc) => enc.name(),
        None => unreachable!("handled above"),
    };
    checked(text, name)
}

/// The encoding a BOM or a NUL pattern announces, and the bytes after the BOM.
fn sniff(bytes: &[u8]) -> (Option<&'static Encoding>, &[u8]) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return (Some(enc), &bytes[bom_len..]);
    }
    // BOM-less UTF-16: ASCII-heavy text has a NUL in every other byte.
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() >= 4 {
        let pairs = sample.len() / 2;
        let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd_nuls = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        if odd_nuls * 10 >= pairs * 7 && even_nuls * 10 < pairs {
            return (Some(UTF_16LE), bytes);
        }
        if even_nuls * 10 >= pairs * 7 && odd_nuls * 10 < pairs {
            return (Some(UTF_16BE), bytes);
        }
    }
    (None, bytes)
}

/// More valid multi-byte UTF-8 sequences than invalid bytes: UTF-8 with
/// damage, not a single-byte encoding (whose accented letters are almost
/// never valid UTF-8 sequences).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                valid += text.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                valid += std::str::from_utf8(good)
                    .map_or(0, |t| t.chars().filter(|c| !c.is_ascii()).count());
                let bad = e.error_len().unwrap_or(after.len()).max(1);
                invalid += bad;
                rest = &after[bad.min(after.len())..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    valid > invalid
}

/// NUL bytes, or many C0 controls other than white space, in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
        .count();
    sample.contains(&0) || controls * 100 > sample.len()
}

fn checked(text: String, encoding: &'static str) -> Result<Decoded, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if looks_binary(text.as_bytes()) {
        return Err(DecodeError::Binary);
    }
    Ok(Decoded { text, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let mut bytes = "Ms. Renée Dubois-Léger said…".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\xfe");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8 (lossy)");
        assert!(d.text.starts_with("Ms. Renée Dubois-Léger said…"));
        // Windows-1252 accents are not UTF-8 sequences: still read as such.
        let d = decode(b"Ms. Ren\xe9e Dubois said.").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "Ms. Renée Dubois said.");
    }

    fn enc(bytes: &[u8]) -> &'static str {
        decode(bytes).unwrap().encoding
    }

    #[test]
    fn encodings_table() {
        let cases: &[(&[u8], &str, &str)] = &[
            (b"Hello", "UTF-8", "Hello"),
            (b"\xEF\xBB\xBFHello", "UTF-8 (BOM)", "Hello"),
            (b"\xFF\xFEH\0i\0", "UTF-16LE", "Hi"),
            (b"\xFE\xFF\0H\0i", "UTF-16BE", "Hi"),
            (b"H\0e\0l\0l\0o\0", "UTF-16LE", "Hello"),
            (
                b"Caf\xE9 \x93ok\x94",
                "windows-1252",
                "Caf\u{e9} \u{201c}ok\u{201d}",
            ),
        ];
        for (bytes, encoding, text) in cases {
            let decoded = decode(bytes).unwrap();
            assert_eq!(decoded.encoding, *encoding, "{bytes:?}");
            assert_eq!(decoded.text, *text, "{bytes:?}");
        }
        assert_eq!(enc("Agnė".as_bytes()), "UTF-8");
    }

    #[test]
    fn empty_and_blank_are_empty() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t "), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(DecodeError::Empty));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe"),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            decode(&[0u8, 1, 2, 3, 250, 251, 7, 8]),
            Err(DecodeError::Binary)
        );
    }
}
