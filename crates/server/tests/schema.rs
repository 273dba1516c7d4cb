//! The PostgreSQL schema is SQLite's translated (`migrations/postgres/` beside `migrations/sqlite/`): the
//! same tables with the same columns in the same order, the same nullability and the same named indexes.
//! Only when `MINGCHU_TEST_POSTGRES` names a PostgreSQL server (`cargo xtask test` starts one).

mod common;

use std::collections::BTreeMap;

use mingchu_server::store::Database;
use sqlx::Row;

/// Each table's columns in order, as (name, may be NULL), and the names of the indexes made by name.
struct Schema {
    tables: BTreeMap<String, Vec<(String, bool)>>,
    indexes: Vec<String>,
}

#[tokio::test]
#[ignore = "needs PostgreSQL: MINGCHU_TEST_POSTGRES names one (cargo xtask test starts one and runs this)"]
async fn postgres_has_sqlite_s_tables_columns_and_indexes() {
    let postgres = common::FreshPostgres::create().await.expect("MINGCHU_TEST_POSTGRES names no PostgreSQL server");
    let data = tempfile::tempdir().unwrap();
    // Opening a store brings its schema up to date.
    Database::Sqlite.open(data.path()).await.unwrap();
    Database::Postgres(postgres.url.clone()).open(data.path()).await.unwrap();

    let sqlite = sqlite_schema(&data.path().join("mingchu.db")).await;
    assert!(sqlite.tables.len() > 20 && sqlite.indexes.len() > 15, "the schema is read: {:?}", sqlite.indexes);
    let mut postgres = postgres_schema(&postgres.url).await;
    // SQLite's rowid orders a report's trail; PostgreSQL has a column for it.
    postgres.tables.get_mut("report_trail").unwrap().retain(|(name, _)| name != "id");
    assert_eq!(postgres.tables.keys().collect::<Vec<_>>(), sqlite.tables.keys().collect::<Vec<_>>());
    for (table, columns) in &sqlite.tables {
        assert_eq!(&postgres.tables[table], columns, "the columns of {table}");
    }
    assert_eq!(postgres.indexes, sqlite.indexes);
}

async fn sqlite_schema(file: &std::path::Path) -> Schema {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display())).await.unwrap();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut tables = BTreeMap::new();
    for table in names {
        let columns = sqlx::query(&format!("PRAGMA table_info({table})")).fetch_all(&pool).await.unwrap();
        // A primary key column is never NULL, whatever SQLite's `notnull` says of a row id.
        let columns = columns.iter().map(|c| (c.get::<String, _>("name"), c.get::<i64, _>("notnull") == 0 && c.get::<i64, _>("pk") == 0)).collect();
        tables.insert(table, columns);
    }
    // Only the indexes made by name: SQLite names those of keys and UNIQUE itself.
    let mut indexes: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetch_all(&pool).await.unwrap();
    indexes.sort();
    pool.close().await;
    Schema { tables, indexes }
}

async fn postgres_schema(url: &str) -> Schema {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text, is_nullable = 'YES' AS nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut tables: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for row in rows {
        tables.entry(row.get(0)).or_default().push((row.get(1), row.get(2)));
    }
    // Not those of keys and UNIQUE, which PostgreSQL names after their constraints.
    let mut indexes: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    indexes.sort();
    pool.close().await;
    Schema { tables, indexes }
}
