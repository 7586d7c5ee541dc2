# treasury-desk — English (the fallback). Every id here exists in ja and de too (a test checks).
# Placeables ({ $name }) carry text already formatted by the app (money, dates, counts).

## Money and numbers
money-minor-units = { $amount } minor units ({ $code })

## Stripe's states in words (the raw value shows on hover)
transfer-status-canceled = Canceled
transfer-status-failed = Failed
transfer-status-processing = Processing
transfer-status-requires-confirmation = Awaiting confirmation
transfer-status-succeeded = Succeeded
failure-account-closed = Account closed
failure-account-frozen = Account frozen
failure-bank-account-restricted = Bank account restricted
failure-bank-ownership-changed = Bank ownership changed
failure-could-not-process = Could not process
failure-debit-not-authorized = Debit not authorized
failure-incorrect-account-holder-address = Incorrect account holder address
failure-incorrect-account-holder-name = Incorrect account holder name
failure-incorrect-account-holder-tax-id = Incorrect account holder tax ID
failure-insufficient-funds = Insufficient funds
failure-invalid-account-number = Invalid account number
failure-invalid-currency = Invalid currency
failure-no-account = No such account
failure-other = Other failure
feature-card-issuing = Card issuing
feature-deposit-insurance = Deposit insurance
feature-financial-addresses-aba = ABA account and routing number
feature-financial-addresses-aba-forwarding = ABA forwarding
feature-inbound-transfers-ach = Inbound ACH transfers
feature-inbound-transfers-ach-platform-review = Manual review of inbound transfers
feature-intra-stripe-flows = Transfers within Stripe
feature-outbound-payments-ach = Outbound ACH payments
feature-outbound-payments-us-domestic-wire = Outbound wire payments
feature-outbound-transfers-ach = Outbound ACH transfers
feature-outbound-transfers-us-domestic-wire = Outbound wire transfers
feature-remote-deposit-capture = Remote deposit capture
fa-status-closed = Closed
fa-status-open = Open
closed-reason-account-rejected = Account rejected
closed-reason-closed-by-platform = Closed by the platform
closed-reason-other = Other reason
linked-status-active = Active
linked-status-disconnected = Disconnected
linked-status-inactive = Inactive
refresh-status-failed = Refresh failed
refresh-status-pending = Refresh pending
refresh-status-succeeded = Refreshed
inactive-action-none = Cannot be repaired
inactive-action-relink-required = Relink required
inactive-cause-access-denied = Access denied
inactive-cause-access-expired = Access expired
inactive-cause-account-closed = Account closed at the bank
inactive-cause-account-unavailable = Account unavailable
inactive-cause-institution-requirement = Required by the bank
inactive-cause-unspecified = Unspecified cause
capability-active = Active
capability-inactive = Inactive
capability-pending = Pending
category-cash = Cash
category-credit = Credit
category-investment = Investment
category-other = Other
subcategory-checking = Checking
subcategory-credit-card = Credit card
subcategory-line-of-credit = Line of credit
subcategory-mortgage = Mortgage
subcategory-other = Other
subcategory-savings = Savings

## Transfer rows
bank-unnamed = bank
transfer-returned = returned
transfer-decide-by = decide by { $date }
transfer-receipt = Receipt
transfer-confirm-button = Confirm…
transfer-confirm-hint = Release this transfer (asks first)
transfer-cancel-button = Cancel…
transfer-cancel-hint = Stop this transfer (asks first)

## Overview
overview-title = Overview
overview-counts = { $accounts } connected accounts · { $fas } financial accounts · { $transfers } inbound transfers · { $linked } linked bank accounts
overview-own-money = The platform's own money
overview-own-open =
    Open ({ $count ->
        [one] 1 financial account
       *[other] { $count } financial accounts
    })
overview-own-open-hint = Its financial accounts and their transfers
overview-own-stripe-available = Stripe: available
overview-own-stripe-available-hint = The platform's Stripe balance, available now
overview-own-stripe-pending = Stripe: pending
overview-own-stripe-pending-hint = Still settling
overview-own-fa-cash = FA cash
overview-own-fa-cash-hint = Cash in the platform's own financial accounts
overview-own-fa-inbound = FA inbound
overview-own-fa-inbound-hint = On the way into them
overview-own-fa-outbound = FA outbound
overview-own-fa-outbound-hint = On the way out of them
overview-fa-balances = Financial account balances (all connected accounts)
balance-cash = Cash
balance-cash-hint = Funds available to use
balance-inbound-pending = Inbound pending
balance-inbound-pending-hint = On the way in, not yet usable
balance-outbound-pending = Outbound pending
balance-outbound-pending-hint = On the way out, already reserved
overview-stripe-balances = Stripe balances (all connected accounts)
overview-stripe-balances-hint = Each connected account's own Stripe balance (payments, payouts), separate from its financial accounts: 100 USD here and 200 USD in a financial account are 300 USD in all.
stripe-available = Available
stripe-available-hint = Can be paid out or moved now
stripe-pending = Pending
stripe-pending-hint = Payments still settling
overview-stripe-unread =
    Leaves out { $count ->
        [one] 1 account whose Stripe balance could not be read.
       *[other] { $count } accounts whose Stripe balance could not be read.
    }
