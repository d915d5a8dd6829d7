/**
 * OAuth client credentials, bearer-token checks and the per-token rate limit.
 *
 * Tokens are self-contained (`<payload>.<hmac>`, signed with the client's secret), so a restarted emulator with
 * the same clients still accepts tokens it issued before, like a real org does.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { authenticationRequired, badCredentials, LoginError, tooManyRequests } from "./errors";

/** An OAuth client (client-credentials grant). */
export interface OAuthClient {
  id: string;
  secret: string;
}

/** Options of {@link Auth}. */
export interface AuthOptions {
  clients: OAuthClient[];
  tokenTtlSeconds: number;
  rateLimitPerMinute: number;
  tokenRateLimitPerMinute: number;
  now: () => number;
}

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

/** Rate-limit headers of a normal response [C names]. */
export type RateHeaders = Record<
  "inin-ratelimit-count" | "inin-ratelimit-allowed" | "inin-ratelimit-reset",
  string
>;

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** Issues and checks tokens; counts requests per token in fixed 60-second windows of the injectable clock. */
export class Auth {
  private apiWindows = new Map<string, Window>();
  private loginWindows = new Map<string, Window>();

  constructor(private readonly o: AuthOptions) {}

  private sign(secret: string, payload: string): string {
    return createHmac("sha256", `genesys-emulator:${secret}`).update(payload).digest("base64url");
  }

  /** Fixed window: returns the window after counting one more request, or undefined when the limit is hit. */
  private hit(map: Map<string, Window>, key: string, limit: number): { w: Window; ok: boolean } {
    const now = this.o.now();
    let w = map.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      if (map.size > 10_000) for (const [k, v] of map) if (now - v.start >= WINDOW_MS) map.delete(k);
      w = { start: now, count: 0 };
      map.set(key, w);
    }
    if (w.count >= limit) return { w, ok: false };
    w.count++;
    return { w, ok: true };
  }

  private secondsLeft(w: Window): number {
    return Math.max(1, Math.ceil((w.start + WINDOW_MS - this.o.now()) / 1000));
  }

  /** The client id named in a Basic header, if it parses. */
  static basicClientId(header: string | undefined): string | undefined {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
    if (!m) return undefined;
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const i = decoded.indexOf(":");
    return i > 0 ? decoded.slice(0, i) : undefined;
  }

  /**
   * `POST /oauth/token`. Credentials only in the Basic header [C]; form body `grant_type=client_credentials` [C].
   * Wrong secret → 401 invalid_client "authentication failed" [C]; unknown client → 401 invalid_client
   * "client not found" [C body; U status]; token-endpoint rate limit → 400 invalid_request "rate limit exceeded; …"
   * [C-code]. Other failures use standard OAuth codes [I].
   */
  login(
    authorization: string | undefined,
    contentType: string | undefined,
    rawBody: string,
  ): Record<string, unknown> {
    if (contentType && !/^application\/x-www-form-urlencoded\b/i.test(contentType.trim()))
      throw new LoginError(400, "invalid_request", "content type must be application/x-www-form-urlencoded");
    const m = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
    if (!m) throw new LoginError(401, "invalid_client", "client authentication required");
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const sep = decoded.indexOf(":");
    if (sep <= 0) throw new LoginError(401, "invalid_client", "authentication failed");
    const id = decoded.slice(0, sep);
    const secret = decoded.slice(sep + 1);
    const client = this.o.clients.find((c) => c.id === id);
    if (!client) throw new LoginError(401, "invalid_client", "client not found");
    const a = Buffer.from(client.secret);
    const b = Buffer.from(secret);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new LoginError(401, "invalid_client", "authentication failed");
    const grant = new URLSearchParams(rawBody).get("grant_type");
    if (!grant) throw new LoginError(400, "invalid_request", "missing grant type");
    if (grant !== "client_credentials")
      throw new LoginError(400, "unsupported_grant_type", "unsupported grant type");
    const { w, ok } = this.hit(this.loginWindows, id, this.o.tokenRateLimitPerMinute);
    if (!ok)
      throw new LoginError(
        400,
        "invalid_request",
        `rate limit exceeded; retry the request in ${this.secondsLeft(w)} seconds`,
      );
    const payload = b64url(
      JSON.stringify({
        c: id,
        e: this.o.now() + this.o.tokenTtlSeconds * 1000,
        n: randomBytes(9).toString("hex"),
      }),
    );
    return {
      access_token: `${payload}.${this.sign(client.secret, payload)}`,
      token_type: "bearer", // [I] casing unknown
      expires_in: this.o.tokenTtlSeconds, // [I] 86400 by default
    };
  }

  /**
   * Checks `Authorization: Bearer <token>`; returns the client id. Missing → 401 `authentication.required`;
   * bad or expired → 401 `bad.credentials` [C codes].
   */
  verify(authorization: string | undefined): { clientId: string; token: string } {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m) throw authenticationRequired();
    const token = m[1];
    const [payload, sig, extra] = token.split(".");
    if (!payload || !sig || extra !== undefined) throw badCredentials();
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      throw badCredentials();
    }
    const c = claims as { c?: unknown; e?: unknown };
    const client = this.o.clients.find((x) => x.id === c.c);
    if (!client || typeof c.e !== "number") throw badCredentials();
    const expected = Buffer.from(this.sign(client.secret, payload));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw badCredentials();
    if (this.o.now() >= c.e) throw badCredentials(); // expired [I: same code as a bad token]
    return { clientId: client.id, token };
  }

  /**
   * Counts one request against the token's window. Over the limit → 429 `too.many.requests` with `Retry-After`
   * (integer seconds, ≤ 60 so always ≤ 180) [C]. Returns the `inin-ratelimit-*` headers [C names; I semantics].
   */
  consume(token: string): RateHeaders {
    const limit = this.o.rateLimitPerMinute;
    const { w, ok } = this.hit(this.apiWindows, token, limit);
    const reset = this.secondsLeft(w);
    const headers: RateHeaders = {
      "inin-ratelimit-count": String(w.count),
      "inin-ratelimit-allowed": String(limit),
      "inin-ratelimit-reset": String(reset),
    };
    if (!ok) {
      const e = tooManyRequests(limit, WINDOW_MS / 1000, reset);
      Object.assign(e.headers, headers);
      throw e;
    }
    return headers;
  }
}
