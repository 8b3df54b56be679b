//! Handlers that return a bare `HaspError`, with and without the
//! `request_ids` middleware.
#![cfg(feature = "axum")]

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router, middleware};
use hasp_errors::axum::{ErrorResponse, RequestId, request_ids};
use hasp_errors::{ErrorEnvelope, HaspError, RateLimitedDetails};
use tower::ServiceExt;

async fn bare() -> Result<String, HaspError> {
    Err(HaspError::RateLimited(RateLimitedDetails::new(3)))
}

async fn explicit(Extension(id): Extension<RequestId>) -> Result<String, ErrorResponse> {
    Err(ErrorResponse::new(
        HaspError::InvalidApiKey,
        format!("Unknown key (logged under {}).", id.as_str()),
        id.as_str(),
    ))
}

async fn ok(Extension(id): Extension<RequestId>) -> String {
    format!("served {}", id.as_str())
}

fn app() -> Router {
    Router::new()
        .route("/bare", post(bare))
        .route("/explicit", post(explicit))
        .route("/ok", post(ok))
        .layer(middleware::from_fn(request_ids))
}

async fn call(router: Router, path: &str, request_id: Option<&str>) -> (Response, Vec<u8>) {
    let mut request = Request::post(path);
    if let Some(id) = request_id {
        request = request.header("request-id", id);
    }
    let response = router
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response.headers()[name].to_str().unwrap()
}

#[tokio::test]
async fn a_bare_error_gets_the_client_request_id_everywhere() {
    let (response, body) = call(app(), "/bare", Some("req_from_client")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&response, "request-id"), "req_from_client");
    assert_eq!(header(&response, "retry-after"), "3");
    assert_eq!(header(&response, "x-should-retry"), "true");
    let envelope = ErrorEnvelope::from_slice(&body).unwrap();
    assert_eq!(envelope.request_id(), "req_from_client");
    assert_eq!(
        envelope.body().message(),
        "RPM or daily request limit exceeded."
    );
    assert_eq!(
        envelope.to_error().unwrap(),
        HaspError::RateLimited(RateLimitedDetails::new(3))
    );
}

#[tokio::test]
async fn without_a_client_id_one_is_generated_and_used_consistently() {
    let (response, body) = call(app(), "/bare", None).await;
    let id = header(&response, "request-id").to_owned();
    assert!(id.starts_with("req_") && id.len() == 24, "{id}");
    assert_eq!(ErrorEnvelope::from_slice(&body).unwrap().request_id(), id);

    // Successful responses carry the id too, and handlers see the same one.
    let (response, body) = call(app(), "/ok", None).await;
    let id = header(&response, "request-id").to_owned();
    assert_eq!(String::from_utf8(body).unwrap(), format!("served {id}"));
}

#[tokio::test]
async fn unusable_client_ids_are_replaced() {
    for bad in ["has space", &"x".repeat(200)] {
        let (response, body) = call(app(), "/bare", Some(bad)).await;
        let id = header(&response, "request-id").to_owned();
        assert!(id.starts_with("req_"), "{bad:?} gave {id}");
        assert_eq!(ErrorEnvelope::from_slice(&body).unwrap().request_id(), id);
    }
}

#[tokio::test]
async fn an_explicit_error_response_is_left_alone() {
    let (response, body) = call(app(), "/explicit", Some("req_7")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&response, "request-id"), "req_7");
    let envelope = ErrorEnvelope::from_slice(&body).unwrap();
    assert_eq!(
        envelope.body().message(),
        "Unknown key (logged under req_7)."
    );
}

#[tokio::test]
async fn without_the_middleware_a_bare_error_is_still_a_complete_envelope() {
    let router = Router::new().route("/bare", post(bare));
    let (response, body) = call(router, "/bare", Some("req_ignored")).await;
    let id = header(&response, "request-id").to_owned();
    assert!(id.starts_with("req_"), "{id}");
    assert_ne!(RequestId::generate().as_str(), id);
    assert_eq!(ErrorEnvelope::from_slice(&body).unwrap().request_id(), id);
}
