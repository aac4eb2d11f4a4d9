//! `mirror serve`: the course as a local web page, so a learner reads a lesson, runs its
//! examples and practises its cards in one place, and a maintainer sees each page as
//! learners will while editing it (it reloads on every change).
//!
//! One tokio runtime serves HTTP/1 (hyper) on 127.0.0.1. Lesson bodies are rendered once
//! ([`render`]) and re-rendered when a page, an example or `course.toml` changes. Every
//! request passes [`security`] first. Runs and checks go through the narrow [`backend`]
//! trait, on threads of their own, at most `--max-runs` at once; the rest queue in order.
pub mod api;
pub mod backend;
pub mod render;
pub mod security;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, Limited};
use hyper::body::{Frame, Incoming};
use hyper::{Method, Request, Response};
use serde::Deserialize;
use tokio::sync::{mpsc, Semaphore};

use crate::config::ServeSettings;
use crate::compare::Verdict;
use crate::course::{Course, Pair, Side};
use crate::error::{Error, Result};
use crate::practice::check::{Checked, State};
use crate::practice::{progress, setup::marker, Direction, PracticeFile, Workspace};
use crate::runner::PairReport;
use backend::{Backend, EngineBackend};
use render::{esc, ProgressView};
use security::{Guard, Refusal, MAX_BODY};

type Body = BoxBody<Bytes, Infallible>;

const STYLE: &str = include_str!("assets/style.css");
const APP_JS: &str = include_str!("assets/app.js");
const CODEMIRROR: &[u8] = include_bytes!("assets/codemirror.min.js");


/// The course as served: lesson bodies rendered once per change.
struct Site {
    course: Arc<Course>,
    /// Lesson id -> rendered body.
    bodies: HashMap<String, render::Body>,
    /// Why the last reload failed (the previous course is still served).
    error: Option<String>,
}

impl Site {
    fn build(course: Course, error: Option<String>) -> Site {
        let bodies = course
            .lessons
            .iter()
            .map(|l| {
                let path = crate::pages::check::page_path(&course.root, &l.id);
                let page = std::fs::read_to_string(path).ok();
                let findings = page
                    .as_deref()
                    .map(|p| crate::pages::check::examine(p, l, None, &HashMap::new()).findings)
                    .unwrap_or_default();
                (
                    l.id.clone(),
                    render::lesson_body(l, page.as_deref(), &findings),
                )
            })
            .collect();
        Site {
            course: Arc::new(course),
            bodies,
            error,
        }
    }
}

/// Everything a request handler shares.
struct App {
    guard: Guard,
    site: RwLock<Arc<Site>>,
    backend: Arc<dyn Backend>,
    runs: Arc<Semaphore>,
    /// Runs and checks waiting for a slot.
    waiting: AtomicUsize,
    workspace: Workspace,
    direction: Direction,
    start: String,
    /// Bumped on every reload; pages listen on `/api/events`.
    version: tokio::sync::watch::Sender<u64>,
    /// Server-sent events for every open page (results of re-runs after a change).
    broadcast: tokio::sync::broadcast::Sender<String>,
    /// The last result of each pair run here, by `lesson/name` (shown again after a reload).
    results: Mutex<HashMap<String, api::PairView>>,
    /// One writer of progress.toml at a time.
    record: Mutex<()>,
}

impl App {
    /// Keeps a pair's latest result for `/api/results` (pages opened later show it) and
    /// returns it as the page shows it.
    fn remember(&self, report: &PairReport) -> api::PairView {
        let view = api::PairView::of(report);
        self.results
            .lock()
            .expect("results lock")
            .insert(report.pair.id(), view.clone());
        view
    }

    fn site(&self) -> Arc<Site> {
        self.site.read().expect("site lock").clone()
    }
}

