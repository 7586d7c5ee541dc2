# treasury-desk — 日本語

## Money and numbers
money-minor-units = { $amount } 最小通貨単位 ({ $code })

## Stripe's states in words
transfer-status-canceled = キャンセル済み
transfer-status-failed = 失敗
transfer-status-processing = 処理中
transfer-status-requires-confirmation = 確認待ち
transfer-status-succeeded = 成功
failure-account-closed = 口座解約済み
failure-account-frozen = 口座凍結
failure-bank-account-restricted = 銀行口座の制限
failure-bank-ownership-changed = 口座名義の変更
failure-could-not-process = 処理できませんでした
failure-debit-not-authorized = 引き落とし未承認
failure-incorrect-account-holder-address = 口座名義人の住所が不正
failure-incorrect-account-holder-name = 口座名義人の名前が不正
failure-incorrect-account-holder-tax-id = 口座名義人の納税者番号が不正
failure-insufficient-funds = 残高不足
failure-invalid-account-number = 口座番号が無効
failure-invalid-currency = 通貨が無効
failure-no-account = 口座が存在しません
failure-other = その他の失敗
feature-card-issuing = カード発行
feature-deposit-insurance = 預金保険
feature-financial-addresses-aba = ABA 口座番号・ルーティング番号
feature-financial-addresses-aba-forwarding = ABA 転送
feature-inbound-transfers-ach = ACH インバウンド送金
feature-inbound-transfers-ach-platform-review = インバウンド送金の手動レビュー
feature-intra-stripe-flows = Stripe 内の送金
feature-outbound-payments-ach = ACH アウトバウンド支払い
feature-outbound-payments-us-domestic-wire = 電信によるアウトバウンド支払い
feature-outbound-transfers-ach = ACH アウトバウンド送金
feature-outbound-transfers-us-domestic-wire = 電信によるアウトバウンド送金
feature-remote-deposit-capture = リモート小切手入金
fa-status-closed = 解約済み
fa-status-open = 利用中
closed-reason-account-rejected = アカウント拒否
closed-reason-closed-by-platform = プラットフォームにより解約
closed-reason-other = その他の理由
linked-status-active = 有効
linked-status-disconnected = 切断済み
linked-status-inactive = 無効
refresh-status-failed = 更新失敗
refresh-status-pending = 更新中
refresh-status-succeeded = 更新済み
inactive-action-none = 修復できません
inactive-action-relink-required = 再連携が必要
inactive-cause-access-denied = アクセス拒否
inactive-cause-access-expired = アクセス期限切れ
inactive-cause-account-closed = 銀行で口座解約済み
inactive-cause-account-unavailable = 口座を利用できません
inactive-cause-institution-requirement = 銀行の要件
inactive-cause-unspecified = 原因不明
capability-active = 有効
capability-inactive = 無効
capability-pending = 保留中
category-cash = 現金
category-credit = クレジット
category-investment = 投資
category-other = その他
subcategory-checking = 当座
subcategory-credit-card = クレジットカード
subcategory-line-of-credit = 信用枠
subcategory-mortgage = 住宅ローン
subcategory-other = その他
subcategory-savings = 普通預金

## Transfer rows
bank-unnamed = 銀行
transfer-returned = 返金済み
transfer-decide-by = { $date } までに判断
transfer-receipt = 受領書
transfer-confirm-button = 確認…
transfer-confirm-hint = この送金を承認します (実行前に確認します)
transfer-cancel-button = キャンセル…
transfer-cancel-hint = この送金を止めます (実行前に確認します)

## Overview
overview-title = 概要
overview-counts = 連結アカウント { $accounts } 件 · 金融口座 { $fas } 件 · インバウンド送金 { $transfers } 件 · 連携銀行口座 { $linked } 件
overview-own-money = プラットフォーム自身の資金
overview-own-open = 開く (金融口座 { $count } 件)
overview-own-open-hint = 金融口座とその送金
overview-own-stripe-available = Stripe: 利用可能
overview-own-stripe-available-hint = プラットフォームの Stripe 残高 (現在利用可能)
overview-own-stripe-pending = Stripe: 保留中
overview-own-stripe-pending-hint = 決済処理中
overview-own-fa-cash = 金融口座 現金
overview-own-fa-cash-hint = プラットフォーム自身の金融口座の現金
overview-own-fa-inbound = 金融口座 入金中
overview-own-fa-inbound-hint = 入金処理中
overview-own-fa-outbound = 金融口座 出金中
overview-own-fa-outbound-hint = 出金処理中
overview-fa-balances = 金融口座の残高 (全連結アカウント)
balance-cash = 現金
balance-cash-hint = 利用可能な資金
balance-inbound-pending = 入金保留中
balance-inbound-pending-hint = 入金処理中でまだ利用できません
balance-outbound-pending = 出金保留中
balance-outbound-pending-hint = 出金処理中で確保済み
overview-stripe-balances = Stripe 残高 (全連結アカウント)
overview-stripe-balances-hint = 各連結アカウント自身の Stripe 残高 (決済・入金) で、金融口座とは別です。ここに 100 USD、金融口座に 200 USD あれば合計 300 USD です。
stripe-available = 利用可能
stripe-available-hint = 今すぐ入金・移動できます
stripe-pending = 保留中
stripe-pending-hint = 決済処理中の支払い
overview-stripe-unread = Stripe 残高を読み込めなかった { $count } 件のアカウントは含まれていません。
overview-linked = 連携銀行口座 (各銀行の最新報告)
overview-linked-cash-current = 現金: 現在残高
overview-linked-cash-current-hint = 当座・普通預金の記帳済み残高
overview-linked-cash-available = 現金: 利用可能
overview-linked-cash-available-hint = 銀行が報告した場合のみ。ACH の確認にはこの値を使います
overview-linked-credit-current = クレジット: 現在残高
overview-linked-credit-current-hint = 記帳済み残高。マイナスは名義人の債務
overview-linked-credit-used = クレジット: 利用額
overview-linked-credit-used-hint = 利用済みのクレジット
overview-linked-note = プラットフォームの資金ではありません。名義人自身の銀行口座で、最大 24 時間前の値を含みます。
overview-composition-note = (各通貨の合計に占める割合。ポイントすると割合を表示)
nothing-yet = まだありません。
currency = 通貨
unknown = 不明
attention-title = 要対応 ({ $count })
attention-none = 対応が必要なものはありません。
attention-awaiting = 確認待ち: { $amount }
attention-relink = 再連携が必要
attention-link-lost = 銀行連携が切れました
attention-link-lost-cause = { $cause } (修復できません)
attention-negative = マイナス残高: { $amount }
attention-negative-fa = { $fa }: 現金がマイナス
attention-negative-platform = プラットフォームの Stripe 残高
attention-negative-stripe = Stripe 残高: アカウントの債務はプラットフォームが負担します
attention-refresh-failed = 残高の更新に失敗
attention-restricted = 制限された機能
attention-load-failed = 読み込めませんでした
open-account-hint = このアカウントを開く

