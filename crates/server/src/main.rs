use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use samskab_server::{AppState, Creation, Options, SqliteStore, app};
use tracing_subscriber::EnvFilter;

/// Serves the Samskab PWA and syncs devices.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Config {
    /// Address to listen on.
    #[arg(long, env = "SAMSKAB_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory with the built PWA (Trunk's `dist`).
    #[arg(long, env = "SAMSKAB_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Directory for the database file (`samskab.sqlite`); created if missing.
    #[arg(long, env = "SAMSKAB_DATA", default_value = "data")]
    data: PathBuf,
    /// Log filter, e.g. `info` or `samskab_server=debug`.
    #[arg(long, env = "SAMSKAB_LOG", default_value = "info")]
    log: String,
    /// The key that lets a coordinator put a new programme on this server. Without one,
    /// anyone may on a loopback address, and nobody elsewhere.
    #[arg(long, env = "SAMSKAB_ADMIN_KEY", hide_env_values = true)]
    admin_key: Option<String>,
    /// A header a trusted reverse proxy sets to the client's address, e.g.
    /// `X-Forwarded-For` (for rate limits). Set it only behind such a proxy.
    #[arg(long, env = "SAMSKAB_CLIENT_IP_HEADER")]
    client_ip_header: Option<axum::http::HeaderName>,
    /// The server is reached over HTTPS (a proxy terminates TLS): send HSTS.
    #[arg(long, env = "SAMSKAB_HTTPS")]
    https: bool,
    /// Join attempts allowed per client address and minute.
    #[arg(long, env = "SAMSKAB_JOIN_ATTEMPTS", default_value_t = samskab_server::JOIN_ATTEMPTS)]
    join_attempts: u32,
    /// New programmes allowed per client address and ten minutes.
    #[arg(long, env = "SAMSKAB_CREATE_ATTEMPTS", default_value_t = samskab_server::CREATE_ATTEMPTS)]
    create_attempts: u32,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log)?)
        .init();
    if !config.dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build the app first (scripts/dev run)",
            config.dist.display()
        )
        .into());
    }
    std::fs::create_dir_all(&config.data)?;
    let database = config.data.join("samskab.sqlite");
    let store = SqliteStore::open(&database).await?;
    tracing::info!("database {}", database.display());
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    println!("Samskab is running on http://{}", listener.local_addr()?);
    // Behind a reverse proxy (which the client address header says) a loopback address
    // is reachable from anywhere: no new programmes without the operator's key then.
    let local = config.addr.ip().is_loopback() && config.client_ip_header.is_none();
    let creation = Creation::configured(config.admin_key.as_deref(), local);
    match creation {
        Creation::Closed => {
            tracing::warn!("no SAMSKAB_ADMIN_KEY: this server takes no new programmes");
        }
        Creation::Open => tracing::info!("anyone reaching this address may add a programme"),
        Creation::Key(_) => {}
    }
    let state = AppState {
        dist: config.dist,
        store,
        options: Options {
            creation,
            client_ip_header: config.client_ip_header,
            https: config.https,
            join_attempts: config.join_attempts,
            create_attempts: config.create_attempts,
            ..Options::default()
        },
    };
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
    tracing::info!("shutting down");
}
