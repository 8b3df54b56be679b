//! What the `request_ids` middleware keeps and changes in catalog error
//! responses: parts set by handlers and inner layers survive, the status is
//! the catalog's, header and body carry one id.
#![cfg(feature = "axum")]

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use hasp_errors::axum::{ErrorResponse, RequestId, request_ids};
use hasp_errors::{ErrorEnvelope, HaspError, RateLimitedDetails};
use tower::ServiceExt;

fn rate_limited() -> HaspError {
    HaspError::RateLimited(RateLimitedDetails::new(3))
}

/// A response extension, as handlers and layers add them.
#[derive(Debug, Clone, PartialEq)]
struct Trace(&'static str);

async fn send(router: Router, request: Request) -> (Response, Vec<u8>) {
    let response = router.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

async fn post_to(router: Router, path: &str) -> (Response, Vec<u8>) {
    send(router, Request::post(path).body(Body::empty()).unwrap()).await
}

fn with_ids(router: Router) -> Router {
    router.layer(middleware::from_fn(request_ids))
}

fn header<'a>(response: &'a Response, name: &str) -> &'a str {
    response.headers()[name].to_str().unwrap()
}

fn all<'a>(response: &'a Response, name: &str) -> Vec<&'a str> {
    let values = response.headers().get_all(name).iter();
    values.map(|v| v.to_str().unwrap()).collect()
}

/// The envelope, checked to carry the `request-id` header's id.
fn envelope(response: &Response, body: &[u8]) -> ErrorEnvelope {
    let envelope = ErrorEnvelope::from_slice(body).unwrap();
    assert_eq!(all(response, "request-id"), [envelope.request_id()]);
    envelope
}

async fn decorated() -> impl IntoResponse {
    (
        AppendHeaders([(SET_COOKIE, "a=1"), (SET_COOKIE, "b=2")]),
        [("x-trace", "t")],
        Extension(Trace("handler")),
        rate_limited(),
    )
}

#[tokio::test]
async fn headers_cookies_and_extensions_of_the_handler_are_kept() {
    let seen_id = |Extension(id): Extension<RequestId>| async move {
        (
            AppendHeaders([(SET_COOKIE, "a=1"), (SET_COOKIE, "b=2")]),
            [("x-trace", id.to_string())],
            rate_limited(),
        )
    };
    let app = Router::new()
        .route("/decorated", post(decorated))
        .route("/seen", post(seen_id));
    for router in [app.clone(), with_ids(app)] {
        let (response, body) = post_to(router.clone(), "/decorated").await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(all(&response, "set-cookie"), ["a=1", "b=2"]);
        assert_eq!(header(&response, "x-trace"), "t");
        assert_eq!(response.extensions().get(), Some(&Trace("handler")));
        assert_eq!(header(&response, "retry-after"), "3");
        assert_eq!(header(&response, "x-should-retry"), "true");
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            envelope(&response, &body).to_error().unwrap(),
            rate_limited()
        );
    }
    let (response, body) = post_to(
        with_ids(Router::new().route("/seen", post(seen_id))),
        "/seen",
    )
    .await;
    assert_eq!(all(&response, "set-cookie"), ["a=1", "b=2"]);
    assert_eq!(
        envelope(&response, &body).request_id(),
        header(&response, "x-trace")
    );
}

#[tokio::test]
async fn parts_added_by_inner_layers_are_kept() {
    async fn inner_middleware(request: Request, next: Next) -> Response {
        let mut response = next.run(request).await;
        response
            .headers_mut()
            .append(SET_COOKIE, HeaderValue::from_static("c=3"));
        response.extensions_mut().insert(Trace("inner middleware"));
        response
    }
    let tower_layer = tower::util::MapResponseLayer::new(|mut response: Response| {
        let headers = response.headers_mut();
        headers.insert("x-tower", HeaderValue::from_static("yes"));
        response
    });
    let app = Router::new()
        .route("/decorated", post(decorated))
        .layer(middleware::from_fn(inner_middleware))
        .layer(middleware::map_response(
            |mut response: Response| async move {
                response
                    .headers_mut()
                    .insert("x-mapped", HeaderValue::from_static("yes"));
                response
            },
        ))
        .layer(tower_layer);
    let (response, body) = post_to(with_ids(app), "/decorated").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(all(&response, "set-cookie"), ["a=1", "b=2", "c=3"]);
    assert_eq!(header(&response, "x-trace"), "t");
    assert_eq!(header(&response, "x-mapped"), "yes");
    assert_eq!(header(&response, "x-tower"), "yes");
    assert_eq!(
        response.extensions().get(),
        Some(&Trace("inner middleware"))
    );
    envelope(&response, &body);
}

