//! Charts drawn on the server as SVG: visible without JavaScript and sharp
//! in print.

/// A line chart of weekly series. `weeks` holds a label and one value per
/// series; `series` names them (in the page's language) with a colour.
pub fn weekly_lines(weeks: &[(String, Vec<i64>)], series: &[(&str, &str)], title: &str) -> String {
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 40.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 56.0;
    let max = weeks.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let step = if weeks.len() > 1 { plot_w / (weeks.len() - 1) as f64 } else { 0.0 };
    let x = |i: usize| LEFT + step * i as f64;
    let y = |v: i64| TOP + plot_h - plot_h * v as f64 / max as f64;

    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" class=\"chart\"><title>{}</title>",
        escape(title)
    );
    // Horizontal grid with the scale at 0, half and the top.
    for value in [0, max / 2, max] {
        let gy = y(value);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\" stroke=\"#cfd6de\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5a6470\">{value}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            gy + 4.0
        ));
    }
    for (i, (label, _)) in weeks.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5a6470\">{}</text>",
            x(i),
            HEIGHT - BOTTOM + 16.0,
            escape(label)
        ));
    }
    for (s, (name, colour)) in series.iter().enumerate() {
        let points: Vec<String> = weeks
            .iter()
            .enumerate()
            .map(|(i, (_, values))| format!("{:.1},{:.1}", x(i), y(values.get(s).copied().unwrap_or(0))))
            .collect();
        svg.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        ));
        let legend_x = LEFT + 160.0 * s as f64;
        svg.push_str(&format!(
            "<rect x=\"{legend_x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#1d2329\">{}</text>",
            HEIGHT - 20.0,
            legend_x + 16.0,
            HEIGHT - 10.0,
            escape(name)
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_week_becomes_a_point_of_every_series() {
        let weeks = vec![
            ("11-02".to_string(), vec![3, 1]),
            ("11-09".to_string(), vec![5, 0]),
            ("11-16".to_string(), vec![0, 2]),
        ];
        let svg = weekly_lines(&weeks, &[("收到", "#0b4f8a"), ("办结", "#1f7a3a")], "趋势 <周>");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        // The highest value (5), in the middle week, sits on the top grid line:
        // x = 40 + (720 - 56) / 2, y = 16.
        assert!(svg.contains("372.0,16.0"));
        assert!(svg.contains("<title>趋势 &lt;周&gt;</title>"), "text is escaped");
        assert!(svg.contains(">11-16</text>"));
    }

    #[test]
    fn an_empty_period_still_draws() {
        let svg = weekly_lines(&[], &[("收到", "#000")], "t");
        assert!(svg.contains("<polyline"));
    }
}
