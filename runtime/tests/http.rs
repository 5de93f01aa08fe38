//! The HTTP client against a local server: paging and delta links, path encoding, query
//! options, empty answers, service errors, retries and token handling.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use graph_runtime::http::mock::{MockResponse, MockServer, RecordedRequest};
use graph_runtime::http::{
    odata_string, Client, Content, Error, Method, NoContent, Page, RetryPolicy,
};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
struct Person {
    id: String,
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .service_root(server.url())
        .token("token-for-tests")
        .retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(2),
        })
        .build()
        .expect("the client builds")
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Paging: the next link is requested byte for byte, and the last page's delta link is
/// kept, even though no table lists these annotations.
#[tokio::test(flavor = "current_thread")]
async fn items_follow_next_links_and_keep_the_delta_link() {
    let server = MockServer::start(|request: &RecordedRequest| {
        if request.target.contains("skiptoken") {
            MockResponse::json(
                200,
                r#"{"value": [{"id": "p-3"}],
                   "@odata.deltaLink": "http://elsewhere/v1.0/people/delta?$deltatoken=st%3D%3D"}"#,
            )
        } else {
            MockResponse::json(200, "").body(format!(
                r#"{{"value": [{{"id": "p-1"}}, {{"id": "p-2"}}],
                    "@odata.nextLink": "http://{}/v1.0/people/delta?$skiptoken=pg2%3D%3D&$top=2"}}"#,
                request.header("host").unwrap_or_default()
            ))
        }
    })
    .await
    .unwrap();
    let mut items = client(&server)
        .path("v1.0")
        .segment("people")
        .segment("delta")
        .request::<Page<Person>>(Method::GET)
        .select(["id"])
        .header("ConsistencyLevel", "eventual")
        .items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids, ["p-1", "p-2", "p-3"]);
    assert_eq!(items.pages(), 2);
    assert_eq!(
        items.delta_link(),
        Some("http://elsewhere/v1.0/people/delta?$deltatoken=st%3D%3D")
    );

    let requests = server.requests();
    assert_eq!(requests[0].target, "/v1.0/people/delta?$select=id");
    // The next link exactly as written: `%3D` kept, `$select` not added again.
    assert_eq!(
        requests[1].target,
        "/v1.0/people/delta?$skiptoken=pg2%3D%3D&$top=2"
    );
    assert_eq!(requests[1].header("consistencylevel"), Some("eventual"));
}

