//! Contact details: mainland China mobile numbers and the districts of
//! Qingdao (青岛市).
//!
//! This module does no I/O.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Number of digits in a mainland China mobile number.
const MOBILE_LEN: usize = 11;

/// A mainland China mobile number: 11 digits, starting with `1`, second
/// digit `3`..=`9`. Stored without spaces or dashes.
///
/// Serialized as the bare digit string; deserializing runs
/// [`MobileNumber::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct MobileNumber(String);

/// Why a string is not a valid mobile number. See [`MobileNumber::parse`]
/// for the order of the checks.
///
/// Serialized with a snake_case `kind` tag, e.g. `{"kind":"not_digits"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MobileError {
    /// Nothing but whitespace, spaces or dashes was entered.
    #[error("The mobile number is empty.")]
    Empty,
    /// The number does not have exactly 11 digits.
    #[error("The mobile number has {found} digits but needs exactly 11.")]
    Length {
        /// Number of digits found (spaces and dashes not counted).
        found: usize,
    },
    /// Something other than digits, spaces and dashes was entered.
    #[error("The mobile number may contain only digits, spaces and dashes.")]
    NotDigits,
    /// The number does not start with 13 to 19.
    #[error("A mobile number must start with 1 followed by a digit from 3 to 9.")]
    Prefix,
}

impl MobileNumber {
    /// Parses a mobile number.
    ///
    /// Surrounding whitespace is trimmed and internal whitespace and `-` are
    /// removed first (so `"138 1234 5678"` and `"138-1234-5678"` are
    /// accepted).
    ///
    /// # Errors
    ///
    /// In this order, the first failure is returned:
    ///
    /// 1. [`Empty`](MobileError::Empty) — nothing left;
    /// 2. [`NotDigits`](MobileError::NotDigits) — any character that is not
    ///    an ASCII digit;
    /// 3. [`Length`](MobileError::Length) — not exactly 11 digits;
    /// 4. [`Prefix`](MobileError::Prefix) — not `1` followed by `3`..=`9`.
    pub fn parse(input: &str) -> Result<Self, MobileError> {
        let digits: String = input
            .chars()
            .filter(|&c| !c.is_whitespace() && c != '-')
            .collect();
        if digits.is_empty() {
            return Err(MobileError::Empty);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MobileError::NotDigits);
        }
        if digits.len() != MOBILE_LEN {
            return Err(MobileError::Length {
                found: digits.len(),
            });
        }
        let bytes = digits.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(MobileError::Prefix);
        }
        Ok(Self(digits))
    }

    /// The 11 digits, e.g. `"13812345678"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with the middle four digits hidden, e.g. `"138****5678"`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MobileNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A district or county-level city of Qingdao.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum District {
    /// 市南区, 370202.
    Shinan,
    /// 市北区, 370203.
    Shibei,
    /// 黄岛区 (西海岸新区), 370211.
    Huangdao,
    /// 崂山区, 370212.
    Laoshan,
    /// 李沧区, 370213.
    Licang,
    /// 城阳区, 370214.
    Chengyang,
    /// 即墨区, 370215.
    Jimo,
    /// 胶州市, 370281.
    Jiaozhou,
    /// 平度市, 370283.
    Pingdu,
    /// 莱西市, 370285.
    Laixi,
}

/// Why a string does not name a Qingdao district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DistrictError {
    /// The input is not a code or name of any Qingdao district.
    #[error("'{input}' is not a known Qingdao district.")]
    Unknown {
        /// The input, trimmed.
        input: String,
    },
}

impl District {
    /// All districts, in administrative code order.
    pub const ALL: [District; 10] = [
        Self::Shinan,
        Self::Shibei,
        Self::Huangdao,
        Self::Laoshan,
        Self::Licang,
        Self::Chengyang,
        Self::Jimo,
        Self::Jiaozhou,
        Self::Pingdu,
        Self::Laixi,
    ];

