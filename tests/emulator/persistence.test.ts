/** Durable state: snapshot round trip, corrupt files refused untouched, and the CLI surviving kill -9. */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, StateFileError } from "../../emulator";
import { emulatorAdmin, locationBody, sdkClient } from "../helpers/emulator";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-emulator-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ROOT = path.resolve(__dirname, "../..");

/** Runs the CLI; resolves with the listening URL (or the exit code and stderr if it exits first). */
function runCli(
  args: string[],
): Promise<{ child: ChildProcess; url?: string; code?: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["dist/emulator/main.js", ...args], {
    cwd: ROOT,
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

test("state file: created at start, rewritten after each change, loaded by the next emulator", async () => {
  const file = path.join(dir, "round-trip.json");
  const first = await startEmulator({ stateFile: file });
  const snapshot = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  expect(snapshot).toMatchObject({ format: "genesys-cloud-emulator-state", formatVersion: 1 });
  const api = await sdkClient(first.url);
  const loc = await api.locations.postLocations(locationBody({ name: "Durable" }));
  await first.close();
  expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);

  const second = await startEmulator({ stateFile: file });
  try {
    const again = await (await sdkClient(second.url)).locations.getLocation(loc.id!);
    expect(again).toEqual(loc);
    await emulatorAdmin(second.url).reset();
    const reset = JSON.parse(fs.readFileSync(file, "utf8")) as { locations: unknown[] };
    expect(reset.locations).toHaveLength(1);
  } finally {
    await second.close();
  }
});

test("a corrupt state file is refused with a clear error and left untouched", async () => {
  for (const content of [
    "{ half a json",
    '{"format":"something-else"}',
    "",
    '{"format":"genesys-cloud-emulator-state","formatVersion":1,"organization":{"id":"o"},"locations":{}}',
  ]) {
    const file = path.join(dir, "corrupt.json");
    fs.writeFileSync(file, content);
    const err = await startEmulator({ stateFile: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StateFileError);
    expect((err as Error).message).toContain(file);
    expect(fs.readFileSync(file, "utf8")).toBe(content);
  }
});

test("CLI: prints the listening line; survives kill -9; refuses a corrupt file with exit 1", async () => {
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