/// A stored delta link becomes a request by itself, but only on the client's host.
#[tokio::test(flavor = "current_thread")]
async fn stored_links_are_followed_on_the_service_host_only() {
    let server =
        MockServer::start(|_: &RecordedRequest| MockResponse::json(200, r#"{"value": []}"#))
            .await
            .unwrap();
    let client = client(&server);
    let link = format!("{}/v1.0/people/delta?$deltatoken=abc%2Bdef", server.url());
    let page: Page<Person> = client.follow(&link).unwrap().send().await.unwrap();
    assert!(page.value.is_empty());
    assert_eq!(
        server.requests()[0].target,
        "/v1.0/people/delta?$deltatoken=abc%2Bdef"
    );

    let foreign = client.follow::<Page<Person>>("https://attacker.example/v1.0/people");
    assert!(matches!(foreign, Err(Error::ForeignLink(_))));
    let next_on_other_host = MockServer::start(|_: &RecordedRequest| {
        MockResponse::json(
            200,
            r#"{"value": [{"id": "a"}], "@odata.nextLink": "https://attacker.example/steal"}"#,
        )
    })
    .await
    .unwrap();
    let mut items = self::client(&next_on_other_host)
        .path("v1.0")
        .segment("people")
        .request::<Page<Person>>(Method::GET)
        .items();
    assert_eq!(items.next().await.unwrap().unwrap().id, "a");
    assert!(matches!(
        items.next().await,
        Some(Err(Error::ForeignLink(_)))
    ));
    assert_eq!(next_on_other_host.requests().len(), 1);
}

/// Keys with `#`, `/`, `?`, `%`, spaces or non-ASCII letters stay inside their segment.
#[tokio::test(flavor = "current_thread")]
async fn path_keys_are_percent_encoded() {
    let server = MockServer::start(|_: &RecordedRequest| MockResponse::json(200, r#"{"id": "x"}"#))
        .await
        .unwrap();
    let client = client(&server);
    let cases = [
        (
            "users",
            "guest_partner.test#EXT#@tenant.onmicrosoft.com",
            "/v1.0/users/guest_partner.test%23EXT%23@tenant.onmicrosoft.com",
        ),
        ("messages", "QkFB/r+s=", "/v1.0/messages/QkFB%2Fr+s="),
        ("messages", "100% sure?", "/v1.0/messages/100%25%20sure%3F"),
        ("messages", "Åsa", "/v1.0/messages/%C3%85sa"),
    ];
    for (collection, key, _) in cases {
        let _: Person = client
            .path("v1.0")
            .segment(collection)
            .key(key)
            .request(Method::GET)
            .send()
            .await
            .unwrap();
    }
    let sent: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    let expected: Vec<&str> = cases.iter().map(|(_, _, path)| *path).collect();
    assert_eq!(sent, expected);
}

/// Query options keep their `$`, and a quote inside a string literal is doubled once.
#[tokio::test(flavor = "current_thread")]
async fn query_options_keep_the_dollar_and_escape_literals() {
    let server =
        MockServer::start(|_: &RecordedRequest| MockResponse::json(200, r#"{"value": []}"#))
            .await
            .unwrap();
    let name = "Owner's notes #2";
    let _: Page<Person> = client(&server)
        .path("v1.0")
        .segment("sites")
        .key("root")
        .segment("lists")
        .request(Method::GET)
        .filter(format!("displayName eq {}", odata_string(name)))
        .top(5)
        .count(true)
        .send()
        .await
        .unwrap();
    let target = server.requests()[0].target.clone();
    let query = target.split_once('?').unwrap().1;
    assert!(!query.contains('#') && !query.contains(' '), "{query}");
    let pairs: Vec<(String, String)> = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap())
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "$filter".into(),
                "displayName eq 'Owner''s notes #2'".into()
            ),
            ("$top".into(), "5".into()),
            ("$count".into(), "true".into()),
        ]
    );
}

/// `202` and `204` without a body are results, with status and headers; a model type
/// meeting an empty body keeps the headers in its error.
#[tokio::test(flavor = "current_thread")]
async fn empty_answers_keep_status_and_headers() {
    let server = MockServer::start(|request: &RecordedRequest| {
        if request.path().ends_with("/teams") {
            MockResponse::new(202)
                .header("Location", "/teams('t-9')/operations('op-4')")
                .header("Content-Location", "/teams('t-9')")
        } else {
            MockResponse::new(204)
        }
    })
    .await
    .unwrap();
    let client = client(&server);
    let created: NoContent = client
        .path("v1.0")
        .segment("teams")
        .request(Method::POST)
        .json(&serde_json::json!({"displayName": "Ops"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status.as_u16(), 202);
    assert_eq!(created.location(), Some("/teams('t-9')/operations('op-4')"));
    assert_eq!(created.content_location(), Some("/teams('t-9')"));

    let confirmed = client
        .path("v1.0")
        .segment("riskyUsers")
        .segment("confirmCompromised")
        .request::<NoContent>(Method::POST)
        .send_response()
        .await
        .unwrap();
    assert_eq!(confirmed.status.as_u16(), 204);

    let typed = client
        .path("v1.0")
        .segment("teams")
        .request::<Person>(Method::POST)
        .send()
        .await;
    match typed {
        Err(Error::EmptyBody { status, headers }) => {
            assert_eq!(status.as_u16(), 202);
            assert!(headers.contains_key("location"));
        }
        other => panic!("expected an empty-body error, got {other:?}"),
    }
}

/// The error body becomes a typed error; an inner error date without an offset is kept.
#[tokio::test(flavor = "current_thread")]
async fn service_errors_are_typed() {
    let server = MockServer::start(|_: &RecordedRequest| {
        MockResponse::json(
            404,
            r#"{"error": {"code": "Request_ResourceNotFound",
                "message": "Resource 'ghost@tenant.test' does not exist.",
                "innerError": {"date": "2024-02-29T08:15:00",
                    "request-id": "0f0e0d0c-0000-4000-8000-000000000001",
                    "client-request-id": "c-1"}}}"#,
        )
    })
    .await
    .unwrap();
    let error = client(&server)
        .path("v1.0")
        .segment("users")
        .key("ghost@tenant.test")
        .request::<Person>(Method::GET)
        .send()
        .await
        .unwrap_err();
    let service = error.service().expect("a service error");
    assert_eq!(service.status.as_u16(), 404);
    assert_eq!(service.code, "Request_ResourceNotFound");
    assert_eq!(
        service.message,
        "Resource 'ghost@tenant.test' does not exist."
    );
    assert_eq!(
        service.request_id.as_deref(),
        Some("0f0e0d0c-0000-4000-8000-000000000001")
    );
    let inner = service.inner_error.as_ref().unwrap();
    assert_eq!(inner.date.as_deref(), Some("2024-02-29T08:15:00"));
    assert_eq!(
        inner.date_time().unwrap().to_string(),
        "2024-02-29T08:15:00Z"
    );
    assert!(error.to_string().contains("Request_ResourceNotFound"));
}

/// `429`, `503` and `504` are retried after `Retry-After`, a bounded number of times.
#[tokio::test(flavor = "current_thread")]
async fn throttled_requests_are_retried_a_bounded_number_of_times() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let server = MockServer::start(move |_: &RecordedRequest| {
        match counter.fetch_add(1, Ordering::SeqCst) {
            0 => MockResponse::new(429).header("Retry-After", "1"),
            1 => MockResponse::new(503),
            _ => MockResponse::json(200, r#"{"id": "ok"}"#),
        }
    })
    .await
    .unwrap();
    let started = Instant::now();
    let person: Person = client(&server)
        .path("v1.0")
        .segment("me")
        .request(Method::GET)
        .send()
        .await
        .unwrap();
    assert_eq!(person.id, "ok");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );

    let always = MockServer::start(|_: &RecordedRequest| MockResponse::new(504))
        .await
        .unwrap();
    let error = client(&always)
        .path("v1.0")
        .segment("me")
        .request::<Person>(Method::GET)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(504));
    assert_eq!(always.requests().len(), 3, "one try and two retries");
}