/// `mirror serve [--port N] [--open] [FILTER]`.
pub fn command(course: Course, args: ServeSettings) -> Result<u8> {
    let settings = args.run;
    let workspace = Workspace::resolve(&course, args.workspace.as_deref())?;
    let direction = match args.learner {
        Some(Side::CSharp) => Direction::ToCsharp,
        _ => Direction::ToPython,
    };
    if course.lessons.is_empty() {
        return Err(Error::Usage("the course has no lessons to serve".into()));
    }
    let start = start_page(&course, &args.filters)?;
    let bind = args.bind.unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !bind.is_loopback() {
        eprintln!(
            "mirror serve: WARNING: --bind {bind} lets other machines reach a server that runs code; the token is all that stands in their way"
        );
    }
    let backend: Arc<dyn Backend> = Arc::new(EngineBackend::new(settings));
    let listener = std::net::TcpListener::bind((bind, args.port))
        .map_err(|e| Error::io(format!("binding {bind}:{}", args.port), e))?;
    let token = security::new_token().map_err(|e| Error::io("making the token", e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the async runtime", e))?;
    let served = runtime.block_on(serve(
        listener,
        course,
        backend.clone(),
        Config {
            bind,
            token,
            open: args.open,
            start,
            workspace,
            direction,
            max_runs: args.max_runs.max(1),
        },
    ));
    // Runs still going hold the engine: stop them, their snippets and the compile host,
    // and remove the temp folders now, before mirror exits.
    backend.close();
    served
}

/// What [`serve`] needs besides the course and the backend.
pub struct Config {
    /// The address the listener is bound to (it decides the Host names accepted).
    pub bind: IpAddr,
    /// The secret every request must show.
    pub token: String,
    pub open: bool,
    /// The path the printed URL opens: `/lesson/07-async-programming#pair-gather`.
    pub start: String,
    pub workspace: Workspace,
    pub direction: Direction,
    pub max_runs: usize,
}

/// The page the printed URL opens: the first lesson the filters select (and its pair).
fn start_page(course: &Course, raw: &[String]) -> Result<String> {
    if raw.is_empty() {
        return Ok(format!("/lesson/{}", course.lessons[0].id));
    }
    let selector = crate::course::filter::Selector::parse(raw, &[], &[])?;
    let selection = crate::course::filter::select(course, &selector)?;
    let Some(first) = selection.pairs.first() else {
        return Ok(format!("/lesson/{}", course.lessons[0].id));
    };
    let anchor = if raw.iter().any(|f| f.contains('/')) {
        format!("#pair-{}", first.name)
    } else {
        String::new()
    };
    Ok(format!("/lesson/{}{anchor}", first.lesson))
}

/// Serves on `listener` (already bound) until Ctrl-C or SIGTERM. The first line on stdout
/// is `mirror serve: URL`, the URL carrying the token.
pub async fn serve(
    listener: std::net::TcpListener,
    course: Course,
    backend: Arc<dyn Backend>,
    config: Config,
) -> Result<u8> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("preparing the listener", e))?;
    let listener = tokio::net::TcpListener::from_std(listener)
        .map_err(|e| Error::io("preparing the listener", e))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::io("reading the bound address", e))?
        .port();
    let token = config.token.clone();
    let guard = Guard::new(token.clone(), config.bind, port);
    let root = course.root.clone();
    let (version, _) = tokio::sync::watch::channel(0u64);
    let (broadcast, _) = tokio::sync::broadcast::channel(256);
    let app = Arc::new(App {
        guard,
        site: RwLock::new(Arc::new(Site::build(course, None))),
        backend,
        runs: Arc::new(Semaphore::new(config.max_runs)),
        waiting: AtomicUsize::new(0),
        workspace: config.workspace,
        direction: config.direction,
        start: config.start.clone(),
        version,
        broadcast,
        results: Mutex::default(),
        record: Mutex::default(),
    });
    let host = if config.bind.is_loopback() || config.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match config.bind {
            IpAddr::V6(a) => format!("[{a}]"),
            a => a.to_string(),
        }
    };
    let (path, anchor) = match config.start.split_once('#') {
        Some((p, a)) => (p.to_string(), format!("#{a}")),
        None => (config.start.clone(), String::new()),
    };
    // What the served pages were made from, taken before anyone can see them: a change made
    // as soon as the URL is printed is still a change.
    let changes = course_changes(&root)?;
    let url = format!("http://{host}:{port}{path}?token={token}{anchor}");
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "mirror serve: {url}");
        let _ = out.flush();
    }
    eprintln!("mirror serve: serving {} (Ctrl-C stops)", root.display());
    if config.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(&url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    tokio::spawn(watch_course(app.clone(), root, changes));

    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| Error::io("listening for SIGTERM", e))?;
    // The exit code of the signal that stops it, as for every command (README).
    let code = loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let app = app.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let app = app.clone();
                        async move { Ok::<_, Infallible>(handle(app, req).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
            _ = tokio::signal::ctrl_c() => break 130,
            _ = term.recv() => break 143,
        }
    };
    // A venv or a NuGet set being made for a run goes too.
    crate::lang::tool::kill_all();
    eprintln!("mirror serve: stopped");
    Ok(code)
}

