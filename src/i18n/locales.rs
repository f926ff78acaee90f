//! The Fluent files, embedded at compile time so that the binary (and the
//! Docker image) needs no `locales/` folder at run time. Every locale has the
//! same files: the macro below names each file once and includes it from
//! every locale's folder, so a file missing in one of them fails the build.

use super::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use unic_langid::{langid, LanguageIdentifier};

/// `concurrent` so that one bundle per language can be shared by every
/// request thread.
pub type Bundle = FluentBundle<FluentResource>;

macro_rules! locale_files {
    ($($file:literal),* $(,)?) => {
        /// The files of each locale, by name.
        pub const FILES: &[&str] = &[$($file),*];
        const ZH_CN: &[&str] = &[$(include_str!(concat!("../../locales/zh-CN/", $file))),*];
        const EN: &[&str] = &[$(include_str!(concat!("../../locales/en/", $file))),*];
    };
}

locale_files!(
    "common.ftl",
    "citizen.ftl",
    "staff.ftl",
    "admin.ftl",
    "problems.ftl",
    "notifications.ftl",
    "accounts.ftl",
    "bureau.ftl"
);

/// The text of each file of a locale, in the order of [`FILES`].
pub fn sources(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Zh => ZH_CN,
        Lang::En => EN,
    }
}

fn language_id(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::Zh => langid!("zh-CN"),
        Lang::En => langid!("en"),
    }
}

/// One language's bundle, with every problem met on the way (a syntax
/// error, a message defined twice). The running system logs the problems
/// and carries on with what did load; the tests require there are none.
pub fn bundle(lang: Lang) -> (Bundle, Vec<String>) {
    let mut bundle = Bundle::new_concurrent(vec![language_id(lang)]);
    // The output is HTML: Unicode isolation marks around each variable would
    // end up in the page and in text messages.
    bundle.set_use_isolating(false);
    let mut problems = Vec::new();
    for (file, source) in FILES.iter().zip(sources(lang)) {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, errors)| {
            problems.extend(errors.iter().map(|e| format!("{}/{file}: {e:?}", lang.code())));
            partial
        });
        if let Err(errors) = bundle.add_resource(resource) {
            problems.extend(errors.iter().map(|e| format!("{}/{file}: {e}", lang.code())));
        }
    }
    (bundle, problems)
}
