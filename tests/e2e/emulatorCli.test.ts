/**
 * The emulator's launcher (`npm run emulator`): the ready file appears once it listens, and
 * SIGTERM/SIGINT sent to npm reach the emulator, which exits, leaving no process behind.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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