/// An inner layer that rewrites the body (as compression does) sees the
/// final envelope, and its work is kept.
#[tokio::test]
async fn inner_layers_see_the_final_body_and_their_body_is_kept() {
    async fn pretty(request: Request, next: Next) -> Response {
        let id = request.extensions().get::<RequestId>().cloned().unwrap();
        let (mut parts, body) = next.run(request).await.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
        let envelope = ErrorEnvelope::from_slice(&bytes).unwrap();
        // The body already carries the request's id, not one of its own.
        assert_eq!(envelope.request_id(), id.as_str());
        let rewritten = format!("{}\n", String::from_utf8_lossy(&bytes));
        parts
            .headers
            .insert(CONTENT_LENGTH, HeaderValue::from(rewritten.len()));
        parts
            .headers
            .insert("x-rewritten", HeaderValue::from_static("yes"));
        Response::from_parts(parts, Body::from(rewritten))
    }
    let app = Router::new()
        .route("/decorated", post(decorated))
        .layer(middleware::from_fn(pretty));
    let (response, body) = post_to(with_ids(app), "/decorated").await;
    assert_eq!(header(&response, "x-rewritten"), "yes");
    assert!(body.ends_with(b"}\n"));
    assert_eq!(header(&response, "content-length"), body.len().to_string());
    assert_eq!(all(&response, "set-cookie"), ["a=1", "b=2"]);
    envelope(&response, &body);
}

/// A bare error rendered where the middleware cannot reach (a spawned
/// task) carries a generated id; the middleware renders the body again
/// with the request's id and keeps everything else.
#[tokio::test]
async fn an_error_rendered_out_of_reach_is_rendered_again_keeping_its_parts() {
    async fn elsewhere(request: Request, next: Next) -> Response {
        let mut response = tokio::spawn(next.run(request)).await.unwrap();
        let headers = response.headers_mut();
        // As a compression layer would say (the body is left as it is).
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("1"));
        response
    }
    let app = Router::new()
        .route("/decorated", post(decorated))
        .route(
            "/seen",
            post(|Extension(id): Extension<RequestId>| async move {
                ([("x-seen", id.to_string())], HaspError::InternalError)
            }),
        )
        .layer(middleware::from_fn(elsewhere));
    let (response, body) = post_to(with_ids(app.clone()), "/decorated").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(all(&response, "set-cookie"), ["a=1", "b=2"]);
    assert_eq!(header(&response, "x-trace"), "t");
    assert_eq!(response.extensions().get(), Some(&Trace("handler")));
    assert_eq!(header(&response, "retry-after"), "3");
    assert!(response.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(header(&response, "content-length"), body.len().to_string());
    envelope(&response, &body);

    let (response, body) = post_to(with_ids(app), "/seen").await;
    assert_eq!(
        envelope(&response, &body).request_id(),
        header(&response, "x-seen")
    );
}

