//! ISO 639 language codes the compiler knows: every two-letter ISO 639-1 code and a few
//! three-letter ISO 639-3 codes used in humanitarian settings. Generated from Debian's `iso-codes`
//! data (ISO 639-2 and 639-3 JSON); names are the English names there.

/// A known language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// The code (`ar`).
    pub code: &'static str,
    /// The English name (`Arabic`).
    pub name: &'static str,
    /// Written right to left.
    pub rtl: bool,
}

/// Looks a language up by code; a region suffix (`ar-LB`) is ignored.
#[must_use]
pub fn language(code: &str) -> Option<Language> {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    LANGUAGES.iter().copied().find(|l| l.code == base)
}

/// Every known language, by code.
pub const LANGUAGES: &[Language] = &[
    Language {
        code: "aa",
        name: "Afar",
        rtl: false,
    },
    Language {
        code: "ab",
        name: "Abkhazian",
        rtl: false,
    },
    Language {
        code: "ae",
        name: "Avestan",
        rtl: false,
    },
    Language {
        code: "af",
        name: "Afrikaans",
        rtl: false,
    },
    Language {
        code: "ak",
        name: "Akan",
        rtl: false,
    },
    Language {
        code: "am",
        name: "Amharic",
        rtl: false,
    },
    Language {
        code: "an",
        name: "Aragonese",
        rtl: false,
    },
    Language {
        code: "apd",
        name: "Sudanese Arabic",
        rtl: true,
    },
    Language {
        code: "ar",
        name: "Arabic",
        rtl: true,
    },
    Language {
        code: "as",
        name: "Assamese",
        rtl: false,
    },
    Language {
        code: "av",
        name: "Avaric",
        rtl: false,
    },
    Language {
        code: "ay",
        name: "Aymara",
        rtl: false,
    },
    Language {
        code: "az",
        name: "Azerbaijani",
        rtl: false,
    },
    Language {
        code: "ba",
        name: "Bashkir",
        rtl: false,
    },
    Language {
        code: "be",
        name: "Belarusian",
        rtl: false,
    },
    Language {
        code: "bg",
        name: "Bulgarian",
        rtl: false,
    },
    Language {
        code: "bh",
        name: "Bihari languages",
        rtl: false,
    },
    Language {
        code: "bi",
        name: "Bislama",
        rtl: false,
    },
    Language {
        code: "bm",
        name: "Bambara",
        rtl: false,
    },
    Language {
        code: "bn",
        name: "Bengali",
        rtl: false,
    },
    Language {
        code: "bo",
        name: "Tibetan",
        rtl: false,
    },
    Language {
        code: "br",
        name: "Breton",
        rtl: false,
    },
    Language {
        code: "bs",
        name: "Bosnian",
        rtl: false,
    },
    Language {
        code: "ca",
        name: "Catalan",
        rtl: false,
    },
    Language {
        code: "ce",
        name: "Chechen",
        rtl: false,
    },
    Language {
        code: "ch",
        name: "Chamorro",
        rtl: false,
    },
    Language {
        code: "ckb",
        name: "Central Kurdish",
        rtl: true,
    },
    Language {
        code: "co",
        name: "Corsican",
        rtl: false,
    },
    Language {
        code: "cr",
        name: "Cree",
        rtl: false,
    },
    Language {
        code: "cs",
        name: "Czech",
        rtl: false,
    },
    Language {
        code: "ctg",
        name: "Chittagonian",
        rtl: false,
    },
    Language {
        code: "cu",
        name: "Church Slavic",
        rtl: false,
    },
    Language {
        code: "cv",
        name: "Chuvash",
        rtl: false,
    },
    Language {
        code: "cy",
        name: "Welsh",
        rtl: false,
    },
    Language {
        code: "da",
        name: "Danish",
        rtl: false,
    },
    Language {
        code: "de",
        name: "German",
        rtl: false,
    },
    Language {
        code: "dv",
        name: "Divehi",
        rtl: true,
    },
    Language {
        code: "dyu",
        name: "Dyula",
        rtl: false,
    },
    Language {
        code: "dz",
        name: "Dzongkha",
        rtl: false,
    },
    Language {
        code: "ee",
        name: "Ewe",
        rtl: false,
    },
    Language {
        code: "el",
        name: "Greek, Modern (1453-)",
        rtl: false,
    },
    Language {
        code: "en",
        name: "English",
        rtl: false,
    },
    Language {
        code: "eo",
        name: "Esperanto",
        rtl: false,
    },
    Language {
        code: "es",
        name: "Spanish",
        rtl: false,
    },
    Language {
        code: "et",
        name: "Estonian",
        rtl: false,
    },
    Language {
        code: "eu",
        name: "Basque",
        rtl: false,
    },
    Language {
        code: "fa",
        name: "Persian",
        rtl: true,
    },
    Language {
        code: "ff",
        name: "Fulah",
        rtl: false,
    },
    Language {
        code: "fi",
        name: "Finnish",
        rtl: false,
    },
    Language {
        code: "fj",
        name: "Fijian",
        rtl: false,
    },
    Language {
        code: "fo",
        name: "Faroese",
        rtl: false,
    },
    Language {
        code: "fr",
        name: "French",
        rtl: false,
    },
    Language {
        code: "fuv",
        name: "Nigerian Fulfulde",
        rtl: false,
    },
    Language {
        code: "fy",
        name: "Western Frisian",
        rtl: false,
    },
    Language {
        code: "ga",
        name: "Irish",
        rtl: false,
    },
    Language {
        code: "gd",
        name: "Gaelic",
        rtl: false,
    },
    Language {
        code: "gl",
        name: "Galician",
        rtl: false,
    },
    Language {
        code: "gn",
        name: "Guarani",
        rtl: false,
    },
    Language {
        code: "gu",
        name: "Gujarati",
        rtl: false,
    },
    Language {
        code: "gv",
        name: "Manx",
        rtl: false,
    },
    Language {
        code: "ha",
        name: "Hausa",
        rtl: false,
    },
    Language {
        code: "he",
        name: "Hebrew",
        rtl: true,
    },
    Language {
        code: "hi",
        name: "Hindi",
        rtl: false,
    },
    Language {
        code: "ho",
        name: "Hiri Motu",
        rtl: false,
    },
    Language {
        code: "hr",
        name: "Croatian",
        rtl: false,
    },
    Language {
        code: "ht",
        name: "Haitian",
        rtl: false,
    },
    Language {
        code: "hu",
        name: "Hungarian",
        rtl: false,
    },
    Language {
        code: "hy",
        name: "Armenian",
        rtl: false,
    },
    Language {
        code: "hz",
        name: "Herero",
        rtl: false,
    },
    Language {
        code: "ia",
        name: "Interlingua (International Auxiliary Language Association)",
        rtl: false,
    },
    Language {
        code: "id",
        name: "Indonesian",
        rtl: false,
    },
    Language {
        code: "ie",
        name: "Interlingue",
        rtl: false,
    },
    Language {
        code: "ig",
        name: "Igbo",
        rtl: false,
    },
    Language {
        code: "ii",
        name: "Sichuan Yi",
        rtl: false,
    },
    Language {
        code: "ik",
        name: "Inupiaq",
        rtl: false,
    },
    Language {
        code: "io",
        name: "Ido",
        rtl: false,
    },
    Language {
        code: "is",
        name: "Icelandic",
        rtl: false,
    },
    Language {
        code: "it",
        name: "Italian",
        rtl: false,
    },
    Language {
        code: "iu",
        name: "Inuktitut",
        rtl: false,
    },
    Language {
        code: "ja",
        name: "Japanese",
        rtl: false,
    },
    Language {
        code: "jv",
        name: "Javanese",
        rtl: false,
    },
    Language {
        code: "ka",
        name: "Georgian",
        rtl: false,
    },
    Language {
        code: "kcg",
        name: "Tyap",
        rtl: false,
    },
    Language {
        code: "kg",
        name: "Kongo",
        rtl: false,
    },
    Language {
        code: "ki",
        name: "Kikuyu",
        rtl: false,
    },
    Language {
        code: "kj",
        name: "Kuanyama",
        rtl: false,
    },
    Language {
        code: "kk",
        name: "Kazakh",
        rtl: false,
    },
    Language {
        code: "kl",
        name: "Kalaallisut",
        rtl: false,
    },
    Language {
        code: "km",
        name: "Central Khmer",
        rtl: false,
    },
    Language {
        code: "kmr",
        name: "Northern Kurdish",
        rtl: false,
    },
    Language {
        code: "kn",
        name: "Kannada",
        rtl: false,
    },
    Language {
        code: "ko",
        name: "Korean",
        rtl: false,
    },
    Language {
        code: "kr",
        name: "Kanuri",
        rtl: false,
    },
    Language {
        code: "ks",
        name: "Kashmiri",
        rtl: false,
    },
    Language {
        code: "ku",
        name: "Kurdish",
        rtl: false,
    },
    Language {
        code: "kv",
        name: "Komi",
        rtl: false,
    },
    Language {
        code: "kw",
        name: "Cornish",
        rtl: false,
    },
    Language {
        code: "ky",
        name: "Kirghiz",
        rtl: false,
    },
    Language {
        code: "la",
        name: "Latin",
        rtl: false,
    },
    Language {
        code: "lb",
        name: "Luxembourgish",
        rtl: false,
    },
    Language {
        code: "lg",
        name: "Ganda",
        rtl: false,
    },
    Language {
        code: "li",
        name: "Limburgan",
        rtl: false,
    },
    Language {
        code: "ln",
        name: "Lingala",
        rtl: false,
    },
    Language {
        code: "lo",
        name: "Lao",
        rtl: false,
    },
    Language {
        code: "lt",
        name: "Lithuanian",
        rtl: false,
    },
    Language {
        code: "lu",
        name: "Luba-Katanga",
        rtl: false,
    },
    Language {
        code: "lv",
        name: "Latvian",
        rtl: false,
    },
    Language {
        code: "mg",
        name: "Malagasy",
        rtl: false,
    },
    Language {
        code: "mh",
        name: "Marshallese",
        rtl: false,
    },
    Language {
        code: "mi",
        name: "Maori",
        rtl: false,
    },
    Language {
        code: "mk",
        name: "Macedonian",
        rtl: false,
    },
    Language {
        code: "ml",
        name: "Malayalam",
        rtl: false,
    },
    Language {
        code: "mn",
        name: "Mongolian",
        rtl: false,
    },
    Language {
        code: "mr",
        name: "Marathi",
        rtl: false,
    },
    Language {
        code: "ms",
        name: "Malay",
        rtl: false,
    },
    Language {
        code: "mt",
        name: "Maltese",
        rtl: false,
    },
    Language {
        code: "my",
        name: "Burmese",
        rtl: false,
    },
    Language {
        code: "na",
        name: "Nauru",
        rtl: false,
    },
    Language {
        code: "nb",
        name: "Bokmål, Norwegian",
        rtl: false,
    },
    Language {
        code: "nd",
        name: "Ndebele, North",
        rtl: false,
    },
    Language {
        code: "ne",
        name: "Nepali",
        rtl: false,
    },
    Language {
        code: "ng",
        name: "Ndonga",
        rtl: false,
    },
    Language {
        code: "nl",
        name: "Dutch",
        rtl: false,
    },
    Language {
        code: "nn",
        name: "Norwegian Nynorsk",
        rtl: false,
    },
    Language {
        code: "no",
        name: "Norwegian",
        rtl: false,
    },
    Language {
        code: "nr",
        name: "Ndebele, South",
        rtl: false,
    },
    Language {
        code: "nv",
        name: "Navajo",
        rtl: false,
    },
    Language {
        code: "ny",
        name: "Chichewa",
        rtl: false,
    },
    Language {
        code: "oc",
        name: "Occitan (post 1500)",
        rtl: false,
    },
    Language {
        code: "oj",
        name: "Ojibwa",
        rtl: false,
    },
    Language {
        code: "om",
        name: "Oromo",
        rtl: false,
    },
    Language {
        code: "or",
        name: "Oriya",
        rtl: false,
    },
    Language {
        code: "os",
        name: "Ossetian",
        rtl: false,
    },
    Language {
        code: "pa",
        name: "Panjabi",
        rtl: false,
    },
    Language {
        code: "pi",
        name: "Pali",
        rtl: false,
    },
    Language {
        code: "pl",
        name: "Polish",
        rtl: false,
    },
    Language {
        code: "prs",
        name: "Dari",
        rtl: true,
    },
    Language {
        code: "ps",
        name: "Pushto",
        rtl: true,
    },
    Language {
        code: "pt",
        name: "Portuguese",
        rtl: false,
    },
    Language {
        code: "qu",
        name: "Quechua",
        rtl: false,
    },
    Language {
        code: "rhg",
        name: "Rohingya",
        rtl: false,
    },
    Language {
        code: "rm",
        name: "Romansh",
        rtl: false,
    },
    Language {
        code: "rn",
        name: "Rundi",
        rtl: false,
    },
    Language {
        code: "ro",
        name: "Romanian",
        rtl: false,
    },
    Language {
        code: "ru",
        name: "Russian",
        rtl: false,
    },
    Language {
        code: "rw",
        name: "Kinyarwanda",
        rtl: false,
    },
    Language {
        code: "sa",
        name: "Sanskrit",
        rtl: false,
    },
    Language {
        code: "sc",
        name: "Sardinian",
        rtl: false,
    },
    Language {
        code: "sd",
        name: "Sindhi",
        rtl: true,
    },
    Language {
        code: "se",
        name: "Northern Sami",
        rtl: false,
    },
    Language {
        code: "sg",
        name: "Sango",
        rtl: false,
    },
    Language {
        code: "si",
        name: "Sinhala",
        rtl: false,
    },
    Language {
        code: "sk",
        name: "Slovak",
        rtl: false,
    },
    Language {
        code: "sl",
        name: "Slovenian",
        rtl: false,
    },
    Language {
        code: "sm",
        name: "Samoan",
        rtl: false,
    },
    Language {
        code: "sn",
        name: "Shona",
        rtl: false,
    },
    Language {
        code: "so",
        name: "Somali",
        rtl: false,
    },
    Language {
        code: "sq",
        name: "Albanian",
        rtl: false,
    },
    Language {
        code: "sr",
        name: "Serbian",
        rtl: false,
    },
    Language {
        code: "ss",
        name: "Swati",
        rtl: false,
    },
    Language {
        code: "st",
        name: "Sotho, Southern",
        rtl: false,
    },
    Language {
        code: "su",
        name: "Sundanese",
        rtl: false,
    },
    Language {
        code: "sv",
        name: "Swedish",
        rtl: false,
    },
    Language {
        code: "sw",
        name: "Swahili",
        rtl: false,
    },
    Language {
        code: "ta",
        name: "Tamil",
        rtl: false,
    },
    Language {
        code: "te",
        name: "Telugu",
        rtl: false,
    },
    Language {
        code: "tg",
        name: "Tajik",
        rtl: false,
    },
    Language {
        code: "th",
        name: "Thai",
        rtl: false,
    },
    Language {
        code: "ti",
        name: "Tigrinya",
        rtl: false,
    },
    Language {
        code: "tk",
        name: "Turkmen",
        rtl: false,
    },
    Language {
        code: "tl",
        name: "Tagalog",
        rtl: false,
    },
    Language {
        code: "tn",
        name: "Tswana",
        rtl: false,
    },
    Language {
        code: "to",
        name: "Tonga (Tonga Islands)",
        rtl: false,
    },
    Language {
        code: "tr",
        name: "Turkish",
        rtl: false,
    },
    Language {
        code: "ts",
        name: "Tsonga",
        rtl: false,
    },
    Language {
        code: "tt",
        name: "Tatar",
        rtl: false,
    },
    Language {
        code: "tw",
        name: "Twi",
        rtl: false,
    },
    Language {
        code: "ty",
        name: "Tahitian",
        rtl: false,
    },
    Language {
        code: "ug",
        name: "Uighur",
        rtl: true,
    },
    Language {
        code: "uk",
        name: "Ukrainian",
        rtl: false,
    },
    Language {
        code: "ur",
        name: "Urdu",
        rtl: true,
    },
    Language {
        code: "uz",
        name: "Uzbek",
        rtl: false,
    },
    Language {
        code: "ve",
        name: "Venda",
        rtl: false,
    },
    Language {
        code: "vi",
        name: "Vietnamese",
        rtl: false,
    },
    Language {
        code: "vo",
        name: "Volapük",
        rtl: false,
    },
    Language {
        code: "wa",
        name: "Walloon",
        rtl: false,
    },
    Language {
        code: "wo",
        name: "Wolof",
        rtl: false,
    },
    Language {
        code: "xh",
        name: "Xhosa",
        rtl: false,
    },
    Language {
        code: "yi",
        name: "Yiddish",
        rtl: true,
    },
    Language {
        code: "yo",
        name: "Yoruba",
        rtl: false,
    },
    Language {
        code: "za",
        name: "Zhuang",
        rtl: false,
    },
    Language {
        code: "zh",
        name: "Chinese",
        rtl: false,
    },
    Language {
        code: "zu",
        name: "Zulu",
        rtl: false,
    },
];
