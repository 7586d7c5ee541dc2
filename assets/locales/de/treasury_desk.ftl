# treasury-desk — Deutsch

## Money and numbers
money-minor-units = { $amount } kleinste Einheiten ({ $code })

## Stripe's states in words
transfer-status-canceled = Storniert
transfer-status-failed = Fehlgeschlagen
transfer-status-processing = In Bearbeitung
transfer-status-requires-confirmation = Bestätigung ausstehend
transfer-status-succeeded = Erfolgreich
failure-account-closed = Konto geschlossen
failure-account-frozen = Konto eingefroren
failure-bank-account-restricted = Bankkonto eingeschränkt
failure-bank-ownership-changed = Kontoinhaber gewechselt
failure-could-not-process = Nicht verarbeitbar
failure-debit-not-authorized = Lastschrift nicht autorisiert
failure-incorrect-account-holder-address = Adresse des Kontoinhabers falsch
failure-incorrect-account-holder-name = Name des Kontoinhabers falsch
failure-incorrect-account-holder-tax-id = Steuernummer des Kontoinhabers falsch
failure-insufficient-funds = Unzureichende Deckung
failure-invalid-account-number = Ungültige Kontonummer
failure-invalid-currency = Ungültige Währung
failure-no-account = Konto existiert nicht
failure-other = Anderer Fehler
feature-card-issuing = Kartenausgabe
feature-deposit-insurance = Einlagensicherung
feature-financial-addresses-aba = ABA-Konto- und Bankleitzahl
feature-financial-addresses-aba-forwarding = ABA-Weiterleitung
feature-inbound-transfers-ach = Eingehende ACH-Überweisungen
feature-inbound-transfers-ach-platform-review = Manuelle Prüfung eingehender Überweisungen
feature-intra-stripe-flows = Überweisungen innerhalb von Stripe
feature-outbound-payments-ach = Ausgehende ACH-Zahlungen
feature-outbound-payments-us-domestic-wire = Ausgehende Wire-Zahlungen
feature-outbound-transfers-ach = Ausgehende ACH-Überweisungen
feature-outbound-transfers-us-domestic-wire = Ausgehende Wire-Überweisungen
feature-remote-deposit-capture = Scheckeinreichung aus der Ferne
fa-status-closed = Geschlossen
fa-status-open = Offen
closed-reason-account-rejected = Konto abgelehnt
closed-reason-closed-by-platform = Von der Plattform geschlossen
closed-reason-other = Anderer Grund
linked-status-active = Aktiv
linked-status-disconnected = Getrennt
linked-status-inactive = Inaktiv
refresh-status-failed = Aktualisierung fehlgeschlagen
refresh-status-pending = Aktualisierung läuft
refresh-status-succeeded = Aktualisiert
inactive-action-none = Nicht reparierbar
inactive-action-relink-required = Neu verknüpfen nötig
inactive-cause-access-denied = Zugriff verweigert
inactive-cause-access-expired = Zugriff abgelaufen
inactive-cause-account-closed = Konto bei der Bank geschlossen
inactive-cause-account-unavailable = Konto nicht verfügbar
inactive-cause-institution-requirement = Von der Bank verlangt
inactive-cause-unspecified = Ursache unbekannt
capability-active = Aktiv
capability-inactive = Inaktiv
capability-pending = Ausstehend
category-cash = Guthaben
category-credit = Kredit
category-investment = Anlage
category-other = Sonstiges
subcategory-checking = Girokonto
subcategory-credit-card = Kreditkarte
subcategory-line-of-credit = Kreditlinie
subcategory-mortgage = Hypothek
subcategory-other = Sonstiges
subcategory-savings = Sparkonto

## Transfer rows
bank-unnamed = Bank
transfer-returned = zurückgebucht
transfer-decide-by = entscheiden bis { $date }
transfer-receipt = Beleg
transfer-confirm-button = Bestätigen…
transfer-confirm-hint = Diese Überweisung freigeben (fragt vorher nach)
transfer-cancel-button = Stornieren…
transfer-cancel-hint = Diese Überweisung stoppen (fragt vorher nach)

## Overview
overview-title = Übersicht
overview-counts = { $accounts } verbundene Konten · { $fas } Finanzkonten · { $transfers } eingehende Überweisungen · { $linked } verknüpfte Bankkonten
overview-own-money = Eigenes Geld der Plattform
overview-own-open =
    Öffnen ({ $count ->
        [one] 1 Finanzkonto
       *[other] { $count } Finanzkonten
    })
overview-own-open-hint = Seine Finanzkonten und deren Überweisungen
overview-own-stripe-available = Stripe: verfügbar
overview-own-stripe-available-hint = Das Stripe-Guthaben der Plattform, jetzt verfügbar
overview-own-stripe-pending = Stripe: ausstehend
overview-own-stripe-pending-hint = Noch in Abwicklung
overview-own-fa-cash = FK Guthaben
overview-own-fa-cash-hint = Guthaben in den eigenen Finanzkonten der Plattform
overview-own-fa-inbound = FK eingehend
overview-own-fa-inbound-hint = Auf dem Weg hinein
overview-own-fa-outbound = FK ausgehend
overview-own-fa-outbound-hint = Auf dem Weg hinaus
overview-fa-balances = Salden der Finanzkonten (alle verbundenen Konten)
balance-cash = Guthaben
balance-cash-hint = Sofort nutzbare Mittel
balance-inbound-pending = Eingang ausstehend
balance-inbound-pending-hint = Unterwegs, noch nicht nutzbar
balance-outbound-pending = Ausgang ausstehend
balance-outbound-pending-hint = Unterwegs hinaus, bereits reserviert
overview-stripe-balances = Stripe-Guthaben (alle verbundenen Konten)
overview-stripe-balances-hint = Das eigene Stripe-Guthaben jedes verbundenen Kontos (Zahlungen, Auszahlungen), getrennt von seinen Finanzkonten: 100 USD hier und 200 USD in einem Finanzkonto sind zusammen 300 USD.
stripe-available = Verfügbar
stripe-available-hint = Kann jetzt ausgezahlt oder bewegt werden
stripe-pending = Ausstehend
stripe-pending-hint = Zahlungen in Abwicklung
overview-stripe-unread =
    { $count ->
        [one] 1 Konto fehlt, dessen Stripe-Guthaben nicht gelesen werden konnte.
       *[other] { $count } Konten fehlen, deren Stripe-Guthaben nicht gelesen werden konnte.
    }
