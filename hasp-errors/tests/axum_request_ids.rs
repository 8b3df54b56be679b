//! The `request_ids` middleware's ids: minted by the server, unique, never
//! the client's; the client's usable id echoed apart.
#![cfg(feature = "axum")]

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router, middleware};
use hasp_errors::axum::{ClientRequestId, ErrorResponse, RequestId, request_ids};
use hasp_errors::{ErrorEnvelope, HaspError, RateLimitedDetails};
use tower::ServiceExt;

async fn bare() -> Result<String, HaspError> {
    Err(HaspError::RateLimited(RateLimitedDetails::new(3)))
}

async fn explicit(Extension(id): Extension<RequestId>) -> Result<String, ErrorResponse> {
    Err(ErrorResponse::new(
        HaspError::InvalidApiKey,
        format!("Unknown key (logged under {id})."),
        id.as_str(),
    ))
}

/// What the handler saw: its request id and the client's.
async fn ok(
    Extension(id): Extension<RequestId>,
    client: Option<Extension<ClientRequestId>>,
) -> String {
    let client = client.map_or_else(|| "-".to_owned(), |Extension(c)| c.to_string());
    format!("{id} {client}")
}

fn routes() -> Router {
    Router::new()
        .route("/bare", post(bare))
        .route("/explicit", post(explicit))
        .route("/ok", post(ok))
        .fallback(|| async { HaspError::ResourceNotFound })
}

fn app() -> Router {
    routes().layer(middleware::from_fn(request_ids))
}

