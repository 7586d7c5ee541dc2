//! Who the window says it is to the desktop: the app id it shares with the desktop entry and the
//! AppStream file, its icon, and the folder its layout is kept in. Must not touch the audit log.

use std::path::{Path, PathBuf};

/// The reverse-DNS application id: the desktop entry's name (`APP_ID.desktop`), its
/// `StartupWMClass`, its icon's name, the AppStream component id, and the window's app id (the
/// Wayland `app_id`, the class in X11's `WM_CLASS`), so a desktop can tell which entry a window
/// belongs to. `io.github` + the GitHub organisation `treasury-desk` (a hyphen becomes `_`, as
/// Flathub's rule for GitHub-hosted apps says) + the app's name.
pub const APP_ID: &str = "io.github.treasury_desk.TreasuryDesk";

/// The name the window layout was kept under before the window had an app id. The audit log
/// stays in this folder for good (see [`crate::actions::AuditLog::default_location`]).
pub const LEGACY_NAME: &str = "treasury-desk";

/// The file eframe keeps the window layout (size, position, egui's memory) in.
pub const WINDOW_STATE_FILE: &str = "app.ron";

/// The 256 px icon the package installs, which the window shows too.
pub const ICON_PNG: &[u8] = include_bytes!("../assets/icons/treasury-desk-256.png");

/// The window icon, from [`ICON_PNG`]; an empty icon (the system's default) if it cannot be decoded.
pub fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(ICON_PNG).unwrap_or_else(|error| {
        tracing::warn!("the window icon could not be decoded: {error}");
        egui::IconData::default()
    })
}

/// Where eframe keeps the window layout: [`WINDOW_STATE_FILE`] in eframe's folder for [`APP_ID`]
/// (`~/.local/share/io.github.treasury_desk.treasurydesk/` on Linux: eframe lowercases it), with a
/// layout saved under the old name carried over once (see [`carry_over_window_state`]). `None`
/// when this computer has no data folder (eframe then keeps nothing).
pub fn window_state_file() -> Option<PathBuf> {
    let folder = eframe::storage_dir(APP_ID)?;
    Some(carry_over_window_state(eframe::storage_dir(LEGACY_NAME).as_deref(), &folder))
}