overview-linked = Verknüpfte Bankkonten (wie zuletzt von jeder Bank gemeldet)
overview-linked-cash-current = Guthaben: aktuell
overview-linked-cash-current-hint = Gebuchter Saldo der Giro- und Sparkonten
overview-linked-cash-available = Guthaben: verfügbar
overview-linked-cash-available-hint = Wo die Bank ihn meldet; ACH-Prüfungen nutzen diesen Wert
overview-linked-credit-current = Kredit: aktuell
overview-linked-credit-current-hint = Gebuchter Saldo; negativ = vom Inhaber geschuldet
overview-linked-credit-used = Kredit: genutzt
overview-linked-credit-used-hint = In Anspruch genommener Kredit
overview-linked-note = Kein Geld der Plattform: die eigenen Bankkonten der Inhaber, manche bis zu 24 h alt.
overview-composition-note = (Anteil an der Summe je Währung; Zeiger darüber zeigt Prozente)
nothing-yet = Noch nichts.
currency = Währung
unknown = unbekannt
attention-title = Braucht Aufmerksamkeit ({ $count })
attention-none = Nichts braucht Aufmerksamkeit.
attention-awaiting = Bestätigung ausstehend: { $amount }
attention-relink = Neu verknüpfen nötig
attention-link-lost = Bankverbindung verloren
attention-link-lost-cause = { $cause }, nicht reparierbar
attention-negative = Negativer Saldo: { $amount }
attention-negative-fa = { $fa }: Guthaben unter null
attention-negative-platform = das Stripe-Guthaben der Plattform
attention-negative-stripe = Stripe-Guthaben: Die Plattform haftet für das, was das Konto schuldet
attention-refresh-failed = Saldo-Aktualisierung fehlgeschlagen
attention-restricted = Eingeschränkte Funktionen
attention-load-failed = Konnte nicht geladen werden
open-account-hint = Dieses Konto öffnen

## Transfers view
transfers-title = Eingehende Überweisungen
transfers-status = Status:
transfers-all = Alle
transfers-sort = Sortieren:
transfers-sort-date = Datum
transfers-sort-amount = Betrag
transfers-ascending = ⬆ aufsteigend
transfers-descending = ⬇ absteigend
transfers-count =
    { $n ->
        [one] 1 Überweisung
       *[other] { $count } Überweisungen
    }
transfers-count-filtered =
    { $n ->
        [one] 1 Überweisung von Konten zu „{ $filter }“
       *[other] { $count } Überweisungen von Konten zu „{ $filter }“
    }
transfers-none = Keine eingehenden Überweisungen gefunden.
transfers-filtering = wird gefiltert…
transfers-filtering-hint = Zeilen und Summen darunter gehören noch zum vorigen Filter; sie folgen gleich.
transfers-status-hint = Klicken blendet einen Status ein oder aus; mehrere zugleich. „Alle“ zeigt jeden Status.
transfers-created-from = Erstellt von
transfers-created-to = bis
transfers-amount-from = Betrag von
transfers-amount-to = bis
transfers-search = Suche
transfers-search-hint = ID, Konto, Bank oder letzte vier Ziffern
transfers-date-hint = TT.MM.JJJJ
transfers-amount-min-hint = min.
transfers-amount-max-hint = max.
transfers-clear = Filter zurücksetzen
transfers-totals =
    { $n ->
        [one] Summen der 1 gezeigten Überweisung
       *[other] Summen der { $count } gezeigten Überweisungen
    }
transfers-total = Gesamt
transfers-total-cell-hint =
    { $n ->
        [one] 1 Überweisung
       *[other] { $count } Überweisungen
    }
transfers-selected = { $count } ausgewählt
transfers-copy-ids = IDs kopieren
transfers-copy-rows = IDs und Beträge kopieren
transfers-copy-hint = Tabulatorgetrennt, für eine Tabellenkalkulation: ID, Betrag, Währung, Status
transfers-copied =
    { $n ->
        [one] 1 Zeile kopiert
       *[other] { $count } Zeilen kopiert
    }
transfers-select-all = Alle gezeigten auswählen
transfers-select-none = Auswahl aufheben
transfers-export = Als CSV exportieren
transfers-export-path = Datei:
transfers-export-hint = Die gezeigten Überweisungen (gefiltert) als CSV: Dezimalpunkt, ISO-Daten, Stripes Werte.
transfers-exporting = Wird exportiert…
transfers-exported =
    { $n ->
        [one] 1 Überweisung nach { $path } exportiert
       *[other] { $count } Überweisungen nach { $path } exportiert
    }
transfers-export-failed = Export fehlgeschlagen: { $error }
transfers-keys-hint = ↑/↓ auswählen · Enter öffnet das Konto · c Bestätigen… · x Stornieren… · Strg+C kopiert die ID
col-receipt = Beleg
date-empty = Datum eingeben, z. B. { $example }
date-not-a-date = kein Datum: bitte als { $example } eingeben
date-ambiguous = Tag oder Monat zuerst? Bitte als { $example } eingeben
col-created = Erstellt
col-account = Konto
col-financial-account = Finanzkonto
col-amount = Betrag
col-status = Status
col-actions = Aktionen
col-from = Von
col-descriptor = Verwendungszweck
col-notes = Hinweise
col-treasury = Treasury
col-fas = FK

## Account list
accounts-title = Verbundene Konten
accounts-shown = { $shown } von { $all }
accounts-sort = Sortierung
accounts-sort-newest = neueste zuerst
accounts-sort-name = nach Name
accounts-sort-fas = nach FK
accounts-sort-cash = nach Guthaben
accounts-sort-cash-usd-first = nach Guthaben (USD zuerst)
accounts-none = Diese Plattform hat keine verbundenen Konten.
accounts-no-match = Kein Konto passt zum Filter.
accounts-fas-hint = { $open } offen, { $closed } geschlossen

## Top bar
mode-sandbox-hint = Eingebaute Sandbox: erfundene Daten, kein echtes Geld
mode-test-hint = Stripe-Testmodus: kein echtes Geld
mode-live-hint = LIVE: echtes Geld
tab-overview = Übersicht
tab-overview-hint = Summen und was Aufmerksamkeit braucht
tab-transfers = Überweisungen
tab-transfers-hint = Eingehende Überweisungen aller Konten
tab-keys = Schlüssel
tab-keys-hint = API-Schlüssel hinzufügen, prüfen, wechseln oder vergessen
tab-audit = Prüfprotokoll
tab-audit-hint = Jede Bestätigung, Stornierung, Aktualisierung und Neuverknüpfung von diesem Computer
sync-progress = Synchronisiere { $done } / { $total } Konten…
sync-button = 🔄 Synchronisieren
sync-button-hint = Neu laden (F5): die Ereignisse jedes Kontos seit der letzten Synchronisierung, und nur die Objekte, die sie nennen, werden neu gelesen.
    Umschalt+Klick oder Umschalt+F5: alles neu laden. Einmal pro Stunde ist jede Synchronisierung vollständig.
