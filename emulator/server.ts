/**
 * HTTP plumbing: correlation id, request log, faults, latency, body limit, content type, JSON parsing, login,
 * bearer auth, per-token rate limit, routing, persistence and the admin API under `/_emulator/`.
 * Every request is handled inside a catch-all: unexpected exceptions become a 500 `internal.server.error`.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { Duplex } from "node:stream";
import { Auth, type OAuthClient } from "./auth";
import {
  ApiError,
  badRequest,
  errorForStatus,
  internalError,
  LoginError,
  notImplemented,
  payloadTooLarge,
  unsupportedMediaType,
} from "./errors";
import { FaultRuleError, FaultSet, type FaultRule } from "./faults";
import type { DeleteLags } from "./lags";
import { saveState } from "./persistence";
import { settleDefaultRoutes } from "./outboundRoutes";
import { matchRoute } from "./router";
import { Store } from "./store";
import { parseQuery, type Query } from "./validate";

/** Request bodies above this many bytes answer 413 [C-code: 512 KB]. */
export const MAX_BODY_BYTES = 512 * 1024;
/** The request log keeps at most this many entries (oldest dropped). */
export const MAX_LOG_ENTRIES = 10_000;

/** One request-log entry (`GET /_emulator/requests`). */
export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Query;
  /** Response status; 0 while the request is being handled, and when the connection was dropped by a fault. */
  status: number;
  /** True while a `hold` fault keeps the request waiting (see `POST /_emulator/faults/release`). */
  held?: boolean;
  /**
   * True when the request was not performed because its client closed the connection while a `delayMs` or
   * `hold` fault with `ifClientGone: "drop"` kept it waiting (status stays 0).
   */
  dropped?: boolean;
  clientId: string | null;
  correlationId: string;
}

/** Everything the server needs (already defaulted by startEmulator). */
export interface ServerConfig {
  store: Store;
  clients: OAuthClient[];
  tokenTtlSeconds: number;
  rateLimitPerMinute: number;
  tokenRateLimitPerMinute: number;
  latencyMs: number;
  stateFile?: string;
  now: () => number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** The emulator's request handler plus the handles `close()` needs. */
export class EmulatorServer {
  readonly server: http.Server;
  private readonly auth: Auth;
  private readonly faults = new FaultSet();
  private log: RequestLogEntry[] = [];
  private seq = 0;
  private timers = new Set<NodeJS.Timeout>();
  /** Requests a `hold` fault keeps waiting, each with the function that lets it go on. */
  private held = new Map<RequestLogEntry, () => void>();
  /** Admin requests waiting for a request to be held (`GET /_emulator/faults/held?waitMs=`). */
  private heldWaiters = new Set<() => void>();
  private persistedRevision: number;

