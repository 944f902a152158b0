//! Fonts: the default theme's bundled Noto CJK SC faces (or a theme's replacements), used to
//! measure chart text, to draw PNG images and to typeset the PDF. Nothing here reads the
//! machine's fonts, so every build sees the same faces.

use std::sync::OnceLock;

/// One font file, by its file name in the theme's `fonts/` folder.
#[derive(Debug, Clone)]
pub(crate) struct FontFile {
    pub name: String,
    pub data: FontData,
}

/// A font's bytes: the bundled faces straight from the binary, others shared, so that no
/// build (and no `serve` rebuild) copies 17 MB of fonts.
#[derive(Debug, Clone)]
pub(crate) enum FontData {
    Bundled(&'static [u8]),
    Loaded(std::sync::Arc<Vec<u8>>),
}

impl AsRef<[u8]> for FontData {
    fn as_ref(&self) -> &[u8] {
        match self {
            FontData::Bundled(b) => b,
            FontData::Loaded(v) => v,
        }
    }
}

/// The bundled faces, by file name.
pub(crate) const BUNDLED: &[(&str, &[u8])] = &[
    ("NotoSerifSC-Regular.otf", include_bytes!("../../themes/default/fonts/NotoSerifSC-Regular.otf")),
    ("NotoSerifSC-Bold.otf", include_bytes!("../../themes/default/fonts/NotoSerifSC-Bold.otf")),
    ("NotoSansSC-Regular.otf", include_bytes!("../../themes/default/fonts/NotoSansSC-Regular.otf")),
    ("NotoSansSC-Bold.otf", include_bytes!("../../themes/default/fonts/NotoSansSC-Bold.otf")),
];

/// The family charts are drawn in (the bundled face the PNGs and the PDF use).
pub(crate) const CHART_FAMILY: &str = "Noto Sans CJK SC";

/// The families a chart's SVG names, for browsers that show it with the reader's own fonts:
/// the bundled face, then the same design as Adobe names it, then the Chinese sans faces of
/// macOS (PingFang, Hiragino) and Windows (Microsoft YaHei, SimHei), then any sans-serif.
pub(crate) const CHART_FONT_STACK: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Hiragino Sans GB, Microsoft YaHei, SimHei, sans-serif";

/// Measures text as the chart face sets it, so labels are placed without overlap.
pub(crate) struct Measure {
    face: ttf_parser::Face<'static>,
}

impl Measure {
    /// The measurer for the bundled sans face, parsed once per process.
    pub(crate) fn sans() -> &'static Measure {
        static MEASURE: OnceLock<Measure> = OnceLock::new();
        MEASURE.get_or_init(|| {
            let data = BUNDLED[2].1;
            let face = ttf_parser::Face::parse(data, 0).expect("the bundled sans face parses");
            Measure { face }
        })
    }

