/**
 * Ownership tags: how a create recognises an object that this very resource made (in an earlier,
 * interrupted run, or by a POST whose answer was lost), so that it can take it back instead of
 * failing on the duplicate name, and never takes back anything else.
 *
 * Why a tag and not `pulumi refresh --import-pending-creates <urn> <id>`: with the CLI this project
 * uses (3.248), that flag only rewrites the pending CREATE into a pending IMPORT in the state file;
 * the refresh that follows never reads it (only pending CREATEs are carried over), so it exits 0
 * and the object stays unmanaged, whatever the provider's `read` does. Nothing a provider does can
 * make that path work, so recovery must go through `up`.
 *
 * The tag: each resource class passes its own URN (computed in the program, where it is known) as
 * the hidden input `__owner`; a dynamic provider's `create` gets no URN, only inputs. On create the
 * provider appends `[pulumi <hash>]` (a hash of that URN) to a text field Genesys keeps (the
 * description; a location's notes). When a create fails ambiguously (no answer, 5xx, a deadline)
 * or because the name is taken, the provider looks that object up by name and takes it back only
 * if it carries the tag of this URN: an object made by hand, by another stack or by another
 * resource, or one that merely has the same name, never does, and the create stops naming it and
 * `adoptId`. The rule is applied in one place, ./lifecycle `createOwned`. (NumberPlans has no tag:
 * see its provider.)
 * Reads remove the tag before comparing, so it never shows as drift; keys starting with `__` are
 * hidden in Pulumi's diff display, and `diff` compares declared keys only.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { TOKEN_MODULE } from "./resource";

/** The hidden input that carries the resource's URN. */
export const OWNER_KEY = "__owner";

/** Matches a tag (any hash) at the end of a text, with the space before it. */
const TAG = / ?\[pulumi [0-9a-f]{16}\]$/;

/**
 * The URN of the resource a class is about to register, as an input for its provider (program side).
 *
 * @param type The resource's type name (`Trunk`); the token is `pulumi-nodejs:dynamic/genesys:<type>`.
 * @param name The resource's Pulumi name.
 * @param opts The resource's options (their parent is part of the URN).
 */
export function ownerInput(
  type: string,
  name: string,
  opts?: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/${TOKEN_MODULE}:${type}`, opts?.parent);
  // The URN's text only, without the parent as a dependency: depending on a component resource
  // means waiting for all of its children, this resource among them, which would never end.
  // A URN is always known, also at preview.
  return pulumi.output(new Promise<string>((resolve) => urn.apply(resolve)));
}

/** The owner URN carried by provider inputs, if any. */
export function ownerOf(inputs: object): string | undefined {
  const v = (inputs as Record<string, unknown>)[OWNER_KEY];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The tag of an owner URN: `[pulumi <first 16 hex digits of its SHA-256>]`. */
export function ownerTag(owner: string): string {
  return `[pulumi ${createHash("sha256").update(owner).digest("hex").slice(0, 16)}]`;
}

/** `text` with the owner's tag appended (the tag alone when there is no text); unchanged without an owner. */
export function withTag(text: string | undefined, owner: string | undefined): string | undefined {
  if (!owner) return text;
  const base = withoutTag(text);
  return base ? `${base} ${ownerTag(owner)}` : ownerTag(owner);
}

/** `text` without a trailing ownership tag (undefined when nothing else is left). */
export function withoutTag(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const stripped = text.replace(TAG, "");
  return stripped === "" && text !== "" ? undefined : stripped;
}

/** `obj` with the ownership tag taken out of its text field `key` (what a read compares with the inputs). */
export function untagged<T extends object, K extends keyof T>(obj: T, key: K): T {
  const text = obj[key];
  return typeof text === "string" ? { ...obj, [key]: withoutTag(text) } : obj;
}

/** Whether `text` ends with the tag of `owner`. */
export function carriesTag(text: string | undefined, owner: string): boolean {
  return typeof text === "string" && text.endsWith(ownerTag(owner));
}

/**
 * Whether `text` ends with an ownership tag of any owner: the object was made by a Pulumi resource
 * (one of this stack's, or of another stack: a tag is a hash of its owner's URN, so only that very
 * owner can tell it is its own).
 */
export function carriesAnyTag(text: string | undefined): boolean {
  return typeof text === "string" && TAG.test(text);
}