async fn send(router: Router, request: Request) -> (Response, Vec<u8>) {
    let response = router.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

async fn call(router: Router, path: &str, headers: &[(&str, HeaderValue)]) -> (Response, Vec<u8>) {
    let mut request = Request::post(path);
    for (name, value) in headers {
        request = request.header(*name, value.clone());
    }
    send(router, request.body(Body::empty()).unwrap()).await
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response.headers()[name].to_str().unwrap()
}

/// `req_`, then 44 lowercase hex digits.
fn assert_shape(id: &str) {
    let hex = id.strip_prefix("req_").unwrap_or_else(|| panic!("{id:?}"));
    assert_eq!(hex.len(), 44, "{id:?}");
    assert!(
        hex.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{id:?}"
    );
}

fn unix_millis() -> u64 {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    u64::try_from(millis).unwrap()
}

#[test]
fn generated_ids_are_unique_and_have_the_documented_shape() {
    let before = unix_millis();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(|| {
                (0..12_500)
                    .map(|_| RequestId::generate())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ids: Vec<RequestId> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let after = unix_millis();
    assert_eq!(ids.len(), 100_000);
    let distinct: HashSet<&str> = ids.iter().map(RequestId::as_str).collect();
    assert_eq!(distinct.len(), ids.len(), "duplicate request ids");
    let mut randoms = HashSet::new();
    for id in &ids {
        assert_shape(id.as_str());
        let millis = u64::from_str_radix(&id.as_str()[4..16], 16).unwrap();
        assert!((before..=after).contains(&millis), "{id} not made now");
        randoms.insert(&id.as_str()[16..32]);
    }
    // The random part is the process's, not per thread or per id.
    assert_eq!(randoms.len(), 1, "{randoms:?}");
    assert_eq!(ids[0].to_string(), ids[0].as_str());
}

#[test]
fn ids_made_one_after_another_sort_by_time() {
    let ids: Vec<String> = (0..2_000)
        .map(|_| RequestId::generate().to_string())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

#[tokio::test]
async fn the_handler_the_header_and_the_body_share_one_generated_id() {
    let (response, body) = call(app(), "/bare", &[]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let id = header(&response, "request-id").to_owned();
    assert_shape(&id);
    let envelope = ErrorEnvelope::from_slice(&body).unwrap();
    assert_eq!(envelope.request_id(), id);
    assert_eq!(
        envelope.body().message(),
        "RPM or daily request limit exceeded."
    );
    assert_eq!(
        envelope.to_error().unwrap(),
        HaspError::RateLimited(RateLimitedDetails::new(3))
    );
    assert!(response.headers().get("x-client-request-id").is_none());

    // Successful responses carry the id too, and handlers see the same one.
    let (response, body) = call(app(), "/ok", &[]).await;
    let id = header(&response, "request-id").to_owned();
    assert_shape(&id);
    assert_eq!(String::from_utf8(body).unwrap(), format!("{id} -"));

    // Every request gets its own.
    let (again, _) = call(app(), "/ok", &[]).await;
    assert_ne!(header(&again, "request-id"), id);
}

#[tokio::test]
async fn a_client_id_is_never_adopted_only_echoed_apart() {
    for path in ["/bare", "/explicit", "/ok", "/no-such-route"] {
        for name in ["request-id", "x-request-id"] {
            let forged = HeaderValue::from_static("req_forged_by_the_client");
            let (response, body) = call(app(), path, &[(name, forged)]).await;
            let id = header(&response, "request-id").to_owned();
            assert_shape(&id);
            assert_ne!(id, "req_forged_by_the_client", "{path} {name}");
            assert_eq!(
                header(&response, "x-client-request-id"),
                "req_forged_by_the_client",
                "{path} {name}"
            );
            if path == "/ok" {
                let seen = String::from_utf8(body).unwrap();
                assert_eq!(seen, format!("{id} req_forged_by_the_client"));
            } else {
                let envelope = ErrorEnvelope::from_slice(&body).unwrap();
                assert_eq!(envelope.request_id(), id, "{path} {name}");
                let text = String::from_utf8(body).unwrap();
                assert!(!text.contains("forged"), "{path} {name}: {text}");
            }
        }
    }
}

#[tokio::test]
async fn request_id_is_preferred_and_x_request_id_stands_in_for_an_unusable_one() {
    let both = [
        ("request-id", HeaderValue::from_static("first")),
        ("x-request-id", HeaderValue::from_static("second")),
    ];
    let (response, _) = call(app(), "/ok", &both).await;
    assert_eq!(header(&response, "x-client-request-id"), "first");

    let unusable_first = [
        ("request-id", HeaderValue::from_static("has space")),
        ("x-request-id", HeaderValue::from_static("second")),
    ];
    let (response, _) = call(app(), "/ok", &unusable_first).await;
    assert_eq!(header(&response, "x-client-request-id"), "second");
}

#[tokio::test]
async fn hostile_client_ids_are_neither_kept_nor_echoed() {
    let too_long = "x".repeat(129);
    let hostile: Vec<HeaderValue> = vec![
        HeaderValue::from_static(""),
        HeaderValue::from_static("has space"),
        HeaderValue::from_static("tab\there"),
        HeaderValue::from_bytes("caf\u{e9}".as_bytes()).unwrap(),
        HeaderValue::from_bytes(b"latin1 \xe9").unwrap(),
        HeaderValue::from_str(&too_long).unwrap(),
    ];
    for value in hostile {
        for name in ["request-id", "x-request-id"] {
            let (response, body) = call(app(), "/ok", &[(name, value.clone())]).await;
            assert!(
                response.headers().get("x-client-request-id").is_none(),
                "{value:?} echoed"
            );
            let id = header(&response, "request-id").to_owned();
            assert_shape(&id);
            assert_eq!(String::from_utf8(body).unwrap(), format!("{id} -"));
        }
    }
    // The longest usable id is echoed whole.
    let longest = HeaderValue::from_str(&"x".repeat(128)).unwrap();
    let (response, _) = call(app(), "/ok", &[("request-id", longest.clone())]).await;
    assert_eq!(response.headers()["x-client-request-id"], longest);
}

#[tokio::test]
async fn an_error_response_keeps_the_id_the_handler_chose() {
    let forged = HeaderValue::from_static("req_7");
    let (response, body) = call(app(), "/explicit", &[("request-id", forged)]).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let id = header(&response, "request-id").to_owned();
    assert_shape(&id);
    let envelope = ErrorEnvelope::from_slice(&body).unwrap();
    assert_eq!(envelope.request_id(), id);
    assert_eq!(
        envelope.body().message(),
        format!("Unknown key (logged under {id}).")
    );

    let chosen = Router::new()
        .route(
            "/",
            post(|| async { ErrorResponse::new(HaspError::InvalidApiKey, "No.", "req_mine") }),
        )
        .layer(middleware::from_fn(request_ids));
    let (response, body) = call(chosen, "/", &[]).await;
    assert_eq!(header(&response, "request-id"), "req_mine");
    let envelope = ErrorEnvelope::from_slice(&body).unwrap();
    assert_eq!(envelope.request_id(), "req_mine");
}

#[tokio::test]
async fn nested_middlewares_share_the_outer_id() {
    let inner = routes().layer(middleware::from_fn(request_ids));
    let app = Router::new()
        .nest("/v1", inner)
        .layer(middleware::from_fn(request_ids));
    let forged = HeaderValue::from_static("client-7");
    let (response, body) = call(app.clone(), "/v1/ok", &[("request-id", forged)]).await;
    let id = header(&response, "request-id").to_owned();
    assert_shape(&id);
    assert_eq!(String::from_utf8(body).unwrap(), format!("{id} client-7"));
    assert_eq!(header(&response, "x-client-request-id"), "client-7");
    assert_eq!(response.headers().get_all("request-id").iter().count(), 1);

    let (response, body) = call(app, "/v1/bare", &[]).await;
    let id = header(&response, "request-id").to_owned();
    assert_eq!(ErrorEnvelope::from_slice(&body).unwrap().request_id(), id);
}

#[tokio::test]
async fn without_the_middleware_a_bare_error_is_still_a_complete_envelope() {
    let forged = HeaderValue::from_static("req_ignored");
    let (response, body) = call(routes(), "/bare", &[("request-id", forged)]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let id = header(&response, "request-id").to_owned();
    assert_shape(&id);
    assert_eq!(ErrorEnvelope::from_slice(&body).unwrap().request_id(), id);
    assert!(response.headers().get("x-client-request-id").is_none());
    let (again, _) = call(routes(), "/bare", &[]).await;
    assert_ne!(header(&again, "request-id"), id);
}