## Transfers view
transfers-title = インバウンド送金
transfers-status = ステータス:
transfers-all = すべて
transfers-sort = 並べ替え:
transfers-sort-date = 日付
transfers-sort-amount = 金額
transfers-ascending = ⬆ 昇順
transfers-descending = ⬇ 降順
transfers-count =
    { $n ->
       *[other] 送金 { $count } 件
    }
transfers-count-filtered =
    { $n ->
       *[other] 「{ $filter }」に一致するアカウントの送金 { $count } 件
    }
transfers-none = 該当するインバウンド送金はありません。
transfers-filtering = 絞り込み中…
transfers-filtering-hint = 下の行と合計はまだ前の条件のものです。まもなく更新されます。
transfers-status-hint = クリックでステータスの表示を切り替えます（複数選択可）。「すべて」で全ステータスを表示します。
transfers-created-from = 作成日
transfers-created-to = 〜
transfers-amount-from = 金額
transfers-amount-to = 〜
transfers-search = 検索
transfers-search-hint = ID・アカウント・銀行・下4桁
transfers-date-hint = YYYY/MM/DD
transfers-amount-min-hint = 下限
transfers-amount-max-hint = 上限
transfers-clear = 絞り込みを解除
transfers-totals =
    { $n ->
       *[other] 表示中の送金 { $count } 件の合計
    }
transfers-total = 合計
transfers-total-cell-hint =
    { $n ->
       *[other] { $count } 件
    }
transfers-selected = { $count } 件を選択中
transfers-copy-ids = IDをコピー
transfers-copy-rows = IDと金額をコピー
transfers-copy-hint = タブ区切り（表計算ソフト向け）: ID、金額、通貨、ステータス
transfers-copied =
    { $n ->
       *[other] { $count } 行をコピーしました
    }
transfers-select-all = 表示中をすべて選択
transfers-select-none = 選択を解除
transfers-export = CSVに書き出す
transfers-export-path = ファイル:
transfers-export-hint = 表示中の送金（絞り込み後）をCSVで書き出します。小数点はピリオド、日付はISO形式、値はStripeのままです。
transfers-exporting = 書き出し中…
transfers-exported =
    { $n ->
       *[other] { $count } 件の送金を { $path } に書き出しました
    }
transfers-export-failed = 書き出しに失敗しました: { $error }
transfers-keys-hint = ↑/↓ 選択 · Enter でアカウントを開く · c 確認… · x キャンセル… · Ctrl+C でIDをコピー
col-receipt = 受領書
date-empty = 日付を入力してください（例: { $example }）
date-not-a-date = 日付として読めません。{ $example } の形式で入力してください
date-ambiguous = 日と月のどちらが先か分かりません。{ $example } の形式で入力してください
col-created = 作成日時
col-account = アカウント
col-financial-account = 金融口座
col-amount = 金額
col-status = ステータス
col-actions = 操作
col-from = 送金元
col-descriptor = 明細書表記
col-notes = 備考
col-treasury = Treasury
col-fas = 金融口座

## Account list
accounts-title = 連結アカウント
accounts-shown = { $all } 件中 { $shown } 件
accounts-sort = 並べ替え
accounts-sort-newest = 新しい順
accounts-sort-name = 名前順
accounts-sort-fas = 金融口座数順
accounts-sort-cash = 現金順
accounts-sort-cash-usd-first = 現金順 (USD 優先)
accounts-none = このプラットフォームには連結アカウントがありません。
accounts-no-match = フィルターに一致するアカウントはありません。
accounts-fas-hint = 利用中 { $open } 件、解約済み { $closed } 件

## Top bar
mode-sandbox-hint = 内蔵サンドボックス: 架空のデータで、実際のお金は動きません
mode-test-hint = Stripe テストモード: 実際のお金は動きません
mode-live-hint = 本番 (LIVE): 実際のお金が動きます
tab-overview = 概要
tab-overview-hint = 合計と要対応の一覧
tab-transfers = 送金
tab-transfers-hint = 全アカウントのインバウンド送金
tab-keys = API キー
tab-keys-hint = API キーの追加・確認・切り替え・削除
tab-audit = 監査ログ
tab-audit-hint = このコンピューターから行ったすべての確認・キャンセル・更新・再連携
sync-progress = 同期中 { $done } / { $total } アカウント…
sync-button = 🔄 同期
sync-button-hint = 再読み込み (F5): 前回の同期以降の各アカウントのイベントを読み、そこに挙がったオブジェクトだけを読み直します。
    Shift+クリックまたは Shift+F5: すべて読み直します。1 時間ごとに必ず全件同期します。
