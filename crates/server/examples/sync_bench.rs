//! The sync server's benchmark (run by `scripts/dev bench`): starts the release server
//! binary on a fresh database and prints, on loopback,
//! - push and pull of 10,000 operations (batches of 1,000, pages of 1,000);
//! - pull requests per second from 50 concurrent clients (goal >= 5,000/s on 2 cores);
//! - the server's resident memory when idle (goal <= 30 MB).
//!
//! It writes the operations (`ops.json`) and its push and pull times (`sync.json`) to the
//! output directory, where `bench/pouchdb/compare.mjs` replicates the same operations with
//! PouchDB and prints both side by side.
//!
//! `cargo run --release -p samskab-server --example sync_bench -- target/release/samskab-server target/bench`

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use samskab_domain::clock::system_clock;
use samskab_domain::{Clock, DeviceId, Edit, EntityKind, Op};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    addr: SocketAddr,
}

impl Conn {
    async fn open(addr: SocketAddr) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            reader: BufReader::new(stream),
            addr,
        })
    }

    async fn call(&mut self, method: &str, path: &str, token: &str, body: &str) -> (u16, Vec<u8>) {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        self.reader
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).await.unwrap();
        let status: u16 = line[9..12].parse().unwrap();
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut payload = vec![0; length];
        self.reader.read_exact(&mut payload).await.unwrap();
        (status, payload)
    }
}

fn resident_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let binary = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/samskab-server".into());
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(2)
            .unwrap_or_else(|| "target/bench".into()),
    );
    std::fs::create_dir_all(&out).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<title>Samskab</title>").unwrap();
    let addr: SocketAddr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap()
    };
    let mut server = Command::new(&binary)
        .args(["--addr", &addr.to_string(), "--log", "error", "--dist"])
        .arg(dir.path())
        .arg("--data")
        .arg(dir.path().join("data"))
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server binary");
    let mut conn = loop {
        if let Ok(conn) = Conn::open(addr).await {
            break conn;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (_, created) = conn
        .call(
            "POST",
            "/api/v1/programmes",
            "",
            &json!({ "programme": "bench", "device": "000000000000000000000000000000aa" })
                .to_string(),
        )
        .await;
    let token: String = serde_json::from_slice::<Value>(&created).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!(
        "bench: server resident memory, idle        {:.1} MB (goal <= 30 MB)",
        resident_mb(server.id())
    );

    // The coordinator's own device (the one that put the programme on the server).
    let clock = Clock::new(DeviceId::new(0xaa).unwrap(), system_clock);
    let ops: Vec<Op> = (0..10_000)
        .map(|i| {
            Edit::set(
                EntityKind::TaskTick,
                &format!("p{i}:p1.municipality.take_initiative"),
                "note",
                format!("note {i}"),
            )
            .stamped(clock.now())
        })
        .collect();
    let started = Instant::now();
    for batch in ops.chunks(1_000) {
        let (status, _) = conn
            .call(
                "POST",
                "/api/v1/push",
                &token,
                &json!({ "ops": batch }).to_string(),
            )
            .await;
        assert_eq!(status, 200);
    }
    let push = started.elapsed();
    let started = Instant::now();
    let (mut since, mut pulled) = (0, 0);
    loop {
        let (status, body) = conn
            .call(
                "GET",
                &format!("/api/v1/pull?since={since}&limit=1000"),
                &token,
                "",
            )
            .await;
        assert_eq!(status, 200);
        let page: Value = serde_json::from_slice(&body).unwrap();
        pulled += page["ops"].as_array().unwrap().len();
        since = page["next"].as_i64().unwrap();
        if page["more"] == false {
            break;
        }
    }
    let pull = started.elapsed();
    assert_eq!(pulled, ops.len());
    let (push_ms, pull_ms) = (push.as_secs_f64() * 1000.0, pull.as_secs_f64() * 1000.0);
    std::fs::write(out.join("ops.json"), serde_json::to_string(&ops).unwrap()).unwrap();
    std::fs::write(
        out.join("sync.json"),
        json!({ "push_ms": push_ms, "pull_ms": pull_ms }).to_string(),
    )
    .unwrap();
    println!(
        "bench: push 10,000 operations (10 batches)   {:.0} ms",
        push.as_secs_f64() * 1000.0
    );
    println!(
        "bench: pull 10,000 operations (10 pages)     {:.0} ms",
        pull.as_secs_f64() * 1000.0
    );

    // 50 clients each asking for what is new since the latest checkpoint, as idle devices do.
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(5);
    let clients: Vec<_> = (0..50)
        .map(|_| {
            let (done, token) = (done.clone(), token.clone());
            tokio::spawn(async move {
                let mut conn = Conn::open(addr).await.unwrap();
                let path = format!("/api/v1/pull?since={since}&limit=100");
                while Instant::now() < deadline {
                    let (status, _) = conn.call("GET", &path, &token, "").await;
                    assert_eq!(status, 200);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    for client in clients {
        client.await.unwrap();
    }
    let rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    println!("bench: pulls per second, 50 clients          {rate:.0}/s (goal >= 5,000/s)");
    tokio::time::sleep(Duration::from_secs(1)).await;
    println!(
        "bench: server resident memory after the run  {:.1} MB",
        resident_mb(server.id())
    );
    let _ = server.kill();
    let _ = server.wait();
}
