//! Reading a page the way a browser does: through an HTML parser and CSS
//! selectors, with character references decoded.

use scraper::{ElementRef, Html, Selector};

/// A page as the server sent it. Every query parses it afresh: pages are
/// small, and a `Page` stays a plain `String` that can be held across
/// awaits and sent between threads.
#[derive(Debug, Clone)]
pub struct Page {
    html: String,
}

impl Page {
    pub fn new(html: impl Into<String>) -> Page {
        Page { html: html.into() }
    }

    /// Reads the body of a response, whatever its status.
    pub async fn of(response: reqwest::Response) -> Page {
        Page::new(response.text().await.expect("a body"))
    }

    /// Whether the text appears anywhere in the markup (visible text or not).
    pub fn contains(&self, text: &str) -> bool {
        self.html.contains(text)
    }

    /// Whether any element matches the selector.
    pub fn has(&self, selector: &str) -> bool {
        self.count(selector) > 0
    }

    /// How many elements match the selector.
    pub fn count(&self, selector: &str) -> usize {
        self.each(selector, |_| ()).len()
    }

    /// The text of the element with this id, tags removed and white space
    /// folded.
    pub fn text_of(&self, id: &str) -> String {
        self.select_text(&format!("#{id}"))
    }

    /// The text of the first element that matches, tags removed and white
    /// space folded.
    pub fn select_text(&self, selector: &str) -> String {
        self.first(selector, text)
    }

    /// The text of each element that matches, in document order.
    pub fn select_texts(&self, selector: &str) -> Vec<String> {
        self.each(selector, text)
    }

    /// An attribute of the first element that matches.
    pub fn attr(&self, selector: &str, attribute: &str) -> String {
        self.first(selector, |e| {
            e.value().attr(attribute).unwrap_or_else(|| panic!("{selector} has no {attribute}")).to_string()
        })
    }

    /// The value of a hidden input.
    pub fn hidden_field(&self, name: &str) -> String {
        self.attr(&format!(r#"input[type="hidden"][name="{name}"]"#), "value")
    }

    /// An attribute of each element that matches, empty where it is missing.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        self.each(selector, |e| e.value().attr(attribute).unwrap_or_default().to_string())
    }

    /// The value a text (or date) input shows.
    pub fn field_value(&self, name: &str) -> String {
        self.attr(&format!(r#"input[name="{name}"]"#), "value")
    }

    /// What a text area holds, exactly.
    pub fn textarea(&self, name: &str) -> String {
        self.first(&format!(r#"textarea[name="{name}"]"#), |e| e.text().collect())
    }

    /// The value of the option selected in a drop-down.
    pub fn selected(&self, name: &str) -> String {
        self.attr(&format!(r#"select[name="{name}"] option[selected]"#), "value")
    }

    /// The value of the radio button checked in a group.
    pub fn checked(&self, name: &str) -> String {
        self.attr(&format!(r#"input[type="radio"][name="{name}"][checked]"#), "value")
    }

    /// The href of each link that matches, in document order.
    pub fn links(&self, selector: &str) -> Vec<String> {
        self.each(selector, |e| e.value().attr("href").unwrap_or_else(|| panic!("{selector} has no href")).to_string())
    }

    /// The ids of the tickets a list links to, in order.
    pub fn ticket_ids(&self) -> Vec<String> {
        self.links(r#"a[href^="/staff/tickets/"]"#)
            .into_iter()
            .map(|href| href.trim_start_matches("/staff/tickets/").to_string())
            .collect()
    }

    fn each<T>(&self, selector: &str, read: impl Fn(ElementRef) -> T) -> Vec<T> {
        let parsed = Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e}"));
        Html::parse_document(&self.html).select(&parsed).map(read).collect()
    }

    fn first<T>(&self, selector: &str, read: impl Fn(ElementRef) -> T) -> T {
        self.each(selector, read).into_iter().next().unwrap_or_else(|| panic!("no element matches {selector}"))
    }
}

fn text(element: ElementRef) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}