overview-linked = Linked bank accounts (as last reported by each bank)
overview-linked-cash-current = Cash: current
overview-linked-cash-current-hint = Posted balance of checking and savings accounts
overview-linked-cash-available = Cash: available
overview-linked-cash-available-hint = Where the bank reports it; ACH checks use this
overview-linked-credit-current = Credit: current
overview-linked-credit-current-hint = Posted balance; negative = owed by the holder
overview-linked-credit-used = Credit: used
overview-linked-credit-used-hint = Credit drawn
overview-linked-note = Not platform money: these are the holders' own bank accounts, some up to 24 h old.
overview-composition-note = (share of each currency's total; hover for percentages)
nothing-yet = Nothing yet.
currency = Currency
unknown = unknown
attention-title = Needs attention ({ $count })
attention-none = Nothing needs attention.
attention-awaiting = Awaiting confirmation: { $amount }
attention-relink = Relink required
attention-link-lost = Bank link lost
attention-link-lost-cause = { $cause }, cannot be repaired
attention-negative = Negative balance: { $amount }
attention-negative-fa = { $fa }: cash below zero
attention-negative-platform = the platform's Stripe balance
attention-negative-stripe = Stripe balance: the platform is liable for what the account owes
attention-refresh-failed = Balance refresh failed
attention-restricted = Restricted features
attention-load-failed = Could not load
open-account-hint = Open this account

## Transfers view
transfers-title = Inbound transfers
transfers-status = Status:
transfers-all = All
transfers-sort = Sort:
transfers-sort-date = Date
transfers-sort-amount = Amount
transfers-ascending = ⬆ ascending
transfers-descending = ⬇ descending
transfers-count =
    { $n ->
        [one] 1 transfer
       *[other] { $count } transfers
    }
transfers-count-filtered =
    { $n ->
        [one] 1 transfer of accounts matching “{ $filter }”
       *[other] { $count } transfers of accounts matching “{ $filter }”
    }
transfers-none = No inbound transfers match.
transfers-filtering = filtering…
transfers-filtering-hint = The rows and totals below are still those of the filter before; they follow in a moment.
transfers-status-hint = Click to show or hide a status; several at once. “All” shows every status.
transfers-created-from = Created from
transfers-created-to = until
transfers-amount-from = Amount from
transfers-amount-to = to
transfers-search = Search
transfers-search-hint = id, account, bank or last four
transfers-date-hint = YYYY-MM-DD
transfers-amount-min-hint = min
transfers-amount-max-hint = max
transfers-clear = Clear filters
transfers-totals =
    { $n ->
        [one] Totals of the 1 transfer shown
       *[other] Totals of the { $count } transfers shown
    }
transfers-total = Total
transfers-total-cell-hint =
    { $n ->
        [one] 1 transfer
       *[other] { $count } transfers
    }
transfers-selected = { $count } selected
transfers-copy-ids = Copy ids
transfers-copy-rows = Copy ids and amounts
transfers-copy-hint = Tab-separated, for a spreadsheet: id, amount, currency, status
transfers-copied =
    { $n ->
        [one] Copied 1 row
       *[other] Copied { $count } rows
    }
transfers-select-all = Select all shown
transfers-select-none = Select none
transfers-export = Export CSV
transfers-export-path = File:
transfers-export-hint = The transfers shown (filters applied) as CSV: plain decimal points, ISO dates, Stripe's values.
transfers-exporting = Exporting…
transfers-exported =
    { $n ->
        [one] Exported 1 transfer to { $path }
       *[other] Exported { $count } transfers to { $path }
    }
transfers-export-failed = Export failed: { $error }
transfers-keys-hint = ↑/↓ select · Enter opens the account · c Confirm… · x Cancel… · Ctrl+C copies the id
col-receipt = Receipt
date-empty = type a date, e.g. { $example }
date-not-a-date = not a date: type it as { $example }
date-ambiguous = day or month first? Type it as { $example }
col-created = Created
col-account = Account
col-financial-account = Financial account
col-amount = Amount
col-status = Status
col-actions = Actions
col-from = From
col-descriptor = Descriptor
col-notes = Notes
col-treasury = Treasury
col-fas = FAs

## Account list
accounts-title = Connected accounts
accounts-shown = { $shown } of { $all }
accounts-sort = Sort
accounts-sort-newest = newest first
accounts-sort-name = by name
accounts-sort-fas = by FAs
accounts-sort-cash = by cash
accounts-sort-cash-usd-first = by cash (USD first)
accounts-none = This platform has no connected accounts.
accounts-no-match = No account matches the filter.
accounts-fas-hint = { $open } open, { $closed } closed

## Top bar
mode-sandbox-hint = Built-in sandbox: made-up data, no real money
mode-test-hint = Stripe test mode: no real money
mode-live-hint = LIVE: real money
tab-overview = Overview
tab-overview-hint = Totals and what needs attention
tab-transfers = Transfers
tab-transfers-hint = Inbound transfers across all accounts
tab-keys = Keys
tab-keys-hint = Add, verify, switch or forget API keys
tab-audit = Audit log
tab-audit-hint = Every confirm, cancel, refresh and relink done from this computer
sync-progress = Syncing { $done } / { $total } accounts…
sync-button = 🔄 Sync
sync-button-hint = Reload (F5): each account's events since the last sync, and only the objects they name read again.
    Shift+click or Shift+F5: reload everything. Once an hour every sync is a full one.
sync-done = Synced { $at } ({ $age })
sync-done-short = Synced { $age }
bar-more = More
bar-more-hint = More: the screens and the language menu the bar has no room for
language-hint = Language of the window
filter-hint = name, email or id (Ctrl+F)
filter-hint-bare = Filter accounts (Ctrl+F)
filter-label = Filter accounts
sync-failed = Sync failed: { $error }
sync-failed-kept = Showing the data from the last successful sync.

## Window
badge-sandbox = SANDBOX
badge-test = TEST MODE
badge-live = LIVE
unresolved-banner =
    { $count ->
        [one] 1 money action has no settled outcome: the app stopped while it was in flight, or Stripe gave no clear answer.
       *[other] { $count } money actions have no settled outcome: the app stopped while they were in flight, or Stripe gave no clear answer.
    }
unresolved-banner-link = Check them in the Audit log…
sandbox-banner = You are exploring the built-in sandbox: made-up data, no real money.
sandbox-banner-add-key = Add a Stripe key…
account-gone = { $id } is not in the data any more.
loading-accounts = Loading accounts…
load-failed = Could not load: { $error }
load-failed-check-key = Check the API key…
try-again = Try again
refresh-follow-failed = could not follow it ({ $error }); sync to see the bank's answer

## Dialogs
dialog-back = Back
dialog-amount = Amount
dialog-into-fa = Into financial account
dialog-connected-account = Connected account
dialog-transfer = Transfer
dialog-decide-by = Decide by
dialog-deadline = { $date } (else Stripe cancels it)
dialog-deadline-hint = 5 Federal Reserve business days after the transfer was created (US Eastern dates)
live-moves-money = LIVE mode: this moves real money.
confirm-title = Confirm this inbound transfer?
confirm-go = Confirm { $amount }
confirm-availability = Funds availability
confirm-release = Release the funds as soon as the transfer settles
confirm-hold = Hold them 5 days past the ACH return window (432,000 s)
confirm-keys = Enter: confirm · Esc: back
cancel-title = Cancel this inbound transfer?
cancel-go = Cancel { $amount }
cancel-body = The transfer will not pull funds. This cannot be undone.
cancel-keys = Enter: cancel · Esc: back
live-refresh-title = Refresh this live bank balance?
live-refresh-body = Stripe will ask the bank for a new balance of { $account } ({ $id }).
live-refresh-warning = LIVE mode: this acts on a real bank connection.
live-refresh-go = Refresh now
relink-title = Relink this bank account?
relink-holder = { $id } · holder: { $holder }
relink-body = The bank's sign-in opens in your web browser. Relinking one account can bring back others on the same bank login.
relink-customer = This is a customer's bank: the customer must sign in, not you. Send them Stripe's hosted relink link instead if you cannot reach them now.
relink-exact = This exact account
relink-exact-hint = relink_options[account]: the holder must pick this same account
relink-any = Any eligible checking or savings account at the same bank
relink-any-hint = relink_options[authorization] with limits[accounts]=1
relink-go = Open the bank sign-in

## Rows and times
row-confirming = confirming…
row-canceling = canceling…
row-refreshing = asking for a refresh…
row-relinking = waiting for the bank sign-in in your browser…
row-confirmed = confirmed
row-canceled = canceled
row-refresh-requested = refresh requested
row-unknown = No clear answer ({ $detail }). It may or may not have happened: sync to check; trying again is safe.
row-unrecorded = { $what } — NOT recorded in the audit log: { $error }
age-under-a-minute = in under a minute
age-just-now = just now
age-minutes-ago = { $n } min ago
age-hours-ago = { $n } h ago
age-days-ago = { $n } d ago
age-in-minutes = in { $n } min
age-in-hours = in { $n } h
age-in-days = in { $n } d
countdown-short = in { $time }
countdown-long = in { $hours } h { $minutes } min

## Keys screen
mode-word-test = test
mode-word-live = live
keys-title = API keys
keys-now-using = Now using: { $mode }. Keys talk to { $api }.
keys-stored = Stored in the OS keychain
keys-no-keychain = No OS keychain is available on this computer, so keys cannot be stored.
keys-session-only-note = A key can still be used for this session only: it is kept in memory and gone when the app closes. It is never written to a file.
keys-reading = Reading the keychain…
keys-test-mode = Test mode
keys-none-stored = none stored
keys-use = Use the { $mode } key
keys-forget = Forget
keys-forget-hint = Delete it from the keychain
keys-add = Add a key
keys-add-note = A restricted key (rk_…) with only the permissions this app needs is safest. Paste it; it stays masked.
keys-secret-label = Secret or restricted key
keys-publishable-label = Publishable key (optional)
keys-publishable-hint = pk_test_… (for relinking bank accounts)
keys-publishable-use = Used only on the relink page, with Stripe.js
keys-looks-like = looks like a { $mode } key
keys-verifying = Asking Stripe which account this key belongs to…
keys-verify = Verify key
keys-verify-hint = One GET /v1/account; nothing is saved yet
keys-verified = Verified: this { $mode } key belongs to the platform above.
keys-live-warning = Live mode shows and moves real money.
keys-save = Save to the keychain and use it
keys-session-only = Use for this session only
keys-session-only-hint = Kept in memory, gone when the app closes
keys-using-session-only = Using the key for this session only.
keys-discard = Discard
keys-saved = Saved the { $mode } key in the OS keychain.
keys-not-saved = { $error }: nothing was saved.
keys-forgot = Forgot the { $mode } key.
keys-publishable-is-secret = that is a secret key: the publishable key starts with pk_
keys-publishable-prefix = a publishable key starts with pk_test_ or pk_live_
keys-publishable-mode-mismatch = the secret key is a { $secret } key but the publishable key is a { $publishable } key: test and live never mix

## Account page
account-back = ⬅ Overview
account-back-hint = Back (Esc)
account-platform-chip = platform: your own money
account-treasury-not-requested = not requested
account-treasury = treasury capability: { $status }
account-load-failed = Could not load { $error }
account-fas = Financial accounts ({ $count })
account-no-fas = No financial accounts yet.
account-no-treasury = No financial accounts: its treasury capability is not active, so none can be opened.
account-linked = Linked bank accounts ({ $count })
account-linked-platform = Not listed for the platform itself: linked bank accounts are listed per connected account.
account-linked-none = No bank accounts linked through Financial Connections.
account-stripe-balance = Stripe balance
account-stripe-balance-hint = The account's own Stripe balance (payments and payouts), separate from its financial accounts below: 100 USD here and 200 USD in a financial account are 300 USD in all.
account-stripe-balance-note = payments, apart from the financial accounts below
account-manual-review = manual review
account-manual-review-hint = New inbound transfers wait for your confirmation
account-mode-mismatch = mode mismatch
features-restricted = Restricted
features-restricted-hint = Not usable: action needed
features-pending = Pending
features-pending-hint = Requested, not usable yet
features-active = Active
features-active-hint = Usable now
account-transfers-waiting = Inbound transfers ({ $count }, { $waiting } awaiting confirmation)
account-transfers = Inbound transfers ({ $count })
account-transfers-kept = Listed at { $at }, and kept up to date since from Stripe's events.
account-transfers-kept-hint = Each change to an inbound transfer is an event. Shift+F5 lists everything again.
none = None.
col-bank-account = Bank account
col-current = Current
col-available-used = Available / used
col-as-of = As of
col-balance-refresh = Balance refresh
linked-no-balance = no balance data
linked-credit-used = Credit used
linked-used-not-reported = used: not reported
linked-not-reported = not reported
linked-not-reported-hint = The bank sent no available balance: ACH checks fall back to current.
linked-as-of-hint = The bank computed this balance at { $at }
linked-as-of-stale = { $exact }: older than 24 hours
linked-see-stripe = see Stripe
linked-deactivates = deactivates { $at }
refresh-tried = tried { $age }
refresh-never = never refreshed
refresh-button = 🔄 Refresh
refresh-button-hint = Ask the bank for a new balance
refresh-next-at = Stripe allows the next refresh at { $at }
refresh-possible = possible { $countdown }
refresh-pending-at-bank = refresh pending at the bank
refresh-not-active = cannot refresh: not active
refresh-unavailable = no refresh possible now (Stripe gave no next time)
relink-button = Relink…
relink-button-hint = Repair it: the holder signs in to the bank again, in the browser
relink-needs-publishable = Add a publishable key (pk_…) in Keys to relink from here

## Audit log
audit-no-log = No audit log here: this computer has no data directory for treasury-desk.
audit-path = { $path } · an intent line before each request, an outcome line after; hash-chained
audit-reload = Reload
audit-reading = Reading the audit log…
audit-read-failed = Could not read the audit log: { $error }
audit-unreadable = { $count } lines could not be read (damaged or from a newer version): run `treasury-desk audit verify`.
audit-filter = Filter
audit-filter-hint = account, object, action, outcome…
audit-shown = { $shown } of { $all } actions
audit-copy-csv = Copy as CSV
audit-copy-csv-hint = The rows shown, for a spreadsheet
audit-empty = No money action has been taken from this computer yet.
audit-no-match = No action matches the filter.
audit-col-time = Time (UTC)
audit-col-mode = Mode
audit-col-action = Action
audit-col-object = Object
audit-col-request = Request id
audit-col-outcome = Outcome
audit-object-hint = by { $user } · key { $key } · action { $action }
audit-no-outcome = no outcome recorded
audit-unresolved = Unresolved ({ $count })
audit-unresolved-note = No outcome was recorded (the app stopped while the request was out) or Stripe gave no clear answer. Check reads the object from Stripe and records what it finds.
audit-unresolved-line = { $mode }{ $on_behalf } · by { $user } · { $verdict }
audit-check = Check
audit-check-hint = Read it from Stripe and record what it shows
audit-check-other-key = Taken in { $mode } mode on platform { $platform }: switch to that key to check it
verdict-done = done
verdict-not-done = not done
verdict-unknown = unknown

## Errors from Stripe and the network
error-unreachable = could not reach { $base }: { $detail }
error-401 = the API key was refused (401)
error-402 = Stripe declined the request (402)
error-403 = the API key lacks permission for this (403)
error-404 = not found (404)
error-409 = conflict with a concurrent request (409)
error-429 = rate limited by Stripe (429)
error-5xx = Stripe had a server error ({ $status })
error-refused = Stripe refused the request ({ $status } { $kind })
error-param = param: { $param }
error-html = the server answered with an HTML page (HTTP { $status }), not Stripe's JSON: check the API base, or a proxy may be in the way
error-undecodable = the server's answer (HTTP { $status }, { $content_type }) is not a Stripe response we understand: { $detail }
error-timeout = timed out (the request may still have been processed)
error-connection-failed = connection failed ({ $cause })
error-https = could not set up HTTPS: { $cause }
error-api-base = API base { $base } must start with https:// (or http:// for a local sandbox)
key-missing = no API key was given
key-whitespace = the API key contains spaces or line breaks; paste it again without them
key-publishable = that is a publishable key (pk_…); the app needs a secret (sk_…) or restricted (rk_…) key
key-prefix = an API key starts with sk_test_, sk_live_, rk_test_ or rk_live_
key-truncated = the API key looks truncated
key-characters = the API key has characters a Stripe key never has
key-header = the API key has characters that cannot go in a header

## Outcomes
outcome-not-recorded-first = Not sent: it could not be recorded in the audit log first ({ $error }).
outcome-relink-no-publishable = Relink did not start: no publishable key for this mode (add one in Keys).
outcome-transfer-done = { $what }: the transfer is now { $status }
outcome-manual-review-off = Manual review is not enabled for this financial account: nothing was changed.
outcome-not-done = Not done: { $error }
outcome-refresh-none = no refresh started
outcome-refresh-not-started = Refresh not started: { $error }
outcome-relink-not-started = Relink did not start: { $error }
outcome-relinked = relinked

## Checks of unresolved actions
check-other-key = it was taken in { $mode } mode on platform { $platform }: use that key to check it
check-read-failed = could not read { $object } from Stripe: { $error }
check-not-checkable = this version cannot check a { $action } action
check-not-recorded = could not record the finding: { $error }
check-still-awaiting = it still awaits confirmation
check-past-confirmation = it is past confirmation
check-canceled-not-confirmed = it was canceled, not confirmed
check-is-canceled = it is canceled
check-still-open = it is still open
check-ended-not-canceled = it ended without being canceled
check-status-does-not-tell = this status does not tell
check-transfer = checked: the transfer is { $status }: { $why }
check-account-active = checked: the account is active again
check-account-still = checked: the account is still { $status }
check-refresh-attempted = checked: a refresh was attempted at { $at } (now { $status })
check-refresh-older = checked: the last refresh attempt ({ $at }) is older than the action
check-refresh-never = checked: no refresh was ever attempted

## Command line
cli-sandbox-failed = could not start the sandbox: { $error }
cli-no-key = no API key: set STRIPE_API_KEY, store one in the keychain, or add --demo for the built-in sandbox
cli-no-audit-dir = this computer has no data directory for treasury-desk's audit log: money actions are off
cli-platform-failed = could not read the platform account: { $error }
cli-retry-same-key = An earlier attempt got no clear answer: retrying it with the same idempotency key.
cli-outcome-unrecorded = warning: the outcome was NOT recorded in the audit log: { $error }
cli-unknown = no clear answer ({ $detail }): it may or may not have happened. Run the same command again to retry safely, or `treasury-desk audit reconcile` to check
cli-live-needs-yes = LIVE mode: this acts on real money; add --yes to go ahead without a terminal prompt
cli-live-question = LIVE mode, platform { $platform }: { $what }
cli-live-type-yes = Type yes to go ahead:
cli-answer-unreadable = could not read the answer: { $error }
cli-live-not-yes = not done: you did not answer yes
cli-read-failed = could not read { $object }: { $error }
cli-transfer-what = { $action } { $transfer } ({ $amount }, now { $status }) into { $fa } of { $account }
cli-acting = { $what } in { $mode } mode…
cli-refresh-what = ask the bank for a new balance of { $account }
cli-refresh-unfollowed = the refresh started, but it could not be followed: { $error }
cli-refresh-answer = { $account }: the bank's answer: { $status }
cli-relinking = Relinking { $account } ({ $mode })…
cli-set-browser = set $BROWSER to your browser's command and run this again
cli-write-failed = could not write: { $error }
cli-request = request { $id }
cli-unreadable = warning: { $count } lines of { $path } could not be read: run `treasury-desk audit verify`
cli-verify-intact = { $path }: intact: { $lines } chained lines (after { $legacy } older unchained lines); log { $log }; last hash { $head }
cli-verify-broken = { $path }: line { $line } does not match: { $why }
cli-not-checked = not checked: { $error }
cli-still-unresolved = { $count } action(s) are still unresolved

## Keys on the command line
credentials-no-publishable = no publishable key for { $mode } mode: set STRIPE_PUBLISHABLE_KEY (pk_{ $mode }_…) or store it in the keychain
credentials-prompt = Stripe secret or restricted key (input hidden):
credentials-read-failed = could not read the key: { $error }
credentials-refused = Stripe did not accept the key: { $error }
credentials-no-keychain = { $error }: the key was NOT saved; set STRIPE_API_KEY for this session instead (no file is ever used)
credentials-not-saved = { $error }: the key was NOT saved
credentials-saved = Saved the { $mode } key { $key } for { $platform } ({ $id }) in the OS keychain (service "{ $service }").
credentials-forgot = Forgot the { $mode } key (if one was stored).
credentials-no-key = no API key: run `treasury-desk login` or set STRIPE_API_KEY
keychain-unavailable = no OS keychain is available here ({ $detail })
keychain-failed = the OS keychain failed: { $detail }
cli-runtime-failed = could not start the async runtime: { $error }
cli-export-failed = could not write the export: { $error }
cli-window-failed = could not open the window: { $error }

## Relink outcomes
relink-outcome-relinked = Relinked: { $account } is active again.
relink-outcome-other-account = Relinked another account at the same bank: { $account } is linked now. { $requested } is not the one that was relinked, and payment methods made from it were not updated.
relink-outcome-wrong-account = Wrong account: the holder signed in to the bank but linked { $linked } instead of { $requested }. Try again, or relink any eligible account at the same bank.
relink-outcome-not-linked = Wrong account: the holder signed in to the bank but did not link { $requested }. Try again, or relink any eligible account at the same bank.
relink-outcome-login-failed = Bank sign-in failed: the holder did not sign in to the bank (no authorization). Nothing changed; try again.
relink-outcome-no-account = No account linked: the holder signed in but picked no eligible account. Nothing changed.
relink-outcome-stripe-js = Stripe.js could not run the relink on this computer ({ $message }). Instead, send the account holder Stripe's hosted relink link from the Stripe Dashboard.
relink-outcome-timed-out = No answer in time: the relink page expired. Nothing changed; start again.
relink-outcome-other = Not relinked: { $detail }.
relink-plan-active = { $label } is active: there is nothing to repair.
relink-plan-disconnected = { $label } was disconnected: relinking repairs only inactive accounts; the holder must link it anew.
relink-plan-status = { $label } has the status `{ $status }`, which relinking cannot repair.
relink-plan-no-details = { $label } is inactive but Stripe gave no inactive details (they need the preview API version), so it is unknown whether relinking would help.
relink-plan-none = { $label } cannot be repaired: Stripe says no action can reactivate it (cause: { $cause }). For a closed account, the holder must open or link another account.
relink-plan-action = { $label } cannot be relinked: Stripe's action is `{ $action }`.
relink-plan-no-authorization = { $label } has no authorization to relink under (a preview field Stripe did not send).
relink-plan-no-holder = { $label } has no account holder, so the app cannot start a relink for it.

## Treasury capability
account-fas-restricted = Financial accounts restricted: { $reason }
account-fas-restricted-hint = The money stays where it is; their restricted features work again once Stripe has what it needs.
account-not-onboarded = Not onboarded to Treasury: no financial accounts.
account-no-capability = No treasury capability requested: this account cannot hold financial accounts.
treasury-not-onboarded = not onboarded to Treasury
error-redirect = the server answered HTTP { $status }, { $detail }
restriction-capability = treasury capability { $status }
restriction-past-due = requirements past due: { $fields }
restriction-due = requirements due: { $fields }
restriction-verifying = Stripe is verifying { $fields }

## Sync from events
sync-events = · from events: { $events } read, { $reread } objects re-read, { $full } accounts read in full
sync-events-hint = Quick sync: each account's events since the sync before (Stripe keeps them 30 days), and only the objects they name read again. An account is read in full when it is new, failed to load last time, or its events could not be listed or held something this app does not know. Last full sync: { $full_at }. Shift+F5 reads everything.

## Typed amounts
amount-empty = type an amount
amount-not-a-number = not an amount: use digits and one decimal mark, e.g. 1,250.00
amount-negative = must be more than zero, not negative
amount-zero = must be more than zero
amount-too-precise = { $currency } has { $decimals } decimal places: { $typed } has more
amount-too-large = too large
amount-unknown-currency = unknown currency { $code }
outcome-created = created
row-adding-funds = adding funds…

## Add funds
add-funds-not-offered-restricted = Add funds is not offered: inbound transfers (inbound_transfers.ach) are restricted on this account. Stripe needs action first: see the account's requirements in the Dashboard.
add-funds-not-offered-pending = Add funds is not offered yet: inbound transfers (inbound_transfers.ach) are pending; Stripe has not enabled them on this account.
add-funds-not-offered-not-requested = Add funds is not offered: inbound transfers (inbound_transfers.ach) were not requested for this account.
add-funds-not-offered-platform = Add funds is not offered: the platform has restricted inbound flows on this account (platform_restrictions.inbound_flows).
add-funds-not-offered-currency = Add funds is not offered: this account holds no USD, the only currency of inbound transfers.
add-funds-blocked = blocked
add-funds-unsettled-item = { $amount } from { $origin } (started within the last day)
add-funds-loading-origins = loading the bank accounts…
add-funds-origins-failed-short = the bank accounts could not be read
add-funds-choose-origin = choose the bank account to pull from
add-funds-amount-problem = Amount: { $problem }
add-funds-descriptor-problem = Statement descriptor: { $problem }
add-funds-title = Add funds to this financial account
add-funds-live-warning = LIVE mode: this pulls real money from a real bank account.
add-funds-sending = Sending to Stripe…
add-funds-sending-esc = Esc closes this window; the transfer's outcome then shows on the account.
add-funds-send-standard = Send { $amount } as standard ACH
add-funds-send-standard-live = Send { $amount } as standard ACH in LIVE mode
add-funds-unknown = No clear answer from Stripe ({ $reason }): the transfer may or may not have been created. Trying again is safe: it reuses this action's idempotency key, so Stripe creates at most one.
add-funds-unsettled = An earlier Add funds on this account got no clear answer: { $items }. It may have happened: check it in the Audit log before adding again. The same amount from the same bank account retries it safely (same idempotency key).
add-funds-amount = Amount (USD)
add-funds-amount-hint = e.g. 250.00
add-funds-amount-units = in dollars and cents
add-funds-description = Description
add-funds-description-hint = internal, optional
add-funds-descriptor = Statement descriptor
add-funds-optional = optional
add-funds-descriptor-hint = Sent to the bank with the debit: at most 10 letters, digits, spaces or - # . $ & *
add-funds-descriptor-count = { $used } of { $max } characters
add-funds-same-day = Same-day ACH (preview)
add-funds-same-day-hint = Funds arrive the same business day when sent before the cut-off. A preview Stripe grants on request: without access Stripe refuses and nothing moves. Stripe may also judge a transfer not eligible; it can then be sent as standard ACH in one click.
add-funds-manual-review = This account has manual review: the new transfer waits for your confirmation (within 5 business days) before any money moves.
add-funds-standard-timing = Standard ACH takes 2–4 business days; the amount shows as inbound pending until then.
add-funds-go = Add { $amount }
add-funds-button = Add funds
add-funds-summary = Pulls { $amount } from { $origin } into { $fa }. Enter: add · Esc: back
add-funds-not-ready = Not ready: { $why }
add-funds-from = From bank account
add-funds-reading-origins = Reading the account's bank accounts…
add-funds-origins-failed = Could not read the account's bank accounts: { $error }
add-funds-no-origin = This account has no bank account set up to pull funds from.
add-funds-origin-blocked = { $origin } — blocked: { $why }
add-funds-origin-blocked-hint = A blocked bank account cannot be debited until it is set up again.
add-funds-how-to-add = To add one, the account holder authorizes ACH debits from their bank account, and the platform sets it up with a SetupIntent on this account with attach_to_self=true and flow_directions[]=inbound (Stripe's Treasury guide: Working with SetupIntents, PaymentMethods, and BankAccounts).
add-funds-how-none-linked = The quickest way is from a bank account linked through Financial Connections with the payment_method permission; this account has none linked that way.
add-funds-how-candidates = Linked with the payment_method permission and ready to be set up: { $accounts }.
add-funds-balance-warning = The bank reported an available balance of { $balance } as of { $at } for this account: the debit may fail for insufficient funds.
add-funds-balance-warning-current = The bank reported a current balance (it reports no available balance) of { $balance } as of { $at } for this account: the debit may fail for insufficient funds.
add-funds-live-second = LIVE mode: second check
add-funds-live-question = Pull { $amount } of real money from { $origin } into { $fa } of { $account }?
add-funds-live-same-day = Same-day ACH: the funds can be spent before the bank could return the debit.
add-funds-live-yes = Yes, add { $amount } in LIVE mode

## Add funds: refusals, checks, the command line
add-funds-open = ➕ Add funds…
add-funds-open-hint = Pull money from the account's bank account over ACH (asks first)
add-funds-refused-key-reused = Not sent: this action's idempotency key was used before with other details, so Stripe will not act on it (this is what protects against a double transfer). Nothing new moved.
add-funds-refused-not-same-day-eligible = Not sent: Stripe will not send this transfer as same-day ACH now (its risk checks judged it not eligible). Nothing moved. Send it as standard ACH instead (2–4 business days).
add-funds-refused-no-same-day = Not sent: same-day ACH is a preview this account is not approved for (Stripe grants it on request). Nothing moved. Send it as standard ACH instead.
add-funds-refused-risk = Declined by Stripe for risk reasons (402): nothing moved. Do not retry it unchanged; Stripe's message says which risk factors led to it.
add-funds-refused-permission = Your API key is not allowed to create inbound transfers (403): a restricted key needs write access to Treasury inbound transfers. Nothing moved.
add-funds-refused-origin = Stripe cannot pull from { $origin }: it is not a bank account this connected account set up for inbound transfers (or it is no longer usable). Nothing moved. Choose another origin.
add-funds-refused-descriptor = Stripe refused the statement descriptor: nothing moved. Change it and send again.
add-funds-refused-feature = This financial account cannot receive inbound transfers now: its inbound_transfers.ach feature is not active (restricted or pending). Nothing moved. Sync to see its features.
descriptor-too-long = at most { $max } characters ({ $count } typed)
descriptor-characters = only letters, digits, spaces and - # . $ & * are allowed, not { $shown }
descriptor-spaces = not only spaces
check-not-created = checked: no inbound transfer in the financial account carries this action's key: it was not created
check-created = checked: it was created: { $id } ({ $status })
cli-live-type-amount = LIVE mode, second check: type the amount again ({ $number }) to pull { $amount }:
cli-live-amount-mismatch = not done: the amount typed again did not match
cli-add-funds-what =
    pull { $amount } from { $origin } into { $fa } of { $account }{ $same_day ->
        [yes] {" "}by same-day ACH
       *[no] {""}
    }
cli-receipt = receipt: { $url }
cli-awaiting-confirmation = awaiting confirmation: confirm or cancel it by { $date } (else Stripe cancels it)

## Checks of Add funds
check-several = checked: several transfers carry this action's key: { $ids }

## The ledger (issue 14): month-end export
ledger-bad-date = not a date: { $date } (write it as 2026-11-30)
ledger-dates-reversed = --to is before --from
ledger-timezone-unknown = the platform's time zone ({ $timezone }) is unknown here: dates are in UTC
ledger-mismatch = the export does not reconcile: an opening balance plus its rows is not its closing balance (see the check rows marked mismatch)

## The ledger (issue 14): the window
ledger-open = 📒 Ledger…
ledger-open-hint = What moved in this financial account, when, and its balance after each movement
ledger-title = Ledger of { $fa }
ledger-period = Period:
ledger-this-month = This month
ledger-last-month = Last month
ledger-custom = Custom
ledger-status = Status:
ledger-timezone = Dates and times in { $timezone }, the platform's time zone
ledger-dates-reversed-window = the last day is before the first
ledger-count = Entries in the period: { $count }
ledger-count-more = Entries so far: { $count } (more load as you scroll)
ledger-failed = The ledger could not be read: { $error }
ledger-none = Nothing moved in this period.
ledger-chart = 📈 Balance history
ledger-chart-loading = Loading the whole period for the chart…
ledger-col-effective = Date
ledger-col-posted = Posted
ledger-col-flow-type = Type
ledger-col-flow = From
ledger-col-cash-after = Cash after
ledger-col-inbound-after = Inbound pending after
ledger-created-hover = The transaction was created { $date }; this is when this entry changed the balance
ledger-open-transfer = Open this inbound transfer in Transfers
flow-credit-reversal = Credit reversal
flow-debit-reversal = Debit reversal
flow-inbound-transfer = Inbound transfer
flow-issuing-authorization = Card authorization
flow-other = Other
flow-outbound-payment = Outbound payment
flow-outbound-transfer = Outbound transfer
flow-received-credit = Received credit
flow-received-debit = Received debit
transaction-status-open = Open
transaction-status-posted = Posted
transaction-status-void = Void

## The ledger (issue 14): triage
attention-returned = Returned transfer: { $amount }
attention-returned-detail = { $fa } · { $transfer }: the bank pulled the money back (ACH return, a received debit); if cash fell below zero the platform covers it
ledger-export-to = Month-end export (CSV) to:
ledger-export-hint = One row per entry of the period, with opening, closing and check rows; the same file as treasury-desk ledger writes
ledger-export = Export
ledger-exported = Written: { $rows } entries, reconciled, to { $path }
ledger-export-failed = Not written: { $error }
ledger-platform = 🌐 All financial accounts
ledger-platform-hint = The balance history of every financial account on screen (the platform's and the connected accounts'), summed per currency, over the same period
ledger-platform-title = Every financial account, per currency