sync-done = 同期済み { $at } ({ $age })
sync-done-short = 同期済み ({ $age })
bar-more = その他
bar-more-hint = その他: バーに収まらない画面と表示言語のメニュー
language-hint = ウィンドウの表示言語
filter-hint = 名前・メール・ID (Ctrl+F)
filter-hint-bare = アカウント検索 (Ctrl+F)
filter-label = アカウントを絞り込む
sync-failed = 同期に失敗しました: { $error }
sync-failed-kept = 最後に成功した同期のデータを表示しています。

## Window
badge-sandbox = サンドボックス
badge-test = テストモード
badge-live = LIVE
unresolved-banner = 結果が確定していない資金操作が { $count } 件あります。処理中にアプリが停止したか、Stripe から明確な応答がありませんでした。
unresolved-banner-link = 監査ログで確認する…
sandbox-banner = 内蔵サンドボックスを表示しています: 架空のデータで、実際のお金は動きません。
sandbox-banner-add-key = Stripe キーを追加…
account-gone = { $id } はデータにもうありません。
loading-accounts = アカウントを読み込み中…
load-failed = 読み込めませんでした: { $error }
load-failed-check-key = API キーを確認…
try-again = 再試行
refresh-follow-failed = 経過を確認できませんでした ({ $error })。同期して銀行の応答を確認してください

## Dialogs
dialog-back = 戻る
dialog-amount = 金額
dialog-into-fa = 入金先の金融口座
dialog-connected-account = 連結アカウント
dialog-transfer = 送金
dialog-decide-by = 判断期限
dialog-deadline = { $date } (過ぎると Stripe がキャンセルします)
dialog-deadline-hint = 送金作成から米国連邦準備制度の 5 営業日 (米国東部の日付)
live-moves-money = 本番 (LIVE) モード: 実際のお金が動きます。
confirm-title = このインバウンド送金を承認しますか?
confirm-go = { $amount } を承認
confirm-availability = 資金の利用開始
confirm-release = 送金の完了後すぐに資金を利用可能にする
confirm-hold = ACH 返金期間後さらに 5 日間保留する (432,000 秒)
confirm-keys = Enter: 承認 · Esc: 戻る
cancel-title = このインバウンド送金をキャンセルしますか?
cancel-go = { $amount } をキャンセル
cancel-body = この送金では資金が引き落とされません。元に戻せません。
cancel-keys = Enter: キャンセル · Esc: 戻る
live-refresh-title = 本番の銀行残高を更新しますか?
live-refresh-body = Stripe が銀行に { $account } ({ $id }) の最新残高を問い合わせます。
live-refresh-warning = 本番 (LIVE) モード: 実際の銀行連携に対して実行します。
live-refresh-go = 今すぐ更新
relink-title = この銀行口座を再連携しますか?
relink-holder = { $id } · 名義人: { $holder }
relink-body = 銀行のサインイン画面がウェブブラウザで開きます。1 つの口座を再連携すると、同じ銀行ログインの他の口座も復旧することがあります。
relink-customer = これは顧客の銀行です。サインインするのはあなたではなく顧客です。今連絡が取れない場合は、Stripe がホストする再連携リンクを送ってください。
relink-exact = この口座のみ
relink-exact-hint = relink_options[account]: 名義人は同じ口座を選ぶ必要があります
relink-any = 同じ銀行の対象となる当座・普通預金口座のいずれか
relink-any-hint = relink_options[authorization] と limits[accounts]=1
relink-go = 銀行のサインインを開く

## Rows and times
row-confirming = 承認中…
row-canceling = キャンセル中…
row-refreshing = 更新を依頼中…
row-relinking = ブラウザでの銀行サインインを待っています…
row-confirmed = 承認しました
row-canceled = キャンセルしました
row-refresh-requested = 更新を依頼しました
row-unknown = 明確な応答がありません ({ $detail })。実行されたかどうか不明です。同期して確認してください。再試行しても二重には実行されません。
row-unrecorded = { $what } — 監査ログに記録されていません: { $error }
age-under-a-minute = 1 分以内
age-just-now = たった今
age-minutes-ago = { $n } 分前
age-hours-ago = { $n } 時間前
age-days-ago = { $n } 日前
age-in-minutes = { $n } 分後
age-in-hours = { $n } 時間後
age-in-days = { $n } 日後
countdown-short = あと { $time }
countdown-long = あと { $hours } 時間 { $minutes } 分

## Keys screen
mode-word-test = テスト
mode-word-live = 本番
keys-title = API キー
keys-now-using = 使用中: { $mode }。キーの接続先: { $api }。
keys-stored = OS のキーチェーンに保存済み
keys-no-keychain = このコンピューターには OS のキーチェーンがないため、キーを保存できません。
keys-session-only-note = キーはこのセッションの間だけ使えます。メモリ上に保持され、アプリを閉じると消えます。ファイルには一切書き込みません。
keys-reading = キーチェーンを読み込み中…
keys-test-mode = テストモード
keys-none-stored = 保存なし
keys-use = { $mode }キーを使う
keys-forget = 削除
keys-forget-hint = キーチェーンから削除します
keys-add = キーを追加
keys-add-note = このアプリに必要な権限だけを持つ制限付きキー (rk_…) が最も安全です。貼り付けても伏せ字のままです。
keys-secret-label = シークレットキーまたは制限付きキー
keys-publishable-label = 公開可能キー (任意)
keys-publishable-hint = pk_test_… (銀行口座の再連携用)
keys-publishable-use = 再連携ページで Stripe.js と一緒にだけ使います
keys-looks-like = { $mode }キーの形式です
keys-verifying = このキーがどのアカウントのものか Stripe に問い合わせています…
keys-verify = キーを確認
keys-verify-hint = GET /v1/account を 1 回呼ぶだけで、まだ何も保存しません
keys-verified = 確認済み: この{ $mode }キーは上のプラットフォームのものです。
keys-live-warning = 本番モードでは実際のお金を表示し、動かします。
keys-save = キーチェーンに保存して使う
keys-session-only = このセッションだけ使う
keys-session-only-hint = メモリ上に保持し、アプリを閉じると消えます
keys-using-session-only = このセッションだけキーを使います。
keys-discard = 破棄
keys-saved = { $mode }キーを OS のキーチェーンに保存しました。
keys-not-saved = { $error }: 何も保存していません。
keys-forgot = { $mode }キーを削除しました。
keys-publishable-is-secret = これはシークレットキーです。公開可能キーは pk_ で始まります
keys-publishable-prefix = 公開可能キーは pk_test_ または pk_live_ で始まります
keys-publishable-mode-mismatch = シークレットキーは{ $secret }キーですが、公開可能キーは{ $publishable }キーです。テストと本番は混在できません

