//! File storage: pictures, movies, attachments.
//!
//! Files are addressed by a bucket (`pictures`, `movies`, `files`), a prefix
//! (`thumbnails`, `originals` …) and a row id, never by a name a client
//! sent, so no upload can choose where it lands. The store is an
//! [`object_store::ObjectStore`]: a directory under the data dir by default
//! (writes go to a temporary file renamed into place, so a file is never
//! seen half-written); an S3-compatible store implements the same trait.

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use std::sync::Arc;
use tusk_db::{Error, Result};
use uuid::Uuid;

/// Where Tusk keeps files.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

/// A stored file's bytes and when it was last written.
pub struct Stored {
    pub bytes: Bytes,
    pub last_modified: chrono::DateTime<chrono::Utc>,
}

impl Storage {
    /// A local directory (created when missing).
    pub fn local(root: &std::path::Path) -> Result<Storage> {
        std::fs::create_dir_all(root).map_err(Error::internal)?;
        let fs = LocalFileSystem::new_with_prefix(root).map_err(Error::internal)?;
        Ok(Storage {
            store: Arc::new(fs),
        })
    }

    /// Memory only (tests, benches).
    pub fn memory() -> Storage {
        Storage {
            store: Arc::new(InMemory::new()),
        }
    }

    /// Any other store (S3 …).
    pub fn from_store(store: Arc<dyn ObjectStore>) -> Storage {
        Storage { store }
    }

    fn key(bucket: &str, prefix: &str, id: Uuid, ext: &str) -> Path {
        // Zou spreads files over folders by the id's first characters.
        let id = id.to_string();
        Path::from(format!(
            "{bucket}/{prefix}/{}/{}/{id}.{ext}",
            &id[..3],
            &id[3..6]
        ))
    }

    pub async fn put(
        &self,
        bucket: &str,
        prefix: &str,
        id: Uuid,
        ext: &str,
        bytes: Bytes,
    ) -> Result<()> {
        self.store
            .put(
                &Self::key(bucket, prefix, id, ext),
                PutPayload::from_bytes(bytes),
            )
            .await
            .map_err(Error::internal)?;
        Ok(())
    }

    /// The file, or `None` when it is not stored.
    pub async fn get(
        &self,
        bucket: &str,
        prefix: &str,
        id: Uuid,
        ext: &str,
    ) -> Result<Option<Stored>> {
        match self.store.get(&Self::key(bucket, prefix, id, ext)).await {
            Ok(r) => {
                let last_modified = r.meta.last_modified;
                let bytes = r.bytes().await.map_err(Error::internal)?;
                Ok(Some(Stored {
                    bytes,
                    last_modified,
                }))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Error::internal(e)),
        }
    }

    pub async fn delete(&self, bucket: &str, prefix: &str, id: Uuid, ext: &str) -> Result<()> {
        match self.store.delete(&Self::key(bucket, prefix, id, ext)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(Error::internal(e)),
        }
    }
}
