/**
 * Emulator benchmark: requests per second and latency for GET by id and for a create, over loopback, no latency
 * injected. Run with `npx ts-node --transpile-only bench/emulator.ts`; writes bench/results/emulator.json.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator } from "../emulator";

const REQUESTS = 3000;
const WARMUP = 300;
const CONCURRENCY = [1, 8];

interface Figure {
  operation: string;
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(
  operation: string,
  concurrency: number,
  total: number,
  once: (i: number) => Promise<void>,
): Promise<Figure> {
  const latencies: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await once(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    operation,
    concurrency,
    requests: total,
    requestsPerSecond: Math.round(total / seconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(3)),
    p99Ms: Number(percentile(latencies, 99).toFixed(3)),
  };
}

async function main(): Promise<void> {
  const emu = await startEmulator({ rateLimitPerMinute: 1_000_000 });
  try {
    const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString("base64");
    const login = await fetch(`${emu.url}/oauth/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    // A lean keep-alive node:http client, so the figures are mostly the emulator's own cost.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const request = (method: string, p: string, body?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(`${emu.url}${p}`, { method, headers, agent }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on("error", reject);
        req.end(body);
      });
    const ok = (r: { status: number }) => {
      if (r.status !== 200) throw new Error(`unexpected status ${r.status}`);
    };
    const created = await request(
      "POST",
      "/api/v2/locations",
      JSON.stringify({ name: "bench target", emergencyNumber: { number: "+13175550100" } }),
    );
    let { id } = JSON.parse(created.text) as { id: string };
    const getById = () => request("GET", `/api/v2/locations/${id}`).then(ok);
    let n = 0;
    const create = () =>
      request("POST", "/api/v2/locations", JSON.stringify({ name: `bench ${n++}`, notes: "benchmark" })).then(
        ok,
      );
    // Each create phase starts from the seeded org plus the target, so store size stays comparable.
    const resetStore = async () => {
      await fetch(`${emu.url}/_emulator/reset`, { method: "POST" });
      const target = await request("POST", "/api/v2/locations", JSON.stringify({ name: "bench target" }));
      id = (JSON.parse(target.text) as { id: string }).id;
    };

    for (let i = 0; i < WARMUP; i++) await getById();
    const figures: Figure[] = [];
    for (const c of CONCURRENCY) {
      figures.push(await measure("GET /api/v2/locations/{id}", c, REQUESTS, getById));
      await resetStore();
      figures.push(await measure("POST /api/v2/locations", c, REQUESTS, create));
    }
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown"}`,
      note:
        "loopback, keep-alive node:http client in the same process, no latency injected, no state file; " +
        "each create phase starts from the seeded org (uniqueness checks are linear scans)",
      figures,
    };
    console.table(figures);
    const out = path.join(__dirname, "results", "emulator.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${path.relative(process.cwd(), out)}`);
    agent.destroy();
  } finally {
    await emu.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