/// The token goes into `Authorization`, and no `Debug` output shows it.
#[tokio::test(flavor = "current_thread")]
async fn the_token_is_sent_but_never_shown() {
    let server = MockServer::start(|_: &RecordedRequest| MockResponse::new(204))
        .await
        .unwrap();
    let client = client(&server);
    let request = client
        .path("v1.0")
        .segment("me")
        .request::<NoContent>(Method::DELETE);
    let shown = format!("{client:?} {request:?}");
    assert!(!shown.contains("token-for-tests"), "{shown}");
    request.send().await.unwrap();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer token-for-tests")
    );
}

/// A redirect that is not followed is content with a `Location`.
#[tokio::test(flavor = "current_thread")]
async fn unfollowed_redirects_are_content() {
    let server = MockServer::start(|_: &RecordedRequest| {
        MockResponse::new(302).header("Location", "https://download.test/report.csv")
    })
    .await
    .unwrap();
    let client = Client::builder()
        .service_root(server.url())
        .token("t")
        .follow_redirects(false)
        .build()
        .unwrap();
    let report: Content = client
        .path("v1.0")
        .segment("reports")
        .segment("getMailboxUsageStorage(period='D7')")
        .request(Method::GET)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status.as_u16(), 302);
    assert_eq!(report.location(), Some("https://download.test/report.csv"));
}
