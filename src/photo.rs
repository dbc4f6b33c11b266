//! Making a small photo from an image file, in the browser: cropped to a square and
//! scaled to [`SIZE`] pixels as a JPEG `data:` URL of a few kilobytes.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

/// The photo's width and height in pixels: sharp on the common-room board, small to store.
pub const SIZE: u32 = 160;

/// Reads an image file and returns the small photo's `data:` URL.
pub async fn small_photo(file: File) -> Result<String, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: ImageBitmap = JsFuture::from(window.create_image_bitmap_with_blob(&file)?)
        .await?
        .dyn_into()?;
    let (width, height) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let side = width.min(height);
    let canvas: HtmlCanvasElement = leptos::prelude::document()
        .create_element("canvas")?
        .dyn_into()?;
    canvas.set_width(SIZE);
    canvas.set_height(SIZE);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into()?;
    let out = f64::from(SIZE);
    context.draw_image_with_image_bitmap_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        &bitmap,
        (width - side) / 2.0,
        (height - side) / 2.0,
        side,
        side,
        0.0,
        0.0,
        out,
        out,
    )?;
    bitmap.close();
    canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.8))
}
