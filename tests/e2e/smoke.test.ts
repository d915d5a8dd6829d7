/**
 * The engine, the Node.js language host and the dynamic-provider shim working together: up,
 * a preview with no changes, an update, destroy, and an empty state at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createTestStack, TestStack } from "../helpers/pulumi";

jest.setTimeout(180_000);

describe("real pulumi CLI smoke test", () => {
  let t: TestStack;
  let file: string;

  beforeAll(async () => {
    t = await createTestStack(path.join(__dirname, "fixtures/smoke"), "smoke");
    file = path.join(t.dir, "note.txt");
    await t.stack.setConfig("file", { value: file });
    await t.stack.setConfig("content", { value: "hello" });
  });
  afterAll(async () => t?.dispose());

  it("creates, shows no changes, updates and destroys through the CLI", async () => {
    const up = await t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(up.outputs.content.value).toBe("hello");
    expect(fs.readFileSync(file, "utf8")).toBe("hello");

    const preview = await t.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 2 });

    await t.stack.setConfig("content", { value: "changed" });
    const up2 = await t.stack.up({ onOutput: () => undefined });
    expect(up2.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });
    expect(fs.readFileSync(file, "utf8")).toBe("changed");

    const version = t.stack.workspace.pulumiVersion.replace(/^v/, "");
    expect(version.split(".").map(Number)[1]).toBeGreaterThanOrEqual(248);

    await t.stack.destroy({ onOutput: () => undefined });
    expect(fs.existsSync(file)).toBe(false);
    const state = await t.stack.exportStack();
    expect(state.deployment.resources ?? []).toHaveLength(0);
  });
});