sync-done = Synchronisiert { $at } ({ $age })
sync-done-short = Synchronisiert ({ $age })
bar-more = Mehr
bar-more-hint = Mehr: die Ansichten und das Sprachmenü, für die in der Leiste kein Platz ist
language-hint = Sprache des Fensters
filter-hint = Name, E-Mail oder ID (Strg+F)
filter-hint-bare = Konten filtern (Strg+F)
filter-label = Konten filtern
sync-failed = Synchronisierung fehlgeschlagen: { $error }
sync-failed-kept = Es werden die Daten der letzten erfolgreichen Synchronisierung angezeigt.

## Window
badge-sandbox = SANDBOX
badge-test = TESTMODUS
badge-live = LIVE
unresolved-banner =
    { $count ->
        [one] 1 Geldaktion hat kein feststehendes Ergebnis: Die App wurde beendet, während sie lief, oder Stripe gab keine klare Antwort.
       *[other] { $count } Geldaktionen haben kein feststehendes Ergebnis: Die App wurde beendet, während sie liefen, oder Stripe gab keine klare Antwort.
    }
unresolved-banner-link = Im Prüfprotokoll prüfen…
sandbox-banner = Sie erkunden die eingebaute Sandbox: erfundene Daten, kein echtes Geld.
sandbox-banner-add-key = Stripe-Schlüssel hinzufügen…
account-gone = { $id } ist nicht mehr in den Daten.
loading-accounts = Konten werden geladen…
load-failed = Konnte nicht laden: { $error }
load-failed-check-key = API-Schlüssel prüfen…
try-again = Erneut versuchen
refresh-follow-failed = konnte nicht weiterverfolgt werden ({ $error }); synchronisieren, um die Antwort der Bank zu sehen

## Dialogs
dialog-back = Zurück
dialog-amount = Betrag
dialog-into-fa = In Finanzkonto
dialog-connected-account = Verbundenes Konto
dialog-transfer = Überweisung
dialog-decide-by = Entscheiden bis
dialog-deadline = { $date } (sonst storniert Stripe sie)
dialog-deadline-hint = 5 Geschäftstage der US-Notenbank nach Erstellung der Überweisung (Datum US-Ostküste)
live-moves-money = LIVE-Modus: Hier wird echtes Geld bewegt.
confirm-title = Diese eingehende Überweisung bestätigen?
confirm-go = { $amount } bestätigen
confirm-availability = Verfügbarkeit der Mittel
confirm-release = Mittel freigeben, sobald die Überweisung abgeschlossen ist
confirm-hold = 5 Tage über die ACH-Rückgabefrist hinaus zurückhalten (432.000 s)
confirm-keys = Enter: bestätigen · Esc: zurück
cancel-title = Diese eingehende Überweisung stornieren?
cancel-go = { $amount } stornieren
cancel-body = Die Überweisung zieht kein Geld ein. Das kann nicht rückgängig gemacht werden.
cancel-keys = Enter: stornieren · Esc: zurück
live-refresh-title = Diesen Live-Banksaldo aktualisieren?
live-refresh-body = Stripe fragt bei der Bank einen neuen Saldo für { $account } ({ $id }) an.
live-refresh-warning = LIVE-Modus: Dies wirkt auf eine echte Bankverbindung.
live-refresh-go = Jetzt aktualisieren
relink-title = Dieses Bankkonto neu verknüpfen?
relink-holder = { $id } · Inhaber: { $holder }
relink-body = Die Anmeldung der Bank öffnet sich im Webbrowser. Das Neuverknüpfen eines Kontos kann andere Konten mit derselben Bankanmeldung zurückbringen.
relink-customer = Dies ist die Bank eines Kunden: Der Kunde muss sich anmelden, nicht Sie. Senden Sie ihm stattdessen den gehosteten Link von Stripe zum Neuverknüpfen, wenn Sie ihn jetzt nicht erreichen.
relink-exact = Genau dieses Konto
relink-exact-hint = relink_options[account]: Der Inhaber muss genau dieses Konto wählen
relink-any = Jedes passende Giro- oder Sparkonto bei derselben Bank
relink-any-hint = relink_options[authorization] mit limits[accounts]=1
relink-go = Bankanmeldung öffnen

## Rows and times
row-confirming = wird bestätigt…
row-canceling = wird storniert…
row-refreshing = Aktualisierung wird angefragt…
row-relinking = warte auf die Bankanmeldung im Browser…
row-confirmed = bestätigt
row-canceled = storniert
row-refresh-requested = Aktualisierung angefragt
row-unknown = Keine klare Antwort ({ $detail }). Es kann geschehen sein oder nicht: zum Prüfen synchronisieren; erneut versuchen ist sicher.
row-unrecorded = { $what } — NICHT im Prüfprotokoll erfasst: { $error }
age-under-a-minute = in unter einer Minute
age-just-now = gerade eben
age-minutes-ago = vor { $n } Min.
age-hours-ago = vor { $n } Std.
age-days-ago = vor { $n } T.
age-in-minutes = in { $n } Min.
age-in-hours = in { $n } Std.
age-in-days = in { $n } T.
countdown-short = in { $time }
countdown-long = in { $hours } Std. { $minutes } Min.

## Keys screen
mode-word-test = Test
mode-word-live = Live
keys-title = API-Schlüssel
keys-now-using = Aktuell: { $mode }. Schlüssel sprechen mit { $api }.
keys-stored = Im Schlüsselbund des Systems gespeichert
keys-no-keychain = Auf diesem Computer gibt es keinen Schlüsselbund des Systems, daher können Schlüssel nicht gespeichert werden.
keys-session-only-note = Ein Schlüssel kann trotzdem nur für diese Sitzung genutzt werden: Er bleibt im Speicher und ist weg, wenn die App schließt. Er wird nie in eine Datei geschrieben.
keys-reading = Schlüsselbund wird gelesen…
keys-test-mode = Testmodus
keys-none-stored = keiner gespeichert
keys-use = { $mode }-Schlüssel verwenden
keys-forget = Vergessen
keys-forget-hint = Aus dem Schlüsselbund löschen
keys-add = Schlüssel hinzufügen
keys-add-note = Am sichersten ist ein eingeschränkter Schlüssel (rk_…) mit nur den Rechten, die diese App braucht. Einfügen; er bleibt verdeckt.
keys-secret-label = Geheimer oder eingeschränkter Schlüssel
keys-publishable-label = Veröffentlichbarer Schlüssel (optional)
keys-publishable-hint = pk_test_… (zum Neuverknüpfen von Bankkonten)
keys-publishable-use = Nur auf der Seite zum Neuverknüpfen mit Stripe.js verwendet
keys-looks-like = sieht aus wie ein { $mode }-Schlüssel
keys-verifying = Stripe wird gefragt, zu welchem Konto dieser Schlüssel gehört…
keys-verify = Schlüssel prüfen
keys-verify-hint = Ein GET /v1/account; noch wird nichts gespeichert
keys-verified = Geprüft: Dieser { $mode }-Schlüssel gehört zur Plattform oben.
keys-live-warning = Der Live-Modus zeigt und bewegt echtes Geld.
keys-save = Im Schlüsselbund speichern und verwenden
keys-session-only = Nur für diese Sitzung verwenden
keys-session-only-hint = Im Speicher gehalten, weg wenn die App schließt
keys-using-session-only = Der Schlüssel wird nur für diese Sitzung verwendet.
keys-discard = Verwerfen
keys-saved = Der { $mode }-Schlüssel wurde im Schlüsselbund des Systems gespeichert.
keys-not-saved = { $error }: Es wurde nichts gespeichert.
keys-forgot = Der { $mode }-Schlüssel wurde vergessen.
keys-publishable-is-secret = das ist ein geheimer Schlüssel: Der veröffentlichbare Schlüssel beginnt mit pk_
keys-publishable-prefix = ein veröffentlichbarer Schlüssel beginnt mit pk_test_ oder pk_live_
keys-publishable-mode-mismatch = der geheime Schlüssel ist ein { $secret }-Schlüssel, der veröffentlichbare aber ein { $publishable }-Schlüssel: Test und Live mischen sich nie

