//! The real server binary, killed with SIGKILL again and again while clients push:
//! afterwards every acknowledged operation is stored, exactly once. And stopped with
//! SIGTERM: it exits cleanly.
#![cfg(unix)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use samskab_domain::clock::system_clock;
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op};
use serde_json::{Value, json};

/// A minimal HTTP/1.1 exchange; `None` when the server is not there or dies mid-way.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    let (_, payload) = response.split_once("\r\n\r\n")?;
    Some((status, serde_json::from_str(payload).ok()?))
}

fn start(addr: SocketAddr, data: &Path, dist: &Path) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_samskab-server"))
        .args(["--addr", &addr.to_string(), "--log", "error", "--dist"])
        .arg(dist)
        .arg("--data")
        .arg(data)
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let deadline = Instant::now() + Duration::from_secs(20);
    while http(addr, "GET", "/healthz", "", "").is_none() {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn every_acknowledged_operation_survives_kill_9_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let (data, dist) = (dir.path().join("data"), dir.path().join("dist"));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<title>Samskab</title>").unwrap();
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut server = start(addr, &data, &dist);
    let (_, created) = http(
        addr,
        "POST",
        "/api/v1/programmes",
        "",
        &json!({ "programme": "prog", "device": "000000000000000000000000000000aa" }).to_string(),
    )
    .unwrap();
    let token = created["token"].as_str().unwrap().to_owned();

    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (1..=4u128)
        .map(|device| {
            let (acknowledged, stop, token) = (acknowledged.clone(), stop.clone(), token.clone());
            std::thread::spawn(move || {
                let clock = Clock::new(DeviceId::new(device).unwrap(), system_clock);
                let mut pending: Vec<Op> = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    // A batch stays pending until acknowledged, then the next one is made,
                    // as the app's outbox does; resending is harmless.
                    if pending.is_empty() {
                        pending = (0..25)
                            .map(|i| {
                                Edit::set(
                                    EntityKind::Partner,
                                    &format!("d{device}-{i}"),
                                    "name",
                                    "x",
                                )
                                .stamped(clock.now())
                            })
                            .collect();
                    }
                    let body = json!({ "ops": pending }).to_string();
                    match http(addr, "POST", "/api/v1/push", &token, &body) {
                        Some((200, _)) => acknowledged
                            .lock()
                            .unwrap()
                            .extend(pending.drain(..).map(|op| op.stamp.to_string())),
                        _ => std::thread::sleep(Duration::from_millis(10)),
                    }
                }
            })
        })
        .collect();

    for _ in 0..6 {
        std::thread::sleep(Duration::from_millis(400));
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush
        server.wait().unwrap();
        server = start(addr, &data, &dist);
    }
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let mut server = start(addr, &data, &dist);

    let mut stored: Vec<String> = Vec::new();
    let mut since = 0;
    loop {
        let (status, page) = http(
            addr,
            "GET",
            &format!("/api/v1/pull?since={since}&limit=1000"),
            &token,
            "",
        )
        .unwrap();
        assert_eq!(status, 200, "{page}");
        stored.extend(
            page["ops"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["op"]["stamp"].as_str().unwrap().to_owned()),
        );
        since = page["next"].as_i64().unwrap();
        if page["more"] == false {
            break;
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let acknowledged = acknowledged.lock().unwrap();
    assert!(
        acknowledged.len() > 500,
        "the clients got through: {}",
        acknowledged.len()
    );
    let mut unique = stored.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), stored.len(), "an operation was stored twice");
    let stored: std::collections::BTreeSet<&String> = stored.iter().collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|s| !stored.contains(s))
        .collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged operations were lost",
        lost.len()
    );
}

/// Configured through the environment and stopped with SIGTERM (as a service manager
/// does): the server finishes cleanly, and what it acknowledged is there after a restart.
#[test]
fn sigterm_stops_the_server_cleanly_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (data, dist) = (dir.path().join("data"), dir.path().join("dist"));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<title>Samskab</title>").unwrap();
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_samskab-server"))
        .env("SAMSKAB_ADDR", addr.to_string())
        .env("SAMSKAB_DIST", &dist)
        .env("SAMSKAB_DATA", &data)
        .env("SAMSKAB_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server");
    let deadline = Instant::now() + Duration::from_secs(20);
    while http(addr, "GET", "/healthz", "", "").is_none() {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (_, created) = http(
        addr,
        "POST",
        "/api/v1/programmes",
        "",
        &json!({ "programme": "prog", "device": "000000000000000000000000000000aa" }).to_string(),
    )
    .unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    let clock = Clock::new(DeviceId::new(5).unwrap(), system_clock);
    let op = Edit::set(EntityKind::Partner, "p", "name", "Solhaven").stamped(clock.now());
    let (status, _) = http(
        addr,
        "POST",
        "/api/v1/push",
        &token,
        &json!({ "ops": [op] }).to_string(),
    )
    .unwrap();
    assert_eq!(status, 200);

    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = server.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        exit.success(),
        "a clean exit, not death by signal: {exit:?}"
    );

    let mut server = start(addr, &data, &dist);
    let (_, page) = http(addr, "GET", "/api/v1/pull?since=0", &token, "").unwrap();
    assert_eq!(page["ops"].as_array().unwrap().len(), 1);
    let _ = server.kill();
    let _ = server.wait();
}
