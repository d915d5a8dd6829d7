/**
 * Lifecycle steps every resource shares: creating safely after ambiguous failures, reading back
 * only what was declared, and naming the fix when a create collides with an existing object.
 */
import { GenesysError } from "../../genesys/errors";

/**
 * Creates an object whose name is unique. When the create fails ambiguously (no response, 5xx:
 * it may have been applied), looks the object up by name and adopts it instead of creating a
 * duplicate; if it is not there, tries the create once more.
 */
export async function createOrRecover<T>(
  create: () => Promise<T>,
  findByName: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (!(err instanceof GenesysError && err.isAmbiguous)) throw err;
    const found = await findByName();
    if (found) return found;
    return await create();
  }
}

/** Rewrites a duplicate-name failure into an error that says how to adopt the existing object. */
export function explainDuplicate(err: unknown, kind: string, name: string): unknown {
  if (err instanceof GenesysError && err.code === "duplicate.value") {
    return new Error(
      `${kind} "${name}" could not be created: ${err.apiMessage} If the existing ${kind.toLowerCase()} should be ` +
        `managed by this stack, set adoptId to its id; otherwise choose another name. (${err.message})`,
    );
  }
  return err;
}

/**
 * Keeps only the keys that were declared in `declared` (present and not undefined), so values
 * the API fills in by itself never show as drift.
 */
export function restrictToDeclared<T extends object>(
  fromApi: T,
  declared: Partial<T>,
  keys: readonly (keyof T)[],
): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) {
    if (declared[k] !== undefined) out[k] = fromApi[k];
  }
  return out;
}
