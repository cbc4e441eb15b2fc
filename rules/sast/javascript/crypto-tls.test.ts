import * as crypto from "crypto";
import axios from "axios";

export function digest(data: string): string {
  // gatehouse-expect: js-weak-hash
  return crypto.createHash("md5").update(data).digest("hex");
}

export function client(): unknown {
  // gatehouse-expect: js-tls-reject-unauthorized-false
  return axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
}

export function sha(data: string): string {
  // gatehouse-ok: js-weak-hash
  return crypto.createHash("sha512").update(data).digest("hex");
}