/// The course's file events (through `notify`, as `watch` has them): each message is the
/// set of paths one burst of saves changed. The watcher lives on its own thread, made
/// before the URL is printed, so a change made as soon as the page is up is seen.
fn course_changes(
    root: &std::path::Path,
) -> Result<tokio::sync::mpsc::UnboundedReceiver<std::collections::HashSet<PathBuf>>> {
    let (watcher, events) = crate::watch::course_events(root)?;
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let _watcher = watcher;
        for burst in events {
            let Ok(burst) = burst else { continue };
            let changed: std::collections::HashSet<PathBuf> = crate::watch::changes(burst)
                .filter(|p| !crate::watch::is_scratch(p))
                .collect();
            if !changed.is_empty() && tx.send(changed).is_err() {
                break;
            }
        }
    });
    Ok(rx)
}

/// Live reload: when a page, an example or course.toml changes, re-read the course,
/// re-render every page and tell the open pages.
async fn watch_course(
    app: Arc<App>,
    root: PathBuf,
    mut changes: tokio::sync::mpsc::UnboundedReceiver<std::collections::HashSet<PathBuf>>,
) {
    while let Some(mut changed) = changes.recv().await {
        // Saves that came in meanwhile are handled with this one.
        while let Ok(more) = changes.try_recv() {
            changed.extend(more);
        }
        let r = root.clone();
        let rebuilt = tokio::task::spawn_blocking(move || {
            crate::course::discover(&r)
                .map(|c| Site::build(c, None))
                .map_err(|e| e.to_string())
        })
        .await;
        let site = match rebuilt {
            Ok(Ok(site)) => site,
            Ok(Err(e)) => {
                // Keep serving the last good course, with the error on every page.
                eprintln!("mirror serve: reload failed: {e}");
                let previous = app.site();
                Site {
                    course: previous.course.clone(),
                    bodies: previous.bodies.clone(),
                    error: Some(e),
                }
            }
            Err(_) => continue,
        };
        let touched: Vec<Pair> = if site.error.is_none() {
            site.course
                .lessons
                .iter()
                .flat_map(|l| &l.pairs)
                .filter(|p| {
                    [&p.python, &p.csharp]
                        .into_iter()
                        .flatten()
                        .any(|f| changed.contains(f))
                })
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let course = site.course.clone();
        *app.site.write().expect("site lock") = Arc::new(site);
        app.version.send_modify(|v| *v += 1);
        if !touched.is_empty() {
            tokio::spawn(rerun(app.clone(), course, touched));
        }
    }
}

/// Re-runs the pairs whose example files just changed, so a pair that now fails shows on
/// its page without a click (the results go to every open page).
async fn rerun(app: Arc<App>, course: Arc<Course>, pairs: Vec<Pair>) {
    let names: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p.lesson.clone(), p.name.clone()))
        .collect();
    let running: Vec<api::Running> = names
        .iter()
        .map(|(lesson, name)| api::Running { lesson, name })
        .collect();
    let _ = app.broadcast.send(format!(
        "event: running\ndata: {}\n\n",
        to_json(&running)
    ));
    let permit = slot(&app, None).await;
    let (ptx, mut prx) = mpsc::unbounded_channel::<PairReport>();
    let backend = app.backend.clone();
    std::thread::spawn(move || {
        if let Err(e) = backend.run(&course, pairs, &ptx) {
            eprintln!("mirror serve: re-running the changed pairs: {e}");
        }
        drop(permit);
    });
    while let Some(report) = prx.recv().await {
        let data = to_json(&app.remember(&report));
        let _ = app
            .broadcast
            .send(format!("event: result\ndata: {data}\n\n"));
    }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// Headers every response carries (and no CORS header, ever).
