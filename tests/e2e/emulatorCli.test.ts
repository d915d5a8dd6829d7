/**
 * The emulator's command line, built (dist/emulator/main.js): the launcher (`npm run emulator`)
 * writes the ready file once it listens, and SIGTERM/SIGINT sent to npm reach the emulator, which
 * exits, leaving no process behind; the bin keeps its state file through kill -9 and refuses a
 * corrupt one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { locationBody, sdkClient } from "../helpers/emulator";
import { PROJECT_DIR } from "../helpers/pulumi";

jest.setTimeout(60_000);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm run emulator", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cli-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(["SIGTERM", "SIGINT"] as const)("passes %s on: the emulator stops with npm", async (signal) => {
    const ready = path.join(dir, `ready-${signal}.json`);
    const npm = spawn("npm", ["run", "emulator", "--", "--port", "0", "--ready-file", ready], {
      cwd: PROJECT_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // "exit", not "close": a child left behind would keep npm's pipes open.
    const exited = new Promise<void>((resolve) => npm.on("exit", () => resolve()));
    let out = "";
    await new Promise<void>((resolve, reject) => {
      npm.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) resolve();
      });
      npm.on("exit", () => reject(new Error(`npm run emulator exited early:\n${out}`)));
    });
    // The emulator writes the ready file before it prints the "listening" line.
    const info = JSON.parse(fs.readFileSync(ready, "utf8")) as { url: string; port: number; pid: number };
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    expect(info.pid).not.toBe(npm.pid);
    expect(alive(info.pid)).toBe(true);
    expect((await fetch(`${info.url}/_emulator/state`)).status).toBe(200);

    npm.kill(signal);
    await exited;
    const leftBehind = alive(info.pid);
    if (leftBehind) process.kill(info.pid, "SIGKILL");
    expect(leftBehind).toBe(false);
  });
});

/** Runs the CLI; resolves with the listening URL (or the exit code and stderr if it exits first). */
function runCli(
  args: string[],
): Promise<{ child: ChildProcess; url?: string; code?: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["dist/emulator/main.js", ...args], {
    cwd: PROJECT_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let stderr = "";
  return new Promise((resolve) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Genesys Cloud emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1], stderr });
    });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ child, code, stderr, url: undefined }));
  });
}

describe("the bin (dist/emulator/main.js)", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-bin-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints the listening line; survives kill -9; refuses a corrupt file with exit 1", async () => {
    const file = path.join(dir, "cli.json");
    const run = await runCli(["--port", "0", "--state-file", file, "--rate-limit", "1000"]);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const api = await sdkClient(run.url!);
    const loc = await api.locations.postLocations(locationBody({ name: "Survivor" }));
    const exited = new Promise((r) => run.child.on("exit", r));
    run.child.kill("SIGKILL");
    await exited;
    const back = await startEmulator({ stateFile: file });
    try {
      expect((await (await sdkClient(back.url)).locations.getLocation(loc.id!)).name).toBe("Survivor");
    } finally {
      await back.close();
    }

    fs.writeFileSync(file, "{ broken");
    const bad = await runCli(["--state-file", file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(file);
    expect(fs.readFileSync(file, "utf8")).toBe("{ broken");
  });
});
