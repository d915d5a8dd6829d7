/**
 * Durable state: a plain JSON snapshot of the API-shaped store, written atomically (temp file + fsync + rename +
 * directory fsync) after every mutating request, so a kill -9 at any moment leaves either the old or the new file.
 * A corrupt file is reported and never replaced.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { upgradeState } from "./seed";
import type { EmulatorState } from "./store";

/** Marker written into every snapshot. */
export const SNAPSHOT_FORMAT = "genesys-cloud-emulator-state";
/** Version of the snapshot layout. */
export const SNAPSHOT_VERSION = 1;

/** The state file exists but cannot be used. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `Emulator state file ${file} is corrupt or unreadable: ${reason}. ` +
        "It was left untouched; fix it, move it away, or start without --state-file.",
    );
    this.name = "StateFileError";
  }
}

const KINDS = ["locations", "sites", "trunkBases", "outboundRoutes", "numberPlans", "didPools"] as const;
/** Kinds a snapshot of an older emulator may lack (an empty list is assumed, see `upgradeState`). */
const NEWER_KINDS: readonly string[] = ["didPools"];

/**
 * Reads a snapshot. Returns undefined when the file does not exist; throws {@link StateFileError} when it exists
 * but is not a valid snapshot.
 */
export function loadState(file: string): EmulatorState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(file, (e as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StateFileError(file, `invalid JSON (${(e as Error).message})`);
  }
  const d = data as Record<string, unknown>;
  if (typeof d !== "object" || d === null || Array.isArray(d) || d.format !== SNAPSHOT_FORMAT)
    throw new StateFileError(file, `not an emulator snapshot (missing "format": "${SNAPSHOT_FORMAT}")`);
  if (d.formatVersion !== SNAPSHOT_VERSION)
    throw new StateFileError(file, `unsupported formatVersion ${String(d.formatVersion)}`);
  const org = d.organization as Record<string, unknown> | undefined;
  if (typeof org !== "object" || org === null || typeof org.id !== "string")
    throw new StateFileError(file, "missing organization");
  for (const k of KINDS) {
    const list = d[k];
    if (list === undefined && NEWER_KINDS.includes(k)) continue;
    if (!Array.isArray(list)) throw new StateFileError(file, `"${k}" must be an array`);
    list.forEach((item, i) => {
      if (typeof item !== "object" || item === null || typeof (item as { id?: unknown }).id !== "string")
        throw new StateFileError(file, `${k}[${i}] has no string id`);
    });
  }
  const { format: _f, formatVersion: _v, ...state } = d;
  return upgradeState(state as unknown as EmulatorState);
}

/**
 * Removes the `<file>.<pid>.tmp` files a crash during {@link saveState} left behind, except those of a process
 * that is still running (it may be writing right now). Returns the paths removed.
 */
export function removeStaleTempFiles(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`) || !name.endsWith(".tmp")) continue;
    const pid = name.slice(base.length + 1, -".tmp".length);
    if (!/^\d+$/.test(pid) || (Number(pid) !== process.pid && isRunning(Number(pid)))) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
      removed.push(path.join(dir, name));
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Writes a snapshot atomically and durably. */
export function saveState(file: string, state: EmulatorState): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const text = JSON.stringify(
    { format: SNAPSHOT_FORMAT, formatVersion: SNAPSHOT_VERSION, ...state },
    null,
    2,
  );
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Directory fsync is not supported everywhere (e.g. Windows); the rename is still atomic.
  }
}
