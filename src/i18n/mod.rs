//! The languages the app speaks (English, Japanese, German): Fluent catalogs embedded in the
//! binary, the language in use, and local money, number and date formats (ICU4X). No egui here.
//!
//! Every string the app writes itself goes through [`t!`](crate::t), whose message ids are
//! checked against `assets/locales/en/treasury_desk.ftl` at compile time (`i18n-embed-fl`).
//! Stripe's own messages are shown as Stripe sent them. The language is process-wide for the CLI
//! ([`set_default`]); a window sets it for its own thread each frame ([`set_thread`]), so two
//! windows (or two UI tests) in one process can speak different languages.

mod format;
mod parse;
mod words;

use std::cell::Cell;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::{LanguageLoader, unic_langid::LanguageIdentifier};
use rust_embed::RustEmbed;

pub use crate::money::AmountError;
pub use format::{count, date, datetime, money, money_parts, number_of, weekday_date};
pub use parse::{DateError, parse_amount, parse_date};
pub use words::{Words, raw_and_words};

/// The catalogs, `assets/locales/<lang>/treasury_desk.ftl`, inside the binary.
#[derive(RustEmbed)]
#[folder = "assets/locales/"]
struct Catalogs;

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// English (the fallback).
    #[default]
    En,
    /// Japanese.
    Ja,
    /// German.
    De,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::De];

    /// `en`, `ja`, `de`.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Ja => "ja",
            Self::De => "de",
        }
    }

    /// The language's own name, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Ja => "日本語",
            Self::De => "Deutsch",
        }
    }

    /// The language of a locale tag (`ja_JP.UTF-8`, `de-CH`, `en-US`); `None` for `C`, `POSIX`,
    /// an empty tag or a language the app does not speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let language = tag.split(['_', '-', '.', '@']).next().unwrap_or_default().to_ascii_lowercase();
        match language.as_str() {
            "en" => Some(Self::En),
            "ja" => Some(Self::Ja),
            "de" => Some(Self::De),
            _ => None,
        }
    }

    /// The language of the operating system (`sys-locale`), English when it is `C`, `POSIX`,
    /// unknown or not one the app speaks.
    pub fn system() -> Self {
        sys_locale::get_locales().find_map(|tag| Self::from_tag(&tag)).unwrap_or_default()
    }

    /// The language for the command line: `--lang` if given, else the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set (POSIX's order; `C`, `POSIX` or a language the app does
    /// not speak mean English), else the system's.
    pub fn for_cli(given: Option<Self>) -> Self {
        if let Some(lang) = given {
            return lang;
        }
        let set = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
        match set {
            Some(tag) => Self::from_tag(&tag).unwrap_or_default(),
            None => Self::system(),
        }
    }

    fn index(self) -> u8 {
        match self {
            Self::En => 0,
            Self::Ja => 1,
            Self::De => 2,
        }
    }

    fn of_index(index: u8) -> Self {
        match index {
            1 => Self::Ja,
            2 => Self::De,
            _ => Self::En,
        }
    }

    fn identifier(self) -> LanguageIdentifier {
        // The codes are valid language identifiers; the fallback keeps this total.
        self.code().parse().unwrap_or_default()
    }
}

static DEFAULT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static THREAD: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Set the language of the whole process (the CLI, background threads).
pub fn set_default(lang: Lang) {
    DEFAULT.store(lang.index(), Ordering::Relaxed);
}

/// Set the language of this thread only (a window's UI thread), over the process's.
pub fn set_thread(lang: Lang) {
    THREAD.with(|cell| cell.set(Some(lang)));
}

/// The language in use on this thread.
pub fn current() -> Lang {
    THREAD.with(Cell::get).unwrap_or_else(|| Lang::of_index(DEFAULT.load(Ordering::Relaxed)))
}

/// One loader per language (English behind the others for any message they lack), without
/// Unicode bidi isolation marks around placeables: labels stay exact for tests and screen readers.
static LOADERS: LazyLock<[FluentLanguageLoader; 3]> = LazyLock::new(|| {
    Lang::ALL.map(|lang| {
        let loader: FluentLanguageLoader = fluent_language_loader!();
        let mut wanted = vec![lang.identifier()];
        if lang != Lang::En {
            wanted.push(Lang::En.identifier());
        }
        if let Err(error) = loader.load_languages(&Catalogs, &wanted) {
            // The catalogs are embedded and checked by tests; this cannot happen in a build that passed them.
            tracing::error!(%error, "a message catalog did not load");
        }
        loader.set_use_isolating(false);
        loader
    })
});

/// The loader of the language in use on this thread.
pub fn loader() -> &'static FluentLanguageLoader {
    let index = usize::from(current().index());
    // LOADERS has one loader per language; index is always in range.
    &LOADERS[index.min(2)]
}

thread_local! {
    /// Messages without arguments as worded, per language and id. A frame asks for the same
    /// titles, hints and states each time; wording one through Fluent costs far more than
    /// looking it up (the catalogs are in the binary: a message's words never change).
    static WORDED: std::cell::RefCell<std::collections::HashMap<(u8, &'static str), String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The message `id` (without arguments) in the language in use: as worded before on this thread,
/// else by `word`. For [`t!`](crate::t).
#[doc(hidden)]
#[inline]
pub fn worded(id: &'static str, word: impl FnOnce() -> String) -> String {
    let key = (current().index(), id);
    if let Some(text) = WORDED.with_borrow(|worded| worded.get(&key).cloned()) {
        return text;
    }
    let text = word();
    WORDED.with_borrow_mut(|worded| worded.insert(key, text.clone()));
    text
}

/// A message in the language in use: `t!("id")` or `t!("id", name = value, …)`. The id and the
/// argument names are checked against the English catalog at compile time. One without
/// arguments is worded once per thread and language, then looked up.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::worded($id, || i18n_embed_fl::fl!($crate::i18n::loader(), $id))
    };
    ($id:literal, $($args:tt)*) => {
        i18n_embed_fl::fl!($crate::i18n::loader(), $id, $($args)*)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_pick_a_language_and_c_is_english() {
        assert_eq!(Lang::from_tag("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_tag("de-CH"), Some(Lang::De));
        assert_eq!(Lang::from_tag("de_AT@euro"), Some(Lang::De));
        assert_eq!(Lang::from_tag("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_tag("C"), None);
        assert_eq!(Lang::from_tag("POSIX"), None);
        assert_eq!(Lang::from_tag("fr_FR.UTF-8"), None);
        assert_eq!(Lang::for_cli(Some(Lang::De)), Lang::De);
    }

    #[test]
    fn a_thread_speaks_its_own_language() {
        set_thread(Lang::De);
        assert_eq!(current(), Lang::De);
        let other = std::thread::spawn(current).join().expect("joined");
        assert_eq!(other, Lang::of_index(DEFAULT.load(Ordering::Relaxed)), "other threads keep the process's");
    }
}
