//! Where attachments' bytes are kept: a directory of this machine, or an
//! S3-compatible bucket that several instances share, chosen by one setting
//! (`ATTACHMENTS`). Both sit behind `object_store`'s one interface, so the
//! rest of the application writes, reads and deletes without knowing which.
//! What is kept is only ever sealed bytes (see [`super::sealed_file`]),
//! named by the attachment's id.

use futures::stream::BoxStream;
use futures::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, WriteMultipart};
use std::path::PathBuf;
use std::sync::Arc;

/// The directory attachments go to when nothing is set: beside the
/// embedded database, under the working directory.
pub const DEFAULT_DIRECTORY: &str = "data/attachments";

/// Where attachments are kept, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStoreSetting {
    /// A directory: one instance, or several sharing a mounted volume.
    Directory(PathBuf),
    /// An S3-compatible bucket, `s3://bucket[/prefix]`. Credentials,
    /// region and endpoint come from the usual `AWS_*` variables; `options`
    /// (keys as `object_store` names them: `aws_endpoint`,
    /// `aws_access_key_id`, ...) override them.
    S3 { url: String, options: Vec<(String, String)> },
}

impl FileStoreSetting {
    /// `ATTACHMENTS`: an `s3://` address, or a directory.
    pub fn parse(text: &str) -> FileStoreSetting {
        let text = text.trim();
        if text.starts_with("s3://") {
            FileStoreSetting::S3 { url: text.to_string(), options: Vec::new() }
        } else {
            FileStoreSetting::Directory(PathBuf::from(text))
        }
    }
}

impl Default for FileStoreSetting {
    fn default() -> Self {
        FileStoreSetting::Directory(PathBuf::from(DEFAULT_DIRECTORY))
    }
}

/// The store files are kept in.
#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    /// The bytes gathered before each part is sent: S3 takes parts of
    /// 5 MiB at least (the last excepted), a directory any size.
    part_size: usize,
    described: String,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore").field("at", &self.described).finish_non_exhaustive()
    }
}

const S3_PART: usize = 5 * 1024 * 1024;
const DIRECTORY_PART: usize = 256 * 1024;

impl FileStore {
    pub fn open(setting: &FileStoreSetting) -> anyhow::Result<FileStore> {
        match setting {
            FileStoreSetting::Directory(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| anyhow::anyhow!("ATTACHMENTS: cannot create {}: {e}", dir.display()))?;
                let store = LocalFileSystem::new_with_prefix(dir)?;
                Ok(FileStore {
                    store: Arc::new(store),
                    part_size: DIRECTORY_PART,
                    described: dir.display().to_string(),
                })
            }
            FileStoreSetting::S3 { url, options } => {
                let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("ATTACHMENTS={url}: {e}"))?;
                let bucket = parsed.host_str().ok_or_else(|| anyhow::anyhow!("ATTACHMENTS={url}: no bucket named"))?;
                let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
                for (key, value) in options {
                    let key = key.parse().map_err(|e| anyhow::anyhow!("ATTACHMENTS option {key}: {e}"))?;
                    builder = builder.with_config(key, value);
                }
                let s3: Arc<dyn ObjectStore> = Arc::new(builder.build()?);
                let prefix = parsed.path().trim_matches('/');
                let store: Arc<dyn ObjectStore> =
                    if prefix.is_empty() { s3 } else { Arc::new(PrefixStore::new(s3, prefix)) };
                Ok(FileStore { store, part_size: S3_PART, described: url.clone() })
            }
        }
    }

    /// Where the files are, for the operator's log.
    pub fn described(&self) -> &str {
        &self.described
    }

    fn path(name: &str) -> ObjectPath {
        ObjectPath::from(name)
    }

    /// Starts writing the file `name`; nothing is visible under the name
    /// until [`FileWriter::finish`].
    pub async fn create(&self, name: &str) -> object_store::Result<FileWriter> {
        let upload = self.store.put_multipart(&Self::path(name)).await?;
        Ok(FileWriter { parts: WriteMultipart::new_with_chunk_size(upload, self.part_size) })
    }

    /// The stored bytes of `name`, as they are read.
    pub async fn read(
        &self,
        name: &str,
    ) -> object_store::Result<BoxStream<'static, object_store::Result<bytes::Bytes>>> {
        Ok(self.store.get(&Self::path(name)).await?.into_stream().boxed())
    }

    /// Removes `name`; a file already gone is no error.
    pub async fn delete(&self, name: &str) -> object_store::Result<()> {
        match self.store.delete(&Self::path(name)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// A file being written, a part at a time.
pub struct FileWriter {
    parts: WriteMultipart,
}

impl FileWriter {
    /// Adds bytes; waits while a part is still being sent, so that no more
    /// than two parts of one file are ever held.
    pub async fn write(&mut self, bytes: &[u8]) -> object_store::Result<()> {
        self.parts.wait_for_capacity(1).await?;
        self.parts.write(bytes);
        Ok(())
    }

    pub async fn finish(self) -> object_store::Result<()> {
        self.parts.finish().await.map(drop)
    }

    /// Gives up: whatever was sent is discarded.
    pub async fn abort(self) {
        if let Err(e) = self.parts.abort().await {
            tracing::warn!(error = %e, "an unfinished file could not be discarded");
        }
    }
}