## Account page
account-back = ⬅ Übersicht
account-back-hint = Zurück (Esc)
account-platform-chip = Plattform: Ihr eigenes Geld
account-treasury-not-requested = nicht beantragt
account-treasury = Treasury-Funktion: { $status }
account-load-failed = Konnte nicht laden: { $error }
account-fas = Finanzkonten ({ $count })
account-no-fas = Noch keine Finanzkonten.
account-no-treasury = Keine Finanzkonten: Die Treasury-Funktion ist nicht aktiv, daher kann keines eröffnet werden.
account-linked = Verknüpfte Bankkonten ({ $count })
account-linked-platform = Für die Plattform selbst nicht aufgeführt: Verknüpfte Bankkonten stehen bei jedem verbundenen Konto.
account-linked-none = Keine über Financial Connections verknüpften Bankkonten.
account-stripe-balance = Stripe-Guthaben
account-stripe-balance-hint = Das eigene Stripe-Guthaben des Kontos (Zahlungen und Auszahlungen), getrennt von den Finanzkonten unten: 100 USD hier und 200 USD in einem Finanzkonto sind zusammen 300 USD.
account-stripe-balance-note = Zahlungen, getrennt von den Finanzkonten unten
account-manual-review = manuelle Prüfung
account-manual-review-hint = Neue eingehende Überweisungen warten auf Ihre Bestätigung
account-mode-mismatch = Modus passt nicht
features-restricted = Eingeschränkt
features-restricted-hint = Nicht nutzbar: Handlung nötig
features-pending = Ausstehend
features-pending-hint = Beantragt, noch nicht nutzbar
features-active = Aktiv
features-active-hint = Jetzt nutzbar
account-transfers-waiting = Eingehende Überweisungen ({ $count }, { $waiting } warten auf Bestätigung)
account-transfers = Eingehende Überweisungen ({ $count })
account-transfers-kept = Gelesen um { $at } und seitdem über Stripes Ereignisse aktuell gehalten.
account-transfers-kept-hint = Jede Änderung einer eingehenden Überweisung ist ein Ereignis. Umschalt+F5 liest alles neu.
none = Keine.
col-bank-account = Bankkonto
col-current = Aktuell
col-available-used = Verfügbar / genutzt
col-as-of = Stand
col-balance-refresh = Saldo-Aktualisierung
linked-no-balance = keine Saldodaten
linked-credit-used = Genutzter Kredit
linked-used-not-reported = genutzt: nicht gemeldet
linked-not-reported = nicht gemeldet
linked-not-reported-hint = Die Bank hat keinen verfügbaren Saldo gesendet: ACH-Prüfungen nutzen den aktuellen.
linked-as-of-hint = Die Bank hat diesen Saldo um { $at } berechnet
linked-as-of-stale = { $exact }: älter als 24 Stunden
linked-see-stripe = siehe Stripe
linked-deactivates = wird deaktiviert am { $at }
refresh-tried = versucht { $age }
refresh-never = nie aktualisiert
refresh-button = 🔄 Aktualisieren
refresh-button-hint = Bei der Bank einen neuen Saldo anfragen
refresh-next-at = Stripe erlaubt die nächste Aktualisierung um { $at }
refresh-possible = möglich { $countdown }
refresh-pending-at-bank = Aktualisierung bei der Bank läuft
refresh-not-active = keine Aktualisierung: nicht aktiv
refresh-unavailable = jetzt keine Aktualisierung möglich (Stripe nannte keinen nächsten Zeitpunkt)
relink-button = Neu verknüpfen…
relink-button-hint = Reparieren: Der Inhaber meldet sich im Browser erneut bei der Bank an
relink-needs-publishable = Fügen Sie unter Schlüssel einen veröffentlichbaren Schlüssel (pk_…) hinzu, um von hier neu zu verknüpfen

## Audit log
audit-no-log = Kein Prüfprotokoll: Dieser Computer hat keinen Datenordner für treasury-desk.
audit-path = { $path } · vor jeder Anfrage eine Absichtszeile, danach eine Ergebniszeile; per Hash verkettet
audit-reload = Neu laden
audit-reading = Prüfprotokoll wird gelesen…
audit-read-failed = Prüfprotokoll konnte nicht gelesen werden: { $error }
audit-unreadable = { $count } Zeilen konnten nicht gelesen werden (beschädigt oder von einer neueren Version): `treasury-desk audit verify` ausführen.
audit-filter = Filter
audit-filter-hint = Konto, Objekt, Aktion, Ergebnis…
audit-shown = { $shown } von { $all } Aktionen
audit-copy-csv = Als CSV kopieren
audit-copy-csv-hint = Die angezeigten Zeilen, für eine Tabellenkalkulation
audit-empty = Von diesem Computer wurde noch keine Geldaktion ausgeführt.
audit-no-match = Keine Aktion passt zum Filter.
audit-col-time = Zeit (UTC)
audit-col-mode = Modus
audit-col-action = Aktion
audit-col-object = Objekt
audit-col-request = Anfrage-ID
audit-col-outcome = Ergebnis
audit-object-hint = von { $user } · Schlüssel { $key } · Aktion { $action }
audit-no-outcome = kein Ergebnis erfasst
audit-unresolved = Ungeklärt ({ $count })
audit-unresolved-note = Kein Ergebnis erfasst (die App wurde während der Anfrage beendet) oder Stripe gab keine klare Antwort. Prüfen liest das Objekt bei Stripe und erfasst, was es zeigt.
audit-unresolved-line = { $mode }{ $on_behalf } · von { $user } · { $verdict }
audit-check = Prüfen
audit-check-hint = Bei Stripe lesen und erfassen, was es zeigt
audit-check-other-key = Ausgeführt im Modus { $mode } auf Plattform { $platform }: Zum Prüfen zu diesem Schlüssel wechseln
verdict-done = erledigt
verdict-not-done = nicht erledigt
verdict-unknown = unklar

