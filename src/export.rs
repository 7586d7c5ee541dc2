//! `treasury-desk export`: the snapshot the dashboard shows, as JSON or as CSV for spreadsheets.
//! Owns only the output formats; loading is `snapshot`'s job.

use std::io::Write;

use crate::money::Money;
use crate::snapshot::Snapshot;
use crate::stripe::common::Timestamp;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The whole nested snapshot, pretty-printed.
    Json,
    /// One row per balance figure, transfer and linked-account figure (long format, pivots well).
    Csv,
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 15] = [
    "record",
    "connected_account",
    "connected_account_name",
    "object_id",
    "financial_account",
    "label",
    "status",
    "detail",
    "figure",
    "currency",
    "amount",
    "amount_minor_units",
    "as_of",
    "created",
    "mode",
];

/// Write `snapshot` to `out` in `format`.
pub fn write(snapshot: &Snapshot, format: Format, out: impl Write) -> std::io::Result<()> {
    match format {
        Format::Json => {
            let mut out = out;
            serde_json::to_writer_pretty(&mut out, snapshot)?;
            writeln!(out)
        }
        Format::Csv => write_csv(snapshot, out),
    }
}

fn iso(ts: Timestamp) -> String {
    jiff::Timestamp::from_second(ts).map(|t| t.to_string()).unwrap_or_else(|_| ts.to_string())
}

struct Row<'a> {
    record: &'a str,
    object_id: &'a str,
    financial_account: &'a str,
    label: String,
    status: &'a str,
    detail: String,
    figure: &'a str,
    money: Option<Money<'a>>,
    as_of: Option<Timestamp>,
    created: Option<Timestamp>,
}

fn write_csv(snapshot: &Snapshot, out: impl Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_HEADER)?;
    // The platform's own money first (its rows name the platform), then every connected account.
    for connected in snapshot.holders() {
        let account = &connected.account;
        let mut emit = |row: Row<'_>| {
            let (currency, amount, minor) = match row.money {
                Some(m) => (m.currency.to_owned(), m.decimal(), m.amount.to_string()),
                None => Default::default(),
            };
            csv.write_record([
                row.record,
                &account.id,
                account.display_name(),
                row.object_id,
                row.financial_account,
                &row.label,
                row.status,
                &row.detail,
                row.figure,
                &currency,
                &amount,
                &minor,
                &row.as_of.map(iso).unwrap_or_default(),
                &row.created.map(iso).unwrap_or_default(),
                snapshot.mode.as_str(),
            ])
        };
        let treasury =
            account.treasury_capability().map(|c| c.as_str().to_owned()).unwrap_or_else(|| "not requested".into());
        // The reason, when the capability is not active (its financial accounts are then restricted).
        let mut detail = account.treasury_restriction().unwrap_or_else(|| format!("treasury capability: {treasury}"));
        if connected.financial_accounts_read == crate::snapshot::FinancialAccountsRead::NotOnboarded {
            detail.push_str("; not onboarded to Treasury");
        }
        emit(Row {
            record: "connected_account",
            object_id: &account.id,
            financial_account: "",
            label: account.display_name().to_owned(),
            status: "",
            detail,
            figure: "",
            money: None,
            as_of: None,
            created: account.created,
        })?;
        for error in &connected.errors {
            emit(Row {
                record: "load_error",
                object_id: &account.id,
                financial_account: "",
                label: String::new(),
                status: "error",
                detail: error.clone(),
                figure: "",
                money: None,
                as_of: None,
                created: None,
            })?;
        }
        if let Some(balance) = &connected.stripe_balance {
            for (figure, map) in [("available", balance.available_amounts()), ("pending", balance.pending_amounts())] {
                for (currency, amount) in &map {
                    emit(Row {
                        record: "stripe_balance",
                        object_id: &account.id,
                        financial_account: "",
                        label: "Stripe balance (apart from financial accounts)".to_owned(),
                        status: "",
                        detail: String::new(),
                        figure,
                        money: Some(Money::new(*amount, currency)),
                        as_of: None,
                        created: None,
                    })?;
                }
            }
        }
        for entry in &connected.financial_accounts {
            let fa = &entry.financial_account;
            let features = |list: &[crate::stripe::treasury::Feature]| {
                list.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ")
            };
            let detail = format!(
                "active: {}; pending: {}; restricted: {}",
                features(&fa.active_features),
                features(&fa.pending_features),
                features(&fa.restricted_features)
            );
            let figures = [
                ("cash", &fa.balance.cash),
                ("inbound_pending", &fa.balance.inbound_pending),
                ("outbound_pending", &fa.balance.outbound_pending),
            ];
            for (figure, map) in figures {
                for (currency, amount) in map {
                    emit(Row {
                        record: "financial_account",
                        object_id: &fa.id,
                        financial_account: &fa.id,
                        label: fa.label().to_owned(),
                        status: fa.status.as_str(),
                        detail: detail.clone(),
                        figure,
                        money: Some(Money::new(*amount, currency)),
                        as_of: None,
                        created: Some(fa.created),
                    })?;
                }
            }
            for transfer in entry.inbound_transfers.iter() {
                let mut detail = Vec::new();
                if let Some(code) = &transfer.failure_code {
                    detail.push(format!("failure: {code}"));
                }
                if transfer.returned {
                    detail.push("returned".to_owned());
                }
                emit(Row {
                    record: "inbound_transfer",
                    object_id: &transfer.id,
                    financial_account: &fa.id,
                    label: transfer.statement_descriptor.to_string(),
                    status: transfer.status.as_str(),
                    detail: detail.join("; "),
                    figure: "amount",
                    money: Some(Money::new(transfer.amount, &transfer.currency)),
                    as_of: None,
                    created: Some(transfer.created),
                })?;
            }
        }
        for linked in &connected.linked_accounts {
            let mut detail = vec![format!("{} / {}", linked.category, linked.subcategory)];
            if let Some(refresh) = &linked.balance_refresh {
                detail.push(format!("refresh: {}", refresh.status));
            }
            if let Some(inactive) = &linked.status_details.inactive {
                detail.push(format!("inactive: {} ({})", inactive.cause, inactive.action));
            }
            let base = |figure, money, as_of| Row {
                record: "linked_account",
                object_id: &linked.id,
                financial_account: "",
                label: linked.label(),
                status: linked.status.as_str(),
                detail: detail.join("; "),
                figure,
                money,
                as_of,
                created: Some(linked.created),
            };
            let Some(balance) = &linked.balance else {
                emit(base("no_balance", None, None))?;
                continue;
            };
            for (currency, amount) in &balance.current {
                emit(base("current", Some(Money::new(*amount, currency)), Some(balance.as_of)))?;
            }
            if let Some(available) = balance.cash.as_ref().and_then(|c| c.available.as_ref()) {
                for (currency, amount) in available {
                    emit(base("available", Some(Money::new(*amount, currency)), Some(balance.as_of)))?;
                }
            }
            if let Some(used) = balance.credit_used() {
                for (currency, amount) in used {
                    emit(base("credit_used", Some(Money::new(*amount, currency)), Some(balance.as_of)))?;
                }
            }
        }
    }
    csv.flush()
}

