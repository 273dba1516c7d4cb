//! The bench's results table: each [`Figure`] is a measured value with an optional budget,
//! printed with "ok" or "OVER". Budgets are reported, never enforced.

use std::fmt::Write;

use crate::util;

#[derive(Clone, Copy)]
pub enum Unit {
    Bytes,
    Microseconds,
    Pixels,
    RequestsPerSecond,
    Kbps,
    /// Of one CPU core.
    Percent,
    /// One figure over another.
    Ratio,
}

impl Unit {
    fn format(self, value: f64) -> String {
        match self {
            Unit::Bytes => util::bytes(value.max(0.0).round() as u64),
            Unit::Microseconds if value < 1000.0 => format!("{value:.0} µs"),
            Unit::Microseconds => format!("{:.2} ms", value / 1000.0),
            Unit::Pixels => format!("{value:.0} px"),
            Unit::RequestsPerSecond => format!("{value:.0} req/s"),
            Unit::Kbps => format!("{value:.0} kbps"),
            Unit::Percent => format!("{value:.1} %"),
            Unit::Ratio => format!("{value:.2}×"),
        }
    }
}

/// One measured figure. `budget` is an upper bound; `None` makes it informational.
pub struct Figure {
    pub name: String,
    pub value: f64,
    pub unit: Unit,
    pub budget: Option<f64>,
}

impl Figure {
    pub fn new(name: impl Into<String>, value: f64, unit: Unit) -> Figure {
        Figure { name: name.into(), value, unit, budget: None }
    }

    pub fn budget(mut self, at_most: f64) -> Figure {
        self.budget = Some(at_most);
        self
    }

    fn status(&self) -> &'static str {
        match self.budget {
            None => "",
            Some(budget) if self.value <= budget => "ok",
            Some(_) => "OVER",
        }
    }
}

/// Renders figures as an aligned table.
pub fn table(figures: &[Figure]) -> String {
    let rows: Vec<[String; 4]> = figures
        .iter()
        .map(|f| {
            let budget = f.budget.map(|b| format!("≤ {}", f.unit.format(b))).unwrap_or_default();
            [f.name.clone(), f.unit.format(f.value), budget, f.status().to_string()]
        })
        .collect();
    let header = ["figure".to_string(), "value".to_string(), "budget".to_string(), String::new()];
    let width = |i: usize| rows.iter().chain([&header]).map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2) = (width(0), width(1), width(2));
    let mut out = String::new();
    for row in [&header].into_iter().chain(&rows) {
        // Padding by chars, not bytes, so "≤" and "µ" line up.
        let pad = |text: &str, w: usize| " ".repeat(w.saturating_sub(text.chars().count()));
        let _ = writeln!(out, "{}{}  {}{}  {}{}  {}", row[0], pad(&row[0], w0), pad(&row[1], w1), row[1], pad(&row[2], w2), row[2], row[3]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_figures_against_budgets() {
        let text = table(&[
            Figure::new("wasm (brotli)", 150_000.0, Unit::Bytes).budget(160_000.0),
            Figure::new("median latency", 1500.0, Unit::Microseconds).budget(1000.0),
            Figure::new("wasm (raw)", 500_000.0, Unit::Bytes),
            Figure::new("long edge", 1600.0, Unit::Pixels).budget(1600.0),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].contains("150.0 KB") && lines[1].contains("≤ 160.0 KB") && lines[1].ends_with("ok"));
        assert!(lines[2].contains("1.50 ms") && lines[2].ends_with("OVER"));
        assert!(lines[3].trim_end().ends_with("500.0 KB"));
        assert!(lines[4].contains("1600 px") && lines[4].contains("≤ 1600 px") && lines[4].ends_with("ok"));
    }
}