  constructor(private readonly cfg: ServerConfig) {
    this.auth = new Auth({
      clients: cfg.clients,
      tokenTtlSeconds: cfg.tokenTtlSeconds,
      rateLimitPerMinute: cfg.rateLimitPerMinute,
      tokenRateLimitPerMinute: cfg.tokenRateLimitPerMinute,
      now: cfg.now,
    });
    this.persistedRevision = cfg.store.revision;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => this.crash(e, res));
    });
    this.server.on("clientError", (e, socket) => answerClientError(e, socket));
  }

  /** Writes the snapshot now (used at start so the file exists). */
  persistNow(): void {
    if (!this.cfg.stateFile) return;
    saveState(this.cfg.stateFile, this.cfg.store.snapshot());
    this.persistedRevision = this.cfg.store.revision;
  }

  private persistIfChanged(): void {
    if (this.cfg.store.revision !== this.persistedRevision) this.persistNow();
  }

  /** Cancels pending delays and lets held requests go (so close() leaves nothing waiting). */
  cancelTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.release();
  }

  /** Lets every held request go on (and answers every admin request waiting for one); returns how many there were. */
  private release(): number {
    const waiting = [...this.held.values()];
    this.held.clear();
    for (const go of waiting) go();
    this.wakeHeldWaiters();
    return waiting.length;
  }

  private wakeHeldWaiters(): void {
    const waiters = [...this.heldWaiters];
    this.heldWaiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * `GET /_emulator/faults/held[?waitMs=N]`: the requests held now. With `waitMs`, answers as soon as one is
   * held, or after N ms (at most 60 000) with none: a test waits for its request without sleeping.
   */
  private async heldRequests(query: Query): Promise<Reply> {
    const waitMs = Math.min(Number(query.waitMs ?? 0) || 0, 60_000);
    if (this.held.size === 0 && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.timers.delete(timer);
          this.heldWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, waitMs);
        this.timers.add(timer);
        this.heldWaiters.add(wake);
      });
    }
    const held = [...this.held.keys()].map(({ seq, method, path }) => ({ seq, method, path }));
    return { status: 200, body: { held } };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private crash(e: unknown, res: http.ServerResponse): void {
    console.error("[genesys-emulator] unexpected error:", e);
    try {
      if (!res.headersSent) {
        const id = String(res.getHeader("ININ-Correlation-Id") ?? randomUUID());
        this.send(res, { status: 500, body: internalError().toBody(id) });
      } else res.destroy();
    } catch {
      res.destroy();
    }
  }

  private send(res: http.ServerResponse, r: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
    if (r.body === undefined) {
      res.writeHead(r.status, { "Content-Length": "0" });
      res.end();
      return;
    }
    const text = JSON.stringify(r.body);
    res.writeHead(r.status, {
      "Content-Type": "application/json; charset=UTF-8",
      "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  /** Reads the body, keeping at most MAX_BODY_BYTES + 1 bytes in memory. */
  private readBody(req: http.IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) tooLarge = true;
        else chunks.push(c);
      });
      req.on("end", () =>
        resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge }),
      );
      req.on("error", () => resolve({ text: "", tooLarge }));
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const correlationId = randomUUID();
    res.setHeader("ININ-Correlation-Id", correlationId);
    res.on("error", () => undefined);
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = parseQuery(new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1)));

    // Time-based changes Genesys makes by itself happen before anything looks at the org.
    settleDefaultRoutes(this.cfg.store);

    if (path === "/_emulator" || path.startsWith("/_emulator/")) {
      const { text } = await this.readBody(req);
      if (method === "GET" && path.replace(/\/+$/, "") === "/_emulator/faults/held")
        return this.send(res, await this.heldRequests(query));
      return this.send(res, this.admin(method, path, text));
    }

    const entry: RequestLogEntry = {
      seq: ++this.seq,
      time: new Date(this.cfg.now()).toISOString(),
      method,
      path,
      query,
      status: 0,
      clientId: null,
      correlationId,
    };
    this.log.push(entry);
    if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
    // The connection closing before our answer means the client went away (a timeout, an abort, a kill).
    let clientGone = false;
    res.once("close", () => {
      if (!res.writableEnded) clientGone = true;
    });

    const body = await this.readBody(req);
    const fault: FaultRule | undefined = this.faults.take(method, path);
    const effect = fault?.effect;
    if (effect && "reset" in effect) {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    if (effect && "status" in effect) {
      entry.status = effect.status;
      const headers: Record<string, string> =
        effect.retryAfter !== undefined ? { "Retry-After": String(effect.retryAfter) } : {};
      if (path === "/oauth/token")
        return this.send(res, {
          status: effect.status,
          headers,
          body: new LoginError(
            effect.status,
            effect.code ?? "invalid_request",
            effect.message ?? "fault injected",
          ).toBody(),
        });
      return this.send(res, {
        status: effect.status,
        headers,
        body: errorForStatus(effect.status, effect.code, effect.message).toBody(correlationId),
      });
    }
    if (effect && "body" in effect) {
      entry.status = 200;
      return this.send(res, { status: 200, body: effect.body });
    }
    if (effect && "delayMs" in effect) await this.sleep(effect.delayMs);
    if (effect && "hold" in effect) {
      entry.held = true;
      const released = new Promise<void>((resolve) => this.held.set(entry, resolve));
      this.wakeHeldWaiters();
      await released;
      delete entry.held;
    }
    if (effect && ("delayMs" in effect || "hold" in effect) && effect.ifClientGone === "drop") {
      // Like a gateway that never forwarded the request of a client that had left. The live service gives no
      // such promise: a request that reached its backend may still be applied after its client went away
      // (the default, `ifClientGone: "apply"`). A client's abort only guarantees it stops waiting and sends
      // nothing more.
      if (clientGone || res.destroyed) {
        entry.dropped = true;
        return;
      }
    }
    if (this.cfg.latencyMs > 0) await this.sleep(this.cfg.latencyMs);

    let reply: Reply;
    try {
      reply = this.process(req, method, path, query, body, entry, correlationId);
    } catch (e) {
      console.error("[genesys-emulator] unexpected error:", e);
      reply = { status: 500, body: internalError().toBody(correlationId) };
    }
    try {
      this.persistIfChanged();
    } catch (e) {
      console.error("[genesys-emulator] could not persist state:", e);
      reply = { status: 500, body: internalError().toBody(correlationId) };
    }
    if (effect && "omitFields" in effect && isRecord(reply.body)) {
      const body: Record<string, unknown> = { ...reply.body };
      for (const field of effect.omitFields) delete body[field];
      reply = { ...reply, body };
    }
    if (effect && "commitThenDrop" in effect) {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    entry.status = reply.status;
    this.send(res, reply);
  }

  private process(
    req: http.IncomingMessage,
    method: string,
    path: string,
    query: Query,
    body: { text: string; tooLarge: boolean },
    entry: RequestLogEntry,
    correlationId: string,
  ): Reply {
    const authz = req.headers.authorization;
    if (path === "/oauth/token" && method === "POST") {
      entry.clientId = Auth.basicClientId(authz) ?? null;
      if (body.tooLarge)
        return { status: 413, body: new LoginError(413, "invalid_request", "request too large").toBody() };
      try {
        return { status: 200, body: this.auth.login(authz, req.headers["content-type"], body.text) };
      } catch (e) {
        if (e instanceof LoginError) return { status: e.status, body: e.toBody() };
        throw e;
      }
    }
    let rateHeaders: Record<string, string> = {};
    try {
      const match = matchRoute(method, path);
      if (!match) throw notImplemented(method, path);
      const { clientId, token } = this.auth.verify(authz);
      entry.clientId = clientId;
      rateHeaders = this.auth.consume(token);
      if (body.tooLarge) throw payloadTooLarge(MAX_BODY_BYTES);
      let parsed: unknown = undefined;
      if (WRITE_METHODS.has(method) && body.text.trim() !== "") {
        const ct = req.headers["content-type"] ?? "";
        if (!/^application\/(.+\+)?json\s*(;|$)/i.test(ct.trim())) throw unsupportedMediaType();
        try {
          parsed = JSON.parse(body.text);
        } catch {
          throw badRequest();
        }
      }
      const result = this.cfg.store.as(clientId, () =>
        match.route.handler({ store: this.cfg.store, params: match.params, query, body: parsed }),
      );
      const status = match.route.status ?? 200;
      return { status, body: status === 204 ? undefined : result, headers: rateHeaders };
    } catch (e) {
      if (e instanceof ApiError)
        return { status: e.status, body: e.toBody(correlationId), headers: { ...rateHeaders, ...e.headers } };
      throw e;
    }
  }

  private admin(method: string, path: string, text: string): Reply {
    const parse = (): unknown => {
      if (text.trim() === "") return undefined;
      try {
        return JSON.parse(text);
      } catch {
        throw new FaultRuleError("the body must be valid JSON");
      }
    };
    const key = `${method} ${path.replace(/\/+$/, "")}`;
    try {
      switch (key) {
        case "GET /_emulator/state":
          return { status: 200, body: this.cfg.store.snapshot() };
        case "GET /_emulator/requests":
          return { status: 200, body: { requests: this.log } };
        case "DELETE /_emulator/requests":
          this.log = [];
          return { status: 204 };
        case "POST /_emulator/reset":
          this.cfg.store.reset();
          this.persistIfChanged();
          return { status: 200, body: { reset: true } };
        case "POST /_emulator/faults":
          return { status: 200, body: this.faults.add(parse()) };
        case "GET /_emulator/faults":
          return { status: 200, body: { faults: this.faults.list() } };
        case "DELETE /_emulator/faults":
          this.faults.clear();
          return { status: 204 };
        case "POST /_emulator/faults/release":
          return { status: 200, body: { released: this.release() } };
        case "GET /_emulator/lags":
          return { status: 200, body: this.cfg.store.lags.report() };
        case "PUT /_emulator/lags":
          this.cfg.store.lags.set(lagSettings(parse()));
          return { status: 200, body: this.cfg.store.lags.report() };
        case "POST /_emulator/lags/expire":
          return { status: 200, body: { expired: this.cfg.store.lags.expire() } };
        default:
          return {
            status: 404,
            body: {
              error: `Unknown admin endpoint ${method} ${path}. Available: GET state, GET|DELETE requests, POST reset, GET|POST|DELETE faults, GET faults/held, POST faults/release, GET|PUT lags, POST lags/expire (under /_emulator/).`,
            },
          };
      }
    } catch (e) {
      if (e instanceof FaultRuleError || e instanceof RangeError)
        return { status: 400, body: { error: e.message } };
      throw e;
    }
  }
}

