//! Connection set-up (DNS, TCP, TLS) timed apart, so a cold connection pool is visible instead
//! of silently making one run's TTFT look slower than the next.
//!
//! Owns: a connector layer for the one `reqwest::Client` and a task-local that says which slot
//! the connection is being made for.
//!
//! How: reqwest asks its connector for a new connection only when the pool has no idle one for
//! the host. hyper calls the connector while it polls the request's own future, so the
//! task-local set around `execute()` is visible at that moment; the layer captures the slot's
//! [`ConnectTiming`] then and records the duration when the connection is ready, wherever the
//! rest of the connect future runs. A reused connection records nothing (`None`).
//!
//! Limitation (documented in README): when a fresh connection is started but an idle one frees
//! up first, hyper uses the idle one and finishes the new one in the background; its time may
//! then be attributed to this slot. The figure is a diagnostic beside TTFT, never subtracted.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use crate::Clock;

tokio::task_local! {
    static CURRENT: Arc<ConnectTiming>;
}

/// Where one request's connection set-up time lands, measured on the injected clock.
pub struct ConnectTiming {
    clock: Arc<dyn Clock>,
    ms: Mutex<Option<u64>>,
}

impl ConnectTiming {
    pub fn new(clock: Arc<dyn Clock>) -> Arc<Self> {
        Arc::new(Self {
            clock,
            ms: Mutex::new(None),
        })
    }

    /// Milliseconds spent opening a connection for this request; `None` when a pooled one was
    /// reused.
    pub fn ms(&self) -> Option<u64> {
        *self.ms.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `request` with connections it opens timed into `self`.
    pub async fn around<F: Future>(self: &Arc<Self>, request: F) -> F::Output {
        CURRENT.scope(self.clone(), request).await
    }
}

/// The connector layer; see the module doc.
#[derive(Clone, Copy, Default)]
pub struct TimedConnect;

impl<S> tower_layer::Layer<S> for TimedConnect {
    type Service = TimedConnector<S>;
    fn layer(&self, inner: S) -> TimedConnector<S> {
        TimedConnector(inner)
    }
}

#[derive(Clone)]
pub struct TimedConnector<S>(S);

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, R> tower_service::Service<R> for TimedConnector<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<S::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let timing = CURRENT.try_with(Arc::clone).ok();
        let started = timing.as_ref().map(|t| t.clock.now());
        let connecting = self.0.call(req);
        Box::pin(async move {
            let result = connecting.await;
            if let (Some(t), Some(started), true) = (timing, started, result.is_ok()) {
                let ms = crate::slot::whole_ms(t.clock.now().saturating_duration_since(started));
                *t.ms.lock().unwrap_or_else(|p| p.into_inner()) = Some(ms);
            }
            result
        })
    }
}