fn respond(status: u16, content_type: &str, body: Body) -> Response<Body> {
    let mut r = Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
        .header("x-frame-options", "DENY")
        .header("cache-control", "no-store");
    // The pages run their own script only. Anything else opened as a document (a lesson's
    // SVG, a JSON answer) runs none at all: `sandbox` gives it an opaque origin, so it
    // cannot call the API with the learner's cookie either.
    let policy = if content_type.starts_with("text/html") {
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    } else {
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox; frame-ancestors 'none'"
    };
    r = r.header("content-security-policy", policy);
    r.body(body).expect("valid response")
}

fn text(status: u16, message: &str) -> Response<Body> {
    respond(
        status,
        "text/plain; charset=utf-8",
        full(format!("{message}\n")),
    )
}

fn json_response(status: u16, value: &impl serde::Serialize) -> Response<Body> {
    respond(status, "application/json", full(to_json(value)))
}

/// The API's types always serialise (strings, numbers, sorted maps with string keys).
fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("the API's JSON types serialise")
}

fn refuse(r: Refusal) -> Response<Body> {
    text(r.status(), r.message())
}

fn redirect(to: &str, cookie: Option<String>) -> Response<Body> {
    let mut r = respond(303, "text/plain; charset=utf-8", full(""));
    r.headers_mut()
        .insert("location", to.parse().expect("a path is a header value"));
    if let Some(c) = cookie {
        r.headers_mut()
            .insert("set-cookie", c.parse().expect("a cookie is a header value"));
    }
    r
}