## Account page
account-back = ⬅ 概要
account-back-hint = 戻る (Esc)
account-platform-chip = プラットフォーム: 自社の資金
account-treasury-not-requested = 未申請
account-treasury = Treasury 機能: { $status }
account-load-failed = 読み込めませんでした: { $error }
account-fas = 金融口座 ({ $count })
account-no-fas = 金融口座はまだありません。
account-no-treasury = 金融口座はありません: Treasury 機能が有効でないため、新しく開設できません。
account-linked = 連携銀行口座 ({ $count })
account-linked-platform = プラットフォーム自身の分は表示しません。連携銀行口座は連結アカウントごとに表示します。
account-linked-none = Financial Connections で連携した銀行口座はありません。
account-stripe-balance = Stripe 残高
account-stripe-balance-hint = このアカウント自身の Stripe 残高 (決済・入金) で、下の金融口座とは別です。ここに 100 USD、金融口座に 200 USD あれば合計 300 USD です。
account-stripe-balance-note = 決済用 (下の金融口座とは別)
account-manual-review = 手動レビュー
account-manual-review-hint = 新しいインバウンド送金はあなたの承認を待ちます
account-mode-mismatch = モード不一致
features-restricted = 制限
features-restricted-hint = 利用不可: 対応が必要
features-pending = 保留中
features-pending-hint = 申請済み、まだ利用不可
features-active = 有効
features-active-hint = 現在利用可能
account-transfers-waiting = インバウンド送金 ({ $count } 件、確認待ち { $waiting } 件)
account-transfers = インバウンド送金 ({ $count } 件)
account-transfers-kept = { $at } に一覧を取得し、その後は Stripe のイベントで最新の状態に保っています。
account-transfers-kept-hint = インバウンド送金の変更はすべてイベントになります。Shift+F5 ですべて読み直します。
none = なし。
col-bank-account = 銀行口座
col-current = 現在残高
col-available-used = 利用可能 / 利用額
col-as-of = 基準時刻
col-balance-refresh = 残高の更新
linked-no-balance = 残高データなし
linked-credit-used = クレジット利用額
linked-used-not-reported = 利用額: 報告なし
linked-not-reported = 報告なし
linked-not-reported-hint = 銀行から利用可能残高の報告がありません。ACH の確認には現在残高を使います。
linked-as-of-hint = 銀行がこの残高を算出した時刻: { $at }
linked-as-of-stale = { $exact }: 24 時間以上前
linked-see-stripe = Stripe を確認
linked-deactivates = { $at } に無効化予定
refresh-tried = 試行 { $age }
refresh-never = 未更新
refresh-button = 🔄 更新
refresh-button-hint = 銀行に最新残高を問い合わせます
refresh-next-at = 次に更新できるのは { $at } です
refresh-possible = { $countdown } で可能
refresh-pending-at-bank = 銀行で更新処理中
refresh-not-active = 更新できません: 無効です
refresh-unavailable = 現在は更新できません (次回の時刻の指定なし)
relink-button = 再連携…
relink-button-hint = 修復: 名義人がブラウザで銀行に再度サインインします
relink-needs-publishable = ここから再連携するには「API キー」で公開可能キー (pk_…) を追加してください

## Audit log
audit-no-log = 監査ログがありません: このコンピューターには treasury-desk のデータフォルダーがありません。
audit-path = { $path } · リクエストの前に意図の行、後に結果の行。ハッシュチェーンで連結
audit-reload = 再読み込み
audit-reading = 監査ログを読み込み中…
audit-read-failed = 監査ログを読み込めませんでした: { $error }
audit-unreadable = { $count } 行を読み込めませんでした (破損しているか新しいバージョンのもの)。`treasury-desk audit verify` を実行してください。
audit-filter = 絞り込み
audit-filter-hint = アカウント・対象・操作・結果…
audit-shown = { $all } 件中 { $shown } 件の操作
audit-copy-csv = CSV としてコピー
audit-copy-csv-hint = 表示中の行を表計算ソフト用に
audit-empty = このコンピューターからの資金操作はまだありません。
audit-no-match = 絞り込みに一致する操作はありません。
audit-col-time = 日時 (UTC)
audit-col-mode = モード
audit-col-action = 操作
audit-col-object = 対象
audit-col-request = リクエスト ID
audit-col-outcome = 結果
audit-object-hint = 実行者 { $user } · キー { $key } · 操作 { $action }
audit-no-outcome = 結果の記録なし
audit-unresolved = 未解決 ({ $count })
audit-unresolved-note = 結果が記録されていない (リクエスト中にアプリが停止した) か、Stripe から明確な応答がありませんでした。「確認」で Stripe から対象を読み取り、その結果を記録します。
audit-unresolved-line = { $mode }{ $on_behalf } · 実行者 { $user } · { $verdict }
audit-check = 確認
audit-check-hint = Stripe から読み取り、その内容を記録します
audit-check-other-key = { $mode } モード、プラットフォーム { $platform } で実行されました。確認するにはそのキーに切り替えてください
verdict-done = 完了
verdict-not-done = 未完了
verdict-unknown = 不明

