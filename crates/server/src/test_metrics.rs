//! A recorder for tests: each figure's last value by name and labels, so a test can run code under
//! [`metrics::with_local_recorder`] and read what it recorded.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use metrics::{Counter, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit};

#[derive(Default)]
pub struct Figures(Mutex<HashMap<String, Arc<AtomicU64>>>);

impl Figures {
    /// `name{label=value,…}` as recorded, labels in the order given.
    fn handle(&self, key: &Key) -> Arc<AtomicU64> {
        let labels: Vec<String> = key.labels().map(|l| format!("{}={}", l.key(), l.value())).collect();
        let name = if labels.is_empty() { key.name().to_owned() } else { format!("{}{{{}}}", key.name(), labels.join(",")) };
        self.0.lock().unwrap().entry(name).or_default().clone()
    }

    /// A counter's count (0 when never counted).
    pub fn counter(&self, name: &str) -> u64 {
        self.0.lock().unwrap().get(name).map_or(0, |v| v.load(Ordering::SeqCst))
    }

    /// A gauge's value, if ever set.
    pub fn gauge(&self, name: &str) -> Option<f64> {
        self.0.lock().unwrap().get(name).map(|v| f64::from_bits(v.load(Ordering::SeqCst)))
    }
}

impl Recorder for Figures {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}
    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        Counter::from_arc(self.handle(key))
    }

    fn register_gauge(&self, key: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::from_arc(self.handle(key))
    }

    fn register_histogram(&self, _: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::noop()
    }
}