/// Every request: Host, token, Origin (on anything but GET/HEAD), then the route.
async fn handle(app: Arc<App>, req: Request<Incoming>) -> Response<Body> {
    if let Err(r) = app.guard.check_host(req.headers()) {
        return refuse(r);
    }
    let from_query = match app.guard.check_token(req.uri().query(), req.headers()) {
        Ok(q) => q,
        Err(r) => return refuse(r),
    };
    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
    if !safe {
        if let Err(r) = app.guard.check_origin(req.headers()) {
            return refuse(r);
        }
    }
    let path = security::percent_decode(req.uri().path());
    if path.split('/').any(|s| s == "..") || path.contains('\0') {
        return refuse(Refusal::Traversal);
    }
    if from_query && safe {
        // The token leaves the address bar for a cookie.
        let to = if path == "/" { app.start.clone() } else { path };
        return redirect(&to, Some(app.guard.set_cookie()));
    }
    let query = req.uri().query().unwrap_or("").to_string();
    match (req.method().clone(), path.as_str()) {
        (Method::GET, "/") => redirect(&app.start, None),
        (Method::GET, p) if p.starts_with("/lesson/") => lesson_page(&app, &p[8..]),
        (Method::GET, p) if p.starts_with("/assets/") => asset(&p[8..]),
        (Method::GET, p) if p.starts_with("/files/") => {
            let base = app.site().course.root.join("lessons");
            match security::resolve_inside(&base, &p[7..]) {
                Err(r) => refuse(r),
                Ok(None) => text(404, "not found"),
                Ok(Some(file)) => match std::fs::read(&file) {
                    Ok(bytes) => respond(200, content_type(&file), full(bytes)),
                    Err(_) => text(404, "not found"),
                },
            }
        }
        (Method::GET, "/api/progress") => {
            let site = app.site();
            let view = progress_view(&site.course, &app.workspace);
            json_response(200, &api::Progress::of(&view))
        }
        (Method::GET, "/api/results") => {
            let lesson = security::query_param(&query, "lesson").unwrap_or_default();
            let results = app.results.lock().expect("results lock");
            let mine: api::Results = results
                .iter()
                .filter(|(k, _)| k.starts_with(&format!("{lesson}/")))
                .map(|(k, v)| (k.as_str(), v))
                .collect();
            json_response(200, &mine)
        }
        (Method::GET, "/api/practice") => practice_file(&app, &query),
        (Method::GET, "/api/events") => events(&app),
        (Method::POST, "/api/run") => match read_json::<RunRequest>(req).await {
            Ok(r) => run(app, r).await,
            Err(resp) => resp,
        },
        (Method::POST, "/api/check") => match read_json::<CheckRequest>(req).await {
            Ok(r) => check(app, r).await,
            Err(resp) => resp,
        },
        (Method::POST, "/api/reveal") => match read_json::<PairRequest>(req).await {
            Ok(r) => reveal(&app, r),
            Err(resp) => resp,
        },
        (m, _) if m != Method::GET && m != Method::POST && m != Method::HEAD => {
            text(405, "method not allowed")
        }
        _ => text(404, "not found"),
    }
}

fn content_type(path: &std::path::Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "css" => "text/css; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn asset(name: &str) -> Response<Body> {
    let (ct, body): (&str, Body) = match name {
        "style.css" => ("text/css; charset=utf-8", full(STYLE)),
        "app.js" => ("text/javascript; charset=utf-8", full(APP_JS)),
        "codemirror.min.js" => ("text/javascript; charset=utf-8", full(CODEMIRROR)),
        _ => return text(404, "not found"),
    };
    let mut r = respond(200, ct, body);
    r.headers_mut()
        .insert("cache-control", "no-cache".parse().expect("header"));
    r
}

fn lesson_page(app: &App, id: &str) -> Response<Body> {
    let site = app.site();
    let Some(index) = site.course.lessons.iter().position(|l| l.id == id) else {
        return text(404, "no such lesson");
    };
    let body = site.bodies.get(id).map_or("", |b| b.html.as_str());
    let body = match &site.error {
        Some(e) => format!(
            "<div class=\"problems\" role=\"alert\"><strong>The course did not reload:</strong> {}</div>{body}",
            esc(e)
        ),
        None => body.to_string(),
    };
    let progress = progress_view(&site.course, &app.workspace);
    let direction = match app.direction {
        Direction::ToPython => "python",
        Direction::ToCsharp => "csharp",
    };
    let html = render::frame(&site.course, index, &body, &progress, direction);
    respond(200, "text/html; charset=utf-8", full(html))
}

/// Per pair, lesson and course: what the workspace's progress.toml says now.
fn progress_view(course: &Course, ws: &Workspace) -> ProgressView {
    let saved = progress::load(ws).unwrap_or_default();
    let (files, _) = ws.files(course);
    let mut view = ProgressView::default();
    for f in &files {
        let state = progress::state_of(ws, &saved, f);
        let slot = view
            .pairs
            .entry(f.pair.id())
            .or_insert_with(|| state.clone());
        if state == "pass" {
            *slot = state;
        }
    }
    for l in &course.lessons {
        let practisable: Vec<&Pair> = l.pairs.iter().filter(|p| !p.is_orphan()).collect();
        let done = practisable
            .iter()
            .filter(|p| view.pairs.get(&p.id()).is_some_and(|s| s == "pass"))
            .count();
        view.lessons.insert(l.id.clone(), (done, practisable.len()));
        view.done += done;
        view.total += practisable.len();
    }
    view
}