## Errors from Stripe and the network
error-unreachable = { $base } に接続できませんでした: { $detail }
error-401 = API キーが拒否されました (401)
error-402 = Stripe がリクエストを拒否しました (402)
error-403 = API キーにこの操作の権限がありません (403)
error-404 = 見つかりません (404)
error-409 = 同時に実行された別のリクエストと競合しました (409)
error-429 = Stripe のレート制限を受けました (429)
error-5xx = Stripe でサーバーエラーが発生しました ({ $status })
error-refused = Stripe がリクエストを拒否しました ({ $status } { $kind })
error-param = パラメーター: { $param }
error-html = サーバーが Stripe の JSON ではなく HTML ページで応答しました (HTTP { $status })。API ベースを確認してください。プロキシが間に入っている可能性もあります
error-undecodable = サーバーの応答 (HTTP { $status }、{ $content_type }) は解釈できる Stripe の応答ではありません: { $detail }
error-timeout = タイムアウトしました (リクエストは処理された可能性があります)
error-connection-failed = 接続に失敗しました ({ $cause })
error-https = HTTPS を設定できませんでした: { $cause }
error-api-base = API ベース { $base } は https:// (ローカルのサンドボックスなら http://) で始まる必要があります
key-missing = API キーが指定されていません
key-whitespace = API キーに空白か改行が含まれています。それらを除いて貼り付け直してください
key-publishable = これは公開可能キー (pk_…) です。このアプリにはシークレットキー (sk_…) か制限付きキー (rk_…) が必要です
key-prefix = API キーは sk_test_、sk_live_、rk_test_、rk_live_ のいずれかで始まります
key-truncated = API キーが途中で切れているようです
key-characters = API キーに Stripe のキーには含まれない文字があります
key-header = API キーにヘッダーに入れられない文字があります

## Outcomes
outcome-not-recorded-first = 送信していません: 先に監査ログへ記録できませんでした ({ $error })。
outcome-relink-no-publishable = 再連携を開始できません: このモードの公開可能キーがありません (「API キー」で追加してください)。
outcome-transfer-done = { $what }: 送金は現在「{ $status }」です
outcome-manual-review-off = この金融口座では手動レビューが有効になっていません。何も変更していません。
outcome-not-done = 実行されませんでした: { $error }
outcome-refresh-none = 更新は開始されていません
outcome-refresh-not-started = 更新は開始されませんでした: { $error }
outcome-relink-not-started = 再連携を開始できませんでした: { $error }
outcome-relinked = 再連携しました

## Checks of unresolved actions
check-other-key = { $mode } モード、プラットフォーム { $platform } で実行されました。確認するにはそのキーを使ってください
check-read-failed = Stripe から { $object } を読み取れませんでした: { $error }
check-not-checkable = このバージョンでは { $action } 操作を確認できません
check-not-recorded = 確認結果を記録できませんでした: { $error }
check-still-awaiting = まだ確認待ちです
check-past-confirmation = 確認は済んでいます
check-canceled-not-confirmed = 承認ではなくキャンセルされました
check-is-canceled = キャンセル済みです
check-still-open = まだ処理中です
check-ended-not-canceled = キャンセルされずに終了しました
check-status-does-not-tell = このステータスからは判断できません
check-transfer = 確認: 送金は { $status } です。{ $why }
check-account-active = 確認: 口座は再び有効です
check-account-still = 確認: 口座はまだ { $status } です
check-refresh-attempted = 確認: { $at } に更新が試行されました (現在 { $status })
check-refresh-older = 確認: 最後の更新試行 ({ $at }) は操作より前です
check-refresh-never = 確認: 更新は一度も試行されていません

## Command line
cli-sandbox-failed = サンドボックスを起動できませんでした: { $error }
cli-no-key = API キーがありません: STRIPE_API_KEY を設定するか、キーチェーンに保存するか、内蔵サンドボックスを使うなら --demo を付けてください
cli-no-audit-dir = このコンピューターには treasury-desk の監査ログ用データフォルダーがありません。資金操作は無効です
cli-platform-failed = プラットフォームアカウントを読み込めませんでした: { $error }
cli-retry-same-key = 以前の試行で明確な応答がありませんでした。同じ冪等キーで再試行します。
cli-outcome-unrecorded = 警告: 結果が監査ログに記録されていません: { $error }
cli-unknown = 明確な応答がありません ({ $detail })。実行されたかどうか不明です。同じコマンドを再実行すれば安全に再試行できます。確認するには `treasury-desk audit reconcile` を実行してください
cli-live-needs-yes = 本番 (LIVE) モード: 実際のお金に対して実行します。端末での確認なしで進めるには --yes を付けてください
cli-live-question = 本番 (LIVE) モード、プラットフォーム { $platform }: { $what }
cli-live-type-yes = 実行するには yes と入力してください:
cli-answer-unreadable = 応答を読み取れませんでした: { $error }
cli-live-not-yes = 実行しませんでした: yes と入力されませんでした
cli-read-failed = { $object } を読み込めませんでした: { $error }
cli-transfer-what = { $account } の { $fa } への { $transfer } ({ $amount }、現在「{ $status }」) を { $action }
cli-acting = { $mode } モードで実行中: { $what }…
cli-refresh-what = { $account } の最新残高を銀行に問い合わせる
cli-refresh-unfollowed = 更新は開始しましたが、経過を確認できませんでした: { $error }
cli-refresh-answer = { $account }: 銀行の応答: { $status }
cli-relinking = { $account } を再連携中 ({ $mode })…
cli-set-browser = $BROWSER にブラウザーのコマンドを設定して、もう一度実行してください
cli-write-failed = 書き込めませんでした: { $error }
cli-request = リクエスト { $id }
cli-unreadable = 警告: { $path } の { $count } 行を読み込めませんでした。`treasury-desk audit verify` を実行してください
cli-verify-intact = { $path }: 改ざんなし: 連結された { $lines } 行 (その前に連結なしの旧形式 { $legacy } 行); ログ { $log }; 最終ハッシュ { $head }
cli-verify-broken = { $path }: { $line } 行目が一致しません: { $why }
cli-not-checked = 確認できませんでした: { $error }
cli-still-unresolved = 未解決の操作が { $count } 件残っています