/// The status is the catalog's: a contradicting one set by the handler is
/// replaced, as the body names the code and clients pick the exception
/// class from the status.
#[tokio::test]
async fn the_status_is_the_catalogs_whatever_the_handler_set() {
    let app = Router::new()
        .route(
            "/bare",
            post(|| async { (StatusCode::BAD_REQUEST, rate_limited()) }),
        )
        .route(
            "/ok",
            post(|| async { (StatusCode::OK, HaspError::InvalidApiKey) }),
        )
        .route(
            "/explicit",
            post(|| async {
                let error = ErrorResponse::new(rate_limited(), "Slow down.", "req_1");
                (StatusCode::SERVICE_UNAVAILABLE, error)
            }),
        )
        .route(
            "/result",
            post(|| async {
                Err::<String, _>((StatusCode::IM_A_TEAPOT, HaspError::InternalError))
            }),
        );
    for (path, status, code) in [
        ("/bare", 429, "RATE_LIMITED"),
        ("/ok", 401, "INVALID_API_KEY"),
        ("/explicit", 429, "RATE_LIMITED"),
        ("/result", 500, "INTERNAL_ERROR"),
    ] {
        let (response, body) = post_to(with_ids(app.clone()), path).await;
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(envelope(&response, &body).body().code(), code, "{path}");
    }
}

/// Nothing runs after a handler without the middleware: axum applies the
/// handler's status after the error's own (documented limitation).
#[tokio::test]
async fn without_the_middleware_the_handlers_status_is_applied_last() {
    let app = Router::new().route(
        "/",
        post(|| async { (StatusCode::BAD_REQUEST, rate_limited()) }),
    );
    let (response, body) = post_to(app, "/").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(envelope(&response, &body).body().code(), "RATE_LIMITED");
}

/// `content-type`, `x-should-retry` and `retry-after` set by the handler are
/// the handler's, with and without the middleware.
#[tokio::test]
async fn catalog_headers_the_handler_set_are_kept() {
    async fn tuned() -> impl IntoResponse {
        (
            [
                ("x-should-retry", "false"),
                ("retry-after", "10"),
                ("content-type", "application/json; charset=utf-8"),
            ],
            rate_limited(),
        )
    }
    async fn added() -> impl IntoResponse {
        ([("retry-after", "5")], HaspError::InternalError)
    }
    let app = Router::new()
        .route("/tuned", post(tuned))
        .route("/added", post(added));
    for router in [app.clone(), with_ids(app)] {
        let (response, body) = post_to(router.clone(), "/tuned").await;
        assert_eq!(all(&response, "x-should-retry"), ["false"]);
        assert_eq!(all(&response, "retry-after"), ["10"]);
        assert_eq!(
            all(&response, "content-type"),
            ["application/json; charset=utf-8"]
        );
        assert_eq!(
            envelope(&response, &body).to_error().unwrap(),
            rate_limited()
        );

        let (response, body) = post_to(router, "/added").await;
        assert_eq!(all(&response, "x-should-retry"), ["true"]);
        assert_eq!(all(&response, "retry-after"), ["5"]);
        envelope(&response, &body);
    }
}

#[tokio::test]
async fn a_request_id_header_set_by_the_handler_follows_the_body() {
    let app = Router::new()
        .route(
            "/bare",
            post(|| async { ([("request-id", "req_handler")], rate_limited()) }),
        )
        .route(
            "/explicit",
            post(|| async {
                let error = ErrorResponse::new(rate_limited(), "Slow down.", "req_chosen");
                (
                    AppendHeaders([("request-id", "a"), ("request-id", "b")]),
                    error,
                )
            }),
        )
        .route(
            "/unprintable",
            post(|| async {
                let error = ErrorResponse::new(rate_limited(), "Slow down.", "req\n1");
                ([("request-id", "req_handler")], error)
            }),
        )
        .route(
            "/ok",
            post(|| async { ([("request-id", "req_handler")], "fine") }),
        );
    let (response, body) = post_to(with_ids(app.clone()), "/bare").await;
    assert_ne!(envelope(&response, &body).request_id(), "req_handler");

    let (response, body) = post_to(with_ids(app.clone()), "/explicit").await;
    assert_eq!(envelope(&response, &body).request_id(), "req_chosen");

    // An id that is no header value stays in the body only.
    let (response, body) = post_to(with_ids(app.clone()), "/unprintable").await;
    assert!(response.headers().get("request-id").is_none());
    assert_eq!(
        ErrorEnvelope::from_slice(&body).unwrap().request_id(),
        "req\n1"
    );

    // A response that is no catalog error keeps the handler's.
    let (response, _) = post_to(with_ids(app), "/ok").await;
    assert_eq!(all(&response, "request-id"), ["req_handler"]);
}