/// The columns of the window's CSV export of the Transfers view, in order.
pub const TRANSFERS_CSV_HEADER: [&str; 16] = [
    "id",
    "created",
    "connected_account",
    "connected_account_name",
    "financial_account",
    "status",
    "amount",
    "currency",
    "amount_minor_units",
    "origin_bank",
    "origin_last4",
    "statement_descriptor",
    "failure_code",
    "returned",
    "cancelable",
    "mode",
];

/// One inbound transfer as the Transfers view exports it: owned, so a background thread can
/// write it while the window goes on.
#[derive(Clone, Debug)]
pub struct TransferLine {
    /// The connected account (or the platform) holding it.
    pub account_id: String,
    /// That account's name.
    pub account_name: String,
    /// The financial account it arrives in.
    pub financial_account: String,
    /// The transfer.
    pub transfer: crate::snapshot::Transfer,
}

/// Write `lines` (the rows shown, in their order) as CSV: machine formats in every language
/// (plain decimal point, ISO dates, Stripe's values).
pub fn write_transfers_csv(lines: &[TransferLine], mode: crate::stripe::Mode, out: impl Write) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(TRANSFERS_CSV_HEADER)?;
    for line in lines {
        let t = &line.transfer;
        let money = Money::new(t.amount, &t.currency);
        csv.write_record([
            &*t.id,
            &iso(t.created),
            &line.account_id,
            &line.account_name,
            &line.financial_account,
            t.status.as_str(),
            &money.decimal(),
            &t.currency,
            &t.amount.to_string(),
            t.origin_bank_name.as_deref().unwrap_or_default(),
            t.origin_last4.as_deref().unwrap_or_default(),
            &t.statement_descriptor,
            t.failure_code.as_ref().map(|c| c.as_str()).unwrap_or_default(),
            if t.returned { "true" } else { "false" },
            if t.cancelable { "true" } else { "false" },
            mode.as_str(),
        ])?;
    }
    csv.flush()
}

/// Write `lines` to `path` through a temporary file beside it, so a reader never sees half a
/// file and a failed write leaves no stub. Blocking: call it off the UI thread.
pub fn write_transfers_file(
    lines: &[TransferLine],
    mode: crate::stripe::Mode,
    path: &std::path::Path,
) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let result = std::fs::File::create(&partial).and_then(|file| {
        let mut out = std::io::BufWriter::new(file);
        write_transfers_csv(lines, mode, &mut out)?;
        out.flush()?;
        out.into_inner().map_err(std::io::IntoInnerError::into_error)?.sync_all()
    });
    match result {
        Ok(()) => std::fs::rename(&partial, path),
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

#[cfg(test)]
mod transfer_csv_tests {
    use super::*;

    #[test]
    fn the_transfers_csv_is_a_machine_format_in_every_language() {
        crate::i18n::set_thread(crate::i18n::Lang::De);
        let transfer = crate::snapshot::Transfer {
            id: "ibt_1".into(),
            amount: 123_456,
            currency: "usd".into(),
            created: 1_800_000_000,
            status: crate::stripe::treasury::InboundTransferStatus::RequiresConfirmation,
            cancelable: true,
            returned: false,
            failure_code: None,
            origin_bank_name: Some("Bank, \"Main\"".into()),
            origin_last4: Some("6789".into()),
            statement_descriptor: "PAYROLL".into(),
            hosted_regulatory_receipt_url: None,
        };
        let line = TransferLine {
            account_id: "acct_1".into(),
            account_name: "Müller GmbH".into(),
            financial_account: "fa_1".into(),
            transfer,
        };
        let mut out = Vec::new();
        write_transfers_csv(&[line], crate::stripe::Mode::Test, &mut out).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(TRANSFERS_CSV_HEADER.join(",").as_str()));
        assert_eq!(
            lines.next(),
            Some(
                "ibt_1,2027-01-15T08:00:00Z,acct_1,Müller GmbH,fa_1,requires_confirmation,1234.56,usd,123456,\"Bank, \"\"Main\"\"\",6789,PAYROLL,,false,true,test"
            )
        );
    }
}
