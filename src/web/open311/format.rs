//! One answer, two formats: a document is built once as a small tree and
//! written as JSON or as XML, element names and order alike, the way
//! GeoReport v2 lays them out (a list is a JSON array, and in XML a wrapper
//! element holding one element per item).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

/// The format a resource was asked for, by the extension of its last
/// path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// Splits `requests.json` into `("requests", Some(Json))`, at the last
    /// dot; an unknown or missing extension gives None.
    pub fn split(file: &str) -> (&str, Option<Format>) {
        match file.rsplit_once('.') {
            Some((stem, "json")) => (stem, Some(Format::Json)),
            Some((stem, "xml")) => (stem, Some(Format::Xml)),
            Some((stem, _)) => (stem, None),
            None => (file, None),
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

/// A value in an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Text(String),
    /// Named fields in order: a JSON object; in XML, one child element each.
    Record(Vec<(&'static str, Node)>),
    /// A JSON array; in XML, one `<item>` element per value.
    List {
        item: &'static str,
        items: Vec<Node>,
    },
}

impl Node {
    pub fn text(text: impl Into<String>) -> Node {
        Node::Text(text.into())
    }

    pub fn opt_text(text: Option<impl Into<String>>) -> Node {
        text.map_or(Node::Null, Node::text)
    }

    pub fn list(item: &'static str, items: impl IntoIterator<Item = Node>) -> Node {
        Node::List { item, items: items.into_iter().collect() }
    }
}

/// A whole answer: the XML root element's name and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub root: &'static str,
    pub body: Node,
}

impl Document {
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => {
                let mut out = String::new();
                write_json(&mut out, &self.body);
                out
            }
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
                write_element(&mut out, self.root, &self.body);
                out
            }
        }
    }

    pub fn respond(&self, format: Format, status: StatusCode) -> Response {
        let mut response = (status, self.render(format)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
        response
    }
}

fn write_json(out: &mut String, node: &Node) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Int(n) => write!(out, "{n}").expect("writing to a String cannot fail"),
        Node::Text(text) => out.push_str(&serde_json::Value::from(text.as_str()).to_string()),
        Node::Record(fields) => {
            out.push('{');
            for (i, (name, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::Value::from(*name).to_string());
                out.push(':');
                write_json(out, value);
            }
            out.push('}');
        }
        Node::List { items, .. } => {
            out.push('[');
            for (i, value) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(out, value);
            }
            out.push(']');
        }
    }
}

/// `<name>…</name>`, or `<name/>` for nothing (a JSON null).
fn write_element(out: &mut String, name: &str, node: &Node) {
    let inner = match node {
        Node::Null => {
            write!(out, "<{name}/>").expect("writing to a String cannot fail");
            return;
        }
        Node::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
        Node::Int(n) => n.to_string(),
        Node::Text(text) => escape(text),
        Node::Record(fields) => {
            let mut inner = String::new();
            for (field, value) in fields {
                write_element(&mut inner, field, value);
            }
            inner
        }
        Node::List { item, items } => {
            let mut inner = String::new();
            for value in items {
                write_element(&mut inner, item, value);
            }
            inner
        }
    };
    write!(out, "<{name}>{inner}</{name}>").expect("writing to a String cannot fail");
}

/// Text as XML character data or an attribute value. Characters XML 1.0
/// cannot carry at all (most control characters) are dropped, as no
/// escape would make them legal.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_special_characters_are_escaped() {
        assert_eq!(escape(r#"a & b < c > d " e ' f"#), "a &amp; b &lt; c &gt; d &quot; e &apos; f");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("工单 20261125"), "工单 20261125");
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped_but_line_breaks_stay() {
        assert_eq!(escape("a\u{0}b\u{1b}c\nd\te"), "abc\nd\te");
    }

    #[test]
    fn the_extension_after_the_last_dot_is_the_format() {
        assert_eq!(Format::split("services.json"), ("services", Some(Format::Json)));
        assert_eq!(Format::split("policy.execution.xml"), ("policy.execution", Some(Format::Xml)));
        assert_eq!(Format::split("services.html"), ("services", None));
        assert_eq!(Format::split("services"), ("services", None));
    }

    fn sample() -> Document {
        Document {
            root: "service_requests",
            body: Node::list(
                "request",
                [Node::Record(vec![
                    ("service_request_id", Node::text("202611250000017")),
                    ("service_notice", Node::text("<b>&")),
                    ("account_id", Node::Null),
                    ("metadata", Node::Bool(true)),
                    ("code", Node::Int(400)),
                ])],
            ),
        }
    }

    #[test]
    fn json_keeps_the_order_and_types_of_the_fields() {
        assert_eq!(
            sample().render(Format::Json),
            r#"[{"service_request_id":"202611250000017","service_notice":"<b>&","account_id":null,"metadata":true,"code":400}]"#
        );
    }

    #[test]
    fn xml_wraps_each_list_item_and_writes_nothing_as_an_empty_element() {
        let xml = sample().render(Format::Xml);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests><request>\
             <service_request_id>202611250000017</service_request_id>\
             <service_notice>&lt;b&gt;&amp;</service_notice><account_id/>\
             <metadata>true</metadata><code>400</code></request></service_requests>"
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let notice = doc.descendants().find(|n| n.has_tag_name("service_notice")).unwrap();
        assert_eq!(notice.text(), Some("<b>&"));
    }
}