#[tokio::test]
async fn fallbacks_nested_routers_and_method_errors_get_ids() {
    let nested = Router::new()
        .route("/bare", post(decorated))
        .fallback(|| async { (StatusCode::OK, HaspError::ResourceNotFound) });
    let app = Router::new()
        .nest("/v1", nested)
        .route("/only-get", get(|| async { "got" }))
        .fallback(|| async { HaspError::ResourceNotFound });
    for path in ["/v1/bare", "/v1/nothing", "/nothing"] {
        let (response, body) = post_to(with_ids(app.clone()), path).await;
        let expected = if path == "/v1/bare" { 429 } else { 404 };
        assert_eq!(response.status(), expected, "{path}");
        let id = envelope(&response, &body).request_id().to_owned();
        assert!(id.starts_with("req_"), "{path}");
    }
    // axum's own 405 and default 404 still get a request-id.
    let (response, _) = post_to(with_ids(app), "/only-get").await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(header(&response, "request-id").starts_with("req_"));
    let plain = Router::new().route("/x", get(|| async { "x" }));
    let (response, _) = post_to(with_ids(plain), "/nothing").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(header(&response, "request-id").starts_with("req_"));
}

/// Streaming bodies pass through unbuffered: a response whose body is the
/// request's (still open) body is answered before the request ends.
#[tokio::test]
async fn streaming_bodies_are_not_buffered() {
    use std::io::{Read, Write};

    let app = with_ids(Router::new().route(
        "/echo",
        post(|request: Request| async move {
            ([(CONTENT_TYPE, "text/event-stream")], request.into_body())
        }),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let client = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(
                b"POST /echo HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n\
                  6\r\nfirst!\r\n",
            )
            .unwrap();
        let mut seen = Vec::new();
        let mut buf = [0; 1024];
        while !String::from_utf8_lossy(&seen).contains("first!") {
            let n = stream
                .read(&mut buf)
                .expect("the first chunk, before the request ends");
            assert!(n > 0, "closed: {}", String::from_utf8_lossy(&seen));
            seen.extend_from_slice(&buf[..n]);
        }
        String::from_utf8(seen).unwrap()
    });
    let head = client.await.unwrap().to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("\r\nrequest-id: req_"), "{head}");
    server.abort();
}

/// Requests served at once on several threads, each yielding before it
/// fails, each get their own id in the body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_each_get_their_own_id() {
    let app = with_ids(Router::new().route(
        "/slow",
        post(|Extension(id): Extension<RequestId>| async move {
            for _ in 0..5 {
                tokio::task::yield_now().await;
            }
            ([("x-seen", id.to_string())], HaspError::InternalError)
        }),
    ));
    let tasks: Vec<_> = (0..200)
        .map(|_| tokio::spawn(post_to(app.clone(), "/slow")))
        .collect();
    let mut ids = std::collections::HashSet::new();
    for task in tasks {
        let (response, body) = task.await.unwrap();
        let id = envelope(&response, &body).request_id().to_owned();
        assert_eq!(id, header(&response, "x-seen"));
        assert!(ids.insert(id));
    }
}

/// An `ErrorResponse` is an error like any other (`?`, logging): its
/// `Display` says the code, the message and the request id, and it has no
/// `source` (the catalog error is in its `Display`, not shown twice).
#[test]
fn an_error_response_is_an_error() {
    let response = ErrorResponse::new(HaspError::InternalError, "Boom.", "req_7");
    let shown = response.to_string();
    assert!(shown.starts_with("INTERNAL_ERROR"), "{shown}");
    assert!(
        shown.contains("\"Boom.\"") && shown.contains("req_7"),
        "{shown}"
    );
    let error: &dyn std::error::Error = &response;
    assert!(error.source().is_none());
    fn handler() -> Result<(), Box<dyn std::error::Error>> {
        Err(ErrorResponse::new(
            HaspError::InternalError,
            "Boom.",
            "req_8",
        ))?;
        Ok(())
    }
    assert!(handler().unwrap_err().to_string().contains("req_8"));
}

