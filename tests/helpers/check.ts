/** What tests read from a provider's `check`. */

/**
 * The inputs a check's failures name. A provider reports every failure on no property (the engine
 * would print `{<nil>}` for a nested one, see resources/common/lifecycle.ts), and each reason starts
 * with the input's path; a failure that still names a property shows as `property:<name>`.
 */
export function failedInputs(r: { failures?: { property: string; reason: string }[] }): string[] {
  return (r.failures ?? []).map((f) =>
    f.property === "" ? (/^[\w.[\]]+/.exec(f.reason)?.[0] ?? f.reason) : `property:${f.property}`,
  );
}
