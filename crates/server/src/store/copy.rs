//! Moving a county's SQLite database to PostgreSQL (`mingchu-server migrate`): every table, row for row,
//! in one transaction, then proved by a count and a content checksum per table on both sides.
//!
//! Nothing here names a table: the tables and their order come from SQLite's catalogue (parents before
//! the tables whose foreign keys point at them), each column's type from PostgreSQL's. A table a later
//! migration adds is copied without a change here; a column one side lacks stops the copy before it starts.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};
use sqlx::{PgPool, Postgres, QueryBuilder, Row, SqlitePool};

use super::postgres::PostgresStore;
use super::sqlite::SqliteStore;
use super::{StoreError, StoreResult};

/// Rows inserted per statement (PostgreSQL takes at most 65,535 parameters in one).
const BATCH_ROWS: usize = 500;

/// One table as copied, or as found on one side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSum {
    pub table: String,
    pub rows: u64,
    /// SHA-256 over the table's rows, each reduced to a canonical text; independent of row order.
    pub checksum: String,
}

/// A column as PostgreSQL types it; SQLite's values are read as that type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Integer,
    Float,
    Boolean,
    Text,
}

/// A value read from either side, in the one form both are compared in.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Integer(i64),
    Float(f64),
    Text(String),
}

struct Column {
    name: String,
    kind: Kind,
    /// What SQLite's SELECT reads for it: the column of the same name, or `rowid`.
    source: String,
}

struct Table {
    name: String,
    columns: Vec<Column>,
    /// Columns PostgreSQL numbers itself (identity), whose sequence must continue after the copied rows.
    identities: Vec<String>,
}

/// Copies everything in `from` into `to`, which must hold no rows yet, and checks that each table
/// arrived whole and unchanged. Returns each table's count and checksum (the same on both sides).
pub async fn sqlite_to_postgres(from: &SqliteStore, to: &PostgresStore) -> StoreResult<Vec<TableSum>> {
    let (source, target) = (from.pool(), to.pool());
    let tables = tables(source, target).await?;
    let mut tx = target.begin().await?;
    for table in &tables {
        let held: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(&table.name))).fetch_one(&mut *tx).await?;
        if held {
            return Err(StoreError::Invalid(format!("the PostgreSQL database already holds data (table {}): migrate into an empty one", table.name)));
        }
    }
    for table in &tables {
        let rows = sqlite_rows(source, table).await?;
        for batch in rows.chunks(BATCH_ROWS) {
            insert(&mut tx, table, batch).await?;
        }
        for column in &table.identities {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false)",
                c = quoted(column),
                t = quoted(&table.name)
            );
            sqlx::query(&sql).bind(&table.name).bind(column).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;

    let mut sums = Vec::with_capacity(tables.len());
    for table in &tables {
        let (before, after) = (checksum(table, &sqlite_rows(source, table).await?), checksum(table, &postgres_rows(target, table).await?));
        if before != after {
            return Err(StoreError::Corrupt(format!(
                "table {} differs after the copy: SQLite {} rows ({}), PostgreSQL {} rows ({})",
                table.name, before.rows, before.checksum, after.rows, after.checksum
            )));
        }
        sums.push(before);
    }
    Ok(sums)
}

/// Each table's count and checksum in a SQLite store and in a PostgreSQL store, by table name: what a
/// test compares, independently of the copy.
pub async fn sums(from: &SqliteStore, to: &PostgresStore) -> StoreResult<(Vec<TableSum>, Vec<TableSum>)> {
    let (source, target) = (from.pool(), to.pool());
    let tables = tables(source, target).await?;
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for table in &tables {
        left.push(checksum(table, &sqlite_rows(source, table).await?));
        right.push(checksum(table, &postgres_rows(target, table).await?));
    }
    Ok((left, right))
}

