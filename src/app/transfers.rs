//! Inbound transfers across every financial account: filter by status, sort by date or amount,
//! virtualised rows. Owns its filter/sort state and a cached row order; not the data.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::transfer_cells as cells;
use super::{Command, View, format, widgets};
use crate::i18n::Words;
use crate::money::Money;
use crate::snapshot::Snapshot;
use crate::snapshot::Transfer;
use crate::stripe::treasury::InboundTransferStatus;
use crate::t;

/// Sort key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Creation time.
    #[default]
    Created,
    /// Amount (minor units; mixed currencies sort by number only).
    Amount,
}

/// `(connected account, financial account entry, transfer)` indices into the snapshot.
type RowRef = (usize, usize, usize);

/// What the cached row order was computed for.
type CacheKey = (u64, Option<InboundTransferStatus>, SortBy, bool, String);

/// Filter, sort and the cached row order.
#[derive(Default)]
pub struct TransfersState {
    /// Only this status, or all.
    pub status: Option<InboundTransferStatus>,
    /// Sort key.
    pub sort: SortBy,
    /// Largest / newest first.
    pub ascending: bool,
    cache: Option<(CacheKey, Vec<RowRef>)>,
}

impl TransfersState {
    /// The rows to show for data version `version`, recomputed only when data, filter or sort changed.
    fn rows(&mut self, snapshot: &Snapshot, version: u64, account_filter: &str) -> &[RowRef] {
        let key: CacheKey = (version, self.status.clone(), self.sort, self.ascending, account_filter.to_owned());
        let fresh = self.cache.as_ref().is_some_and(|(k, _)| *k == key);
        if !fresh {
            let mut rows: Vec<RowRef> = Vec::new();
            // The platform's own financial accounts first, then every connected account's.
            for (a, account) in snapshot.holders().enumerate() {
                if !super::accounts::matches(account, account_filter) {
                    continue;
                }
                for (f, entry) in account.financial_accounts.iter().enumerate() {
                    for (t, transfer) in entry.inbound_transfers.iter().enumerate() {
                        if self.status.as_ref().is_none_or(|s| *s == transfer.status) {
                            rows.push((a, f, t));
                        }
                    }
                }
            }
            let get = |&(a, f, t): &RowRef| {
                snapshot.holder(a).and_then(|h| h.financial_accounts.get(f)).and_then(|e| e.inbound_transfers.get(t))
            };
            match self.sort {
                SortBy::Created => rows.sort_by_cached_key(|r| get(r).map(|t| (t.created, t.id.clone()))),
                SortBy::Amount => rows.sort_by_cached_key(|r| get(r).map(|t| (t.amount, t.created))),
            }
            if !self.ascending {
                rows.reverse();
            }
            self.cache = Some((key, rows));
        }
        self.cache.as_ref().map_or(&[], |(_, rows)| rows)
    }
}

/// Draw the table.
pub fn ui(
    ui: &mut egui::Ui,
    snapshot: &Snapshot,
    version: u64,
    state: &mut TransfersState,
    book: &crate::actions::Book,
    account_filter: &str,
) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.heading(t!("transfers-title"));
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("transfers-status"));
        ui.selectable_value(&mut state.status, None, t!("transfers-all"));
        for status in InboundTransferStatus::KNOWN {
            ui.selectable_value(&mut state.status, Some(status.clone()), status.words()).on_hover_text(status.as_str());
        }
        ui.separator();
        ui.label(t!("transfers-sort"));
        ui.selectable_value(&mut state.sort, SortBy::Created, t!("transfers-sort-date"));
        ui.selectable_value(&mut state.sort, SortBy::Amount, t!("transfers-sort-amount"));
        let order = if state.ascending { t!("transfers-ascending") } else { t!("transfers-descending") };
        if ui.button(order).clicked() {
            state.ascending = !state.ascending;
        }
    });
    let rows = state.rows(snapshot, version, account_filter);
    if account_filter.trim().is_empty() {
        widgets::weak(ui, t!("transfers-count", count = crate::i18n::count(rows.len())));
    } else {
        let filter = account_filter.trim().to_owned();
        widgets::weak(ui, t!("transfers-count-filtered", count = crate::i18n::count(rows.len()), filter = filter));
    }
    if rows.is_empty() {
        widgets::weak(ui, t!("transfers-none"));
        return commands;
    }
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.spacing().interact_size.y + 4.0;
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::auto().at_least(100.0))
        .column(Column::initial(150.0).at_least(90.0).clip(true))
        .column(Column::initial(110.0).at_least(80.0).clip(true))
        .column(Column::auto().at_least(120.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(155.0))
        .column(Column::initial(175.0).at_least(120.0).clip(true))
        .column(Column::auto().at_least(60.0))
        .column(Column::initial(165.0).clip(true))
        .column(Column::remainder().at_least(50.0))
        .header(20.0, |mut header| {
            for title in [
                t!("col-created"),
                t!("col-account"),
                t!("col-financial-account"),
                t!("col-amount"),
                t!("col-status"),
                t!("col-actions"),
                t!("col-from"),
                t!("col-descriptor"),
                t!("col-notes"),
                String::new(),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let Some(&(a, f, t)) = rows.get(row.index()) else { return };
                let Some(account) = snapshot.holder(a) else { return };
                let Some(entry) = account.financial_accounts.get(f) else { return };
                let Some(transfer): Option<&Transfer> = entry.inbound_transfers.get(t) else { return };
                row.col(|ui| {
                    widgets::weak(ui, format::datetime(transfer.created));
                });
                row.col(|ui| {
                    if ui.link(account.account.display_name()).on_hover_text(&account.account.id).clicked() {
                        commands.push(Command::Show(View::Account(account.account.id.clone())));
                    }
                });
                row.col(|ui| {
                    ui.label(entry.financial_account.label()).on_hover_text(&entry.financial_account.id);
                });
                row.col(|ui| widgets::money_column(ui, [Money::new(transfer.amount, &transfer.currency)]));
                row.col(|ui| cells::status_chip(ui, transfer));
                row.col(|ui| cells::actions(ui, &account.account.id, transfer, book, &mut commands));
                row.col(|ui| {
                    cells::origin_cell(ui, transfer);
                });
                row.col(|ui| {
                    ui.label(&*transfer.statement_descriptor);
                });
                row.col(|ui| {
                    let notes = cells::notes(transfer);
                    if notes.is_empty() {
                        ui.label("");
                    } else {
                        ui.label(&notes).on_hover_text(&notes);
                    }
                });
                row.col(|ui| cells::receipt(ui, transfer));
            });
        });
    commands
}
