//! A small S3 client: `rusty-s3` signs each request (SigV4 presigned URLs with
//! `UNSIGNED-PAYLOAD`; every header sent is signed) and parses the answers, `ureq` sends
//! them. Synchronous, with no async runtime: one [`ureq::Agent`] (a connection pool) is
//! shared by the upload threads. Uploads carry `Content-MD5`, so the server refuses a body
//! that was damaged on the way.
//!
//! Answers are read by the `xml` module, which accepts listings without ETags (s3s-fs leaves them
//! out; the plan then asks with HEAD).
//!
//! Requests go to the configured endpoint only: redirects are not followed (they would
//! carry the signature elsewhere), and errors are reported by endpoint and key, never by
//! the signed URL.

mod xml;

use std::time::Duration;

use base64::prelude::{BASE64_STANDARD, Engine as _};
use rusty_s3::actions::{ListObjectsV2, ObjectIdentifier};
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
use ureq::http;

use crate::config::DeployTarget;

/// How long a signature is valid; each request is signed just before it is sent.
const SIGN_FOR: Duration = Duration::from_secs(15 * 60);
/// Attempts per request when the answer is a server error or the connection broke.
const ATTEMPTS: u32 = 3;
/// The largest response body read (listings are about 300 KB per 1,000 keys).
const MAX_RESPONSE: u64 = 64 << 20;
/// Keys per DeleteObjects request (the S3 limit).
pub const DELETE_BATCH: usize = 1000;

/// What went wrong talking to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The server answered with an error.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The S3 error code (`InvalidAccessKeyId`), or the status text.
        code: String,
        /// The server's message.
        message: String,
    },
    /// No answer: the endpoint cannot be reached.
    Unreachable(String),
    /// The connection broke or timed out during a request (retried before it is reported).
    Broken(String),
    /// An answer that S3 would not send.
    Protocol(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Refused {
                status,
                code,
                message,
            } if message.is_empty() => write!(f, "{code} (HTTP {status})"),
            Error::Refused {
                status,
                code,
                message,
            } => write!(f, "{code} (HTTP {status}): {message}"),
            Error::Unreachable(why) => write!(f, "cannot reach the endpoint: {why}"),
            Error::Broken(why) => write!(f, "the connection failed: {why}"),
            Error::Protocol(why) => write!(f, "unexpected answer: {why}"),
        }
    }
}

impl Error {
    /// What to do about it, when that can be said.
    pub fn hint(&self) -> Option<&'static str> {
        let Error::Refused { status, code, .. } = self else {
            return match self {
                Error::Unreachable(_) | Error::Broken(_) => Some(
                    "check `endpoint` in data/site.yaml and the network (a proxy is taken from \
                     HTTPS_PROXY/NO_PROXY)",
                ),
                _ => None,
            };
        };
        Some(match code.as_str() {
            "InvalidAccessKeyId"
            | "SignatureDoesNotMatch"
            | "InvalidToken"
            | "ExpiredToken"
            | "NotSignedUp"
            | "TokenRefreshRequired"
            | "InvalidSecurity" => {
                "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile's keys) and \
                 the target's `region`"
            }
            "AccessDenied" | "AllBucketsAccessDenied" => {
                "the credentials work but may not list, write or delete in this bucket and prefix"
            }
            "NoSuchBucket" => "check `bucket`, `endpoint` and `path_style` in data/site.yaml",
            "PermanentRedirect"
            | "AuthorizationHeaderMalformed"
            | "IllegalLocationConstraintException" => {
                "the bucket lives in another region or endpoint: check `region` and `endpoint`"
            }
            _ if *status >= 500 => "the server failed; run the deploy again later",
            _ => return None,
        })
    }
}

/// One object of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The full key.
    pub key: String,
    /// The ETag without quotes, lowercase; empty when the listing has none.
    pub etag: String,
    /// Size in bytes.
    pub size: u64,
}

/// A connection to one bucket.
pub struct Client {
    bucket: Bucket,
    credentials: Credentials,
    agent: ureq::Agent,
}