## Keys on the command line
credentials-no-publishable = { $mode } モードの公開可能キーがありません: STRIPE_PUBLISHABLE_KEY (pk_{ $mode }_…) を設定するか、キーチェーンに保存してください
credentials-prompt = Stripe のシークレットキーまたは制限付きキー (入力は表示されません):
credentials-read-failed = キーを読み取れませんでした: { $error }
credentials-refused = Stripe がキーを受け付けませんでした: { $error }
credentials-no-keychain = { $error }: キーは保存されていません。代わりにこのセッションでは STRIPE_API_KEY を設定してください (ファイルは一切使いません)
credentials-not-saved = { $error }: キーは保存されていません
credentials-saved = { $platform } ({ $id }) の { $mode } キー { $key } を OS のキーチェーンに保存しました (サービス "{ $service }")。
credentials-forgot = { $mode } キーを削除しました (保存されていた場合)。
credentials-no-key = API キーがありません: `treasury-desk login` を実行するか、STRIPE_API_KEY を設定してください
keychain-unavailable = ここでは OS のキーチェーンを利用できません ({ $detail })
keychain-failed = OS のキーチェーンでエラーが発生しました: { $detail }
cli-runtime-failed = 非同期ランタイムを起動できませんでした: { $error }
cli-export-failed = エクスポートを書き込めませんでした: { $error }
cli-window-failed = ウィンドウを開けませんでした: { $error }

## Relink outcomes
relink-outcome-relinked = 再連携しました: { $account } は再び有効です。
relink-outcome-other-account = 同じ銀行の別の口座を再連携しました: 現在連携されているのは { $account } です。{ $requested } は再連携されておらず、そこから作成した支払い方法は更新されていません。
relink-outcome-wrong-account = 別の口座です: 名義人は銀行にサインインしましたが、{ $requested } ではなく { $linked } を連携しました。もう一度試すか、同じ銀行の対象口座のいずれかを再連携してください。
relink-outcome-not-linked = 別の口座です: 名義人は銀行にサインインしましたが、{ $requested } を連携しませんでした。もう一度試すか、同じ銀行の対象口座のいずれかを再連携してください。
relink-outcome-login-failed = 銀行へのサインインに失敗しました: 名義人が銀行にサインインしませんでした (認可なし)。何も変更していません。もう一度試してください。
relink-outcome-no-account = 連携された口座はありません: 名義人はサインインしましたが、対象の口座を選びませんでした。何も変更していません。
relink-outcome-stripe-js = このコンピューターでは Stripe.js で再連携を実行できませんでした ({ $message })。代わりに、Stripe ダッシュボードから Stripe がホストする再連携リンクを名義人に送ってください。
relink-outcome-timed-out = 時間内に応答がありませんでした: 再連携ページの有効期限が切れました。何も変更していません。最初からやり直してください。
relink-outcome-other = 再連携されませんでした: { $detail }。
relink-plan-active = { $label } は有効です。修復するものはありません。
relink-plan-disconnected = { $label } は切断されています。再連携で修復できるのは無効な口座だけです。名義人が新たに連携する必要があります。
relink-plan-status = { $label } のステータスは `{ $status }` で、再連携では修復できません。
relink-plan-no-details = { $label } は無効ですが、Stripe から無効の詳細 (プレビュー版 API が必要) が返されなかったため、再連携で直るかどうか分かりません。
relink-plan-none = { $label } は修復できません: Stripe によると再び有効にする方法はありません (原因: { $cause })。口座が解約されている場合、名義人が別の口座を開設するか連携する必要があります。
relink-plan-action = { $label } は再連携できません: Stripe の指示は `{ $action }` です。
relink-plan-no-authorization = { $label } には再連携に使う認可がありません (Stripe が送らなかったプレビュー版のフィールド)。
relink-plan-no-holder = { $label } には名義人がいないため、再連携を開始できません。

## Treasury capability
account-fas-restricted = 金融口座が制限されています: { $reason }
account-fas-restricted-hint = 資金はそのまま残ります。Stripe が必要な情報を受け取れば、制限された機能は再び使えるようになります。
account-not-onboarded = Treasury に未登録: 金融口座はありません。
account-no-capability = Treasury 機能が申請されていません: このアカウントは金融口座を持てません。
treasury-not-onboarded = Treasury に未登録
error-redirect = サーバーが HTTP { $status } で応答しました。{ $detail }
restriction-capability = Treasury 機能: { $status }
restriction-past-due = 期限切れの要件: { $fields }
restriction-due = 必要な要件: { $fields }
restriction-verifying = Stripe が確認中: { $fields }

## Sync from events
sync-events = · イベントから: { $events } 件読込、{ $reread } 件のオブジェクトを再読込、{ $full } アカウントを全件読込
sync-events-hint = 簡易同期: 前回の同期以降の各アカウントのイベント (Stripe は 30 日間保持) を読み、そこに挙がったオブジェクトだけを読み直しました。新しいアカウント、前回読み込みに失敗したアカウント、イベントを取得できなかったかこのアプリが知らないイベントを含むアカウントは全件読み込みます。最後の全件同期: { $full_at }。Shift+F5 ですべて読み直します。

## Typed amounts
amount-empty = 金額を入力してください
amount-not-a-number = 金額ではありません: 数字と小数点 1 つで入力してください (例: 1,250.00)
amount-negative = マイナスではなく 0 より大きい金額にしてください
amount-zero = 0 より大きい金額にしてください
amount-too-precise = { $currency } の小数点以下は { $decimals } 桁です: { $typed } はそれより多い
amount-too-large = 大きすぎます
amount-unknown-currency = 不明な通貨 { $code }
outcome-created = 作成しました
row-adding-funds = 入金中…