/// SQLite's tables, parents first, each with its columns typed by PostgreSQL's table of the same name.
async fn tables(source: &SqlitePool, target: &PgPool) -> StoreResult<Vec<Table>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(source)
    .await?;
    let mut parents = BTreeMap::new();
    for name in &names {
        let referenced: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)").bind(name).fetch_all(source).await?;
        parents.insert(name.clone(), referenced.into_iter().filter(|p| p != name).collect::<BTreeSet<_>>());
    }
    let mut tables = Vec::with_capacity(names.len());
    for name in parents_first(parents)? {
        let sqlite_columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid").bind(&name).fetch_all(source).await?;
        let pg_columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_identity::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(target)
        .await?;
        if pg_columns.is_empty() {
            return Err(StoreError::Invalid(format!("PostgreSQL has no table {name}: are both databases' migrations at the same version?")));
        }
        let sqlite_names: BTreeSet<&str> = sqlite_columns.iter().map(String::as_str).collect();
        // An identity column SQLite lacks stands for its rowid (the order SQLite reads such a table in).
        let pg_names: BTreeSet<&str> =
            pg_columns.iter().filter(|(c, _, identity)| sqlite_names.contains(c.as_str()) || identity != "YES").map(|(c, _, _)| c.as_str()).collect();
        if pg_names != sqlite_names {
            return Err(StoreError::Invalid(format!("table {name} has columns {sqlite_names:?} in SQLite but {pg_names:?} in PostgreSQL")));
        }
        let mut columns = Vec::with_capacity(pg_columns.len());
        let mut identities = Vec::new();
        for (column, data_type, identity) in pg_columns {
            let kind = match data_type.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Integer,
                "double precision" | "real" => Kind::Float,
                "boolean" => Kind::Boolean,
                "text" | "character varying" => Kind::Text,
                other => return Err(StoreError::Invalid(format!("{name}.{column} is of PostgreSQL type {other}, which the copy does not know"))),
            };
            let source = if sqlite_names.contains(column.as_str()) { quoted(&column) } else { "rowid".to_owned() };
            if identity == "YES" {
                identities.push(column.clone());
            }
            columns.push(Column { name: column, kind, source });
        }
        tables.push(Table { name, columns, identities });
    }
    Ok(tables)
}

/// The tables in an order where each comes after every table it refers to.
fn parents_first(mut parents: BTreeMap<String, BTreeSet<String>>) -> StoreResult<Vec<String>> {
    let mut order = Vec::with_capacity(parents.len());
    while !parents.is_empty() {
        let ready: Vec<String> = parents.iter().filter(|(_, of)| of.iter().all(|p| !parents.contains_key(p))).map(|(t, _)| t.clone()).collect();
        if ready.is_empty() {
            return Err(StoreError::Invalid(format!("the foreign keys between {:?} go round in a circle", parents.keys().collect::<Vec<_>>())));
        }
        for table in ready {
            parents.remove(&table);
            order.push(table);
        }
    }
    Ok(order)
}

/// The table's rows as SQLite (`sqlite` true) or PostgreSQL reads them, columns in one order.
fn select(table: &Table, sqlite: bool) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| if sqlite { c.source.clone() } else { quoted(&c.name) }).collect();
    format!("SELECT {} FROM {}", columns.join(", "), quoted(&table.name))
}

async fn sqlite_rows(pool: &SqlitePool, table: &Table) -> StoreResult<Vec<Vec<Value>>> {
    let rows = sqlx::query(&select(table, true)).fetch_all(pool).await?;
    let mut values = Vec::with_capacity(rows.len());
    for row in rows {
        let mut one = Vec::with_capacity(table.columns.len());
        for (i, Column { name: column, kind, .. }) in table.columns.iter().enumerate() {
            let read = match kind {
                Kind::Integer | Kind::Boolean => row.try_get::<Option<i64>, _>(i).map(|v| v.map(Value::Integer)),
                Kind::Float => row.try_get::<Option<f64>, _>(i).map(|v| v.map(Value::Float)),
                Kind::Text => row.try_get::<Option<String>, _>(i).map(|v| v.map(Value::Text)),
            };
            let value = read.map_err(|e| StoreError::Corrupt(format!("{}.{column} in SQLite: {e}", table.name)))?;
            one.push(value.unwrap_or(Value::Null));
        }
        values.push(one);
    }
    Ok(values)
}

async fn postgres_rows(pool: &PgPool, table: &Table) -> StoreResult<Vec<Vec<Value>>> {
    let rows = sqlx::query(&select(table, false)).fetch_all(pool).await?;
    let mut values = Vec::with_capacity(rows.len());
    for row in rows {
        let mut one = Vec::with_capacity(table.columns.len());
        for (i, Column { name: column, kind, .. }) in table.columns.iter().enumerate() {
            // Integers of every width are read as i64, as SQLite stores them.
            let read = match kind {
                Kind::Integer => match row.try_get::<Option<i64>, _>(i) {
                    Ok(v) => Ok(v.map(Value::Integer)),
                    Err(_) => row.try_get::<Option<i32>, _>(i).map(|v| v.map(|n| Value::Integer(n.into()))),
                },
                Kind::Boolean => row.try_get::<Option<bool>, _>(i).map(|v| v.map(|b| Value::Integer(b.into()))),
                Kind::Float => row.try_get::<Option<f64>, _>(i).map(|v| v.map(Value::Float)),
                Kind::Text => row.try_get::<Option<String>, _>(i).map(|v| v.map(Value::Text)),
            };
            let value = read.map_err(|e| StoreError::Corrupt(format!("{}.{column} in PostgreSQL: {e}", table.name)))?;
            one.push(value.unwrap_or(Value::Null));
        }
        values.push(one);
    }
    Ok(values)
}