/// A catalog error response an inner layer turned into another kind of
/// response, keeping its extensions (a page, a redirect), is left as that:
/// its status, body and content type are not put back.
#[tokio::test]
async fn a_response_an_inner_layer_made_another_kind_is_left_alone() {
    async fn page(request: Request, next: Next) -> Response {
        let response = next.run(request).await;
        if response.status() != StatusCode::NOT_FOUND {
            return response;
        }
        let (mut parts, _) = response.into_parts();
        parts.status = StatusCode::OK;
        parts
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        parts.headers.remove(CONTENT_LENGTH);
        Response::from_parts(parts, Body::from("<html>app</html>"))
    }
    async fn redirect(request: Request, next: Next) -> Response {
        let response = next.run(request).await;
        if response.status() != StatusCode::UNAUTHORIZED {
            return response;
        }
        let (mut parts, _) = response.into_parts();
        parts.status = StatusCode::FOUND;
        parts
            .headers
            .insert("location", HeaderValue::from_static("/login"));
        Response::from_parts(parts, Body::empty())
    }
    async fn elsewhere_then_page(request: Request, next: Next) -> Response {
        let response = tokio::spawn(next.run(request)).await.unwrap();
        let (mut parts, _) = response.into_parts();
        parts
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        parts.headers.remove(CONTENT_LENGTH);
        Response::from_parts(parts, Body::from("<h1>Not found</h1>"))
    }
    let app = Router::new()
        .route("/login-needed", get(|| async { HaspError::InvalidApiKey }))
        .fallback(|| async { HaspError::ResourceNotFound })
        .layer(middleware::from_fn(page))
        .layer(middleware::from_fn(redirect));
    let get_from = |app: Router, path: &'static str| async move {
        let response = with_ids(app)
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (Response::from_parts(parts, Body::empty()), body.to_vec())
    };
    let (response, body) = get_from(app.clone(), "/some/page").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body, b"<html>app</html>");
    assert!(response.headers().contains_key("request-id"));
    let (response, body) = get_from(app, "/login-needed").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(header(&response, "location"), "/login");
    assert!(body.is_empty());
    // Rendered out of reach, then made a page: not rendered again.
    let app = Router::new()
        .fallback(|| async { HaspError::ResourceNotFound })
        .layer(middleware::from_fn(elsewhere_then_page));
    let (response, body) = get_from(app, "/gone").await;
    assert_eq!(header(&response, "content-type"), "text/html");
    assert_eq!(body, b"<h1>Not found</h1>");
}

/// A handler may say its error is `application/problem+json` (or any JSON
/// type, in any case) or give it a redirect status: it is still a catalog
/// error response, its status and request id put back.
#[tokio::test]
async fn a_json_type_or_a_redirect_status_from_the_handler_is_still_an_error_response() {
    let app = Router::new()
        .route(
            "/problem",
            post(|| async {
                (
                    StatusCode::BAD_REQUEST,
                    [
                        (CONTENT_TYPE, "application/problem+json"),
                        (
                            axum::http::header::HeaderName::from_static("request-id"),
                            "stale",
                        ),
                    ],
                    HaspError::InvalidApiKey,
                )
            }),
        )
        .route(
            "/upper",
            post(|| async {
                (
                    StatusCode::BAD_REQUEST,
                    [(CONTENT_TYPE, "Application/JSON; charset=utf-8")],
                    HaspError::InvalidApiKey,
                )
            }),
        )
        .route(
            "/redirect",
            post(|| async { (StatusCode::TEMPORARY_REDIRECT, HaspError::InvalidApiKey) }),
        );
    for path in ["/problem", "/upper", "/redirect"] {
        let (response, body) = post_to(with_ids(app.clone()), path).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        let envelope = ErrorEnvelope::from_slice(&body).unwrap();
        assert_eq!(
            header(&response, "request-id"),
            envelope.request_id(),
            "{path}"
        );
    }
}
