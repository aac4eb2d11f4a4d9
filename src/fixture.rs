//! The loopback HTTP fixture server: files from `harness/fixtures/http/`, plus a delayed
//! route (so concurrency is observable) and a status route. Snippets get its base URL in
//! `MIRROR_HTTP_BASE`; it lives exactly as long as the run.
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

/// Where the served files live, relative to the course root.
pub const FILES_DIR: &str = "harness/fixtures/http";
/// The longest `/delay` a snippet may ask for.
const MAX_DELAY: Duration = Duration::from_secs(30);

/// A running server; dropped (aborted) when the run ends.
pub struct Server {
    pub base_url: String,
    /// The port it listens on (the jail forwards it into a network of its own).
    pub port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves on `listener` (already bound, possibly inside the run's network namespace).
pub fn start(listener: std::net::TcpListener, files: PathBuf) -> std::io::Result<Server> {
    // Every served file must resolve under the folder's real path (no symlink out of it);
    // with no folder at all, every file is not found.
    let files = std::fs::canonicalize(&files).ok();
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                // Out of file descriptors and the like: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            };
            let files = files.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| handle(req, files.clone()));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(Server {
        base_url: format!("http://{addr}"),
        port: addr.port(),
        task,
    })
}

fn respond(
    status: StatusCode,
    content_type: &str,
    body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Full::new(body.into()))
        .expect("valid response")
}

const TEXT: &str = "text/plain; charset=utf-8";

async fn handle(
    req: Request<hyper::body::Incoming>,
    files: Option<PathBuf>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let query = parse_query(req.uri().query().unwrap_or(""));
    let get = |k: &str| {
        query
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if path == "/delay" {
        let ms: u64 = get("ms").and_then(|v| v.parse().ok()).unwrap_or(0);
        let delay = Duration::from_millis(ms).min(MAX_DELAY);
        tokio::time::sleep(delay).await;
        let body = get("body").unwrap_or_else(|| format!("delayed {}ms", delay.as_millis()));
        return Ok(respond(StatusCode::OK, TEXT, body));
    }
    if let Some(code) = path.strip_prefix("/status/") {
        return Ok(
            match code
                .parse::<u16>()
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
            {
                Some(status) => respond(status, TEXT, format!("status {}", status.as_u16())),
                None => respond(StatusCode::BAD_REQUEST, TEXT, "bad status code"),
            },
        );
    }
    let file = files.as_deref().and_then(|root| {
        let joined = safe_join(root, &path)?;
        crate::course::inside::resolve_under(root, &joined)
    });
    Ok(match file {
        Some(file) if file.is_file() => match tokio::fs::read(&file).await {
            Ok(bytes) => respond(StatusCode::OK, content_type(&file), bytes),
            Err(_) => respond(StatusCode::INTERNAL_SERVER_ERROR, TEXT, "cannot read file"),
        },
        _ => respond(StatusCode::NOT_FOUND, TEXT, "not found"),
    })
}

/// Joins a URL path under `root`, refusing `..` and absolute escapes (symlinks are the
/// caller's to resolve).
pub fn safe_join(root: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| root.join(rel))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => "application/json; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("txt" | "csv" | "md") => TEXT,
        _ => "application/octet-stream",
    }
}

/// `a=1&b=hello%20world` -> pairs, percent- and plus-decoded.
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decoding() {
        assert_eq!(
            parse_query("ms=300&body=hello%20world+x"),
            vec![
                ("ms".into(), "300".into()),
                ("body".into(), "hello world x".into())
            ]
        );
        assert_eq!(
            parse_query("a=%zz&b=%4"),
            vec![("a".into(), "%zz".into()), ("b".into(), "%4".into())]
        );
    }

    #[test]
    fn paths_cannot_escape() {
        let root = Path::new("/srv");
        assert_eq!(
            safe_join(root, "/greeting.txt"),
            Some(PathBuf::from("/srv/greeting.txt"))
        );
        assert_eq!(safe_join(root, "/../etc/passwd"), None);
        assert_eq!(safe_join(root, "/a/../../x"), None);
    }
}
