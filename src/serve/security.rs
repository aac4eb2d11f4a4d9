//! Why a local server that runs code is not an open door: every request must name the
//! loopback host and our port (no DNS rebinding), carry the random token (query once, then a
//! cookie), and every POST must come from our own origin (no cross-site requests). Bodies are
//! capped, and files are only ever resolved inside one folder.
use std::path::{Path, PathBuf};

use hyper::header::{HeaderMap, COOKIE, HOST, ORIGIN};

/// The largest request body accepted (a learner's source file is far smaller).
pub const MAX_BODY: usize = 256 * 1024;

/// Why a request was refused (all 403 but the body cap, 413).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    ForeignHost,
    BadToken,
    CrossOrigin,
    TooLarge,
    Traversal,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::TooLarge => 413,
            _ => 403,
        }
    }
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::ForeignHost => "refused: the Host header must name this server (127.0.0.1 or localhost and its port)",
            Refusal::BadToken => "refused: open the URL mirror serve printed (it carries the token)",
            Refusal::CrossOrigin => "refused: a POST must come from this server's own pages",
            Refusal::TooLarge => "refused: the request body is too large",
            Refusal::Traversal => "refused: that path leads outside the served folder",
        }
    }
}

/// A fresh random token: 32 hex digits from the kernel's generator.
pub fn new_token() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What a request must show: the token, and the hosts that name this server.
#[derive(Debug, Clone)]
pub struct Guard {
    pub token: String,
    /// `127.0.0.1:8123`, `localhost:8123`, ...: every accepted Host value.
    pub hosts: Vec<String>,
    pub port: u16,
}

impl Guard {
    /// Accepts the loopback names with `port`, plus `bind` when it is another address.
    pub fn new(token: String, bind: std::net::IpAddr, port: u16) -> Guard {
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        let own = match bind {
            std::net::IpAddr::V4(a) => format!("{a}:{port}"),
            std::net::IpAddr::V6(a) => format!("[{a}]:{port}"),
        };
        if !hosts.contains(&own) && !bind.is_unspecified() {
            hosts.push(own);
        }
        Guard { token, hosts, port }
    }

    /// The cookie that carries the token after the first load (one per port).
    pub fn cookie_name(&self) -> String {
        format!("mirror_token_{}", self.port)
    }

    /// `Set-Cookie` value for a browser that showed the right token in the URL.
    pub fn set_cookie(&self) -> String {
        format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            self.cookie_name(),
            self.token
        )
    }

    /// The Host header names this server.
    pub fn check_host(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .map(|h| h.to_ascii_lowercase());
        match host {
            Some(h) if self.hosts.contains(&h) => Ok(()),
            _ => Err(Refusal::ForeignHost),
        }
    }

    /// The token, from the query (`token=`), the cookie, or an `X-Mirror-Token` header.
    /// Returns whether it came from the query (the caller then sets the cookie).
    pub fn check_token(&self, query: Option<&str>, headers: &HeaderMap) -> Result<bool, Refusal> {
        if let Some(t) = query_param(query.unwrap_or(""), "token") {
            return if equal(&t, &self.token) {
                Ok(true)
            } else {
                Err(Refusal::BadToken)
            };
        }
        if let Some(t) = headers.get("x-mirror-token").and_then(|h| h.to_str().ok()) {
            return if equal(t, &self.token) {
                Ok(false)
            } else {
                Err(Refusal::BadToken)
            };
        }
        let name = self.cookie_name();
        let from_cookie = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .flat_map(|h| h.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .any(|(k, v)| k == name && equal(v, &self.token));
        if from_cookie {
            Ok(false)
        } else {
            Err(Refusal::BadToken)
        }
    }

    /// A state-changing request must carry an Origin naming this server.
    pub fn check_origin(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let origin = headers.get(ORIGIN).and_then(|h| h.to_str().ok());
        match origin.and_then(|o| o.strip_prefix("http://")) {
            Some(host) if self.hosts.contains(&host.to_ascii_lowercase()) => Ok(()),
            _ => Err(Refusal::CrossOrigin),
        }
    }
}