## Add funds
add-funds-not-offered-restricted = 入金は利用できません: この口座ではインバウンド送金 (inbound_transfers.ach) が制限されています。先に Stripe への対応が必要です。ダッシュボードでアカウントの要件を確認してください。
add-funds-not-offered-pending = 入金はまだ利用できません: インバウンド送金 (inbound_transfers.ach) は保留中で、この口座では Stripe がまだ有効にしていません。
add-funds-not-offered-not-requested = 入金は利用できません: この口座ではインバウンド送金 (inbound_transfers.ach) が申請されていません。
add-funds-not-offered-platform = 入金は利用できません: プラットフォームがこの口座への入金を制限しています (platform_restrictions.inbound_flows)。
add-funds-not-offered-currency = 入金は利用できません: この口座は USD を扱っていません (インバウンド送金の通貨は USD のみ)。
add-funds-blocked = ブロック中
add-funds-unsettled-item = { $origin } から { $amount } (過去 1 日以内に開始)
add-funds-loading-origins = 銀行口座を読み込み中…
add-funds-origins-failed-short = 銀行口座を読み込めませんでした
add-funds-choose-origin = 引き落とす銀行口座を選んでください
add-funds-amount-problem = 金額: { $problem }
add-funds-descriptor-problem = 明細書表記: { $problem }
add-funds-title = この金融口座に入金
add-funds-live-warning = 本番 (LIVE) モード: 実際の銀行口座から実際のお金を引き落とします。
add-funds-sending = Stripe に送信中…
add-funds-sending-esc = Esc でこのウィンドウを閉じます。送金の結果はアカウントに表示されます。
add-funds-send-standard = { $amount } を通常の ACH で送る
add-funds-send-standard-live = { $amount } を本番 (LIVE) モードで通常の ACH で送る
add-funds-unknown = Stripe から明確な応答がありません ({ $reason })。送金が作成されたかどうか不明です。再試行しても安全です: この操作の冪等キーを再利用するため、Stripe が作成するのは多くても 1 件です。
add-funds-unsettled = この口座への以前の入金で明確な応答がありませんでした: { $items }。実行された可能性があります。再度入金する前に監査ログで確認してください。同じ銀行口座から同じ金額なら安全に再試行できます (同じ冪等キー)。
add-funds-amount = 金額 (USD)
add-funds-amount-hint = 例: 250.00
add-funds-amount-units = ドルとセントで
add-funds-description = 説明
add-funds-description-hint = 社内用、任意
add-funds-descriptor = 明細書表記
add-funds-optional = 任意
add-funds-descriptor-hint = 引き落としと一緒に銀行へ送られます: 英字・数字・空白・- # . $ & * で 10 文字まで
add-funds-descriptor-count = { $max } 文字中 { $used } 文字
add-funds-same-day = 即日 ACH (プレビュー)
add-funds-same-day-hint = 締め切り前に送れば同じ営業日に着金します。Stripe が申請に応じて提供するプレビュー機能で、利用権がなければ Stripe は拒否し、お金は動きません。Stripe が対象外と判断することもあり、その場合はワンクリックで通常の ACH として送れます。
add-funds-manual-review = この口座は手動レビューの対象です: 新しい送金はお金が動く前にあなたの承認を待ちます (5 営業日以内)。
add-funds-standard-timing = 通常の ACH は 2〜4 営業日かかり、それまでは入金保留中として表示されます。
add-funds-go = { $amount } を入金
add-funds-button = 入金
add-funds-summary = { $origin } から { $fa } へ { $amount } を引き落とします。Enter: 入金 · Esc: 戻る
add-funds-not-ready = 未完了: { $why }
add-funds-from = 引き落とし元の銀行口座
add-funds-reading-origins = アカウントの銀行口座を読み込み中…
add-funds-origins-failed = アカウントの銀行口座を読み込めませんでした: { $error }
add-funds-no-origin = このアカウントには、引き落とし元として設定された銀行口座がありません。
add-funds-origin-blocked = { $origin } — ブロック中: { $why }
add-funds-origin-blocked-hint = ブロックされた銀行口座は、設定し直すまで引き落とせません。
add-funds-how-to-add = 追加するには、口座名義人が自分の銀行口座からの ACH 引き落としを承認し、プラットフォームがこのアカウントで attach_to_self=true と flow_directions[]=inbound を指定した SetupIntent で設定します (Stripe の Treasury ガイド「SetupIntents、PaymentMethods、BankAccounts の使用」)。
add-funds-how-none-linked = 最も早いのは、payment_method 権限付きで Financial Connections 連携した銀行口座から設定する方法ですが、このアカウントにはそのような連携口座がありません。
add-funds-how-candidates = payment_method 権限付きで連携済みで、設定できる口座: { $accounts }。
add-funds-balance-warning = 銀行が報告したこの口座の利用可能残高は { $balance } ({ $at } 時点) です。残高不足で引き落としに失敗する可能性があります。
add-funds-balance-warning-current = 銀行が報告したこの口座の現在残高 (利用可能残高の報告なし) は { $balance } ({ $at } 時点) です。残高不足で引き落としに失敗する可能性があります。
add-funds-live-second = 本番 (LIVE) モード: 2 回目の確認
add-funds-live-question = { $origin } から { $account } の { $fa } へ、実際のお金 { $amount } を引き落としますか?
add-funds-live-same-day = 即日 ACH: 銀行が引き落としを返却できるようになる前に資金を使えてしまいます。
add-funds-live-yes = はい、本番 (LIVE) モードで { $amount } を入金します