impl Client {
    /// A client for `target` with `credentials`. Fails only on settings that config did not
    /// already refuse.
    pub fn new(target: &DeployTarget, credentials: Credentials) -> Result<Client, String> {
        let style = if target.path_style {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        let bucket = Bucket::new(
            target.endpoint.clone(),
            style,
            target.bucket.clone(),
            target.region.clone(),
        )
        .map_err(|e| format!("cannot address bucket `{}`: {e:?}", target.bucket))?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)))
            .user_agent(concat!("bulletin/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Client {
            bucket,
            credentials,
            agent: config.into(),
        })
    }

    /// Every object whose key starts with `prefix`, following continuation tokens.
    pub fn list(&self, prefix: &str) -> Result<Vec<Listed>, Error> {
        let mut objects = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut action = ListObjectsV2::new(&self.bucket, Some(&self.credentials));
            if !prefix.is_empty() {
                action.with_prefix(prefix);
            }
            if let Some(token) = &token {
                action.with_continuation_token(token.as_str());
            }
            let url = action.sign(SIGN_FOR);
            let answer = self.send(http::Method::GET, url, &[], None)?;
            let text = String::from_utf8_lossy(&answer.body);
            let page = xml::listing(&text)
                .map_err(|e| Error::Protocol(format!("the listing does not parse: {e}")))?;
            objects.extend(page.objects);
            match page.next {
                Some(next) if Some(&next) == token.as_ref() => {
                    return Err(Error::Protocol("the listing repeats a page".into()));
                }
                Some(next) => token = Some(next),
                None => return Ok(objects),
            }
        }
    }

    /// The headers of object `key` (lowercase names), or `None` if there is no such object.
    pub fn head(&self, key: &str) -> Result<Option<Vec<(String, String)>>, Error> {
        let url = self.bucket.head_object(Some(&self.credentials), key);
        Ok(self
            .fetch(http::Method::HEAD, url.sign(SIGN_FOR))?
            .map(|a| a.headers))
    }

    /// The body of object `key`, or `None` if there is no such object.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, Error> {
        let url = self.bucket.get_object(Some(&self.credentials), key);
        Ok(self
            .fetch(http::Method::GET, url.sign(SIGN_FOR))?
            .map(|a| a.body))
    }

    /// A request without a body whose 404 means "no such object".
    fn fetch(&self, method: http::Method, url: url::Url) -> Result<Option<Answer>, Error> {
        match self.send(method, url, &[], None) {
            Ok(answer) => Ok(Some(answer)),
            Err(Error::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes object `key` with `headers` (lowercase names); `md5` is the body's digest.
    pub fn put(
        &self,
        key: &str,
        body: &[u8],
        md5: &[u8; 16],
        headers: &[(String, String)],
    ) -> Result<(), Error> {
        let content_md5 = BASE64_STANDARD.encode(md5);
        let mut action = self.bucket.put_object(Some(&self.credentials), key);
        let mut sent: Vec<(&str, &str)> = vec![("content-md5", content_md5.as_str())];
        sent.extend(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        for (name, value) in &sent {
            action.headers_mut().insert(*name, *value);
        }
        let url = action.sign(SIGN_FOR);
        self.send(http::Method::PUT, url, &sent, Some(body))
            .map(|_| ())
    }

    /// Deletes up to [`DELETE_BATCH`] keys in one request; every key must be gone after it.
    pub fn delete(&self, keys: &[String]) -> Result<(), Error> {
        let ids: Vec<ObjectIdentifier> = keys.iter().cloned().map(ObjectIdentifier::new).collect();
        let mut action = self
            .bucket
            .delete_objects(Some(&self.credentials), ids.iter());
        action.set_quiet(true);
        let url = action.sign(SIGN_FOR);
        let (body, content_md5) = action.body_with_md5();
        let headers = [("content-md5", content_md5.as_str())];
        let answer = self.send(http::Method::POST, url, &headers, Some(body.as_bytes()))?;
        let text = String::from_utf8_lossy(&answer.body);
        if let Some(first) = xml::value(&text, "Error") {
            let field = |tag| xml::text(xml::value(first, tag).unwrap_or("")).into_owned();
            return Err(Error::Refused {
                status: answer.status,
                code: field("Code"),
                message: format!("deleting {}: {}", field("Key"), field("Message")),
            });
        }
        Ok(())
    }

    fn send(
        &self,
        method: http::Method,
        url: url::Url,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Answer, Error> {
        let mut attempt = 1;
        loop {
            let result = self.send_once(&method, &url, headers, body);
            let retry = match &result {
                Err(Error::Refused { status, .. }) => *status >= 500,
                Err(Error::Broken(_)) => true,
                _ => false,
            };
            if !retry || attempt == ATTEMPTS {
                return result;
            }
            std::thread::sleep(Duration::from_millis(200 * 4u64.pow(attempt - 1)));
            attempt += 1;
        }
    }

    fn send_once(
        &self,
        method: &http::Method,
        url: &url::Url,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Answer, Error> {
        let mut request = http::Request::builder()
            .method(method.clone())
            .uri(url.as_str());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let bad = |e: http::Error| Error::Protocol(format!("cannot build the request: {e}"));
        let response = match body {
            Some(body) => self.agent.run(request.body(body).map_err(bad)?),
            None => self.agent.run(request.body(()).map_err(bad)?),
        };
        let mut response = response.map_err(transport)?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let body = if method == http::Method::HEAD {
            Vec::new()
        } else {
            response
                .body_mut()
                .with_config()
                .limit(MAX_RESPONSE)
                .read_to_vec()
                .map_err(transport)?
        };
        if (200..300).contains(&status) {
            return Ok(Answer {
                status,
                headers,
                body,
            });
        }
        let text = String::from_utf8_lossy(&body);
        let reason = response.status().canonical_reason().unwrap_or("error");
        let field = |tag| xml::value(&text, tag).map(|v| xml::text(v).into_owned());
        Err(Error::Refused {
            status,
            code: field("Code").unwrap_or_else(|| reason.to_string()),
            message: field("Message").unwrap_or_default(),
        })
    }
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn transport(e: ureq::Error) -> Error {
    match e {
        ureq::Error::HostNotFound => Error::Unreachable("the host name does not resolve".into()),
        ureq::Error::ConnectionFailed => Error::Unreachable("the connection failed".into()),
        ureq::Error::Timeout(t) => Error::Broken(format!("timed out ({t})")),
        ureq::Error::Io(io) => {
            use std::io::ErrorKind::{ConnectionRefused, NotFound, PermissionDenied};
            if matches!(io.kind(), ConnectionRefused | NotFound | PermissionDenied) {
                Error::Unreachable(io.to_string())
            } else {
                Error::Broken(io.to_string())
            }
        }
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => Error::Protocol(
            "the server redirected elsewhere (check `endpoint` and `region`)".into(),
        ),
        other => Error::Protocol(other.to_string()),
    }
}

/// An ETag as listed (`"9b2cf535f27731c974343645a3985328"`), unquoted and lowercase.
pub fn normal_etag(etag: &str) -> String {
    etag.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_are_normalised() {
        assert_eq!(
            normal_etag("\"9B2CF535F27731C974343645A3985328\""),
            "9b2cf535f27731c974343645a3985328"
        );
        assert_eq!(normal_etag("W/\"abc-2\""), "abc-2");
    }
}
