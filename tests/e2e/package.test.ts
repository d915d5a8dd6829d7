/**
 * The package as a user gets it: `npm pack` (its own prepack builds dist/ from the sources), then
 * a fresh Pulumi TypeScript project that holds nothing of this repository installs the tarball,
 * type-checks the examples of the README and docs/library.md, starts the emulator from the package's bin, and takes the
 * README's program through up, a clean preview, an in-place update, and a destroy run after the
 * project directory moved, leaving the org as seeded.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { emulatorAdmin } from "../helpers/emulator";
import { orgShape } from "../helpers/org";
import { SOURCE_FILES } from "../helpers/project";
import { PROJECT_DIR, pulumiBinDir } from "../helpers/pulumi";
import { docWith } from "../helpers/readme";
import { run } from "../helpers/run";

jest.setTimeout(900_000);

const SIP_PASSWORD = "pkg-sip-pa55word-never-shown";

/** The ```ts block after `<!-- package example: NAME -->` in the README or docs/. */
function example(name: string): string {
  const marker = `<!-- package example: ${name} -->`;
  const { text } = docWith(marker);
  return /```ts\n([\s\S]*?)```/.exec(text.slice(text.indexOf(marker)))![1];
}

/** `version` of an installed dev dependency of this repository. */
const versionOf = (pkg: string) =>
  (
    JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "node_modules", pkg, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: "false" } });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe("the npm package in a user's own Pulumi program", () => {
  const dirs: string[] = [];
  const tmp = (p: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
    dirs.push(d);
    return d;
  };
  let emulator: ChildProcess | undefined;
  afterAll(async () => {
    emulator?.kill("SIGTERM");
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("packs, installs, type-checks the README, and runs its program from up to a destroy after a move", async () => {
    // 1. npm pack from the sources: the prepack script builds dist/.
    const src = tmp("genesys-pack-src-");
    for (const entry of SOURCE_FILES)
      fs.cpSync(path.join(PROJECT_DIR, entry), path.join(src, entry), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(src, "node_modules"), "dir");
    const packDir = tmp("genesys-pack-");
    const packed = await ok("npm", ["pack", "--silent", "--pack-destination", packDir], src);
    const tarball = path.join(packDir, packed.trim().split("\n").pop()!);
    const files = (await ok("tar", ["-tzf", tarball], packDir)).split("\n");
    expect(files).toEqual(
      expect.arrayContaining([
        "package/dist/lib/index.js",
        "package/dist/lib/index.d.ts",
        "package/dist/tools/import.js",
        "package/dist/tools/sweep.js",
        "package/dist/emulator/main.js",
      ]),
    );
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => f.includes("/tests/") || f.includes("Pulumi."))).toEqual([]);

    // 2. A fresh Pulumi TypeScript project, as Pulumi's template makes it, with the README's code.
    const user = tmp("genesys-user-");
    fs.writeFileSync(path.join(user, "Pulumi.yaml"), "name: byoc-user\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(user, "package.json"),
      JSON.stringify({ name: "byoc-user", main: "index.ts" }),
    );
    fs.writeFileSync(
      path.join(user, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts", "resources.ts", "emulator-test.ts"],
      }),
    );
    fs.writeFileSync(path.join(user, "index.ts"), example("index.ts"));
    fs.writeFileSync(path.join(user, "resources.ts"), example("resources.ts"));
    fs.writeFileSync(path.join(user, "emulator-test.ts"), example("emulator-test.ts"));
    await ok(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        tarball,
        `@pulumi/pulumi@${versionOf("@pulumi/pulumi")}`,
        `typescript@${versionOf("typescript")}`,
        `@types/node@${versionOf("@types/node")}`,
      ],
      user,
    );
    await ok(path.join(user, "node_modules/.bin/tsc"), ["--noEmit", "-p", "."], user);
    fs.rmSync(path.join(user, "resources.ts"));
    fs.rmSync(path.join(user, "emulator-test.ts"));

    // 3. The emulator from the package's bin.
    emulator = spawn(path.join(user, "node_modules/.bin/genesys-cloud-emulator"), ["--port", "0"], {
      cwd: user,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      emulator!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]);
      });
      emulator!.on("exit", (code) =>
        reject(new Error(`the emulator exited (${code}) before listening: ${out}`)),
      );
    });
    const admin = emulatorAdmin(url);
    const org = {
      admin: async (method: string, p: string) =>
        (await admin.call(method, p.replace(/^\/_emulator\//, ""))).body,
    };
    const seeded = await orgShape(org);

    // 4. The stack, on a file backend of its own.
    const home = tmp("genesys-user-home-");
    fs.mkdirSync(path.join(home, "state"));
    const bin = pulumiBinDir();
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin) });
    const envVars = {
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(home, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "user-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const stackIn = (workDir: string): Promise<Stack> =>
      LocalWorkspace.createOrSelectStack(
        { stackName: "dev", workDir },
        { pulumiCommand, pulumiHome: envVars.PULUMI_HOME, envVars },
      );
    const stack = await stackIn(user);
    await stack.setAllConfig({
      "genesys:apiUrl": { value: url },
      "genesys:clientId": { value: "emulator-client" },
      "genesys:clientSecret": { value: "emulator-secret", secret: true },
      emergencyNumber: { value: "+13175550190" },
      sipServers: { value: JSON.stringify(["sip.primary.example"]) },
      terminationId: { value: "acme-pkg-dev" },
      sipPassword: { value: SIP_PASSWORD, secret: true },
    });
    const output: string[] = [];
    const onOutput = (s: string) => output.push(s);

    const up = await stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 6 }); // the stack, the component, 4 children
    const carriers = up.outputs.carriers.value as Record<
      string,
      { trunkId: string; sipTerminationFqdn: string }
    >;
    expect(carriers.primary.sipTerminationFqdn).toBe("acme-pkg-dev.byoc.127.0.0.1");
    const state = (await admin.state()) as unknown as {
      trunkBases: { name: string }[];
      sites: { name: string }[];
    };
    expect(state.sites.map((s) => s.name)).toContain("dev-BYOC Cloud Site");
    expect(state.trunkBases.map((t) => t.name)).toContain("dev-Primary Carrier");

    await stack.preview({ expectNoChanges: true, onOutput });

    await stack.setConfig("sipServers", {
      value: JSON.stringify(["sip.primary.example", "sip.backup.example:5061"]),
    });
    const changed: string[] = [];
    const update = await stack.up({
      onOutput,
      onEvent: (e) => {
        const m = e.resOutputsEvent?.metadata;
        // The default provider holds the stack's config, so it "updates" on any config change.
        if (m && m.op !== "same" && m.type !== "pulumi:providers:pulumi-nodejs")
          changed.push(`${m.op} ${m.type}`);
      },
    });
    // The trunk in place; the component records its arguments, so it shows the change too.
    expect(changed.sort()).toEqual([
      "update genesys-byoc:index:ByocTelephony",
      "update pulumi-nodejs:dynamic/genesys:Trunk",
    ]);
    expect(update.summary.resourceChanges).toEqual({ update: 2, same: 4 });

    // 5. The project moves (another checkout path); the stored provider code still finds the package.
    const moved = `${user}-moved`;
    fs.renameSync(user, moved);
    dirs.push(moved);
    const destroy = await (await stackIn(moved)).destroy({ onOutput });
    expect(destroy.summary.resourceChanges).toEqual({ delete: 6 });
    expect(await orgShape(org)).toEqual(seeded);
    expect(output.join("")).not.toContain(SIP_PASSWORD);
  });
});
