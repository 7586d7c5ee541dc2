//! Small reusable widgets: the mode badge, status chips, money labels.
//! Knows colours and layout; takes plain values, not Stripe resources.

use eframe::egui::{self, Color32, RichText};

use crate::money::Money;

/// Red used for LIVE and for negative amounts / restrictions.
pub const RED: Color32 = Color32::from_rgb(0xE5, 0x48, 0x4D);
/// Amber for pending and warnings.
pub const AMBER: Color32 = Color32::from_rgb(0xE8, 0xA3, 0x3D);
/// Green for active / succeeded.
pub const GREEN: Color32 = Color32::from_rgb(0x3F, 0xB9, 0x50);
/// Blue for the sandbox and neutral information.
pub const BLUE: Color32 = Color32::from_rgb(0x4C, 0x8D, 0xF6);
/// Grey for closed / final / unknown.
pub const GREY: Color32 = Color32::from_rgb(0x8B, 0x94, 0x9E);

/// A filled badge with bold text.
pub fn badge(ui: &mut egui::Ui, text: &str, fill: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 3))
        .show(ui, |ui| ui.label(RichText::new(text).strong().color(Color32::WHITE)))
        .response
}

/// A Stripe state as a chip in words, with Stripe's raw value on hover.
pub fn state_chip(ui: &mut egui::Ui, state: &impl crate::i18n::Words, color: Color32) -> egui::Response {
    chip(ui, &state.words(), color).on_hover_text(state.raw())
}

/// A small outlined chip (statuses, features). One widget, so a row of chips wraps between
/// chips and never inside one.
pub fn chip(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    let chip = egui::Button::new(RichText::new(text).small().color(color))
        .stroke(egui::Stroke::new(1.0, color))
        .fill(Color32::TRANSPARENT)
        .corner_radius(8.0)
        .sense(egui::Sense::hover());
    ui.add(chip)
}

/// A money amount in monospace, never wrapped, red when negative.
pub fn money(ui: &mut egui::Ui, amount: Money<'_>) -> egui::Response {
    let text = RichText::new(amount.to_string()).monospace();
    let text = if amount.is_negative() { text.color(RED) } else { text };
    ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
}

/// Amounts stacked one per line, right-aligned to the cell's edge so digits line up across the
/// rows of a grid or table column; `—` when there are none. For cells only: it fills the width
/// it is given, so beside other widgets in a plain row it would take the rest of the row.
pub fn money_column<'a>(ui: &mut egui::Ui, amounts: impl IntoIterator<Item = Money<'a>>) {
    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
        let mut any = false;
        for amount in amounts {
            money(ui, amount);
            any = true;
        }
        if !any {
            weak(ui, "—");
        }
    });
}

/// Secondary text (ids, timestamps).
pub fn weak(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    ui.label(RichText::new(text.into()).small().weak())
}

/// One segment of a composition bar: a name, an integer amount (minor units; only ratios
/// matter) and its colour.
pub struct Segment<'a> {
    /// Legend text.
    pub name: &'a str,
    /// Minor units (negative counts as zero).
    pub amount: i64,
    /// Fill.
    pub color: Color32,
}

/// A horizontal bar split by share, with the percentages on hover. Integer ratios only: the
/// percentages are rounded for display, the amounts themselves are never converted to floats.
pub fn composition_bar(ui: &mut egui::Ui, segments: &[Segment<'_>], width: f32) -> egui::Response {
    let height = 14.0;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let total: i128 = segments.iter().map(|s| i128::from(s.amount.max(0))).sum();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    if total > 0 {
        let mut x = rect.left();
        for segment in segments {
            let share = i128::from(segment.amount.max(0));
            // Pixel width from an integer ratio (tenths of a pixel), no float money maths.
            let tenths = share * i128::from((width * 10.0) as i32) / total;
            let w = tenths as f32 / 10.0;
            if w > 0.0 {
                let part = egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, height));
                painter.rect_filled(part, 0.0, segment.color);
                x += w;
            }
        }
    }
    let legend: Vec<String> = segments
        .iter()
        .map(|s| {
            let per_mille = if total > 0 { i128::from(s.amount.max(0)) * 1000 / total } else { 0 };
            format!("{}: {}.{}%", s.name, per_mille / 10, per_mille % 10)
        })
        .collect();
    response.on_hover_text(legend.join("\n"))
}

/// A grid whose first column stays in place while the other columns scroll sideways beside it
/// (in a narrow window): two grids side by side, row `0` the titles. The first column's rows are
/// as tall as the others', measured the frame before (a change shows one frame later).
///
/// `first` draws a row's first cell (one widget or scope); `rest` the row's other cells;
/// `(spacing, min_col_width)` are the grids'.
pub fn sticky_grid(
    ui: &mut egui::Ui,
    id: egui::Id,
    rows: usize,
    (spacing, min_col_width): (egui::Vec2, f32),
    mut first: impl FnMut(&mut egui::Ui, usize),
    mut rest: impl FnMut(&mut egui::Ui, usize),
) {
    // Per row, the first cell's own height and the other part's row height, the frame before.
    let heights_id = id.with("row_heights");
    let (first_before, rest_before): (Vec<f32>, Vec<f32>) = ui.data(|d| d.get_temp(heights_id)).unwrap_or_default();
    let rest_height = |row: usize| rest_before.get(row).copied().unwrap_or(0.0);
    // The other part's rows are at least as tall as the tallest first cell: a row is never
    // shorter than its first cell, whatever its other cells hold.
    let tallest_first = first_before.iter().copied().fold(ui.spacing().interact_size.y, f32::max);
    let (mut first_now, mut rest_now) = (vec![0.0_f32; rows], vec![0.0_f32; rows]);
    let grid = |salt: &str| egui::Grid::new(id.with(salt)).striped(true).spacing(spacing).min_col_width(min_col_width);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            grid("first").show(ui, |ui| {
                for (row, height) in first_now.iter_mut().enumerate() {
                    // As tall as the other part's row; its own height measured apart.
                    ui.scope(|ui| {
                        ui.set_min_height(rest_height(row));
                        *height = ui.scope(|ui| first(ui, row)).response.rect.height();
                    });
                    ui.end_row();
                }
            });
        });
        ui.vertical(|ui| {
            // A scroll bar of its own when it does scroll, so the columns past the edge are seen
            // to be there.
            ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
            egui::ScrollArea::horizontal().id_salt(id.with("scroll")).show(ui, |ui| {
                grid("rest").min_row_height(tallest_first).show(ui, |ui| {
                    for (row, height) in rest_now.iter_mut().enumerate() {
                        let top = ui.cursor().min.y;
                        rest(ui, row);
                        ui.end_row();
                        *height = ui.cursor().min.y - top - spacing.y;
                    }
                });
            });
        });
    });
    if (&first_now, &rest_now) != (&first_before, &rest_before) {
        ui.data_mut(|d| d.insert_temp(heights_id, (first_now, rest_now)));
        ui.ctx().request_repaint();
    }
}
