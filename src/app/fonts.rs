//! The window's fonts: egui's own (Latin, emoji) and a bundled Japanese fallback, so Japanese
//! text renders on any machine — one with no CJK font (a fresh Debian) and the UI tests alike.

use eframe::egui;

/// BIZ UDPGothic (SIL OFL 1.1, `assets/fonts/OFL.txt`), cut down to kana, CJK ideographs, CJK
/// punctuation and full-width forms and zlib-compressed by `scripts/subset-font` (the binary
/// carries 2.1 MB instead of 3.0).
const JAPANESE_ZLIB: &[u8] = include_bytes!("../../assets/fonts/BIZUDPGothic-Regular-subset.ttf.zlib");

/// The font, inflated once per process (a few milliseconds; every window and UI test shares it).
/// `None` if it does not inflate, which only a broken build could cause: Japanese then shows as
/// boxes, and the app still runs.
fn japanese() -> Option<egui::FontData> {
    static FONT: std::sync::OnceLock<Option<egui::FontData>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| match miniz_oxide::inflate::decompress_to_vec_zlib(JAPANESE_ZLIB) {
        Ok(bytes) => Some(egui::FontData::from_owned(bytes)),
        Err(error) => {
            tracing::error!("the bundled Japanese font does not inflate: {error:?}");
            None
        }
    })
    .clone()
}

/// Put the Japanese font behind egui's fonts in every family: Latin text keeps its look, and
/// any character egui's fonts lack (a Japanese company name in any language) falls back to it.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let Some(japanese) = japanese() else {
        ctx.set_fonts(fonts);
        return;
    };
    fonts.font_data.insert("bizud-pgothic".to_owned(), std::sync::Arc::new(japanese));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts.families.entry(family).or_default().push("bizud-pgothic".to_owned());
    }
    ctx.set_fonts(fonts);
}