/// Reads a JSON body of at most [`MAX_BODY`] bytes (413 beyond).
async fn read_json<T: serde::de::DeserializeOwned>(
    req: Request<Incoming>,
) -> std::result::Result<T, Response<Body>> {
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(refuse(Refusal::TooLarge));
    }
    let bytes = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Err(refuse(Refusal::TooLarge)),
    };
    serde_json::from_slice(&bytes).map_err(|e| text(400, &format!("bad request: {e}")))
}

#[derive(Deserialize)]
struct RunRequest {
    lesson: String,
    /// One pair's name; none runs the whole lesson.
    pair: Option<String>,
}

#[derive(Deserialize)]
struct PairRequest {
    lesson: String,
    pair: String,
    /// `python` (default) or `csharp`: the language the learner writes.
    to: Option<String>,
}

#[derive(Deserialize)]
struct CheckRequest {
    lesson: String,
    pair: String,
    to: Option<String>,
    source: String,
}

fn direction_of(to: Option<&str>, default: Direction) -> Direction {
    match to {
        Some("csharp") => Direction::ToCsharp,
        Some("python") => Direction::ToPython,
        _ => default,
    }
}

/// The lesson's pair by name (or key), with the lesson's number.
fn find_pair(course: &Course, lesson: &str, name: &str) -> Option<(Pair, u32)> {
    let l = course.lessons.iter().find(|l| l.id == lesson)?;
    let key = crate::course::pair_key(name);
    l.pairs
        .iter()
        .find(|p| p.name == name || p.key == key)
        .map(|p| (p.clone(), l.number))
}

/// A response body fed from a channel (results stream while a run goes on).
struct ChannelBody(mpsc::Receiver<Bytes>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b))))
    }
}

fn line(value: &api::RunLine) -> Bytes {
    let mut s = to_json(value);
    s.push('\n');
    Bytes::from(s)
}

/// Waits for a run slot, telling the client how many are ahead.
async fn slot(app: &App, tx: Option<&mpsc::Sender<Bytes>>) -> tokio::sync::OwnedSemaphorePermit {
    if let Ok(p) = app.runs.clone().try_acquire_owned() {
        return p;
    }
    let ahead = app.waiting.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(tx) = tx {
        let _ = tx
            .send(line(&api::RunLine::Queued { ahead }))
            .await;
    }
    let permit = app
        .runs
        .clone()
        .acquire_owned()
        .await
        .expect("the semaphore is never closed");
    app.waiting.fetch_sub(1, Ordering::SeqCst);
    permit
}

/// `POST /api/run`: NDJSON, one line per event: queued, start, result (per pair), error, end.
async fn run(app: Arc<App>, req: RunRequest) -> Response<Body> {
    let site = app.site();
    let Some(lesson) = site.course.lessons.iter().find(|l| l.id == req.lesson) else {
        return text(404, "no such lesson");
    };
    let pairs: Vec<Pair> = match &req.pair {
        Some(name) => match find_pair(&site.course, &lesson.id, name) {
            Some((p, _)) => vec![p],
            None => return text(404, "no such pair"),
        },
        None => lesson.pairs.clone(),
    };
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    tokio::spawn(async move {
        let permit = slot(&app, Some(&tx)).await;
        let names: Vec<&str> = pairs.iter().map(|p| p.name.as_str()).collect();
        let _ = tx
            .send(line(&api::RunLine::Start { pairs: names }))
            .await;
        let (ptx, mut prx) = mpsc::unbounded_channel::<PairReport>();
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let backend = app.backend.clone();
        let course = site.course.clone();
        std::thread::spawn(move || {
            let result = backend.run(&course, pairs, &ptx);
            drop(permit);
            drop(ptx);
            let _ = done_tx.send(result);
        });
        let (mut passed, mut failed) = (0, 0);
        while let Some(report) = prx.recv().await {
            let view = app.remember(&report);
            if report.verdict == Verdict::Pass {
                passed += 1;
            } else if report.verdict.is_failure() {
                failed += 1;
            }
            let _ = tx
                .send(line(&api::RunLine::Result { result: &view }))
                .await;
        }
        if let Ok(Err(e)) = done_rx.await {
            let _ = tx
                .send(line(&api::RunLine::Error {
                    message: e.to_string(),
                }))
                .await;
        }
        let _ = tx
            .send(line(&api::RunLine::End { passed, failed }))
            .await;
    });
    let mut r = respond(
        200,
        "application/x-ndjson; charset=utf-8",
        ChannelBody(rx).boxed(),
    );
    r.headers_mut()
        .insert("x-accel-buffering", "no".parse().expect("header"));
    r
}

