//! Side-by-side tables of several runs (Tusk on SQLite, on PostgreSQL,
//! Zou), with Tusk's speed-up over the last run given (Zou).

use crate::driver::{Measure, Report};
use std::fmt::Write;

/// A Markdown table per concurrency: req/s, p50 and p99 of each run, and
/// the ratio of each run's req/s to the reference run's (the last one).
pub fn markdown(runs: &[Report]) -> String {
    let mut out = String::new();
    let Some(reference) = runs.last() else {
        return out;
    };
    let mut concurrencies: Vec<usize> = runs
        .iter()
        .flat_map(|r| r.measures.iter().map(|m| m.concurrency))
        .collect();
    concurrencies.sort_unstable();
    concurrencies.dedup();
    let mut scenarios: Vec<(String, bool)> = Vec::new();
    for r in runs {
        for m in &r.measures {
            if !scenarios.iter().any(|(s, _)| *s == m.scenario) {
                scenarios.push((m.scenario.clone(), m.big_read));
            }
        }
    }
    let find = |r: &'_ Report, s: &str, c: usize| -> Option<Measure> {
        r.measures
            .iter()
            .find(|m| m.scenario == s && m.concurrency == c)
            .cloned()
    };
    for c in concurrencies {
        let _ = writeln!(out, "\n**Concurrency {c}** (req/s · p50 · p99 in ms)\n");
        let mut head = String::from("| scenario | rows |");
        let mut rule = String::from("|---|---:|");
        for r in runs {
            let _ = write!(head, " {} |", r.label);
            rule.push_str("---:|");
        }
        for r in &runs[..runs.len() - 1] {
            let _ = write!(head, " {} ÷ {} |", r.label, reference.label);
            rule.push_str("---:|");
        }
        head.push_str(" SQL statements |");
        rule.push_str("---:|");
        let _ = writeln!(out, "{head}\n{rule}");
        for (s, big) in &scenarios {
            let rows = runs
                .iter()
                .find_map(|r| find(r, s, c))
                .map(|m| m.rows)
                .unwrap_or(0);
            let name = if *big { format!("**{s}**") } else { s.clone() };
            let mut line = format!("| {name} | {rows} |");
            for r in runs {
                match find(r, s, c) {
                    Some(m) if m.errors == 0 => {
                        let _ = write!(
                            line,
                            " {} · {} · {} |",
                            num(m.rps),
                            num(m.p50_ms),
                            num(m.p99_ms)
                        );
                    }
                    Some(m) => {
                        let _ = write!(line, " {} errors |", m.errors);
                    }
                    None => line.push_str(" – |"),
                }
            }
            let zou = find(reference, s, c);
            for r in &runs[..runs.len() - 1] {
                match (find(r, s, c), &zou) {
                    (Some(a), Some(z)) if z.rps > 0.0 && a.errors == 0 && z.errors == 0 => {
                        let _ = write!(line, " {}× |", num(a.rps / z.rps));
                    }
                    _ => line.push_str(" – |"),
                }
            }
            let stmts: Vec<String> = runs
                .iter()
                .filter_map(|r| find(r, s, c).and_then(|m| m.statements))
                .map(|(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}–{b}")
                    }
                })
                .collect();
            let mut stmts_dedup = stmts.clone();
            stmts_dedup.dedup();
            let _ = writeln!(line, " {} |", stmts_dedup.join(" / "));
            out.push_str(&line);
        }
    }
    let _ = writeln!(out, "\n| server | peak RSS under load |\n|---|---:|");
    for r in runs {
        let rss = r
            .peak_rss_mib
            .map(|m| format!("{} MiB", num(m)))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(out, "| {} | {rss} |", r.label);
    }
    out
}

/// Three significant figures, without exponent.
fn num(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else if x >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}
