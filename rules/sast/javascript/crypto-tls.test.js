const crypto = require("crypto");
const https = require("https");

function f(data, key, iv) {
  // gatehouse-expect: js-weak-hash
  const a = crypto.createHash("md5").update(data).digest("hex");
  // gatehouse-expect: js-weak-hash
  const b = crypto.createHash('sha1');
  // gatehouse-ok: js-weak-hash
  const c = crypto.createHash("sha256");
  // gatehouse-ok: js-weak-hash
  const d = crypto.createHmac("sha256", key);
  // gatehouse-expect: js-weak-cipher
  const e = crypto.createCipheriv("des-ede3-cbc", key, iv);
  // gatehouse-expect: js-weak-cipher
  const g = crypto.createCipheriv("aes-128-ecb", key, null);
  // gatehouse-ok: js-weak-cipher
  const h = crypto.createCipheriv("aes-256-gcm", key, iv);
  // gatehouse-ok: js-weak-cipher
  const i = crypto.createDecipheriv("chacha20-poly1305", key, iv);
  // gatehouse-expect: js-insecure-random-secret
  const resetToken = Math.random().toString(36).slice(2);
  // gatehouse-expect: js-insecure-random-secret
  let sessionId = Math.floor(Math.random() * 1e16);
  // gatehouse-ok: js-insecure-random-secret
  const token = crypto.randomBytes(32).toString("hex");
  // gatehouse-ok: js-insecure-random-secret
  const jitter = Math.random() * 100;
  // gatehouse-expect: js-tls-reject-unauthorized-false
  const agent = new https.Agent({ rejectUnauthorized: false });
  // gatehouse-expect: js-tls-reject-unauthorized-false
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  // gatehouse-ok: js-tls-reject-unauthorized-false
  const agent2 = new https.Agent({ rejectUnauthorized: true, ca: caCert });
  // gatehouse-ok: js-tls-reject-unauthorized-false
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";
  return [a, b, c, d, e, g, h, i, resetToken, sessionId, token, jitter, agent, agent2];
}

const LEGACY_DIGEST = "sha1";
const CIPHERS = { legacy: "des-ede3-cbc", modern: "aes-256-gcm" };
const VERIFY_PEER = false;

function legacy(data, key, iv, strict) {
  // gatehouse-expect: js-weak-hash
  const a = crypto.createHash(LEGACY_DIGEST).update(data).digest("hex");
  // gatehouse-expect: js-weak-cipher
  const b = crypto.createCipheriv(CIPHERS.legacy, key, iv);
  // gatehouse-ok: js-weak-cipher
  const c = crypto.createCipheriv(CIPHERS.modern, key, iv);
  let digest = "md5";
  digest = "sha256";
  // gatehouse-ok: js-weak-hash
  const d = crypto.createHash(digest);
  // gatehouse-expect: js-tls-reject-unauthorized-false
  const agent = new https.Agent({ rejectUnauthorized: VERIFY_PEER });
  const checked = strict ? true : true;
  // gatehouse-ok: js-tls-reject-unauthorized-false
  const agent2 = new https.Agent({ rejectUnauthorized: checked });
  return [a, b, c, d, agent, agent2];
}
