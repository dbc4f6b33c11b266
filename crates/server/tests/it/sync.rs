//! The sync API against a real SQLite file in a temporary directory.

use crate::common::{Server, ops, seqs};
use axum::http::StatusCode;
use samskab_domain::clock::system_clock;
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op};
use serde_json::{Value, json};

#[tokio::test]
async fn a_pushed_batch_is_stored_once_and_pulled_in_pages() {
    let server = Server::new().await;
    let token = server.programme("prog-1").await;
    let batch = ops(5);
    let (status, reply) = server.push(&token, &batch).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["stored"], 5);
    // The same batch again (a lost acknowledgement): nothing changes.
    let (_, again) = server.push(&token, &batch).await;
    assert_eq!(
        (again["stored"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(again["last_seq"], reply["last_seq"]);

    let (status, first) = server.pull(&token, 0, 2).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["more"], true);
    assert_eq!(seqs(&first).len(), 2);
    let (_, second) = server
        .pull(&token, first["next"].as_i64().unwrap(), 2)
        .await;
    let (_, third) = server
        .pull(&token, second["next"].as_i64().unwrap(), 2)
        .await;
    assert_eq!(third["more"], false);
    let all: Vec<i64> = [&first, &second, &third]
        .iter()
        .flat_map(|p| seqs(p))
        .collect();
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|w| w[0] < w[1]), "ascending: {all:?}");
    let pulled: Vec<Op> = [&first, &second, &third]
        .iter()
        .flat_map(|p| p["ops"].as_array().unwrap().clone())
        .map(|o| serde_json::from_value(o["op"].clone()).unwrap())
        .collect();
    assert_eq!(pulled, batch);
    let (_, empty) = server
        .pull(&token, third["next"].as_i64().unwrap(), 2)
        .await;
    assert_eq!(seqs(&empty), Vec::<i64>::new());
    assert_eq!(empty["next"], third["next"]);

    // Acknowledged means committed: after a restart everything is there.
    let server = server.restart().await;
    let (_, after) = server.pull(&token, 0, 100).await;
    assert_eq!(seqs(&after), all);
}

