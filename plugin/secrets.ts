/**
 * Secrets on the provider plugin's wire. The plugin tells the engine it accepts secrets (a
 * plugin that constructs components must), so a secret input reaches it wrapped as Pulumi's
 * secret value, `{ <sig key>: <secret sig>, value }`, at any depth. The resources' providers work
 * on plain values: the plugin reveals what it hands them, and wraps again what it returns, so
 * that the engine keeps every secret encrypted:
 *
 * - each top-level property that held a secret when it came in goes back as a secret (what the
 *   engine itself does for a provider that does not accept secrets);
 * - each property the schema marks secret (a trunk's `digest`) always goes back as a secret,
 *   also when nothing came in, as on `pulumi import`.
 */

/** The key of Pulumi's special values, and the signature of a secret (protocol constants). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret value as the engine sends and takes it. */
export interface WireSecret {
  [SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

/** Whether `v` is a secret value on the wire. */
export function isWireSecret(v: unknown): v is WireSecret {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `v` as a secret value on the wire. */
export function wireSecret(v: unknown): WireSecret {
  return { [SIG_KEY]: SECRET_SIG, value: v };
}

/** `v` with every secret in it, at any depth, replaced by its value. */
export function reveal(v: unknown): unknown {
  if (isWireSecret(v)) return reveal(v.value);
  if (Array.isArray(v)) return v.map(reveal);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  }
  return v;
}

/** Whether `v` holds a secret at any depth. */
function holdsSecret(v: unknown): boolean {
  if (isWireSecret(v)) return true;
  if (Array.isArray(v)) return v.some(holdsSecret);
  if (typeof v === "object" && v !== null) return Object.values(v).some(holdsSecret);
  return false;
}

/** The top-level keys of `props` that hold a secret at any depth. */
export function secretKeysOf(props: Record<string, unknown> | undefined): string[] {
  return Object.entries(props ?? {})
    .filter(([, v]) => holdsSecret(v))
    .map(([k]) => k);
}

/** `props` (plain values) with each of `keys` that it holds, and is not undefined, as a secret. */
export function hideKeys(props: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out = { ...props };
  for (const k of new Set(keys)) {
    if (out[k] !== undefined && !isWireSecret(out[k])) out[k] = wireSecret(out[k]);
  }
  return out;
}
