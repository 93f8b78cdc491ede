//! Byte decoding: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy encodings —
//! GB18030/GBK above all — detected by `chardetng`, the detector Firefox uses.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode a whole file. The error string says what is wrong, without the path (the caller adds it).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(format!(
                "starts with a {} byte-order mark but is not valid {} after it",
                enc.name(),
                enc.name()
            ));
        }
        let name = if enc == UTF_8 {
            "UTF-8 (BOM)"
        } else if enc == UTF_16LE {
            "UTF-16LE (BOM)"
        } else if enc == UTF_16BE {
            "UTF-16BE (BOM)"
        } else {
            enc.name()
        };
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: name,
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains('\0') {
            return Err(
                "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark".into(),
            );
        }
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    // encoding_rs' GBK decoder already accepts all of GB18030; name it by the superset so the
    // manifest says what was really decoded.
    if enc == GBK {
        enc = GB18030;
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!(
            "is neither valid UTF-8 nor valid {} (the most likely legacy encoding); convert it to UTF-8",
            enc.name()
        ));
    }
    if text.contains('\0') {
        return Err(
            "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark".into(),
        );
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "核酸检测，党员先锋。";

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8 (BOM)"));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, SAMPLE);
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE (BOM)");
        assert_eq!(decode(&be).unwrap().text, SAMPLE);
    }

    #[test]
    fn gb18030_is_detected() {
        // A real seed sentence, long enough for the detector to be sure.
        let text = "面对突如其来的疫情，市、区党委、政府作出了科学防控、精准施策的总动员，第一时间把住关键区域。";
        let (bytes, _, _) = GB18030.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, text);
    }

    #[test]
    fn nul_bytes_are_refused() {
        let err = decode(b"abc\0def").unwrap_err();
        assert!(err.contains("NUL"), "{err}");
    }

    #[test]
    fn broken_utf8_after_bom_is_refused() {
        let err = decode(&[0xEF, 0xBB, 0xBF, 0xE6, 0xA0]).unwrap_err();
        assert!(err.contains("byte-order mark"), "{err}");
    }
}
