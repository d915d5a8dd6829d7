/**
 * Durable state: a plain JSON snapshot of the API-shaped store, written atomically (temp file + fsync + rename +
 * directory fsync) after every mutating request, so a kill -9 at any moment leaves either the old or the new file.
 * A corrupt file is reported and never replaced.
 */
import * as fs from "node:fs";
import * as path from "node:path";
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

const KINDS = ["locations", "sites", "trunkBases", "outboundRoutes", "numberPlans"] as const;

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
    if (!Array.isArray(list)) throw new StateFileError(file, `"${k}" must be an array`);
    list.forEach((item, i) => {
      if (typeof item !== "object" || item === null || typeof (item as { id?: unknown }).id !== "string")
        throw new StateFileError(file, `${k}[${i}] has no string id`);
    });
  }
  const { format: _f, formatVersion: _v, ...state } = d;
  return state as unknown as EmulatorState;
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