    /// The six-digit administrative division code, e.g. `370202`.
    pub fn code(self) -> u32 {
        match self {
            Self::Shinan => 370202,
            Self::Shibei => 370203,
            Self::Huangdao => 370211,
            Self::Laoshan => 370212,
            Self::Licang => 370213,
            Self::Chengyang => 370214,
            Self::Jimo => 370215,
            Self::Jiaozhou => 370281,
            Self::Pingdu => 370283,
            Self::Laixi => 370285,
        }
    }

    /// The district with this administrative code, if any.
    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The Chinese name, e.g. `"市南区"`.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Shinan => "市南区",
            Self::Shibei => "市北区",
            Self::Huangdao => "黄岛区",
            Self::Laoshan => "崂山区",
            Self::Licang => "李沧区",
            Self::Chengyang => "城阳区",
            Self::Jimo => "即墨区",
            Self::Jiaozhou => "胶州市",
            Self::Pingdu => "平度市",
            Self::Laixi => "莱西市",
        }
    }

    /// The English name, e.g. `"Shinan"`.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::Shinan => "Shinan",
            Self::Shibei => "Shibei",
            Self::Huangdao => "Huangdao (West Coast New Area)",
            Self::Laoshan => "Laoshan",
            Self::Licang => "Licang",
            Self::Chengyang => "Chengyang",
            Self::Jimo => "Jimo",
            Self::Jiaozhou => "Jiaozhou",
            Self::Pingdu => "Pingdu",
            Self::Laixi => "Laixi",
        }
    }

    /// Finds a district by what a user may type (surrounding whitespace is
    /// trimmed):
    ///
    /// - the administrative code (`"370202"`);
    /// - the Chinese name with or without its `区`/`市` suffix (`"市南区"`,
    ///   `"市南"`, `"胶州"`), or `"西海岸新区"` for Huangdao;
    /// - the English name, case-insensitively, for Huangdao with or without
    ///   the parenthesised part (`"huangdao"`, `"West Coast New Area"`).
    ///
    /// # Errors
    ///
    /// [`DistrictError::Unknown`] with the trimmed input if nothing matches.
    pub fn parse(input: &str) -> Result<Self, DistrictError> {
        let s = input.trim();
        let found = if let Ok(code) = s.parse::<u32>() {
            Self::from_code(code)
        } else {
            Self::ALL.into_iter().find(|d| d.matches_name(s))
        };
        found.ok_or_else(|| DistrictError::Unknown {
            input: s.to_owned(),
        })
    }

    /// Whether `s` (already trimmed, not a number) is one of this district's names.
    fn matches_name(self, s: &str) -> bool {
        let zh = self.name_zh();
        let zh_short = zh
            .strip_suffix('区')
            .or_else(|| zh.strip_suffix('市'))
            .unwrap_or(zh);
        if s == zh || s == zh_short {
            return true;
        }
        if self == Self::Huangdao && s == "西海岸新区" {
            return true;
        }
        let en = self.name_en();
        if s.eq_ignore_ascii_case(en) {
            return true;
        }
        // "Huangdao (West Coast New Area)": either part alone.
        match en.split_once(" (") {
            Some((short, rest)) => {
                let inner = rest.strip_suffix(')').unwrap_or(rest);
                s.eq_ignore_ascii_case(short) || s.eq_ignore_ascii_case(inner)
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_mobiles() {
        let cases = [
            ("13812345678", "13812345678"),
            ("138 1234 5678", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("  19912345678\n", "19912345678"),
            ("1 5 9-0000-0000", "15900000000"),
        ];
        for (input, want) in cases {
            let m = MobileNumber::parse(input)
                .unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
            assert_eq!(m.as_str(), want, "input {input:?}");
            assert_eq!(m.to_string(), want, "input {input:?}");
        }
    }

    #[test]
    fn invalid_mobiles() {
        let cases = [
            ("", MobileError::Empty),
            ("   ", MobileError::Empty),
            (" - - ", MobileError::Empty),
            ("1381234567", MobileError::Length { found: 10 }),
            ("138123456789", MobileError::Length { found: 12 }),
            ("138 1234 567", MobileError::Length { found: 10 }),
            ("1381234567a", MobileError::NotDigits),
            ("abc", MobileError::NotDigits),
            ("+8613812345678", MobileError::NotDigits),
            ("12812345678", MobileError::Prefix),
            ("10812345678", MobileError::Prefix),
            ("23812345678", MobileError::Prefix),
        ];
        for (input, want) in cases {
            assert_eq!(MobileNumber::parse(input), Err(want), "input {input:?}");
        }
    }

    #[test]
    fn mobile_masked_and_serde() {
        let m = MobileNumber::parse("138-1234-5678").unwrap();
        assert_eq!(m.masked(), "138****5678");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"13812345678\"");
        assert_eq!(serde_json::from_str::<MobileNumber>(&json).unwrap(), m);
        assert!(serde_json::from_str::<MobileNumber>("\"12812345678\"").is_err());

        let error = MobileError::Length { found: 10 };
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(json, r#"{"kind":"length","found":10}"#);
        assert_eq!(serde_json::from_str::<MobileError>(&json).unwrap(), error);
    }

    #[test]
    fn mobile_error_messages_are_one_sentence() {
        let errors = [
            MobileError::Empty,
            MobileError::Length { found: 10 },
            MobileError::NotDigits,
            MobileError::Prefix,
        ];
        for e in errors {
            let text = e.to_string();
            assert!(text.ends_with('.'), "{text}");
            assert_eq!(text.matches(". ").count(), 0, "{text}");
        }
    }

    #[test]
    fn district_tables_agree() {
        let codes = [
            370202, 370203, 370211, 370212, 370213, 370214, 370215, 370281, 370283, 370285,
        ];
        let zh = [
            "市南区",
            "市北区",
            "黄岛区",
            "崂山区",
            "李沧区",
            "城阳区",
            "即墨区",
            "胶州市",
            "平度市",
            "莱西市",
        ];
        for ((d, code), name) in District::ALL.into_iter().zip(codes).zip(zh) {
            assert_eq!(d.code(), code);
            assert_eq!(District::from_code(code), Some(d));
            assert_eq!(d.name_zh(), name);
            assert_eq!(District::parse(&code.to_string()), Ok(d));
            assert_eq!(District::parse(d.name_zh()), Ok(d));
            assert_eq!(District::parse(d.name_en()), Ok(d));
        }
        assert_eq!(District::from_code(370200), None);
        let mut sorted = District::ALL;
        sorted.sort();
        assert_eq!(sorted, District::ALL);
    }

    #[test]
    fn district_serde() {
        let json = serde_json::to_string(&District::Huangdao).unwrap();
        assert_eq!(json, "\"Huangdao\"");
        assert_eq!(
            serde_json::from_str::<District>(&json).unwrap(),
            District::Huangdao
        );
    }

    #[test]
    fn district_parse() {
        let cases = [
            ("370202", Ok(District::Shinan)),
            (" 370285 ", Ok(District::Laixi)),
            ("市南区", Ok(District::Shinan)),
            ("市南", Ok(District::Shinan)),
            ("胶州", Ok(District::Jiaozhou)),
            ("胶州市", Ok(District::Jiaozhou)),
            ("shinan", Ok(District::Shinan)),
            ("SHIBEI", Ok(District::Shibei)),
            ("Huangdao", Ok(District::Huangdao)),
            ("huangdao (west coast new area)", Ok(District::Huangdao)),
            ("West Coast New Area", Ok(District::Huangdao)),
            ("黄岛", Ok(District::Huangdao)),
            ("西海岸新区", Ok(District::Huangdao)),
            (
                "370100",
                Err(DistrictError::Unknown {
                    input: "370100".into(),
                }),
            ),
            (
                " 历下区 ",
                Err(DistrictError::Unknown {
                    input: "历下区".into(),
                }),
            ),
            (
                "Shinan District",
                Err(DistrictError::Unknown {
                    input: "Shinan District".into(),
                }),
            ),
            ("", Err(DistrictError::Unknown { input: "".into() })),
        ];
        for (input, want) in cases {
            assert_eq!(District::parse(input), want, "input {input:?}");
        }
    }
}
