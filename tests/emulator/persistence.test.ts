/**
 * Durable state: snapshot round trip, corrupt files refused untouched (the CLI surviving kill -9:
 * tests/e2e/emulatorCli.test.ts, which runs the built bin).
 */
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
