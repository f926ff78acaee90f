//! The trivial route measured again by `wrk`, a load generator written to
//! saturate a server: where the bench's own driver is the bottleneck, the
//! ratios are taken against wrk's figure instead, and the table says so.
//! Absent wrk (`apt install wrk`), the driver's figure stands alone.

use std::time::Duration;
use tokio::process::Command;

/// What wrk measured: requests a second, and latency percentiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Saturated {
    pub rps: f64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
}

/// Drives `url` with wrk for `duration` over `connections` connections on
/// two threads; None when wrk is not installed or says nothing readable.
pub async fn measure(url: &str, connections: usize, duration: Duration) -> Option<Saturated> {
    let output = Command::new("wrk")
        .args(["-t2", &format!("-c{connections}"), &format!("-d{}s", duration.as_secs().max(1)), "--latency", url])
        .output()
        .await
        .ok()?;
    if !output.status.success() {
        eprintln!("wrk failed: {}", String::from_utf8_lossy(&output.stderr).trim());
        return None;
    }
    parse(&String::from_utf8_lossy(&output.stdout))
}

/// Reads wrk's report: `Requests/sec:` and the `--latency` distribution.
pub fn parse(report: &str) -> Option<Saturated> {
    let rps = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())?;
    let percentile = |name: &str| {
        report.lines().find_map(|l| {
            let mut words = l.split_whitespace();
            (words.next() == Some(name)).then(|| words.next().and_then(milliseconds)).flatten()
        })
    };
    Some(Saturated { rps, p50_ms: percentile("50%"), p99_ms: percentile("99%") })
}

/// wrk's durations: `812.00us`, `1.25ms`, `2.01s`, `1.50m`.
fn milliseconds(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    match unit {
        "us" => Some(number / 1000.0),
        "ms" => Some(number),
        "s" => Some(number * 1000.0),
        "m" => Some(number * 60_000.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 5s test @ http://127.0.0.1:40123/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   170.11us  212.40us   9.87ms   94.12%
    Req/Sec    95.12k     4.01k  101.33k    71.00%
  Latency Distribution
     50%  141.00us
     75%  190.00us
     90%  251.00us
     99%    1.02ms
  946532 requests in 5.00s, 98.38MB read
Requests/sec: 189306.40
Transfer/sec:     19.68MB
";

    #[test]
    fn reads_the_rate_and_the_percentiles_in_their_units() {
        let saturated = parse(REPORT).unwrap();
        assert_eq!(saturated.rps, 189306.40);
        assert_eq!(saturated.p50_ms, Some(0.141));
        assert_eq!(saturated.p99_ms, Some(1.02));
    }

    #[test]
    fn a_report_without_a_rate_is_no_measurement() {
        assert_eq!(parse("unable to connect to 127.0.0.1:1 Connection refused"), None);
        assert_eq!(milliseconds("2.5s"), Some(2500.0));
        assert_eq!(milliseconds("3h"), None);
    }
}