## Errors from Stripe and the network
error-unreachable = { $base } nicht erreichbar: { $detail }
error-401 = der API-Schlüssel wurde abgelehnt (401)
error-402 = Stripe hat die Anfrage abgelehnt (402)
error-403 = dem API-Schlüssel fehlt dafür die Berechtigung (403)
error-404 = nicht gefunden (404)
error-409 = Konflikt mit einer gleichzeitigen Anfrage (409)
error-429 = von Stripe gedrosselt (429)
error-5xx = Stripe hatte einen Serverfehler ({ $status })
error-refused = Stripe hat die Anfrage abgelehnt ({ $status } { $kind })
error-param = Parameter: { $param }
error-html = der Server antwortete mit einer HTML-Seite (HTTP { $status }) statt mit Stripes JSON: API-Basis prüfen, oder ein Proxy steht im Weg
error-undecodable = die Antwort des Servers (HTTP { $status }, { $content_type }) ist keine Stripe-Antwort, die wir verstehen: { $detail }
error-timeout = Zeitüberschreitung (die Anfrage wurde möglicherweise trotzdem verarbeitet)
error-connection-failed = Verbindung fehlgeschlagen ({ $cause })
error-https = HTTPS konnte nicht eingerichtet werden: { $cause }
error-api-base = API-Basis { $base } muss mit https:// beginnen (oder http:// für eine lokale Sandbox)
key-missing = es wurde kein API-Schlüssel angegeben
key-whitespace = der API-Schlüssel enthält Leerzeichen oder Zeilenumbrüche; ohne sie erneut einfügen
key-publishable = das ist ein veröffentlichbarer Schlüssel (pk_…); die App braucht einen geheimen (sk_…) oder eingeschränkten (rk_…) Schlüssel
key-prefix = ein API-Schlüssel beginnt mit sk_test_, sk_live_, rk_test_ oder rk_live_
key-truncated = der API-Schlüssel scheint abgeschnitten
key-characters = der API-Schlüssel enthält Zeichen, die ein Stripe-Schlüssel nie hat
key-header = der API-Schlüssel enthält Zeichen, die nicht in einen Header passen

## Outcomes
outcome-not-recorded-first = Nicht gesendet: Es konnte nicht zuerst im Prüfprotokoll erfasst werden ({ $error }).
outcome-relink-no-publishable = Neuverknüpfung nicht gestartet: kein veröffentlichbarer Schlüssel für diesen Modus (unter Schlüssel hinzufügen).
outcome-transfer-done = { $what }: Die Überweisung ist jetzt „{ $status }“
outcome-manual-review-off = Für dieses Finanzkonto ist die manuelle Prüfung nicht aktiviert: Es wurde nichts geändert.
outcome-not-done = Nicht erledigt: { $error }
outcome-refresh-none = keine Aktualisierung gestartet
outcome-refresh-not-started = Aktualisierung nicht gestartet: { $error }
outcome-relink-not-started = Neuverknüpfung nicht gestartet: { $error }
outcome-relinked = neu verknüpft

## Checks of unresolved actions
check-other-key = ausgeführt im Modus { $mode } auf Plattform { $platform }: zum Prüfen diesen Schlüssel verwenden
check-read-failed = { $object } konnte bei Stripe nicht gelesen werden: { $error }
check-not-checkable = diese Version kann eine Aktion { $action } nicht prüfen
check-not-recorded = das Ergebnis konnte nicht erfasst werden: { $error }
check-still-awaiting = sie wartet noch auf Bestätigung
check-past-confirmation = sie ist über die Bestätigung hinaus
check-canceled-not-confirmed = sie wurde storniert, nicht bestätigt
check-is-canceled = sie ist storniert
check-still-open = sie ist noch offen
check-ended-not-canceled = sie endete ohne Stornierung
check-status-does-not-tell = dieser Status sagt es nicht
check-transfer = geprüft: Die Überweisung ist { $status }: { $why }
check-account-active = geprüft: Das Konto ist wieder aktiv
check-account-still = geprüft: Das Konto ist noch { $status }
check-refresh-attempted = geprüft: Um { $at } wurde eine Aktualisierung versucht (jetzt { $status })
check-refresh-older = geprüft: Der letzte Aktualisierungsversuch ({ $at }) ist älter als die Aktion
check-refresh-never = geprüft: Es wurde nie eine Aktualisierung versucht

## Command line
cli-sandbox-failed = die Sandbox konnte nicht starten: { $error }
cli-no-key = kein API-Schlüssel: STRIPE_API_KEY setzen, einen im Schlüsselbund speichern oder --demo für die eingebaute Sandbox angeben
cli-no-audit-dir = dieser Computer hat keinen Datenordner für das Prüfprotokoll von treasury-desk: Geldaktionen sind abgeschaltet
cli-platform-failed = das Plattformkonto konnte nicht gelesen werden: { $error }
cli-retry-same-key = Ein früherer Versuch bekam keine klare Antwort: Er wird mit demselben Idempotenzschlüssel wiederholt.
cli-outcome-unrecorded = Warnung: Das Ergebnis wurde NICHT im Prüfprotokoll erfasst: { $error }
cli-unknown = keine klare Antwort ({ $detail }): Es kann geschehen sein oder nicht. Denselben Befehl erneut ausführen, um sicher zu wiederholen, oder `treasury-desk audit reconcile` zum Prüfen
cli-live-needs-yes = LIVE-Modus: Dies wirkt auf echtes Geld; --yes angeben, um ohne Rückfrage im Terminal fortzufahren
cli-live-question = LIVE-Modus, Plattform { $platform }: { $what }
cli-live-type-yes = Zum Fortfahren yes eingeben:
cli-answer-unreadable = die Antwort konnte nicht gelesen werden: { $error }
cli-live-not-yes = nicht erledigt: Sie haben nicht mit yes geantwortet
cli-read-failed = { $object } konnte nicht gelesen werden: { $error }
cli-transfer-what = { $action } { $transfer } ({ $amount }, jetzt „{ $status }“) in { $fa } von { $account }
cli-acting = { $what } im Modus { $mode }…
cli-refresh-what = bei der Bank einen neuen Saldo für { $account } anfragen
cli-refresh-unfollowed = die Aktualisierung wurde gestartet, konnte aber nicht verfolgt werden: { $error }
cli-refresh-answer = { $account }: Antwort der Bank: { $status }
cli-relinking = { $account } wird neu verknüpft ({ $mode })…
cli-set-browser = $BROWSER auf den Befehl Ihres Browsers setzen und erneut ausführen
cli-write-failed = konnte nicht schreiben: { $error }
cli-request = Anfrage { $id }
cli-unreadable = Warnung: { $count } Zeilen von { $path } konnten nicht gelesen werden: `treasury-desk audit verify` ausführen
cli-verify-intact = { $path }: unverändert: { $lines } verkettete Zeilen (nach { $legacy } älteren unverketteten Zeilen); Protokoll { $log }; letzter Hash { $head }
cli-verify-broken = { $path }: Zeile { $line } stimmt nicht: { $why }
cli-not-checked = nicht geprüft: { $error }
cli-still-unresolved = { $count } Aktion(en) sind weiterhin ungeklärt

