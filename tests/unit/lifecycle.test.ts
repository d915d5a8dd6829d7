/**
 * The shared check/diff verbs.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkWith, diffDeclared } from "../../resources/common/lifecycle";

interface T {
  name: string;
  kind?: string;
  parentId?: string;
  tags?: string[];
}

const diff = diffDeclared<T>(["name", "kind", "parentId", "tags"], ["kind"], ["parentId"]);

describe("diffDeclared", () => {
  it.each<[string, T, T, pulumi.dynamic.DiffResult]>([
    [
      "no change (absent and undefined are equal)",
      { name: "a", kind: undefined },
      { name: "a" },
      { changes: false },
    ],
    ["in-place change", { name: "a" }, { name: "b" }, { changes: true }],
    [
      "replace key, deleting first",
      { name: "a", kind: "x" },
      { name: "a", kind: "y" },
      { changes: true, replaces: ["kind"], deleteBeforeReplace: true },
    ],
    [
      "a new reference is an update",
      { name: "a", parentId: "p1" },
      { name: "a", parentId: "p2" },
      { changes: true },
    ],
    [
      "an unknown reference (its target is being replaced) replaces this too",
      { name: "a", parentId: "p1" },
      { name: "a", parentId: pulumi.runtime.unknownValue },
      { changes: true, replaces: ["parentId"], deleteBeforeReplace: true },
    ],
  ])("%s", async (_label, olds, news, expected) => {
    expect(await diff("id", olds, news)).toEqual(expected);
  });
});

describe("checkWith", () => {
  const check = checkWith<T>((news) => ({
    inputs: { name: String(news.name).trim() },
    failures: news.name ? [] : [{ property: "name", reason: "name is required" }],
  }));
  it("returns normalised inputs, or the raw inputs with failures", async () => {
    expect(await check({} as T, { name: " a " })).toEqual({ inputs: { name: "a" } });
    expect(await check({} as T, { name: "" })).toEqual({
      inputs: { name: "" },
      failures: [{ property: "name", reason: "name is required" }],
    });
  });
});
