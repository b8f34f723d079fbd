//! ISO 3166-1 alpha-2 region codes, for the region part of a language tag (`ar-LB`): a tag with
//! a region that does not exist (`ar-XX`) is refused (E0122) rather than read as plain Arabic
//! without a word.

/// Every assigned ISO 3166-1 alpha-2 code (249), sorted.
const REGIONS: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Is `code` (any case) an assigned ISO 3166-1 alpha-2 region?
#[must_use]
pub fn is_region(code: &str) -> bool {
    let upper = code.to_ascii_uppercase();
    REGIONS.binary_search(&upper.as_str()).is_ok()
}

/// The region subtag of a language tag that is not a real region (`ar-xx` → `xx`): a two-letter
/// subtag after the language (and an optional four-letter script) that ISO 3166 does not assign.
#[must_use]
pub fn unknown_region(tag: &str) -> Option<&str> {
    tag.split('-')
        .skip(1)
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|r| !is_region(r))
}

#[cfg(test)]
mod tests {
    use super::{is_region, unknown_region, REGIONS};

    #[test]
    fn regions() {
        assert!(
            REGIONS.windows(2).all(|w| w[0] < w[1]),
            "sorted, no repeats"
        );
        assert!(is_region("lb") && is_region("IQ") && is_region("TD"));
        assert!(!is_region("XX") && !is_region("UK") && !is_region("EU"));
        assert_eq!(unknown_region("ar-xx"), Some("xx"));
        assert_eq!(unknown_region("ar-lb"), None);
        assert_eq!(unknown_region("sr-latn-rs"), None);
        assert_eq!(unknown_region("sr-latn-qq"), Some("qq"));
        assert_eq!(unknown_region("es-419"), None);
        assert_eq!(unknown_region("ar"), None);
    }
}
