/**
 * The guard on the user's Pulumi home (tests/helpers/pulumiHome.ts, run by jest's global setup and
 * teardown): which directories it watches, and that every kind of write the CLI makes there shows.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changes, snapshot, userPulumiHomes } from "../helpers/pulumiHome";

describe("userPulumiHomes", () => {
  it("watches the passwd entry's ~/.pulumi (the CLI's choice) even under another $HOME, and the user's PULUMI_HOME", () => {
    const passwd = path.join(os.userInfo().homedir, ".pulumi");
    expect(userPulumiHomes({ HOME: "/tmp/not-the-user" })).toEqual([passwd, "/tmp/not-the-user/.pulumi"]);
    expect(userPulumiHomes({ HOME: os.userInfo().homedir, PULUMI_HOME: "/srv/pulumi-home" })).toEqual([
      passwd,
      "/srv/pulumi-home",
    ]);
  });
});

describe("snapshot and changes", () => {
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-guard-"));
    home = path.join(dir, ".pulumi");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("an untouched home (absent or not) shows no change", () => {
    expect(changes(snapshot([home]), snapshot([home]))).toEqual([]);
    fs.mkdirSync(path.join(home, "plugins"), { recursive: true });
    fs.writeFileSync(path.join(home, "credentials.json"), "{}");
    expect(changes(snapshot([home]), snapshot([home]))).toEqual([]);
  });

  it("a first login where there was no home: the home and its credentials added", () => {
    const before = snapshot([home]);
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, "credentials.json"), '{"current":"file:///tmp/x"}');
    expect(changes(before, snapshot([home]))).toEqual([
      `added ${home}`,
      `added ${path.join(home, "credentials.json")}`,
    ]);
  });

  it("a login rewritten with the same bytes, a stack selection added, a log removed", () => {
    const creds = path.join(home, "credentials.json");
    fs.mkdirSync(path.join(home, "workspaces"), { recursive: true });
    fs.mkdirSync(path.join(home, "logs"));
    fs.writeFileSync(creds, "{}");
    fs.writeFileSync(path.join(home, "logs", "old.log"), "x");
    const past = new Date(Date.now() - 60_000);
    for (const p of [creds, path.join(home, "workspaces"), path.join(home, "logs")])
      fs.utimesSync(p, past, past);
    const before = snapshot([home]);

    fs.writeFileSync(creds, "{}");
    fs.writeFileSync(path.join(home, "workspaces", "proj-workspace.json"), '{"stack":"prod"}');
    fs.rmSync(path.join(home, "logs", "old.log"));
    expect(changes(before, snapshot([home]))).toEqual([
      `changed ${creds}`,
      `changed ${path.join(home, "logs")}`,
      `removed ${path.join(home, "logs", "old.log")}`,
      `changed ${path.join(home, "workspaces")}`,
      `added ${path.join(home, "workspaces", "proj-workspace.json")}`,
    ]);
  });
});
