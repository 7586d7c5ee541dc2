//! Image snapshots of the widgets every screen is built from, rendered by wgpu on the software
//! renderer. Deterministic input only (no clock, no sandbox), so the pixels can be compared.
//! Refresh after an intended change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

use eframe::egui;
use egui_kittest::Harness;
use treasury_desk::app::widgets::{self, Segment};
use treasury_desk::money::Money;

#[test]
fn widget_gallery() {
    treasury_desk::i18n::set_thread(treasury_desk::i18n::Lang::En);
    let mut harness = Harness::builder().with_size(egui::vec2(520.0, 230.0)).wgpu().build_ui(|ui| {
        egui::Frame::central_panel(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                widgets::badge(ui, "SANDBOX", widgets::BLUE);
                widgets::badge(ui, "TEST MODE", widgets::AMBER);
                widgets::badge(ui, "LIVE", widgets::RED);
            });
            ui.horizontal_wrapped(|ui| {
                widgets::chip(ui, "Open", widgets::GREEN);
                widgets::chip(ui, "Awaiting confirmation", widgets::AMBER);
                widgets::chip(ui, "⚠ Outbound ACH transfers", widgets::RED);
                widgets::chip(ui, "Closed: Closed by the platform", widgets::GREY);
            });
            // Money columns live in grid cells, as on every screen: each cell right-aligns.
            egui::Grid::new("money").striped(true).show(ui, |ui| {
                for row in [
                    [Money::new(515_655_456, "usd"), Money::new(1_234_567, "jpy")],
                    [Money::new(-1_429_447, "usd"), Money::new(1_234, "kwd")],
                    [Money::new(5, "usd"), Money::new(0, "eur")],
                ] {
                    for amount in row {
                        widgets::money_column(ui, [amount]);
                    }
                    widgets::money_column(ui, []);
                    ui.end_row();
                }
            });
            let segments = [
                Segment { name: "Cash", amount: 515_655_456, color: widgets::GREEN },
                Segment { name: "Inbound pending", amount: 57_501_762, color: widgets::BLUE },
                Segment { name: "Outbound pending", amount: 5_423_098, color: widgets::AMBER },
            ];
            widgets::composition_bar(ui, &segments, 400.0);
        });
    });
    harness.run();
    harness.snapshot("widget_gallery");
}
