//! The edition's language, and the words gazette itself prints around a paper's text (headings of the appendix, table
//! heads, figure labels, punctuation between list items), in each edition's language.

/// The language of an edition: the Chinese original, or the English edition under `output/en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// The Chinese original, into `output/`.
    #[default]
    Zh,
    /// The English edition, into `output/en/`.
    En,
}

impl Locale {
    /// Where an output file of this edition goes under `output/`: the English edition's
    /// under `en/`.
    pub fn output_path(self, path: &str) -> String {
        match self {
            Locale::Zh => path.to_string(),
            Locale::En => format!("en/{path}"),
        }
    }

    /// The BCP 47 tag for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// One edition's words. Templates receive them as `t`.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Strings {
    pub lang: &'static str,
    pub contents: &'static str,
    pub appendix: &'static str,
    pub appendix_figure: &'static str,
    pub appendix_meaning: &'static str,
    pub appendix_period: &'static str,
    pub appendix_source: &'static str,
    pub figure: &'static str,
    pub source_prefix: &'static str,
    pub data_table: &'static str,
    pub item: &'static str,
    pub value: &'static str,
    pub year: &'static str,
    pub draft: &'static str,
    pub download_pdf: &'static str,
    pub list_comma: &'static str,
    pub list_semicolon: &'static str,
    pub colon: &'static str,
    pub full_stop: &'static str,
    pub open_paren: &'static str,
    pub close_paren: &'static str,
    pub skip_link: &'static str,
    pub appendix_caption: &'static str,
    pub og_locale: &'static str,
    pub notes: &'static str,
    pub back_to_text: &'static str,
    pub source_in_title: &'static str,
    pub figure_gap: &'static str,
    /// The links between the pages of a paper with a page per chapter.
    pub previous: &'static str,
    pub next: &'static str,
    pub pager: &'static str,
}

const ZH: Strings = Strings {
    lang: "zh-CN",
    contents: "目录",
    appendix: "数据说明",
    appendix_figure: "数据",
    appendix_meaning: "含义",
    appendix_period: "统计期间",
    appendix_source: "来源",
    figure: "图",
    source_prefix: "数据来源：",
    data_table: "查看数据表",
    item: "项目",
    value: "数值",
    year: "年份",
    draft: "征求意见稿",
    download_pdf: "下载PDF版",
    previous: "上一页",
    next: "下一页",
    pager: "翻页",
    list_comma: "，",
    list_semicolon: "；",
    colon: "：",
    full_stop: "。",
    open_paren: "（",
    close_paren: "）",
    skip_link: "跳到正文",
    appendix_caption: "本文所用数据的含义、统计期间和来源",
    og_locale: "zh_CN",
    notes: "注释",
    back_to_text: "返回正文",
    source_in_title: "；来源：",
    figure_gap: "　",
};

const EN: Strings = Strings {
    lang: "en",
    contents: "Contents",
    appendix: "About the figures",
    appendix_figure: "Figure",
    appendix_meaning: "Meaning",
    appendix_period: "Period",
    appendix_source: "Source",
    figure: "Figure ",
    source_prefix: "Source: ",
    data_table: "Show the data",
    item: "Item",
    value: "Value",
    year: "Year",
    draft: "Draft for comment",
    download_pdf: "Download the PDF",
    previous: "Previous",
    next: "Next",
    pager: "Pages",
    list_comma: ", ",
    list_semicolon: "; ",
    colon: ": ",
    full_stop: ".",
    open_paren: " (",
    close_paren: ")",
    skip_link: "Skip to the text",
    appendix_caption: "What each figure in this paper means, the period it covers and its source",
    og_locale: "en_US",
    notes: "Notes",
    back_to_text: "Back to the text",
    source_in_title: "; source: ",
    figure_gap: " ",
};

/// The words of an edition.
pub(crate) fn get(locale: Locale) -> &'static Strings {
    match locale {
        Locale::Zh => &ZH,
        Locale::En => &EN,
    }
}

/// A year as a label: 2024年, or 2024.
pub(crate) fn year(locale: Locale, y: i32) -> String {
    match locale {
        Locale::Zh => format!("{y}年"),
        Locale::En => y.to_string(),
    }
}

/// A figure's number as printed after 图: 3, or 三 with `figure_numbering: chinese` (the
/// English edition always counts in digits).
pub(crate) fn figure_number(locale: Locale, chinese: bool, n: usize) -> String {
    match locale {
        Locale::Zh if chinese => chinese_integer(n as u64),
        _ => n.to_string(),
    }
}

/// A reference to a figure: 图3, 图三, Figure 3.
pub(crate) fn figure_ref(locale: Locale, chinese: bool, n: usize) -> String {
    format!("{}{}", get(locale).figure, figure_number(locale, chinese, n))
}

/// English month names, for dates.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A chapter's ordinal: 一、 in Chinese, `1. ` in English.
pub(crate) fn ordinal(locale: Locale, n: usize) -> String {
    match locale {
        Locale::Zh => format!("{}、", chinese_integer(n as u64)),
        Locale::En => format!("{n}. "),
    }
}

/// An integer in Chinese numerals, for quantities (零 not 〇): 五, 十二, 一百零八, 三千零五十二.
pub(crate) fn chinese_integer(n: u64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 4] = ["", "十", "百", "千"];
    if n == 0 {
        return "零".to_string();
    }
    // Groups of four digits, from the highest, with 万 and 亿 between them.
    fn group(n: u64) -> String {
        let mut out = String::new();
        let mut zero = false;
        for pos in (0..4).rev() {
            let d = ((n / 10u64.pow(pos)) % 10) as usize;
            if d == 0 {
                zero = !out.is_empty();
                continue;
            }
            if zero {
                out.push('零');
            }
            zero = false;
            out.push_str(DIGITS[d]);
            out.push_str(UNITS[pos as usize]);
        }
        out
    }
    // Above 9999亿 the count of 亿 is itself a number in words: 一万二千亿.
    let (mut out, groups) = if n >= 1_000_000_000_000 {
        (
            format!("{}亿", chinese_integer(n / 100_000_000)),
            vec![((n / 10_000) % 10_000, "万"), (n % 10_000, "")],
        )
    } else {
        (String::new(), vec![(n / 100_000_000, "亿"), ((n / 10_000) % 10_000, "万"), (n % 10_000, "")])
    };
    let mut pending_zero = false;
    for (value, word) in groups {
        if value == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        let leading = out.is_empty();
        if !leading && (pending_zero || value < 1000) && !out.ends_with('零') {
            out.push('零');
        }
        out.push_str(&group(value));
        out.push_str(word);
        pending_zero = false;
    }
    // 一十二 is written 十二 at the start.
    if out.starts_with("一十") {
        out.remove(0);
    }
    out
}