#[tokio::test]
async fn a_token_reaches_only_its_own_programme() {
    let server = Server::new().await;
    let first = server.programme("prog-1").await;
    let second = server.programme("prog-2").await;
    server.push(&first, &ops(3)).await;
    let (_, theirs) = server.pull(&second, 0, 100).await;
    assert_eq!(seqs(&theirs), Vec::<i64>::new());
    // A programme already on the server cannot be taken over by registering it again.
    let (status, body) = server
        .call(
            "POST",
            "/api/v1/programmes",
            None,
            Some(
                json!({ "programme": "prog-1", "device": crate::common::device("intruder").to_string() })
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"].as_str().unwrap().contains("invite"));
    // Without a token, or with a wrong one: 401, as JSON.
    for token in [None, Some("not-a-token")] {
        let (status, body) = server
            .call("GET", "/api/v1/pull?since=0", token, None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(body["error"].is_string());
        let (status, _) = server
            .call("POST", "/api/v1/push", token, Some(r#"{"ops":[]}"#.into()))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_a_json_error_and_nothing_is_stored() {
    let server = Server::new().await;
    let token = server.programme("prog-1").await;
    let good = serde_json::to_value(&ops(1)[0]).unwrap();
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut op = good.clone();
        edit(&mut op);
        json!({ "ops": [good.clone(), op] }).to_string()
    };
    let far_future = {
        let clock = Clock::new(DeviceId::new(8).unwrap(), || {
            samskab_domain::clock::ntp64_from_unix_millis(4_102_444_800_000.0) // 2100
        });
        let op = Edit::set(EntityKind::Partner, "x", "name", "Fremtid").stamped(clock.now());
        json!({ "ops": [op] }).to_string()
    };
    let other_programme = {
        let clock = Clock::new(DeviceId::new(9).unwrap(), system_clock);
        let op = Edit::set(
            EntityKind::Programme,
            "prog-2",
            "municipality",
            "Ikke vores",
        )
        .stamped(clock.now());
        json!({ "ops": [op] }).to_string()
    };
    let cases: Vec<(&str, String, StatusCode, &str)> = vec![
        (
            "malformed JSON",
            "{\"ops\": [".into(),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            "wrong type",
            r#"{"ops": "many"}"#.into(),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            "unknown top-level field",
            r#"{"ops": [], "admin": true}"#.into(),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            "unknown kind",
            with(&|op| op["kind"] = json!("resident")),
            StatusCode::BAD_REQUEST,
            "operation 1",
        ),
        (
            "unknown field",
            with(&|op| op["change"]["field"] = json!("cpr")),
            StatusCode::BAD_REQUEST,
            "no field",
        ),
        (
            "value too large",
            with(&|op| op["change"]["value"] = json!("x".repeat(70_000))),
            StatusCode::BAD_REQUEST,
            "larger",
        ),
        (
            "bad stamp",
            with(&|op| op["stamp"] = json!("yesterday")),
            StatusCode::BAD_REQUEST,
            "operation 1",
        ),
        (
            "far future",
            far_future,
            StatusCode::BAD_REQUEST,
            "too far ahead",
        ),
        (
            "a note that claims to have seen itself",
            with(&|op| {
                op["kind"] = json!("task_tick");
                op["entity"] = json!("A:p1.municipality.take_initiative");
                op["change"] =
                    json!({"type": "set", "field": "note", "value": "x", "base": op["stamp"]});
            }),
            StatusCode::BAD_REQUEST,
            "base",
        ),
        (
            "a child id whose item is not in the model",
            with(&|op| {
                op["kind"] = json!("task_tick");
                op["entity"] = json!("A:p9.nothing");
                op["change"] = json!({"type": "set", "field": "done", "value": true});
            }),
            StatusCode::BAD_REQUEST,
            "parent:item",
        ),
        (
            "a child whose field disagrees with its id",
            with(&|op| {
                op["kind"] = json!("visit_occurrence");
                op["entity"] = json!("s1:2026-12-01");
                op["change"] = json!({"type": "set", "field": "date", "value": "2026-12-24"});
            }),
            StatusCode::BAD_REQUEST,
            "disagrees",
        ),
        (
            "a redacted copy",
            with(&|op| op["redacted"] = json!(true)),
            StatusCode::BAD_REQUEST,
            "redacted",
        ),
        (
            "an erasure of anything but a volunteer",
            with(&|op| op["change"] = json!({"type": "erase"})),
            StatusCode::BAD_REQUEST,
            "only a volunteer",
        ),
        (
            "another programme",
            other_programme,
            StatusCode::FORBIDDEN,
            "another programme",
        ),
        (
            "body over the limit",
            format!(r#"{{"ops": ["{}"]}}"#, "x".repeat(5 * 1024 * 1024)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too large",
        ),
    ];
    for (what, body, status, message) in cases {
        let (got, reply) = server
            .call("POST", "/api/v1/push", Some(&token), Some(body))
            .await;
        assert_eq!(got, status, "{what}: {reply}");
        let error = reply["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: {reply}"));
        assert!(error.contains(message), "{what}: {error}");
        if message.starts_with("too far") {
            assert_eq!(
                (reply["operation"].as_u64(), reply["reason"].as_str()),
                (Some(0), Some("clock"))
            );
        }
    }
    let (_, page) = server.pull(&token, 0, 100).await;
    assert_eq!(seqs(&page), Vec::<i64>::new(), "nothing was stored");
    for query in ["since=-1", "since=abc", "limit=5"] {
        let (status, reply) = server
            .call("GET", &format!("/api/v1/pull?{query}"), Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {reply}");
        assert!(reply["error"].is_string());
    }
    // And the server keeps serving.
    let (status, reply) = server.push(&token, &ops(2)).await;
    assert_eq!(
        (status, reply["stored"].as_u64()),
        (StatusCode::OK, Some(2))
    );
}