/// Compares without stopping at the first different byte.
fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// One `key=value` of a query string, percent- and plus-decoded (the fixture server's
/// query parsing).
pub fn query_param(query: &str, key: &str) -> Option<String> {
    crate::fixture::parse_query(query)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// `%2e%2E` -> `..`; invalid escapes stay as they are.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolves a URL path below `base`: percent-decoded, no `..`, no absolute part, no NUL, and
/// (after following links) still inside `base`. None when it does not exist.
pub fn resolve_inside(base: &Path, url_path: &str) -> Result<Option<PathBuf>, Refusal> {
    let decoded = percent_decode(url_path);
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refusal::Traversal);
    }
    let Ok(base) = std::fs::canonicalize(base) else {
        return Ok(None);
    };
    // The same join as the fixture server's: only plain names, no `..`, nothing absolute.
    let Some(joined) = crate::fixture::safe_join(&base, &decoded) else {
        return Err(Refusal::Traversal);
    };
    match std::fs::canonicalize(joined) {
        Ok(real) if real.starts_with(&base) => Ok(real.is_file().then_some(real)),
        Ok(_) => Err(Refusal::Traversal),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn guard() -> Guard {
        Guard::new("abc123".into(), "127.0.0.1".parse().unwrap(), 8123)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn host_must_name_loopback_and_port() {
        let g = guard();
        assert!(g
            .check_host(&headers(&[("host", "127.0.0.1:8123")]))
            .is_ok());
        assert!(g
            .check_host(&headers(&[("host", "LOCALHOST:8123")]))
            .is_ok());
        assert!(g
            .check_host(&headers(&[("host", "evil.example:8123")]))
            .is_err());
        assert!(g
            .check_host(&headers(&[("host", "127.0.0.1:9999")]))
            .is_err());
        assert!(g.check_host(&headers(&[])).is_err());
    }

    #[test]
    fn token_from_query_cookie_or_header() {
        let g = guard();
        assert_eq!(
            g.check_token(Some("token=abc123"), &HeaderMap::new()),
            Ok(true)
        );
        assert!(g
            .check_token(Some("token=abc124"), &HeaderMap::new())
            .is_err());
        assert!(g.check_token(None, &HeaderMap::new()).is_err());
        let c = headers(&[("cookie", "a=b; mirror_token_8123=abc123")]);
        assert_eq!(g.check_token(None, &c), Ok(false));
        let c = headers(&[("cookie", "mirror_token_8124=abc123")]);
        assert!(g.check_token(None, &c).is_err());
        let h = headers(&[("x-mirror-token", "abc123")]);
        assert_eq!(g.check_token(None, &h), Ok(false));
    }

    #[test]
    fn origin_must_be_ours() {
        let g = guard();
        assert!(g
            .check_origin(&headers(&[("origin", "http://127.0.0.1:8123")]))
            .is_ok());
        assert!(g
            .check_origin(&headers(&[("origin", "http://evil.example")]))
            .is_err());
        assert!(g.check_origin(&headers(&[("origin", "null")])).is_err());
        assert!(g.check_origin(&HeaderMap::new()).is_err());
    }

    #[test]
    fn paths_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("in")).unwrap();
        std::fs::write(dir.path().join("in/a.png"), "x").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("in/link")).unwrap();
        let base = dir.path().join("in");
        assert!(resolve_inside(&base, "a.png").unwrap().is_some());
        assert_eq!(resolve_inside(&base, "nope.png"), Ok(None));
        for bad in [
            "../secret",
            "%2e%2e/secret",
            "..%2fsecret",
            "/etc/passwd/../x",
            "link",
        ] {
            assert_eq!(resolve_inside(&base, bad), Err(Refusal::Traversal), "{bad}");
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b%2F%zz%"), "a b/%zz%");
        assert_eq!(query_param("x=1&pair=3%2Fa+b", "pair").unwrap(), "3/a b");
    }

    #[test]
    fn tokens_are_random_hex() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
