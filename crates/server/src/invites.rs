//! Invites, joining and devices: the coordinator makes an invite code per role, a device
//! joins with it and gets a token of its own, and the coordinator can list and revoke
//! both. Join attempts are rate limited per client address.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use qrcode::QrCode;
use qrcode::render::svg;
use rand::Rng;
use samskab_domain::api::{CreatedInvite, Devices, Invites, JoinRequest, Joined, Me, NewInvite};
use samskab_domain::scope::Access;

use crate::auth::{Api, Authorised, ClientIp, Coordinator, check_device_id, hash, new_token};
use crate::error::{AppError, Body};
use crate::scopes::load;
use crate::store::{self, Joining, Store, unix_now};

/// How long an invite lasts unless the coordinator says otherwise, and at most.
const DEFAULT_DAYS: u32 = 7;
const MAX_DAYS: u32 = 30;
const LABEL_MAX: usize = 100;
const LINK_MAX: usize = 300;
/// Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not mistaken.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Ten characters: 50 bits, out of reach of guessing at the rate limit.
const CODE_LEN: usize = 10;

pub fn router<S: Store>() -> Router<Api<S>> {
    Router::new()
        .route("/api/v1/invites", post(create::<S>).get(list::<S>))
        .route("/api/v1/invites/{id}", delete(revoke::<S>))
        .route("/api/v1/join", post(join::<S>))
        .route("/api/v1/devices", get(devices::<S>))
        .route("/api/v1/devices/{device}", delete(revoke_device::<S>))
        .route("/api/v1/me", get(me))
}

fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// A code as typed: any case, with spaces or dashes, O for 0 and I or L for 1.
fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// `ABCDE-FGHJK`: easier to read out and type.
fn grouped(code: &str) -> String {
    let (a, b) = code.split_at(CODE_LEN / 2);
    format!("{a}-{b}")
}

async fn create<S: Store>(
    State(api): State<Api<S>>,
    Coordinator(device): Coordinator,
    Body(new): Body<NewInvite>,
) -> Result<Json<CreatedInvite>, AppError> {
    let access = Access::new(new.role, new.subject).ok_or_else(|| {
        AppError::BadRequest("every role but the coordinator needs a subject".into())
    })?;
    let label = new.label.trim();
    if label.chars().count() > LABEL_MAX || label.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "label must be at most {LABEL_MAX} characters"
        )));
    }
    let days = new.days.unwrap_or(DEFAULT_DAYS);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::BadRequest(format!(
            "days must be 1 to {MAX_DAYS}"
        )));
    }
    if let Some(link) = &new.link
        && (link.len() > LINK_MAX || !(link.starts_with("https://") || link.starts_with("http://")))
    {
        return Err(AppError::BadRequest(format!(
            "link must be an http(s) address of at most {LINK_MAX} characters"
        )));
    }
    {
        let mut slot = api.scopes.for_push(&device.programme).await;
        load(&api.store, &device.programme, &mut slot).await?;
        if !slot.as_ref().is_some_and(|i| i.subject_exists(&access)) {
            return Err(AppError::BadRequest(format!(
                "the programme has no {} with that id",
                access.role.key()
            )));
        }
    }
    let code = new_code();
    let expires_at = unix_now() + i64::from(days) * 24 * 60 * 60;
    let id = api
        .store
        .create_invite(store::NewInvite {
            programme: &device.programme,
            code_hash: &hash(&code),
            access: &access,
            label,
            expires_at,
        })
        .await?;
    let qr_svg = new
        .link
        .map(|link| {
            QrCode::new(format!("{link}{}", grouped(&code)).as_bytes()).map(|qr| {
                qr.render::<svg::Color<'_>>()
                    .min_dimensions(200, 200)
                    .build()
            })
        })
        .transpose()
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))?;
    Ok(Json(CreatedInvite {
        id,
        code: grouped(&code),
        expires_at,
        qr_svg,
    }))
}

async fn list<S: Store>(
    State(api): State<Api<S>>,
    Coordinator(device): Coordinator,
) -> Result<Json<Invites>, AppError> {
    let invites = api.store.invites(&device.programme).await?;
    Ok(Json(Invites { invites }))
}

async fn revoke<S: Store>(
    State(api): State<Api<S>>,
    Coordinator(device): Coordinator,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    if api.store.revoke_invite(&device.programme, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("no such invite".into()))
    }
}

/// Lets a device in with an invite code; the code is used up.
async fn join<S: Store>(
    State(api): State<Api<S>>,
    ClientIp(client): ClientIp,
    Body(joining): Body<JoinRequest>,
) -> Result<Json<Joined>, AppError> {
    api.joins
        .attempt(client)
        .map_err(AppError::TooManyAttempts)?;
    check_device_id(&joining.device)?;
    let code = normalise_code(&joining.code);
    let token = new_token();
    let device = api
        .store
        .join(Joining {
            code_hash: &hash(&code),
            device: &joining.device,
            token_hash: &hash(&token),
            now: unix_now(),
        })
        .await?
        .ok_or_else(|| {
            AppError::Forbidden("the invite code is unknown, used, expired or revoked".into())
        })?;
    tracing::info!(programme = %device.programme, role = device.access.role.key(), "device joined");
    Ok(Json(Joined {
        token,
        programme: device.programme,
        access: device.access,
    }))
}

async fn devices<S: Store>(
    State(api): State<Api<S>>,
    Coordinator(device): Coordinator,
) -> Result<Json<Devices>, AppError> {
    let devices = api.store.devices(&device.programme).await?;
    Ok(Json(Devices { devices }))
}

async fn revoke_device<S: Store>(
    State(api): State<Api<S>>,
    Coordinator(me): Coordinator,
    Path(device): Path<String>,
) -> Result<StatusCode, AppError> {
    if device == me.device {
        return Err(AppError::BadRequest(
            "a coordinator cannot revoke their own device".into(),
        ));
    }
    if api.store.revoke_device(&me.programme, &device).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("no such device".into()))
    }
}

/// Who the token belongs to: lets a device check that its access still holds.
async fn me(Authorised(device): Authorised) -> Json<Me> {
    Json(Me {
        programme: device.programme,
        device: device.device,
        access: device.access,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_typed_forgivingly() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(normalise_code(&grouped(&code).to_lowercase()), code);
        assert_eq!(normalise_code(" o1il-2 "), "01112");
    }
}
