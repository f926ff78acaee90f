//! Every staff and administration table, laid out by Chromium on an office
//! screen (1280 px) and on a phone (390 px): the page never scrolls
//! sideways, no cell is squeezed narrower than a few characters, and ticket
//! numbers and clock badges stay on one line.

use super::tour::{assert_rows_present, seeded, table_pages};
use super::{Driver, DESKTOP_WIDTH, PHONE_WIDTH};
use serde_json::json;

/// What is wrong with the page's layout, one line a problem. A cell may
/// be as narrow as its text on one line, or three characters, whichever is
/// less; a table of figures may scroll inside its own frame.
const LAYOUT_PROBLEMS: &str = r#"
const problems = [];
const width = window.innerWidth;
const content = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
if (content > width) problems.push(`the page is ${content}px wide in a ${width}px window: it scrolls sideways`);
const where = e => {
  const table = e.closest('table');
  const tables = [...document.querySelectorAll('main table')];
  const row = e.closest('tr');
  const rows = [...table.querySelectorAll('tr')];
  return `table ${table.id ? '#' + table.id : tables.indexOf(table) + 1} row ${rows.indexOf(row) + 1}`;
};
const measure = document.createElement('canvas').getContext('2d');
for (const cell of document.querySelectorAll('main table th, main table td')) {
  const box = cell.getBoundingClientRect();
  const text = cell.innerText.trim();
  // Header rows kept for screen readers only are clipped to a pixel.
  const head = cell.closest('thead');
  const hidden = head && head.getBoundingClientRect().width <= 1;
  if (hidden || box.width <= 1 || box.height <= 1 || !text) continue;
  const style = getComputedStyle(cell);
  const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const natural = Math.max(...text.split('\n').map(line => measure.measureText(line.trim()).width));
  const few = 3 * parseFloat(style.fontSize);
  if (inner + 1 < Math.min(natural, few)) {
    problems.push(`${where(cell)}: "${text.slice(0, 24)}" is squeezed into ${Math.round(inner)}px`);
  }
  if (cell.scrollWidth > cell.clientWidth + 1) {
    problems.push(`${where(cell)}: "${text.slice(0, 24)}" spills out of its ${cell.clientWidth}px cell`);
  }
}
for (const e of document.querySelectorAll('main .ticket-link, main table .badge')) {
  const lines = new Set([...e.getClientRects()].map(r => Math.round(r.top))).size;
  if (lines > 1) problems.push(`"${e.innerText}" is broken over ${lines} lines`);
}
return problems;
"#;

impl Driver {
    async fn layout_problems(&self) -> Vec<String> {
        let found = self.script(LAYOUT_PROBLEMS, json!([])).await;
        found.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_tables_fit_an_office_screen_and_a_phone_in_headless_chromium() {
    let Some(desk) = Driver::start_wide().await else { return };
    let Some(phone) = Driver::start_phone().await else { return };
    let tour = seeded().await;
    assert_rows_present(&tour).await;
    let mut problems = Vec::new();
    for (account, pages) in table_pages(&tour) {
        for (driver, width) in [(&desk, DESKTOP_WIDTH), (&phone, u64::from(PHONE_WIDTH))] {
            driver.sign_out_everywhere().await;
            driver.sign_in(&tour.app, account).await;
            for (name, path) in &pages {
                driver.goto(&tour.app.url(path)).await;
                let (viewport, _) = driver.widths().await;
                assert_eq!(viewport, width, "{name}: the window");
                problems
                    .extend(driver.layout_problems().await.into_iter().map(|p| format!("{name} at {width}px: {p}")));
            }
        }
    }
    desk.quit().await;
    phone.quit().await;
    assert!(problems.is_empty(), "{} layout problems:\n{}", problems.len(), problems.join("\n"));
}