## Keys on the command line
credentials-no-publishable = kein veröffentlichbarer Schlüssel für den Modus { $mode }: STRIPE_PUBLISHABLE_KEY (pk_{ $mode }_…) setzen oder im Schlüsselbund speichern
credentials-prompt = Geheimer oder eingeschränkter Stripe-Schlüssel (Eingabe verborgen):
credentials-read-failed = der Schlüssel konnte nicht gelesen werden: { $error }
credentials-refused = Stripe hat den Schlüssel nicht akzeptiert: { $error }
credentials-no-keychain = { $error }: Der Schlüssel wurde NICHT gespeichert; stattdessen STRIPE_API_KEY für diese Sitzung setzen (es wird nie eine Datei verwendet)
credentials-not-saved = { $error }: Der Schlüssel wurde NICHT gespeichert
credentials-saved = Der { $mode }-Schlüssel { $key } für { $platform } ({ $id }) wurde im Schlüsselbund des Systems gespeichert (Dienst "{ $service }").
credentials-forgot = Der { $mode }-Schlüssel wurde vergessen (falls einer gespeichert war).
credentials-no-key = kein API-Schlüssel: `treasury-desk login` ausführen oder STRIPE_API_KEY setzen
keychain-unavailable = hier ist kein Schlüsselbund des Systems verfügbar ({ $detail })
keychain-failed = der Schlüsselbund des Systems ist fehlgeschlagen: { $detail }
cli-runtime-failed = die asynchrone Laufzeit konnte nicht starten: { $error }
cli-export-failed = der Export konnte nicht geschrieben werden: { $error }
cli-window-failed = das Fenster konnte nicht geöffnet werden: { $error }

## Relink outcomes
relink-outcome-relinked = Neu verknüpft: { $account } ist wieder aktiv.
relink-outcome-other-account = Ein anderes Konto bei derselben Bank wurde neu verknüpft: { $account } ist jetzt verknüpft. { $requested } wurde nicht neu verknüpft, und daraus erstellte Zahlungsmethoden wurden nicht aktualisiert.
relink-outcome-wrong-account = Falsches Konto: Der Inhaber hat sich bei der Bank angemeldet, aber { $linked } statt { $requested } verknüpft. Erneut versuchen oder ein passendes Konto bei derselben Bank neu verknüpfen.
relink-outcome-not-linked = Falsches Konto: Der Inhaber hat sich bei der Bank angemeldet, aber { $requested } nicht verknüpft. Erneut versuchen oder ein passendes Konto bei derselben Bank neu verknüpfen.
relink-outcome-login-failed = Bankanmeldung fehlgeschlagen: Der Inhaber hat sich nicht bei der Bank angemeldet (keine Autorisierung). Nichts geändert; erneut versuchen.
relink-outcome-no-account = Kein Konto verknüpft: Der Inhaber hat sich angemeldet, aber kein passendes Konto gewählt. Nichts geändert.
relink-outcome-stripe-js = Stripe.js konnte die Neuverknüpfung auf diesem Computer nicht ausführen ({ $message }). Senden Sie dem Kontoinhaber stattdessen den gehosteten Link von Stripe aus dem Stripe-Dashboard.
relink-outcome-timed-out = Keine Antwort in der Zeit: Die Seite zum Neuverknüpfen ist abgelaufen. Nichts geändert; neu starten.
relink-outcome-other = Nicht neu verknüpft: { $detail }.
relink-plan-active = { $label } ist aktiv: Es gibt nichts zu reparieren.
relink-plan-disconnected = { $label } wurde getrennt: Neuverknüpfen repariert nur inaktive Konten; der Inhaber muss es neu verknüpfen.
relink-plan-status = { $label } hat den Status `{ $status }`, den Neuverknüpfen nicht reparieren kann.
relink-plan-no-details = { $label } ist inaktiv, aber Stripe lieferte keine Details dazu (sie brauchen die Preview-API-Version), daher ist unklar, ob Neuverknüpfen hilft.
relink-plan-none = { $label } ist nicht reparierbar: Laut Stripe kann keine Aktion es reaktivieren (Ursache: { $cause }). Bei einem geschlossenen Konto muss der Inhaber ein anderes Konto eröffnen oder verknüpfen.
relink-plan-action = { $label } kann nicht neu verknüpft werden: Stripes Aktion ist `{ $action }`.
relink-plan-no-authorization = { $label } hat keine Autorisierung zum Neuverknüpfen (ein Preview-Feld, das Stripe nicht gesendet hat).
relink-plan-no-holder = { $label } hat keinen Kontoinhaber, daher kann die App keine Neuverknüpfung starten.

## Treasury capability
account-fas-restricted = Finanzkonten eingeschränkt: { $reason }
account-fas-restricted-hint = Das Geld bleibt, wo es ist; die eingeschränkten Funktionen gehen wieder, sobald Stripe hat, was es braucht.
account-not-onboarded = Nicht bei Treasury registriert: keine Finanzkonten.
account-no-capability = Keine Treasury-Funktion beantragt: Dieses Konto kann keine Finanzkonten haben.
treasury-not-onboarded = nicht bei Treasury registriert
error-redirect = der Server antwortete mit HTTP { $status }, { $detail }
restriction-capability = Treasury-Funktion { $status }
restriction-past-due = überfällige Anforderungen: { $fields }
restriction-due = fällige Anforderungen: { $fields }
restriction-verifying = Stripe prüft { $fields }

## Sync from events
sync-events = · aus Ereignissen: { $events } gelesen, { $reread } Objekte neu gelesen, { $full } Konten vollständig gelesen
sync-events-hint = Schnelle Synchronisierung: die Ereignisse jedes Kontos seit der letzten Synchronisierung (Stripe hält sie 30 Tage), und nur die Objekte, die sie nennen, wurden neu gelesen. Ein Konto wird vollständig gelesen, wenn es neu ist, beim letzten Mal nicht geladen werden konnte oder seine Ereignisse nicht gelesen werden konnten oder etwas enthielten, das diese App nicht kennt. Letzte vollständige Synchronisierung: { $full_at }. Umschalt+F5 liest alles.

## Typed amounts
amount-empty = Betrag eingeben
amount-not-a-number = kein Betrag: Ziffern und ein Dezimalkomma verwenden, z. B. 1.250,00
amount-negative = muss größer als null sein, nicht negativ
amount-zero = muss größer als null sein
amount-too-precise = { $currency } hat { $decimals } Nachkommastellen: { $typed } hat mehr
amount-too-large = zu groß
amount-unknown-currency = unbekannte Währung { $code }
outcome-created = erstellt
row-adding-funds = Geld wird eingezahlt…