/// The editor's text when no practice file exists yet.
fn web_template(file: &PracticeFile, flags: &str) -> String {
    let d = file.direction;
    let c = d.comment();
    format!(
        "{c} Practice {id}: write the {mine} that prints exactly what the {theirs} prints.\n{c} Check runs the course's {theirs} for real and compares (in a terminal: mirror practice --check {id}{to}{flags}).\n{marker}\n\n",
        to = d.flag(),
        id = file.short_id(),
        mine = d.learner().label(),
        theirs = d.oracle().label(),
        marker = marker(d),
    )
}

/// `GET /api/practice?lesson=..&pair=..&to=..`: the learner's file (or a fresh template).
fn practice_file(app: &App, query: &str) -> Response<Body> {
    let site = app.site();
    let (Some(lesson), Some(name)) = (
        security::query_param(query, "lesson"),
        security::query_param(query, "pair"),
    ) else {
        return text(400, "lesson and pair are required");
    };
    let direction = direction_of(security::query_param(query, "to").as_deref(), app.direction);
    let Some((pair, number)) = find_pair(&site.course, &lesson, &name) else {
        return text(404, "no such pair");
    };
    if pair.is_orphan() {
        return text(400, "a one-sided pair has nothing to judge a practice file");
    }
    let file = PracticeFile {
        path: app.workspace.file_for(&pair, direction),
        direction,
        pair: pair.clone(),
        lesson_number: number,
    };
    let exists = file.path.is_file();
    let source = if exists {
        std::fs::read_to_string(&file.path).unwrap_or_default()
    } else {
        web_template(&file, &app.workspace.flag())
    };
    let saved = progress::load(&app.workspace).unwrap_or_default();
    let state = if exists {
        progress::state_of(&app.workspace, &saved, &file)
    } else {
        "unchecked".into()
    };
    let checked = progress::was_checked(&app.workspace, &file.path).unwrap_or(false);
    json_response(
        200,
        &api::PracticeView {
            source,
            exists,
            state,
            checked,
            to: if direction == Direction::ToCsharp {
                "csharp"
            } else {
                "python"
            },
            path: file
                .path
                .strip_prefix(&site.course.root)
                .unwrap_or(&file.path)
                .display()
                .to_string(),
        },
    )
}

