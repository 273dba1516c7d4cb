//! The smallest useful IndexedDB wrapper: a database of one store, whole values by key, awaited as
//! futures. It holds the outboxes (the diners' drafts, the owners' records): what must survive a reload
//! until the server has it.
//!
//! IndexedDB reports through events; each wait below is a JS Promise whose `resolve`/`reject` are
//! themselves the event handlers, so no Rust closure is made per call (nothing to leak or drop early).

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

/// A database: its name, version and its one object store (keyPath "key"), made when it is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schema {
    pub name: &'static str,
    pub version: u32,
    pub store: &'static str,
}

/// An open connection to the app's database (a cheap handle: clone it freely).
#[derive(Clone)]
pub struct Db(IdbDatabase);

thread_local! {
    /// The open request of this page (an app uses one database) and the Promise of its outcome: every
    /// caller, even one that asks while the first open is still under way, shares the same connection.
    static OPENING: RefCell<Option<(Schema, IdbOpenDbRequest, Promise)>> = const { RefCell::new(None) };
}

/// Opens `schema`'s database, creating its object store on upgrade. Only the first call really opens
/// it; later calls return the same connection.
pub async fn open(schema: &Schema) -> Result<Db, JsValue> {
    let (request, opened) = match OPENING.with(|o| o.borrow().clone()) {
        Some((open, request, opened)) if open == *schema => (request, opened),
        _ => {
            let (request, opened) = start_open(*schema)?;
            OPENING.with(|o| *o.borrow_mut() = Some((*schema, request.clone(), opened.clone())));
            (request, opened)
        }
    };
    match JsFuture::from(opened).await {
        Ok(_) => {
            let db: IdbDatabase = request.result()?.unchecked_into();
            if db.onversionchange().is_none() {
                // Another tab upgrading or deleting the database waits until every connection closes: close
                // ours (`db.close` itself, bound: no Rust closure); the next transaction then fails and
                // `store` forgets the connection.
                let close: Function = Reflect::get(&db, &JsValue::from_str("close"))?.unchecked_into();
                db.set_onversionchange(Some(&close.bind0(&db)));
            }
            Ok(Db(db))
        }
        Err(event) => {
            // Let a later call try again (storage may come back, e.g. after a private-mode prompt).
            forget();
            Err(request.error().ok().flatten().map_or(event, JsValue::from))
        }
    }
}

fn start_open(schema: Schema) -> Result<(IdbOpenDbRequest, Promise), JsValue> {
    let factory = web_sys::window().ok_or(JsValue::NULL)?.indexed_db()?.ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(schema.name, schema.version)?;
    let upgrading = request.clone();
    // once_into_js: the browser owns the closure, so the upgrade runs even if our caller stops waiting
    // (else the database would exist without its store, for good). When no upgrade is needed
    // it is never called and stays allocated: one empty closure per page, as `open` runs once.
    let upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading.result() {
            let params = IdbObjectStoreParameters::new();
            params.set_key_path(&JsValue::from_str("key"));
            if db.unchecked_into::<IdbDatabase>().create_object_store_with_optional_parameters(schema.store, &params).is_err() {
                // Fail the open rather than succeed without the store.
                if let Some(tx) = upgrading.transaction() {
                    let _ = tx.abort();
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let opened = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    Ok((request, opened))
}

/// Drops the cached connection, so that the next [`open`] opens the database again.
fn forget() {
    OPENING.with(|o| o.borrow_mut().take());
}

impl Db {
    /// Stores a value (a JS object with a string "key" property; may hold Blobs and arrays). Resolves only
    /// when the readwrite transaction has COMPLETED (oncomplete), so the draft is durable before we say so.
    pub async fn put(&self, store: &str, value: &JsValue) -> Result<(), JsValue> {
        let (tx, store) = self.store(store, IdbTransactionMode::Readwrite)?;
        store.put(value)?;
        transaction_done(&tx).await
    }

    /// The value stored under `key`, if any.
    pub async fn get(&self, store: &str, key: &str) -> Result<Option<JsValue>, JsValue> {
        let (_, store) = self.store(store, IdbTransactionMode::Readonly)?;
        let value = request_done(&store.get(&JsValue::from_str(key))?).await?;
        Ok((!value.is_undefined()).then_some(value))
    }

    /// Every value in the store, in key order.
    pub async fn all(&self, store: &str) -> Result<Vec<JsValue>, JsValue> {
        let (_, store) = self.store(store, IdbTransactionMode::Readonly)?;
        let values = request_done(&store.get_all()?).await?;
        Ok(values.dyn_into::<Array>()?.to_vec())
    }

    /// Removes the value under `key` (no error if there is none). Resolves on transaction complete.
    pub async fn delete(&self, store: &str, key: &str) -> Result<(), JsValue> {
        let (tx, store) = self.store(store, IdbTransactionMode::Readwrite)?;
        store.delete(&JsValue::from_str(key))?;
        transaction_done(&tx).await
    }

    /// A new transaction on one store. If the connection is gone (InvalidStateError: the browser closed
    /// it, e.g. when site data was cleared), forgets it so that the next [`open`] reconnects.
    fn store(&self, store: &str, mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), JsValue> {
        let tx = self.0.transaction_with_str_and_mode(store, mode).inspect_err(|e| {
            if e.dyn_ref::<DomException>().is_some_and(|e| e.name() == "InvalidStateError") {
                forget();
            }
        })?;
        let store = tx.object_store(store)?;
        Ok((tx, store))
    }
}

/// Sets a field of a value being made for a store.
pub fn set(value: &js_sys::Object, field: &str, to: JsValue) {
    let _ = Reflect::set(value, &field.into(), &to);
}

/// A field of a stored value.
pub fn get(value: &JsValue, field: &str) -> Option<JsValue> {
    Reflect::get(value, &field.into()).ok()
}

/// A text field of a stored value.
pub fn text(value: &JsValue, field: &str) -> Option<String> {
    get(value, field)?.as_string()
}

/// Waits for a request's success (its result) or error (the request's DOMException).
async fn request_done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(done).await {
        Ok(_) => request.result(),
        Err(event) => Err(request.error().ok().flatten().map_or(event, JsValue::from)),
    }
}

/// Waits for a transaction to commit. A failed request aborts its transaction (nobody here cancels the
/// error event), so complete and abort are the only two ends; abort fails with the transaction's error.
async fn transaction_done(tx: &IdbTransaction) -> Result<(), JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    });
    match JsFuture::from(done).await {
        Ok(_) => Ok(()),
        Err(event) => Err(tx.error().map_or(event, JsValue::from)),
    }
}