    /// Width in pixels of `text` at `size` pixels.
    pub(crate) fn width(&self, text: &str, size: f64) -> f64 {
        let upem = f64::from(self.face.units_per_em());
        let units: f64 = text
            .chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or_else(|| if c.is_ascii() { upem * 0.5 } else { upem }, f64::from)
            })
            .sum();
        units / upem * size
    }

    /// Breaks text into lines no wider than `max` pixels, as evenly as the line count allows
    /// (no lone last character): between Chinese characters, at spaces in other text, never
    /// before closing punctuation.
    pub(crate) fn wrap(&self, text: &str, size: f64, max: f64) -> Vec<String> {
        let greedy = self.wrap_greedy(text, size, max);
        if greedy.len() < 2 {
            return greedy;
        }
        // The narrowest width that still needs no more lines.
        let (mut lo, mut hi) = (max / greedy.len() as f64, max);
        for _ in 0..12 {
            let mid = (lo + hi) / 2.0;
            if self.wrap_greedy(text, size, mid).len() <= greedy.len() {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        self.wrap_greedy(text, size, hi)
    }

    /// Lines of at most `max` wide that use the width, each broken where a phrase ends (after
    /// ，、；： or a space, before （ or 《) when that leaves the line at least half full, else
    /// between characters: for a source line, which reads as a run of phrases.
    pub(crate) fn wrap_phrases(&self, text: &str, size: f64, max: f64) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line: Vec<String> = Vec::new();
        for token in tokens(text) {
            let candidate: String = line.iter().map(String::as_str).chain([token.as_str()]).collect();
            if line.is_empty() || self.width(candidate.trim_end(), size) <= max || is_closing(&token) {
                line.push(token);
                continue;
            }
            let joined = |t: &[String]| t.concat().trim().to_string();
            let phrase_end = (1..line.len()).rev().find(|&k| {
                let (before, after) = (&line[k - 1], &line[k]);
                let ends = before.ends_with(['，', '、', '；', '：', '。', ' ', '）', '》']);
                let opens = after.starts_with(['（', '《', '(']);
                (ends || opens) && self.width(&joined(&line[..k]), size) >= max / 2.0
            });
            let rest = match phrase_end {
                Some(k) => line.split_off(k),
                None => Vec::new(),
            };
            lines.push(joined(&line));
            line = rest;
            line.push(token.trim_start().to_string());
        }
        if !line.is_empty() && !line.concat().trim().is_empty() {
            lines.push(line.concat().trim().to_string());
        }
        lines
    }

    fn wrap_greedy(&self, text: &str, size: f64, max: f64) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for token in tokens(text) {
            let candidate = format!("{line}{token}");
            if !line.is_empty() && self.width(candidate.trim_end(), size) > max && !is_closing(&token) {
                lines.push(line.trim_end().to_string());
                line = token.trim_start().to_string();
            } else {
                line = candidate;
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
        }
        lines
    }
}

fn is_closing(token: &str) -> bool {
    token.chars().next().is_some_and(|c| "，。、；：？！）》」』”’%".contains(c))
}

/// Wrapping units: a Chinese character, or a run of other non-space characters with the
/// space after it.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let wide = c as u32 >= 0x2E80;
        if wide {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else {
            word.push(c);
            if c == ' ' {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_measured_as_full_width_and_digits_as_narrower() {
        let m = Measure::sans();
        let han = m.width("诉前化解纠纷", 10.0);
        assert!((han - 60.0).abs() < 0.5, "{han}");
        let digits = m.width("4500", 10.0);
        assert!(digits > 15.0 && digits < 30.0, "{digits}");
    }

    #[test]
    fn wrapping_breaks_between_characters_but_not_before_punctuation() {
        let m = Measure::sans();
        let lines = m.wrap("协助排查化解矛盾纠纷，调解成功", 10.0, 50.0);
        assert_eq!(lines, ["协助排查化", "解矛盾纠纷，", "调解成功"]);
        let two = m.wrap("针对行政管理、社会治理问题发出司法建议", 10.0, 150.0);
        assert_eq!(two.len(), 2);
        assert!(two[1].chars().count() >= 8, "{two:?}");
    }

    #[test]
    fn a_source_line_uses_the_width_and_breaks_where_a_phrase_ends() {
        let m = Measure::sans();
        // 30 characters wide: the bracket would be cut; the line breaks before it instead.
        let source = "数据来源：山东省高级人民法院行政审判庭工作报告（2019年5月20日新闻发布会）";
        let lines = m.wrap_phrases(source, 10.0, 300.0);
        assert_eq!(lines, ["数据来源：山东省高级人民法院行政审判庭工作报告", "（2019年5月20日新闻发布会）"]);
        // Without a place to break, it fills the width rather than halving it.
        let long = "山东法院行政案件审判工作情况分析山东法院行政案件审判工作情况分析";
        let lines = m.wrap_phrases(long, 10.0, 250.0);
        assert_eq!(lines[0].chars().count(), 25, "{lines:?}");
    }
}