/// Writes the learner's text into the workspace (atomically), as their editor would.
fn save(ws: &Workspace, path: &std::path::Path, source: &str) -> Result<()> {
    ws.prepare_dir(path)?;
    let tmp = path.with_extension(format!("mirror-serve-{}.tmp", std::process::id()));
    std::fs::write(&tmp, source).map_err(|e| Error::io(format!("writing {}", tmp.display()), e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

/// `POST /api/check`: save, judge by the real run of the other side, record progress.
async fn check(app: Arc<App>, req: CheckRequest) -> Response<Body> {
    let site = app.site();
    let Some((pair, number)) = find_pair(&site.course, &req.lesson, &req.pair) else {
        return text(404, "no such pair");
    };
    if pair.is_orphan() {
        return text(400, "a one-sided pair has nothing to judge a practice file");
    }
    let direction = direction_of(req.to.as_deref(), app.direction);
    let file = PracticeFile {
        path: app.workspace.file_for(&pair, direction),
        direction,
        pair: pair.clone(),
        lesson_number: number,
    };
    if let Err(e) = save(&app.workspace, &file.path, &req.source) {
        return text(500, &e.to_string());
    }
    let permit = slot(&app, None).await;
    let (done_tx, done_rx) = tokio::sync::oneshot::channel();
    let backend = app.backend.clone();
    let course = site.course.clone();
    std::thread::spawn(move || {
        let result = backend.check(&course, file);
        drop(permit);
        let _ = done_tx.send(result);
    });
    let checked: Checked = match done_rx.await {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return text(500, &e.to_string()),
        Err(_) => return text(500, "the check stopped"),
    };
    {
        let _one = app.record.lock().expect("record lock");
        if let Err(e) = progress::record(&app.workspace, std::slice::from_ref(&checked)) {
            return text(500, &e.to_string());
        }
    }
    let failed = checked.state.is_failure();
    let (mine, theirs) = (direction.learner(), direction.oracle());
    let side = |s| match (s, checked.report.as_ref()) {
        (crate::course::Side::Python, Some(r)) => api::SideView::of(&r.python),
        (crate::course::Side::CSharp, Some(r)) => api::SideView::of(&r.csharp),
        _ => api::SideView::NotRun,
    };
    let view = progress_view(&site.course, &app.workspace);
    json_response(
        200,
        &api::CheckAnswer {
            state: checked.state.name(),
            failure: failed,
            reason: checked.reason.clone(),
            hint: checked.hint().map(str::to_string),
            yours: side(mine),
            expected: side(theirs),
            diff: checked.diff.as_ref().map(api::CheckDiff::of),
            todo: checked.state == State::Todo,
            progress: api::Progress::of(&view),
        },
    )
}

/// `POST /api/reveal`: the course's answer, once the learner has checked at least once.
fn reveal(app: &App, req: PairRequest) -> Response<Body> {
    let site = app.site();
    let Some((pair, _)) = find_pair(&site.course, &req.lesson, &req.pair) else {
        return text(404, "no such pair");
    };
    let direction = direction_of(req.to.as_deref(), app.direction);
    let file = app.workspace.file_for(&pair, direction);
    if !progress::was_checked(&app.workspace, &file).unwrap_or(false) {
        return json_response(
            409,
            &api::Message {
                message: "check your attempt first: the answer is shown after at least one check",
            },
        );
    }
    let Some(answer) = pair.source(direction.learner()) else {
        return text(404, "no answer");
    };
    match std::fs::read_to_string(answer) {
        Ok(text) => json_response(
            200,
            &api::Reveal {
                answer: text,
                path: answer
                    .strip_prefix(&site.course.root)
                    .unwrap_or(answer)
                    .display()
                    .to_string(),
            },
        ),
        Err(e) => self::text(500, &format!("reading the answer: {e}")),
    }
}

/// `GET /api/events`: server-sent events; `reload` whenever the course changed.
fn events(app: &App) -> Response<Body> {
    let mut changes = app.version.subscribe();
    let mut news = app.broadcast.subscribe();
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b"retry: 1000\n: connected\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let msg = tokio::select! {
                changed = changes.changed() => match changed {
                    Ok(()) => format!("event: reload\ndata: {}\n\n", *changes.borrow()),
                    Err(_) => return,
                },
                news = news.recv() => match news {
                    Ok(event) => event,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(_) => return,
                },
                _ = tokio::time::sleep(Duration::from_secs(15)) => ": keep-alive\n\n".to_string(),
            };
            if tx.send(Bytes::from(msg)).await.is_err() {
                return;
            }
        }
    });
    respond(200, "text/event-stream", ChannelBody(rx).boxed())
}