## Add funds: refusals, checks, the command line
add-funds-open = ➕ 入金…
add-funds-open-hint = アカウントの銀行口座から ACH で資金を引き落とします (実行前に確認します)
add-funds-refused-key-reused = 送信していません: この操作の冪等キーは別の内容で使われたことがあるため、Stripe は実行しません (これが二重送金を防ぐ仕組みです)。新たに動いたお金はありません。
add-funds-refused-not-same-day-eligible = 送信していません: Stripe はこの送金を現在即日 ACH として送りません (リスク審査で対象外と判断されました)。お金は動いていません。代わりに通常の ACH (2〜4 営業日) で送ってください。
add-funds-refused-no-same-day = 送信していません: 即日 ACH はこのアカウントが承認されていないプレビュー機能です (Stripe が申請に応じて提供)。お金は動いていません。代わりに通常の ACH で送ってください。
add-funds-refused-risk = リスク上の理由で Stripe に拒否されました (402): お金は動いていません。そのまま再試行しないでください。どのリスク要因によるものかは Stripe のメッセージに書かれています。
add-funds-refused-permission = この API キーではインバウンド送金を作成できません (403): 制限付きキーには Treasury のインバウンド送金への書き込み権限が必要です。お金は動いていません。
add-funds-refused-origin = Stripe は { $origin } から引き落とせません: この連結アカウントがインバウンド送金用に設定した銀行口座ではないか、もう使えません。お金は動いていません。別の引き落とし元を選んでください。
add-funds-refused-descriptor = Stripe が明細書表記を拒否しました: お金は動いていません。変更して再送信してください。
add-funds-refused-feature = この金融口座は現在インバウンド送金を受け取れません: inbound_transfers.ach 機能が有効ではありません (制限中または保留中)。お金は動いていません。同期して機能を確認してください。
descriptor-too-long = 最大 { $max } 文字です ({ $count } 文字入力)
descriptor-characters = 使えるのは英字・数字・空白・- # . $ & * だけです ({ $shown } は使えません)
descriptor-spaces = 空白だけにはできません
check-not-created = 確認: この操作のキーを持つインバウンド送金は金融口座にありません。作成されていません
check-created = 確認: 作成されています: { $id } ({ $status })
cli-live-type-amount = 本番 (LIVE) モード、2 回目の確認: { $amount } を引き落とすには金額をもう一度入力してください ({ $number }):
cli-live-amount-mismatch = 実行しませんでした: 再入力した金額が一致しません
cli-add-funds-what =
    { $origin } から { $account } の { $fa } へ { $amount } を引き落とす{ $same_day ->
        [yes] (即日 ACH)
       *[no] {""}
    }
cli-receipt = 受領書: { $url }
cli-awaiting-confirmation = 確認待ち: { $date } までに承認またはキャンセルしてください (過ぎると Stripe がキャンセルします)

## Checks of Add funds
check-several = 確認: この操作のキーを持つ送金が複数あります: { $ids }

## The ledger (issue 14): month-end export
ledger-bad-date = 日付ではありません: { $date } (2026-11-30 のように書いてください)
ledger-dates-reversed = --to が --from より前です
ledger-timezone-unknown = プラットフォームのタイムゾーン ({ $timezone }) がこの環境にありません: 日時は UTC です
ledger-mismatch = エクスポートが照合できません: 期首残高と明細の合計が期末残高と一致しません (check 行の mismatch を確認してください)

## The ledger (issue 14): the window
ledger-open = 📒 取引履歴…
ledger-open-hint = この金融口座で何がいつ動いたか、各取引後の残高
ledger-title = { $fa } の取引履歴
ledger-period = 期間:
ledger-this-month = 今月
ledger-last-month = 先月
ledger-custom = 指定
ledger-status = ステータス:
ledger-timezone = 日時はプラットフォームのタイムゾーン { $timezone } です
ledger-dates-reversed-window = 終了日が開始日より前です
ledger-count = 期間内の明細 { $count } 件
ledger-count-more = これまでに { $count } 件: スクロールすると続きを読み込みます
ledger-failed = 取引履歴を読み込めませんでした: { $error }
ledger-none = この期間に動きはありません。
ledger-chart = 📈 残高の推移
ledger-chart-loading = グラフのために期間全体を読み込んでいます…
ledger-col-effective = 日時
ledger-col-posted = 計上
ledger-col-flow-type = 種類
ledger-col-flow = 元の取引
ledger-col-cash-after = 取引後の現金
ledger-col-inbound-after = 取引後の入金保留中
ledger-created-hover = 取引の作成は { $date }。この日時はこの明細が残高を変えた時点です
ledger-open-transfer = このインバウンド送金を「送金」で開く
flow-credit-reversal = 入金の取消
flow-debit-reversal = 出金の取消
flow-inbound-transfer = インバウンド送金
flow-issuing-authorization = カードのオーソリ
flow-other = その他
flow-outbound-payment = アウトバウンド支払い
flow-outbound-transfer = アウトバウンド送金
flow-received-credit = 受取入金
flow-received-debit = 受取出金
transaction-status-open = 未確定
transaction-status-posted = 計上済み
transaction-status-void = 無効

## The ledger (issue 14): triage
attention-returned = 返却されたインバウンド送金: { $amount }
attention-returned-detail = { $fa } · { $transfer }: 銀行が資金を引き戻しました (ACH 返却、受取出金)。現金がマイナスになった場合はプラットフォームが補填します
ledger-export-to = 月末エクスポート (CSV) の保存先:
ledger-export-hint = 期間内の明細を 1 行ずつ、期首・期末・照合の行付きで書き出します (treasury-desk ledger と同じファイル)
ledger-export = 書き出す
ledger-exported = { $rows } 件を照合済みで書き出しました: { $path }
ledger-export-failed = 書き出せませんでした: { $error }
ledger-platform = 🌐 全金融口座
ledger-platform-hint = 表示中のすべての金融口座 (プラットフォームと連結アカウント) の残高推移を通貨ごとに合計します (同じ期間)
ledger-platform-title = 全金融口座 (通貨別)