## Add funds
add-funds-not-offered-restricted = Einzahlen wird nicht angeboten: Eingehende Überweisungen (inbound_transfers.ach) sind bei diesem Konto eingeschränkt. Stripe braucht zuerst eine Handlung: siehe die Anforderungen des Kontos im Dashboard.
add-funds-not-offered-pending = Einzahlen wird noch nicht angeboten: Eingehende Überweisungen (inbound_transfers.ach) stehen aus; Stripe hat sie für dieses Konto noch nicht aktiviert.
add-funds-not-offered-not-requested = Einzahlen wird nicht angeboten: Eingehende Überweisungen (inbound_transfers.ach) wurden für dieses Konto nicht beantragt.
add-funds-not-offered-platform = Einzahlen wird nicht angeboten: Die Plattform hat eingehende Flüsse bei diesem Konto eingeschränkt (platform_restrictions.inbound_flows).
add-funds-not-offered-currency = Einzahlen wird nicht angeboten: Dieses Konto führt kein USD, die einzige Währung eingehender Überweisungen.
add-funds-blocked = gesperrt
add-funds-unsettled-item = { $amount } von { $origin } (innerhalb des letzten Tages gestartet)
add-funds-loading-origins = Bankkonten werden geladen…
add-funds-origins-failed-short = die Bankkonten konnten nicht gelesen werden
add-funds-choose-origin = Bankkonto wählen, von dem eingezogen wird
add-funds-amount-problem = Betrag: { $problem }
add-funds-descriptor-problem = Verwendungszweck: { $problem }
add-funds-title = Geld in dieses Finanzkonto einzahlen
add-funds-live-warning = LIVE-Modus: Hier wird echtes Geld von einem echten Bankkonto eingezogen.
add-funds-sending = Wird an Stripe gesendet…
add-funds-sending-esc = Esc schließt dieses Fenster; das Ergebnis der Überweisung steht dann beim Konto.
add-funds-send-standard = { $amount } als Standard-ACH senden
add-funds-send-standard-live = { $amount } im LIVE-Modus als Standard-ACH senden
add-funds-unknown = Keine klare Antwort von Stripe ({ $reason }): Die Überweisung wurde vielleicht erstellt, vielleicht nicht. Erneut versuchen ist sicher: Es verwendet den Idempotenzschlüssel dieser Aktion wieder, Stripe erstellt also höchstens eine.
add-funds-unsettled = Eine frühere Einzahlung auf dieses Konto bekam keine klare Antwort: { $items }. Sie kann geschehen sein: Vor einer neuen Einzahlung im Prüfprotokoll prüfen. Derselbe Betrag vom selben Bankkonto wiederholt sie sicher (derselbe Idempotenzschlüssel).
add-funds-amount = Betrag (USD)
add-funds-amount-hint = z. B. 250,00
add-funds-amount-units = in Dollar und Cent
add-funds-description = Beschreibung
add-funds-description-hint = intern, optional
add-funds-descriptor = Verwendungszweck
add-funds-optional = optional
add-funds-descriptor-hint = Geht mit der Lastschrift an die Bank: höchstens 10 Buchstaben, Ziffern, Leerzeichen oder - # . $ & *
add-funds-descriptor-count = { $used } von { $max } Zeichen
add-funds-same-day = Same-Day-ACH (Vorschau)
add-funds-same-day-hint = Das Geld kommt am selben Geschäftstag an, wenn es vor dem Annahmeschluss gesendet wird. Eine Vorschau, die Stripe auf Anfrage gewährt: Ohne Zugang lehnt Stripe ab und nichts bewegt sich. Stripe kann eine Überweisung auch als nicht berechtigt einstufen; sie kann dann mit einem Klick als Standard-ACH gesendet werden.
add-funds-manual-review = Dieses Konto hat manuelle Prüfung: Die neue Überweisung wartet auf Ihre Bestätigung (innerhalb von 5 Geschäftstagen), bevor Geld fließt.
add-funds-standard-timing = Standard-ACH dauert 2–4 Geschäftstage; bis dahin steht der Betrag als Eingang ausstehend.
add-funds-go = { $amount } einzahlen
add-funds-button = Einzahlen
add-funds-summary = Zieht { $amount } von { $origin } in { $fa } ein. Enter: einzahlen · Esc: zurück
add-funds-not-ready = Noch nicht bereit: { $why }
add-funds-from = Vom Bankkonto
add-funds-reading-origins = Die Bankkonten des Kontos werden gelesen…
add-funds-origins-failed = Die Bankkonten des Kontos konnten nicht gelesen werden: { $error }
add-funds-no-origin = Dieses Konto hat kein Bankkonto, von dem Geld eingezogen werden kann.
add-funds-origin-blocked = { $origin } — gesperrt: { $why }
add-funds-origin-blocked-hint = Ein gesperrtes Bankkonto kann erst nach erneuter Einrichtung belastet werden.
add-funds-how-to-add = Dazu autorisiert der Kontoinhaber ACH-Lastschriften von seinem Bankkonto, und die Plattform richtet es mit einem SetupIntent auf diesem Konto mit attach_to_self=true und flow_directions[]=inbound ein (Stripes Treasury-Leitfaden: Mit SetupIntents, PaymentMethods und BankAccounts arbeiten).
add-funds-how-none-linked = Am schnellsten geht es von einem über Financial Connections mit der Berechtigung payment_method verknüpften Bankkonto; dieses Konto hat keines so verknüpft.
add-funds-how-candidates = Mit der Berechtigung payment_method verknüpft und bereit zur Einrichtung: { $accounts }.
add-funds-balance-warning = Die Bank meldete für dieses Konto einen verfügbaren Saldo von { $balance } (Stand { $at }): Die Lastschrift kann mangels Deckung fehlschlagen.
add-funds-balance-warning-current = Die Bank meldete für dieses Konto einen aktuellen Saldo (ein verfügbarer wird nicht gemeldet) von { $balance } (Stand { $at }): Die Lastschrift kann mangels Deckung fehlschlagen.
add-funds-live-second = LIVE-Modus: zweite Prüfung
add-funds-live-question = { $amount } echtes Geld von { $origin } in { $fa } von { $account } einziehen?
add-funds-live-same-day = Same-Day-ACH: Das Geld kann ausgegeben werden, bevor die Bank die Lastschrift zurückgeben könnte.
add-funds-live-yes = Ja, { $amount } im LIVE-Modus einzahlen

