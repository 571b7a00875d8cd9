//! Turning the paths of `postcheck check` into drafts to read: files as given, folders walked
//! for their `.txt` and `.md` files, globs (`'drafts/**/*.md'`, for shells and CI runners that do
//! not expand them) matched under their fixed prefix. Folders and globs honour `.gitignore` and
//! `.ignore` files and skip hidden files, as git and ripgrep do; a file named on the command line
//! is always checked. The result is sorted and free of repeats, so output order is stable.

use std::collections::HashSet;
use std::io::{self, IsTerminal};
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};
use ignore::WalkBuilder;

use postcheck::taxonomy::{Lang, Text};

use super::input::{describe, InputError, Source};

/// A message in both languages, chosen when it is reported.
fn text(en: impl Into<String>, fr: impl Into<String>) -> Text {
    Text {
        en: en.into(),
        fr: fr.into(),
    }
}

/// Characters that make a path argument a glob when no file has that exact name.
const GLOB_CHARS: &[char] = &['*', '?', '[', '{'];

fn is_draft(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// A walker over `root` that honours ignore files even outside a git repository (a folder of
/// drafts is often not one), and never reads the user's global git configuration.
fn walker(root: &Path) -> ignore::Walk {
    WalkBuilder::new(root)
        .require_git(false)
        .git_global(false)
        .build()
}

/// `./drafts/a.md` → `drafts/a.md`: the name reports show and SARIF and GitHub resolve.
fn tidy(path: &Path) -> PathBuf {
    let mut c = path.components().peekable();
    while c.peek() == Some(&Component::CurDir) && c.clone().count() > 1 {
        c.next();
    }
    c.collect()
}

/// Files under `root` for which `keep` holds, sorted.
fn walk(
    root: &Path,
    keep: &dyn Fn(&Path) -> bool,
    errors: &mut Vec<InputError>,
    lang: Lang,
) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in walker(root) {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let p = tidy(e.path());
                if keep(&p) {
                    found.push(p);
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(InputError {
                source: root.display().to_string(),
                message: text(e.to_string(), format!("erreur de parcours ({e})"))
                    .get(lang)
                    .to_string(),
            }),
        }
    }
    found.sort();
    found
}

/// The folder a glob's matches are under: its components before the first with a glob character.
fn glob_root(pattern: &str) -> PathBuf {
    let mut root = PathBuf::new();
    for c in Path::new(pattern).components() {
        if c.as_os_str().to_string_lossy().contains(GLOB_CHARS) {
            break;
        }
        root.push(c);
    }
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    }
}

fn matcher(pattern: &str) -> Result<GlobMatcher, Text> {
    let tidy_pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    GlobBuilder::new(tidy_pattern)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| {
            text(
                format!("is not a valid glob pattern: {}", e.kind()),
                format!("n'est pas un motif glob valide : {}", e.kind()),
            )
        })
}

/// Expands the paths of `postcheck check` into sources, with one error per path that gives
/// nothing to check. No path reads standard input unless it is a terminal.
pub fn expand(paths: &[PathBuf], lang: Lang) -> Result<(Vec<Source>, Vec<InputError>), String> {
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            return Err(text(
                "no input: give a file or folder to check (`postcheck check draft.txt`), or pipe text in (`echo \"…\" | postcheck`)",
                "aucune entrée : indiquez un fichier ou un dossier à vérifier (`postcheck check brouillon.txt`), ou envoyez le texte par un tube (`echo \"…\" | postcheck`)",
            )
            .get(lang)
            .to_string());
        }
        return Ok((vec![Source::Stdin], Vec::new()));
    }
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |p: PathBuf, sources: &mut Vec<Source>| {
        if seen.insert(p.clone()) {
            sources.push(Source::File(p));
        }
    };
    for p in paths {
        let name = p.display().to_string();
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let found = walk(p, &is_draft, &mut errors, lang);
                if found.is_empty() {
                    errors.push(InputError {
                        source: name,
                        message: text(
                            "folder has no .txt or .md files to check (hidden and ignored files are skipped)",
                            "le dossier ne contient aucun fichier .txt ou .md à vérifier (les fichiers cachés et ignorés sont sautés)",
                        )
                        .get(lang)
                        .to_string(),
                    });
                }
                found.into_iter().for_each(|f| add(f, &mut sources));
            }
            Ok(_) => add(tidy(p), &mut sources),
            Err(e) if e.kind() == io::ErrorKind::NotFound && name.contains(GLOB_CHARS) => {
                let glob = match matcher(&name) {
                    Ok(g) => g,
                    Err(message) => {
                        errors.push(InputError {
                            source: name,
                            message: message.get(lang).to_string(),
                        });
                        continue;
                    }
                };
                let root = glob_root(&name);
                let found = if root.is_dir() {
                    walk(&root, &|f| glob.is_match(f), &mut errors, lang)
                } else {
                    Vec::new()
                };
                if found.is_empty() {
                    errors.push(InputError {
                        source: name,
                        message: text(
                            "no file matches this pattern",
                            "aucun fichier ne correspond à ce motif",
                        )
                        .get(lang)
                        .to_string(),
                    });
                }
                found.into_iter().for_each(|f| add(f, &mut sources));
            }
            Err(e) => errors.push(InputError {
                source: name,
                message: describe(&e, lang),
            }),
        }
    }
    Ok((sources, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_roots_and_tidy_names() {
        assert_eq!(glob_root("drafts/**/*.md"), PathBuf::from("drafts"));
        assert_eq!(glob_root("*.txt"), PathBuf::from("."));
        assert_eq!(glob_root("a/b[12]/c.md"), PathBuf::from("a"));
        assert_eq!(
            tidy(Path::new("./drafts/a.md")),
            PathBuf::from("drafts/a.md")
        );
        assert_eq!(tidy(Path::new(".")), PathBuf::from("."));
    }

    #[test]
    fn globs_do_not_cross_folders_unless_asked() {
        let m = matcher("./drafts/*.md").unwrap();
        assert!(m.is_match("drafts/a.md"));
        assert!(!m.is_match("drafts/sub/a.md"));
        assert!(matcher("drafts/**/*.md")
            .unwrap()
            .is_match("drafts/sub/a.md"));
        assert!(matcher("drafts/[").is_err());
    }
}