/// `new_folder/app.ron`, after copying `old_folder/app.ron` there when only the old one exists.
///
/// Once the new file exists it is never replaced, so the layout is carried over once and what
/// the user does afterwards wins. Only `app.ron` is copied, and the old folder is left as it is:
/// it holds the audit log, which does not move. A failed copy leaves no partial file (it is
/// written beside the target, then renamed) and only costs the old layout: it is logged, and the
/// window opens at its default size.
pub fn carry_over_window_state(old_folder: Option<&Path>, new_folder: &Path) -> PathBuf {
    let target = new_folder.join(WINDOW_STATE_FILE);
    let Some(old_folder) = old_folder.filter(|old| *old != new_folder) else {
        return target;
    };
    let source = old_folder.join(WINDOW_STATE_FILE);
    if target.exists() || !source.is_file() {
        return target;
    }
    let partial = new_folder.join(format!("{WINDOW_STATE_FILE}.partial"));
    let copied = std::fs::create_dir_all(new_folder)
        .and_then(|()| std::fs::copy(&source, &partial))
        .and_then(|_| std::fs::rename(&partial, &target));
    match copied {
        Ok(()) => tracing::info!("carried the window layout over from {} to {}", source.display(), target.display()),
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            tracing::warn!("could not carry the window layout over from {}: {error}", source.display());
        }
    }
    target
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temp folder, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new() -> Self {
            let path = std::env::temp_dir().join(format!("treasury-desk-desktop-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&path).expect("temp folder");
            Self(path)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).expect("readable")
    }

    #[test]
    fn an_old_layout_is_copied_once_and_the_audit_log_stays() {
        let scratch = Scratch::new();
        let old = scratch.0.join("treasury-desk");
        let new = scratch.0.join("io.github.treasury_desk.treasurydesk");
        std::fs::create_dir_all(&old).expect("old folder");
        std::fs::write(old.join("app.ron"), "(window: \"old\")").expect("old layout");
        std::fs::write(old.join("audit.jsonl"), "{\"action\":\"confirm\"}\n").expect("audit log");

        let file = carry_over_window_state(Some(&old), &new);
        assert_eq!(file, new.join("app.ron"));
        assert_eq!(read(&file), "(window: \"old\")");
        // The old folder is as it was; nothing but the layout went over.
        assert_eq!(read(&old.join("app.ron")), "(window: \"old\")");
        assert_eq!(read(&old.join("audit.jsonl")), "{\"action\":\"confirm\"}\n");
        let copied: Vec<_> = std::fs::read_dir(&new).expect("new folder").flatten().map(|e| e.file_name()).collect();
        assert_eq!(copied, ["app.ron"]);

        // Once: the user's layout in the new folder wins over whatever the old one holds later.
        std::fs::write(&file, "(window: \"moved by the user\")").expect("new layout");
        std::fs::write(old.join("app.ron"), "(window: \"written by an old version\")").expect("old layout");
        assert_eq!(carry_over_window_state(Some(&old), &new), file);
        assert_eq!(read(&file), "(window: \"moved by the user\")");
    }

    #[test]
    fn a_layout_in_the_new_folder_is_untouched() {
        let scratch = Scratch::new();
        let old = scratch.0.join("old");
        let new = scratch.0.join("new");
        std::fs::create_dir_all(&old).expect("old folder");
        std::fs::create_dir_all(&new).expect("new folder");
        std::fs::write(old.join("app.ron"), "old").expect("old layout");
        std::fs::write(new.join("app.ron"), "new").expect("new layout");
        assert_eq!(carry_over_window_state(Some(&old), &new), new.join("app.ron"));
        assert_eq!(read(&new.join("app.ron")), "new");
        assert_eq!(read(&old.join("app.ron")), "old");
    }

    #[test]
    fn with_no_old_layout_nothing_is_created() {
        let scratch = Scratch::new();
        let new = scratch.0.join("new");
        // No old folder at all, an old folder without a layout, and no data folder for the old name.
        assert_eq!(carry_over_window_state(Some(&scratch.0.join("old")), &new), new.join("app.ron"));
        std::fs::create_dir_all(scratch.0.join("old")).expect("old folder");
        assert_eq!(carry_over_window_state(Some(&scratch.0.join("old")), &new), new.join("app.ron"));
        assert_eq!(carry_over_window_state(None, &new), new.join("app.ron"));
        assert!(!new.exists(), "eframe creates the folder when it first saves");
    }

    #[test]
    fn the_new_folder_follows_the_app_id() {
        let (Some(new), Some(old)) = (eframe::storage_dir(APP_ID), eframe::storage_dir(LEGACY_NAME)) else {
            return; // no data folder on this computer: nothing is kept
        };
        assert_ne!(new, old);
        assert_eq!(new.parent(), old.parent());
        let audit = crate::actions::AuditLog::default_location().expect("a data folder");
        assert_eq!(audit.path(), old.join("audit.jsonl"), "the audit log stays where it was");
    }

    #[test]
    fn the_icon_decodes() {
        let icon = icon();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }

    fn repository_file(path: &str) -> String {
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
    }

    #[test]
    fn the_desktop_entry_and_the_appstream_file_carry_the_window_app_id() {
        let entry = repository_file(&format!("assets/linux/{APP_ID}.desktop"));
        let lines: Vec<&str> = entry.lines().collect();
        for line in [format!("Icon={APP_ID}"), format!("StartupWMClass={APP_ID}"), "Exec=treasury-desk".to_owned()] {
            assert!(lines.contains(&line.as_str()), "the desktop entry lacks {line}");
        }
        let metainfo = repository_file(&format!("assets/linux/{APP_ID}.metainfo.xml"));
        assert!(metainfo.contains(&format!("<id>{APP_ID}</id>")));
        assert!(metainfo.contains(&format!("<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>")));
    }

    #[test]
    fn every_appstream_screenshot_is_a_file_of_this_repository() {
        const RAW: &str = "https://raw.githubusercontent.com/treasury-desk/treasury-desk/main/";
        let metainfo = repository_file(&format!("assets/linux/{APP_ID}.metainfo.xml"));
        let images: Vec<&str> = metainfo
            .split("<image")
            .skip(1)
            .filter_map(|tail| tail.split_once('>').and_then(|(_, rest)| rest.split_once("</image>")))
            .map(|(url, _)| url)
            .collect();
        assert!(!images.is_empty());
        for url in images {
            let path = url.strip_prefix(RAW).unwrap_or_else(|| panic!("{url} is not under {RAW}"));
            assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(path).is_file(), "{path} is not in the repository");
        }
    }
}
