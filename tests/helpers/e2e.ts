/**
 * End-to-end fixtures: a private project copy, a stack on a temp file backend, an emulator of its
 * own, the stack config written as a user writes Pulumi.<stack>.yaml, and fault rules armed by count.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_DELETE_LAGS } from "../../emulator";
import { orgShape } from "./org";
import { copyProject } from "./project";
import { providerEnv, ProviderEnv } from "./providers";
import { createTestStack, TestStack } from "./pulumi";

/** One e2e test's world. */
export interface E2E {
  env: ProviderEnv;
  t: TestStack;
  project: string;
  /** The org as the emulator seeded it (see {@link orgShape}). */
  seeded: unknown;
  /**
   * Writes Pulumi.<stack>.yaml: `genesys:` settings (default: this emulator and its client) and
   * the project's keys (JSON is valid YAML), then sets the client secret as a secret.
   */
  configure(values: Record<string, unknown>, genesys?: Record<string, string>): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The emulator of every end-to-end test: like the live service, it catches up slowly after deletes
 * (the emulator's default delete lags), so every destroy and replace through the CLI runs as it
 * would on a real org. Tests of a strongly consistent org, or of other lags, say so.
 */
export const CLI_EMULATOR = { deleteLags: DEFAULT_DELETE_LAGS };

/** How many DELETEs each of the emulator's delete lags refused so far (its `GET /_emulator/lags`). */
export type LagRefusals = Record<"location" | "trunk" | "site", number>;

/** The emulator's count of DELETEs each delete lag refused so far. */
export async function lagRefusals(env: ProviderEnv): Promise<LagRefusals> {
  return ((await env.admin("GET", "/_emulator/lags")) as { refused: LagRefusals }).refused;
}

/** A fresh emulator (see {@link CLI_EMULATOR}), project copy and stack named `stackName`. */
export async function e2e(
  stackName: string,
  emulatorOptions?: Parameters<typeof providerEnv>[0],
): Promise<E2E> {
  const env = await providerEnv({ ...CLI_EMULATOR, ...emulatorOptions });
  const project = copyProject();
  const t = await createTestStack(project, stackName);
  return {
    env,
    t,
    project,
    seeded: await orgShape(env),
    async configure(values, genesys = { apiUrl: env.emulator.url, clientId: DEFAULT_CLIENT_ID }) {
      const lines = [
        "config:",
        ...Object.entries(genesys).map(([k, v]) => `  genesys:${k}: ${v}`),
        ...Object.entries(values).map(([k, v]) => `  genesys-byoc:${k}: ${JSON.stringify(v)}`),
        "",
      ];
      fs.writeFileSync(path.join(project, `Pulumi.${stackName}.yaml`), lines.join("\n"));
      await t.stack.setConfig("genesys:clientSecret", { value: DEFAULT_CLIENT_SECRET, secret: true });
    },
    async dispose() {
      try {
        await t.dispose();
      } finally {
        await env.close();
        fs.rmSync(project, { recursive: true, force: true });
      }
    },
  };
}

/** Adds one fault rule per `METHOD path` (`*` matches one path segment), each used `times` times. */
export async function arm(
  env: ProviderEnv,
  calls: string[],
  effect: Record<string, unknown>,
  times = 1,
): Promise<void> {
  for (const call of calls) {
    const [method, p] = call.split(" ");
    await env.admin("POST", "/_emulator/faults", { method, path: p, times, effect });
  }
}

/** The rules not used up yet (a rule that never fired means the call it targets never happened). */
export async function armed(env: ProviderEnv): Promise<string[]> {
  const { faults } = (await env.admin("GET", "/_emulator/faults")) as {
    faults: { method: string; path: string; remaining: number }[];
  };
  return faults.filter((r) => r.remaining > 0).map((r) => `${r.method} ${r.path}`);
}

/** Runs `op` (a CLI command given an `onOutput`), which must fail; returns its error and everything the CLI printed. */
export async function failedRun(op: (onOutput: (s: string) => void) => Promise<unknown>): Promise<string> {
  const out: string[] = [];
  try {
    await op((s) => out.push(s));
  } catch (err) {
    return `${(err as Error).message}\n${out.join("")}`;
  }
  throw new Error(`the command succeeded:\n${out.join("")}`);
}