/** The body of `PUT /_emulator/lags`: some of `locationMs`, `trunkMs`, `siteMs`, and nothing else. */
function lagSettings(body: unknown): Partial<DeleteLags> {
  if (!isRecord(body))
    throw new FaultRuleError(
      'the body must be an object such as {"trunkMs": 10000} (locationMs, trunkMs, siteMs)',
    );
  const keys: (keyof DeleteLags)[] = ["locationMs", "trunkMs", "siteMs"];
  const unknown = Object.keys(body).filter((k) => !keys.includes(k as keyof DeleteLags));
  if (unknown.length)
    throw new FaultRuleError(`unknown lag ${unknown.join(", ")}: use locationMs, trunkMs, siteMs`);
  return body as Partial<DeleteLags>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A request Node could not parse. A request line or headers over Node's 16 KB limit get 431 (an API gateway answers
 * 414/431 too, not a reset [I]); other malformed requests get 400. Both in the ErrorBody shape, then the socket is
 * closed. A socket that can no longer be written is just destroyed.
 */
function answerClientError(e: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || e.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = e.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const correlationId = randomUUID();
  const err = tooLarge
    ? new ApiError(431, "request.header.fields.too.large", "The request line or headers are too large.")
    : badRequest();
  const text = JSON.stringify(err.toBody(correlationId));
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      "Content-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      `ININ-Correlation-Id: ${correlationId}\r\n` +
      "Connection: close\r\n\r\n" +
      text,
  );
}