async fn insert(tx: &mut sqlx::Transaction<'_, Postgres>, table: &Table, rows: &[Vec<Value>]) -> StoreResult<()> {
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(&c.name)).collect();
    // OVERRIDING SYSTEM VALUE: the ids are SQLite's, so that every reference to them still holds.
    let overriding = if table.identities.is_empty() { "" } else { " OVERRIDING SYSTEM VALUE" };
    let mut sql = QueryBuilder::<Postgres>::new(format!("INSERT INTO {} ({}){overriding} ", quoted(&table.name), columns.join(", ")));
    sql.push_values(rows, |mut out, row| {
        for (column, value) in table.columns.iter().zip(row) {
            match (column.kind, value) {
                (Kind::Integer, Value::Integer(n)) => out.push_bind(*n),
                (Kind::Integer, _) => out.push_bind(None::<i64>),
                (Kind::Boolean, Value::Integer(n)) => out.push_bind(*n != 0),
                (Kind::Boolean, _) => out.push_bind(None::<bool>),
                (Kind::Float, Value::Float(x)) => out.push_bind(*x),
                (Kind::Float, _) => out.push_bind(None::<f64>),
                (Kind::Text, Value::Text(s)) => out.push_bind(s.clone()),
                (Kind::Text, _) => out.push_bind(None::<String>),
            };
        }
    });
    sql.build().execute(&mut **tx).await?;
    Ok(())
}

fn checksum(table: &Table, rows: &[Vec<Value>]) -> TableSum {
    let mut digests: Vec<[u8; 32]> = rows
        .iter()
        .map(|row| {
            let mut text = String::new();
            for value in row {
                // Length-prefixed, so that no two rows share a text.
                let _ = match value {
                    Value::Null => write!(text, "n;"),
                    Value::Integer(n) => write!(text, "i{n};"),
                    Value::Float(x) => write!(text, "f{:016x};", x.to_bits()),
                    Value::Text(s) => write!(text, "t{}:{s};", s.len()),
                };
            }
            Sha256::digest(text.as_bytes()).into()
        })
        .collect();
    digests.sort_unstable();
    let mut all = Sha256::new();
    for digest in &digests {
        all.update(digest);
    }
    TableSum { table: table.name.clone(), rows: rows.len() as u64, checksum: hex::encode(all.finalize()) }
}

/// An identifier as SQL writes it whatever it is called (`"table"` is a column of a pragma).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_a_circle_is_named() {
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        let parents = BTreeMap::from([
            ("reviews".to_owned(), set(&["units"])),
            ("review_photos".to_owned(), set(&["reviews", "photos"])),
            ("photos".to_owned(), set(&[])),
            ("units".to_owned(), set(&[])),
        ]);
        let order = parents_first(parents).unwrap();
        let at = |t: &str| order.iter().position(|o| o == t).unwrap();
        assert!(at("units") < at("reviews") && at("reviews") < at("review_photos") && at("photos") < at("review_photos"), "{order:?}");
        let circle = BTreeMap::from([("a".to_owned(), set(&["b"])), ("b".to_owned(), set(&["a"]))]);
        assert!(matches!(parents_first(circle), Err(StoreError::Invalid(_))));
    }

    #[test]
    fn a_checksum_ignores_row_order_but_not_a_changed_value_or_a_moved_boundary() {
        let text_column = |name: &str| Column { name: name.into(), kind: Kind::Text, source: name.into() };
        let table = Table { name: "t".into(), columns: vec![text_column("a"), text_column("b")], identities: vec![] };
        let text = |s: &str| Value::Text(s.into());
        let rows = vec![vec![text("x"), text("yz")], vec![Value::Null, Value::Integer(3)]];
        let reversed: Vec<_> = rows.iter().rev().cloned().collect();
        assert_eq!(checksum(&table, &rows), checksum(&table, &reversed));
        let moved = vec![vec![text("xy"), text("z")], vec![Value::Null, Value::Integer(3)]];
        assert_ne!(checksum(&table, &rows).checksum, checksum(&table, &moved).checksum);
        let changed = vec![vec![text("x"), text("yz")], vec![Value::Null, Value::Integer(4)]];
        assert_ne!(checksum(&table, &rows).checksum, checksum(&table, &changed).checksum);
    }
}
