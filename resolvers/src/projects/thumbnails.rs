//! Project pictures: an uploaded image becomes a 400×400 PNG thumbnail,
//! sized the way Zou does it (`zou/app/utils/thumbnail.py`): small pictures
//! are scaled up to the box, the picture is fitted inside it keeping its
//! ratio (Lanczos), and centered on a transparent canvas.

use crate::guard;
use crate::storage::Storage;
use bytes::Bytes;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, RgbaImage};
use serde_json::{json, Map, Value};
use tusk_db::events::NewEvent;
use tusk_db::{Error, Result, Session, SqlValue};
use uuid::Uuid;

/// The thumbnail box of projects, persons and organisations.
pub const BIG_SQUARE: (u32, u32) = (400, 400);
/// The largest picture accepted for a thumbnail.
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;
/// The largest picture dimensions decoded (a guard against decompression bombs).
const MAX_SIDE: u32 = 16_384;

/// Decode an uploaded picture; anything else is a 400.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Error::Invalid("File too large.".into()));
    }
    let format = image::guess_format(bytes)
        .map_err(|_| Error::Invalid("Uploaded file is not a readable picture.".into()))?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|_| Error::Invalid("Uploaded file is not a readable picture.".into()))
}

fn round(x: f64) -> u32 {
    (x.round() as u32).max(1)
}

/// Zou's `turn_into_thumbnail(…, size)`.
pub fn thumbnail(im: &DynamicImage, (bw, bh): (u32, u32)) -> RgbaImage {
    let mut im = im.to_rgba8();
    let (w, h) = im.dimensions();
    // Scale a small picture up to the box, keeping its ratio.
    if w < bw && h < bh {
        let r = (bw as f64 / w as f64).min(bh as f64 / h as f64);
        im = image::imageops::resize(
            &im,
            round(w as f64 * r),
            round(h as f64 * r),
            FilterType::Lanczos3,
        );
    }
    // Fit into the box when the ratios differ.
    let (w, h) = im.dimensions();
    let ratio = w as f64 / h as f64;
    if (bw as f64 / bh as f64) != ratio {
        let (mut tw, mut th) = ((bh as f64 * ratio).ceil() as u32, bh);
        if tw > bw {
            tw = bw;
            th = (bw as f64 / ratio).ceil() as u32;
        }
        if (tw, th) != (w, h) {
            im = image::imageops::resize(&im, tw.max(1), th.max(1), FilterType::Lanczos3);
        }
    }
    // Only ever shrink to the box (PIL's `thumbnail`).
    let (w, h) = im.dimensions();
    if w > bw || h > bh {
        let r = (bw as f64 / w as f64).min(bh as f64 / h as f64);
        im = image::imageops::resize(
            &im,
            round(w as f64 * r).min(bw),
            round(h as f64 * r).min(bh),
            FilterType::Lanczos3,
        );
    }
    let mut canvas = RgbaImage::new(bw, bh);
    let (w, h) = im.dimensions();
    image::imageops::overlay(
        &mut canvas,
        &im,
        ((bw - w) / 2) as i64,
        ((bh - h) / 2) as i64,
    );
    canvas
}

/// Encode as PNG.
pub fn png(im: &RgbaImage) -> Result<Bytes> {
    let mut out = std::io::Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(im.clone())
        .write_to(&mut out, ImageFormat::Png)
        .map_err(Error::internal)?;
    Ok(Bytes::from(out.into_inner()))
}

/// Store a new project picture (manager of the project): the thumbnail is
/// written first, then `has_avatar` is set, so a failed upload never leaves
/// a project pointing at a missing picture.
pub async fn upload(s: &Session, storage: &Storage, project: Uuid, bytes: &[u8]) -> Result<Value> {
    guard::manager(s, project).await?;
    let im = decode(bytes)?;
    let thumb = png(&thumbnail(&im, BIG_SQUARE))?;
    storage
        .put("pictures", "thumbnails", project, "png", thumb)
        .await?;
    let mut tx = s.db.begin().await?;
    let mut q = tx.sql("UPDATE \"project\" SET \"has_avatar\" = ");
    q.bind(SqlValue::Bool(Some(true)))
        .push(", \"updated_at\" = ")
        .bind(SqlValue::Timestamp(Some(tusk_db::fmt::now())))
        .push(" WHERE \"id\" = ")
        .bind(SqlValue::Uuid(Some(project)));
    tx.execute(&q).await?;
    let update = s
        .record(
            &mut tx,
            NewEvent::new("project:update", Map::new(), Some(project)),
        )
        .await?;
    let mut data = Map::new();
    data.insert("project_id".into(), json!(project.to_string()));
    let set = s
        .record(&mut tx, NewEvent::new("project:set-thumbnail", data, None))
        .await?;
    s.commit(tx, vec![update, set]).await?;
    Ok(json!({"thumbnail_path": format!("pictures/thumbnails/projects/{project}.png")}))
}

/// The stored picture of a project: 404 without one; global managers see
/// every project's, others only their projects'.
pub async fn download(
    s: &Session,
    storage: &Storage,
    project: Uuid,
) -> Result<crate::storage::Stored> {
    let p = guard::project(s, project).await?;
    if p.has_avatar != Some(true) {
        return Err(Error::not_found());
    }
    if !guard::actor(s)?.role.is_manager() {
        guard::member(s, project).await?;
    }
    storage
        .get("pictures", "thumbnails", project, "png")
        .await?
        .ok_or_else(|| Error::NotFound("Preview file not found".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_pictures_are_letterboxed_in_the_box() {
        let im = DynamicImage::ImageRgba8(RgbaImage::from_pixel(
            800,
            200,
            image::Rgba([255, 0, 0, 255]),
        ));
        let t = thumbnail(&im, BIG_SQUARE);
        assert_eq!(t.dimensions(), BIG_SQUARE);
        // 800×200 fits as 400×100, centered: rows 150..250 are painted.
        assert_eq!(t.get_pixel(200, 200)[3], 255);
        assert_eq!(t.get_pixel(200, 10)[3], 0);
    }

    #[test]
    fn small_pictures_are_scaled_up() {
        let im =
            DynamicImage::ImageRgba8(RgbaImage::from_pixel(40, 20, image::Rgba([0, 0, 255, 255])));
        let t = thumbnail(&im, BIG_SQUARE);
        // 40×20 becomes 400×200: the left edge is painted at mid height.
        assert_eq!(t.get_pixel(1, 200)[3], 255);
        assert_eq!(t.get_pixel(1, 50)[3], 0);
    }

    #[test]
    fn non_images_are_refused() {
        assert!(decode(b"not a picture at all").is_err());
    }
}