## Add funds: refusals, checks, the command line
add-funds-open = ➕ Einzahlen…
add-funds-open-hint = Geld per ACH vom Bankkonto des Kontos einziehen (fragt vorher nach)
add-funds-refused-key-reused = Nicht gesendet: Der Idempotenzschlüssel dieser Aktion wurde schon mit anderen Angaben verwendet, daher handelt Stripe nicht (das schützt vor einer doppelten Überweisung). Es wurde nichts Neues bewegt.
add-funds-refused-not-same-day-eligible = Nicht gesendet: Stripe sendet diese Überweisung jetzt nicht als Same-Day-ACH (die Risikoprüfung hielt sie für nicht berechtigt). Nichts wurde bewegt. Stattdessen als Standard-ACH senden (2–4 Geschäftstage).
add-funds-refused-no-same-day = Nicht gesendet: Same-Day-ACH ist eine Vorschau, für die dieses Konto nicht freigeschaltet ist (Stripe gewährt sie auf Anfrage). Nichts wurde bewegt. Stattdessen als Standard-ACH senden.
add-funds-refused-risk = Von Stripe aus Risikogründen abgelehnt (402): Nichts wurde bewegt. Nicht unverändert wiederholen; Stripes Nachricht nennt die Risikofaktoren.
add-funds-refused-permission = Ihr API-Schlüssel darf keine eingehenden Überweisungen erstellen (403): Ein eingeschränkter Schlüssel braucht Schreibzugriff auf eingehende Treasury-Überweisungen. Nichts wurde bewegt.
add-funds-refused-origin = Stripe kann nicht von { $origin } einziehen: Es ist kein Bankkonto, das dieses verbundene Konto für eingehende Überweisungen eingerichtet hat (oder es ist nicht mehr nutzbar). Nichts wurde bewegt. Einen anderen Ursprung wählen.
add-funds-refused-descriptor = Stripe hat den Verwendungszweck abgelehnt: Nichts wurde bewegt. Ändern und erneut senden.
add-funds-refused-feature = Dieses Finanzkonto kann jetzt keine eingehenden Überweisungen empfangen: Seine Funktion inbound_transfers.ach ist nicht aktiv (eingeschränkt oder ausstehend). Nichts wurde bewegt. Synchronisieren, um seine Funktionen zu sehen.
descriptor-too-long = höchstens { $max } Zeichen ({ $count } eingegeben)
descriptor-characters = nur Buchstaben, Ziffern, Leerzeichen und - # . $ & * sind erlaubt, nicht { $shown }
descriptor-spaces = nicht nur Leerzeichen
check-not-created = geprüft: Keine eingehende Überweisung im Finanzkonto trägt den Schlüssel dieser Aktion: Sie wurde nicht erstellt
check-created = geprüft: Sie wurde erstellt: { $id } ({ $status })
cli-live-type-amount = LIVE-Modus, zweite Prüfung: Betrag erneut eingeben ({ $number }), um { $amount } einzuziehen:
cli-live-amount-mismatch = nicht erledigt: Der erneut eingegebene Betrag stimmt nicht überein
cli-add-funds-what =
    { $amount } von { $origin } in { $fa } von { $account } einziehen{ $same_day ->
        [yes] {" "}per Same-Day-ACH
       *[no] {""}
    }
cli-receipt = Beleg: { $url }
cli-awaiting-confirmation = Bestätigung ausstehend: bis { $date } bestätigen oder stornieren (sonst storniert Stripe sie)

## Checks of Add funds
check-several = geprüft: Mehrere Überweisungen tragen den Schlüssel dieser Aktion: { $ids }

## The ledger (issue 14): month-end export
ledger-bad-date = kein Datum: { $date } (so schreiben: 2026-11-30)
ledger-dates-reversed = --to liegt vor --from
ledger-timezone-unknown = die Zeitzone der Plattform ({ $timezone }) ist hier unbekannt: Zeiten in UTC
ledger-mismatch = der Export geht nicht auf: Anfangssaldo plus Buchungen ergibt nicht den Endsaldo (siehe die check-Zeilen mit mismatch)

## The ledger (issue 14): the window
ledger-open = 📒 Buchungen…
ledger-open-hint = Was sich auf diesem Finanzkonto wann bewegt hat, und der Saldo nach jeder Buchung
ledger-title = Buchungen von { $fa }
ledger-period = Zeitraum:
ledger-this-month = Dieser Monat
ledger-last-month = Letzter Monat
ledger-custom = Eigener
ledger-status = Status:
ledger-timezone = Datum und Uhrzeit in { $timezone }, der Zeitzone der Plattform
ledger-dates-reversed-window = der letzte Tag liegt vor dem ersten
ledger-count = Buchungen im Zeitraum: { $count }
ledger-count-more = Buchungen bisher: { $count } (weitere laden beim Scrollen)
ledger-failed = Die Buchungen konnten nicht gelesen werden: { $error }
ledger-none = In diesem Zeitraum hat sich nichts bewegt.
ledger-chart = 📈 Saldoverlauf
ledger-chart-loading = Der ganze Zeitraum wird für das Diagramm geladen…
ledger-col-effective = Datum
ledger-col-posted = Gebucht
ledger-col-flow-type = Art
ledger-col-flow = Vorgang
ledger-col-cash-after = Guthaben danach
ledger-col-inbound-after = Eingehend danach
ledger-created-hover = Der Vorgang wurde am { $date } erstellt; dies ist der Zeitpunkt, zu dem diese Buchung den Saldo änderte
ledger-open-transfer = Diese eingehende Überweisung unter „Überweisungen“ öffnen
flow-credit-reversal = Gutschrift storniert
flow-debit-reversal = Lastschrift storniert
flow-inbound-transfer = Eingehende Überweisung
flow-issuing-authorization = Kartenautorisierung
flow-other = Sonstiges
flow-outbound-payment = Ausgehende Zahlung
flow-outbound-transfer = Ausgehende Überweisung
flow-received-credit = Empfangene Gutschrift
flow-received-debit = Empfangene Lastschrift
transaction-status-open = Offen
transaction-status-posted = Gebucht
transaction-status-void = Storniert

## The ledger (issue 14): triage
attention-returned = Zurückgegebene Überweisung: { $amount }
attention-returned-detail = { $fa } · { $transfer }: die Bank hat das Geld zurückgeholt (ACH-Rückgabe, empfangene Lastschrift); fällt das Guthaben unter null, deckt es die Plattform
ledger-export-to = Monatsabschluss (CSV) speichern unter:
ledger-export-hint = Eine Zeile je Buchung im Zeitraum, mit Anfangs-, End- und Prüfzeilen; dieselbe Datei wie treasury-desk ledger
ledger-export = Exportieren
ledger-exported = Geschrieben: { $rows } Buchungen, abgestimmt, nach { $path }
ledger-export-failed = Nicht geschrieben: { $error }
ledger-platform = 🌐 Alle Finanzkonten
ledger-platform-hint = Der Saldoverlauf aller angezeigten Finanzkonten (der Plattform und der verbundenen Konten), je Währung summiert, über denselben Zeitraum
ledger-platform-title = Alle Finanzkonten, je Währung
