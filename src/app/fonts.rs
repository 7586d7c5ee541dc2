//! The window's fonts: egui's own (Latin, emoji) and a bundled Japanese fallback, so Japanese
//! text renders on any machine — one with no CJK font (a fresh Debian) and the UI tests alike.

use eframe::egui;

/// BIZ UDPGothic (SIL OFL 1.1, `assets/fonts/OFL.txt`), cut down to kana, CJK ideographs, CJK
/// punctuation and full-width forms by `scripts/subset-font`.
const JAPANESE: &[u8] = include_bytes!("../../assets/fonts/BIZUDPGothic-Regular-subset.ttf");

/// Put the Japanese font behind egui's fonts in every family: Latin text keeps its look, and
/// any character egui's fonts lack (a Japanese company name in any language) falls back to it.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("bizud-pgothic".to_owned(), std::sync::Arc::new(egui::FontData::from_static(JAPANESE)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("bizud-pgothic".to_owned());
    }
    ctx.set_fonts(fonts);
}
