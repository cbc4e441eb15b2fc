//! The DAST rules: one per thing a probe can find, with its severity (ZAP's risk, where ZAP
//! has the rule), CWE, and the ZAP rule it corresponds to, for users coming from ZAP's baseline
//! scan (`—` where ZAP has none).

use gatehouse_model::Severity;

pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub cwe: &'static str,
    /// The ZAP rule (id and name) this rule corresponds to, or `—`.
    pub zap: &'static str,
    pub help: &'static str,
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "dast.hsts-missing",
        title: "HTTPS response without Strict-Transport-Security",
        severity: Severity::Medium,
        cwe: "CWE-319",
        zap: "10035 Strict-Transport-Security Header",
        help: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response, so browsers never fall back to plain HTTP.",
    },
    Rule {
        id: "dast.hsts-short",
        title: "Strict-Transport-Security max-age under 180 days",
        severity: Severity::Low,
        cwe: "CWE-319",
        zap: "10035 Strict-Transport-Security Header",
        help: "Use a max-age of at least 15552000 seconds (180 days); a year is usual.",
    },
    Rule {
        id: "dast.csp-missing",
        title: "No Content-Security-Policy",
        severity: Severity::Medium,
        cwe: "CWE-693",
        zap: "10038 Content Security Policy (CSP) Header Not Set",
        help: "Send a Content-Security-Policy that names where scripts, styles and frames may come from (`default-src 'self'` to start).",
    },
    Rule {
        id: "dast.csp-unsafe",
        title: "Content-Security-Policy allows unsafe-inline, unsafe-eval or any source",
        severity: Severity::Medium,
        cwe: "CWE-693",
        zap: "10055 CSP",
        help: "Drop 'unsafe-inline' and 'unsafe-eval' (use nonces or hashes) and wildcard sources from script-src, style-src and default-src.",
    },
    Rule {
        id: "dast.nosniff-missing",
        title: "No X-Content-Type-Options: nosniff",
        severity: Severity::Low,
        cwe: "CWE-693",
        zap: "10021 X-Content-Type-Options Header Missing",
        help: "Send `X-Content-Type-Options: nosniff` so browsers do not guess content types.",
    },
    Rule {
        id: "dast.clickjacking",
        title: "No protection against framing (frame-ancestors or X-Frame-Options)",
        severity: Severity::Medium,
        cwe: "CWE-1021",
        zap: "10020 Anti-clickjacking Header",
        help: "Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self'), or `X-Frame-Options: DENY`.",
    },
    Rule {
        id: "dast.referrer-policy-missing",
        title: "No Referrer-Policy",
        severity: Severity::Low,
        cwe: "CWE-200",
        zap: "—",
        help: "Send `Referrer-Policy: strict-origin-when-cross-origin` (or stricter) so URLs do not leak to other sites.",
    },
    Rule {
        id: "dast.server-version",
        title: "Server header discloses a version",
        severity: Severity::Low,
        cwe: "CWE-497",
        zap: "10036 Server Leaks Version Information via \"Server\" HTTP Response Header Field",
        help: "Hide the version (nginx: `server_tokens off`; Apache: `ServerTokens Prod`).",
    },
    Rule {
        id: "dast.powered-by",
        title: "X-Powered-By header discloses the platform",
        severity: Severity::Low,
        cwe: "CWE-497",
        zap: "10037 Server Leaks Information via \"X-Powered-By\" HTTP Response Header Field(s)",
        help: "Remove X-Powered-By (Express: `app.disable('x-powered-by')`; PHP: `expose_php = Off`).",
    },
    Rule {
        id: "dast.cookie-not-secure",
        title: "Session cookie without Secure over HTTPS",
        severity: Severity::Medium,
        cwe: "CWE-614",
        zap: "10011 Cookie Without Secure Flag",
        help: "Set the Secure attribute on session cookies so they are never sent over plain HTTP.",
    },
    Rule {
        id: "dast.cookie-not-httponly",
        title: "Session cookie without HttpOnly",
        severity: Severity::Medium,
        cwe: "CWE-1004",
        zap: "10010 Cookie No HttpOnly Flag",
        help: "Set the HttpOnly attribute on session cookies so scripts cannot read them.",
    },
    Rule {
        id: "dast.cookie-no-samesite",
        title: "Session cookie without SameSite",
        severity: Severity::Low,
        cwe: "CWE-1275",
        zap: "10054 Cookie without SameSite Attribute",
        help: "Set `SameSite=Lax` (or Strict) on session cookies; `None` only with Secure and a reason.",
    },
    Rule {
        id: "dast.cors-reflected-credentials",
        title: "CORS reflects any Origin and allows credentials",
        severity: Severity::High,
        cwe: "CWE-942",
        zap: "40040 CORS Header",
        help: "Allow only a fixed list of origins; never echo the request's Origin together with `Access-Control-Allow-Credentials: true`: any site could read the user's data.",
    },
    Rule {
        id: "dast.cors-reflected",
        title: "CORS reflects any Origin",
        severity: Severity::Low,
        cwe: "CWE-942",
        zap: "40040 CORS Header",
        help: "Allow only a fixed list of origins rather than echoing the request's Origin.",
    },
    Rule {
        id: "dast.cors-wildcard-credentials",
        title: "CORS allows any origin (*) together with credentials",
        severity: Severity::Medium,
        cwe: "CWE-942",
        zap: "40040 CORS Header",
        help: "`*` with `Access-Control-Allow-Credentials: true` is a misconfiguration (browsers refuse it; the intent was to let any site in): name the origins.",
    },
    Rule {
        id: "dast.cors-null-origin",
        title: "CORS allows the null origin",
        severity: Severity::Medium,
        cwe: "CWE-942",
        zap: "40040 CORS Header",
        help: "Never allow `Origin: null`: sandboxed frames and local files of any site send it.",
    },
    Rule {
        id: "dast.exposed-git",
        title: "The Git repository is served (/.git/)",
        severity: Severity::High,
        cwe: "CWE-538",
        zap: "41 Source Code Disclosure - Git",
        help: "Deny every path under /.git/ (nginx: `location ~ /\\. { deny all; }`) and do not deploy the repository's metadata.",
    },
    Rule {
        id: "dast.exposed-svn",
        title: "The Subversion working copy is served (/.svn/)",
        severity: Severity::High,
        cwe: "CWE-538",
        zap: "42 Source Code Disclosure - SVN",
        help: "Deny every path under /.svn/ and do not deploy working-copy metadata.",
    },
    Rule {
        id: "dast.exposed-env",
        title: "An environment file is served (/.env)",
        severity: Severity::High,
        cwe: "CWE-538",
        zap: "40034 .env Information Leak",
        help: "Deny dotfiles and keep .env files out of the web root; rotate what it held.",
    },
    Rule {
        id: "dast.exposed-ds-store",
        title: "A macOS .DS_Store file is served",
        severity: Severity::Medium,
        cwe: "CWE-538",
        zap: "40035 Hidden File Found",
        help: "Deny dotfiles; .DS_Store lists the directory's files.",
    },
    Rule {
        id: "dast.exposed-backup",
        title: "A backup or database dump is served",
        severity: Severity::High,
        cwe: "CWE-530",
        zap: "10095 Backup File Disclosure",
        help: "Keep backups and dumps out of the web root; treat what they held as disclosed.",
    },
    Rule {
        id: "dast.server-status",
        title: "A server status or PHP information page is served",
        severity: Severity::Medium,
        cwe: "CWE-200",
        zap: "—",
        help: "Restrict /server-status, nginx's stub_status and phpinfo() pages to the operators' network, or remove them.",
    },
    Rule {
        id: "dast.directory-listing",
        title: "A directory listing is served",
        severity: Severity::Medium,
        cwe: "CWE-548",
        zap: "10033 Directory Browsing",
        help: "Turn off automatic indexes (nginx: `autoindex off`; Apache: `Options -Indexes`).",
    },
    Rule {
        id: "dast.trace-enabled",
        title: "TRACE is enabled",
        severity: Severity::Medium,
        cwe: "CWE-693",
        zap: "—",
        help: "Refuse TRACE (nginx refuses it; Apache: `TraceEnable off`): it echoes requests, headers included.",
    },
    Rule {
        id: "dast.stack-trace",
        title: "An error page shows a stack trace",
        severity: Severity::Medium,
        cwe: "CWE-209",
        zap: "90022 Application Error Disclosure",
        help: "Turn off debug error pages in production; log the trace and show a plain error.",
    },
    Rule {
        id: "dast.auth-not-enforced",
        title: "An operation that requires authentication answers without it",
        severity: Severity::High,
        cwe: "CWE-306",
        zap: "—",
        help: "Answer 401 (or 403) to every request without valid credentials on the operations the OpenAPI document secures.",
    },
    Rule {
        id: "dast.auth-refused",
        title: "An operation refuses the credentials given for the probes",
        severity: Severity::Medium,
        cwe: "CWE-287",
        zap: "—",
        help: "Give dast.auth credentials the service accepts, or fix the operation's authentication.",
    },
    Rule {
        id: "dast.schema-nonconformant",
        title: "An operation answers what its OpenAPI document does not declare",
        severity: Severity::Medium,
        cwe: "CWE-1068",
        zap: "— (schemathesis)",
        help: "Make the answer match the document (status codes and response schemas), or the document match the service.",
    },
    Rule {
        id: "dast.no-rate-limit",
        title: "A burst of requests meets no rate limit (429)",
        severity: Severity::Medium,
        cwe: "CWE-770",
        zap: "—",
        help: "Limit requests per client on this endpoint (login, password reset, …) and answer 429 with Retry-After beyond the limit.",
    },
    Rule {
        id: "dast.rate-limit-no-retry-after",
        title: "A 429 answer without Retry-After",
        severity: Severity::Low,
        cwe: "CWE-770",
        zap: "—",
        help: "Say when to retry (Retry-After) with every 429.",
    },
    Rule {
        id: "dast.tls-old-protocol",
        title: "TLS 1.0 or TLS 1.1 is accepted",
        severity: Severity::High,
        cwe: "CWE-327",
        zap: "— (sslyze, testssl.sh)",
        help: "Accept TLS 1.2 and 1.3 only (nginx: `ssl_protocols TLSv1.2 TLSv1.3;`).",
    },
    Rule {
        id: "dast.tls-cert-expired",
        title: "The TLS certificate has expired",
        severity: Severity::High,
        cwe: "CWE-298",
        zap: "— (sslyze, testssl.sh)",
        help: "Renew the certificate, and automate renewal (ACME) with an alert well before expiry.",
    },
    Rule {
        id: "dast.tls-cert-expiring",
        title: "The TLS certificate expires within 30 days",
        severity: Severity::Medium,
        cwe: "CWE-298",
        zap: "— (sslyze, testssl.sh)",
        help: "Renew the certificate now; automated renewal normally renews 30 days ahead.",
    },
    Rule {
        id: "dast.tls-hostname-mismatch",
        title: "The TLS certificate is not for the target's host name",
        severity: Severity::High,
        cwe: "CWE-297",
        zap: "— (sslyze, testssl.sh)",
        help: "Serve a certificate whose subject alternative names include the host clients use.",
    },
    Rule {
        id: "dast.tls-untrusted",
        title: "The TLS certificate does not chain to a trusted authority",
        severity: Severity::High,
        cwe: "CWE-295",
        zap: "— (sslyze, testssl.sh)",
        help: "Serve a certificate from a trusted CA with its intermediates; a private CA's root goes in dast.ca_file.",
    },
    Rule {
        id: "dast.tls-weak-key",
        title: "The TLS certificate has an RSA key under 2048 bits",
        severity: Severity::Medium,
        cwe: "CWE-326",
        zap: "— (sslyze, testssl.sh)",
        help: "Use an RSA key of at least 2048 bits, or an ECDSA P-256 key.",
    },
    Rule {
        id: "dast.plain-http",
        title: "Plain HTTP is served without a redirect to HTTPS",
        severity: Severity::Medium,
        cwe: "CWE-319",
        zap: "—",
        help: "Answer plain HTTP with a permanent redirect to the same URL over HTTPS.",
    },
];

/// The rule with this id (every probe uses ids of the table; a test checks it).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_rule_is_documented() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(rule.id.starts_with("dast."), "{}", rule.id);
            assert!(
                RULES[..i].iter().all(|r| r.id != rule.id),
                "{} twice",
                rule.id
            );
            assert!(rule.cwe.starts_with("CWE-") && !rule.help.is_empty());
        }
    }
}
