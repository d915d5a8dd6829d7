/**
 * scripts/ensure-pulumi.sh before and around a build, with a fake `go` on PATH (no real build):
 * the Go version is checked first with a clear message, and a running build reports progress.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_DIR } from "../helpers/pulumi";

const SCRIPT = path.join(PROJECT_DIR, "scripts/ensure-pulumi.sh");

/** A temp dir with a fake `go` (printing FAKE_GO_VERSION) and an empty PULUMI_CLI_ROOT. */
function sandbox(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
  fs.mkdirSync(path.join(dir, "bin"));
  // `go mod init` (the first build step) waits for a release file, so a test controls how long the
  // "build" runs; every other go command fails, which ends the build attempt.
  fs.writeFileSync(
    path.join(dir, "bin/go"),
    [
      "#!/bin/sh",
      'if [ "$1" = version ]; then echo "go version $FAKE_GO_VERSION linux/amd64"; exit 0; fi',
      'if [ "$1" = mod ] && [ "$2" = init ]; then while [ ! -e "$FAKE_GO_RELEASE" ]; do sleep 0.05; done; fi',
      "exit 1",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const env: NodeJS.ProcessEnv = {
    HOME: dir,
    PATH: `${path.join(dir, "bin")}:/usr/local/bin:/usr/bin:/bin`,
    PULUMI_FORCE_BUILD: "1",
    PULUMI_CLI_ROOT: path.join(dir, "cli"),
    FAKE_GO_RELEASE: path.join(dir, "release"),
  };
  return { dir, env };
}

describe("scripts/ensure-pulumi.sh", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it.each(["go1.22.5", "go1.25.3"])("refuses %s before building, naming what to install", (v) => {
    const { dir, env } = sandbox();
    dirs.push(dir);
    const r = spawnSync("bash", [SCRIPT], { env: { ...env, FAKE_GO_VERSION: v }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `building the Pulumi CLI needs Go >= 1.26, but 'go version' says: go version ${v}`,
    );
    expect(r.stderr).toContain("install the Pulumi CLI >= 3.248.0");
    expect(r.stderr).toContain("an installed CLI skips this build");
    expect(r.stderr).not.toContain("building Pulumi CLI v");
    expect(fs.existsSync(path.join(dir, "cli"))).toBe(false);
  });

  it("says what to install when there is no Go at all", () => {
    const { dir, env } = sandbox();
    dirs.push(dir);
    // PATH: every command of the usual PATH but `go`, so no real Go toolchain can be found.
    const tools = path.join(dir, "tools");
    fs.mkdirSync(tools);
    for (const d of (process.env.PATH ?? "").split(path.delimiter)) {
      if (!d || !fs.existsSync(d)) continue;
      for (const name of fs.readdirSync(d)) {
        if (name === "go" || fs.existsSync(path.join(tools, name))) continue;
        fs.symlinkSync(path.join(d, name), path.join(tools, name));
      }
    }
    const r = spawnSync(path.join(tools, "bash"), [SCRIPT], {
      env: { ...env, PATH: tools },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /no Go toolchain to build one: install Go >= 1\.26 .*an installed CLI skips this build/,
    );
  });

  it("accepts Go 1.26 and prints progress with the elapsed time while the build runs", async () => {
    const { dir, env } = sandbox();
    dirs.push(dir);
    const child = spawn("bash", [SCRIPT], {
      env: { ...env, FAKE_GO_VERSION: "go1.26.0", PULUMI_BUILD_PROGRESS_SECONDS: "1" },
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/still building/.test(stderr)) resolve();
      });
    });
    fs.writeFileSync(env.FAKE_GO_RELEASE!, ""); // let the fake build fail now
    expect(await exited).toBe(1);
    expect(stderr).not.toContain("needs Go >=");
    expect(stderr).toMatch(
      /\[ensure-pulumi\] still building, \d+s elapsed \(.*an installed Pulumi CLI >= 3\.248\.0 on PATH skips it\)/,
    );
    expect(stderr).toContain("failed to build any of");
  });
});
