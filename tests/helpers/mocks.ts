/**
 * Stack wiring tests: Pulumi runtime mocks that record every registered resource, and an
 * in-process emulator for the component's preflight (no provider code runs).
 */
import * as pulumi from "@pulumi/pulumi";
import { providerEnv, ProviderEnv } from "./providers";

/** A resource as the program registered it. */
export interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * Starts an emulator and installs mocks that push each registered resource to `registered`. A
 * resource's id is its name without the `byoc-` prefix plus `-id`; its state is its inputs plus a
 * `routeId` from `routeId(id)`.
 */
export async function mockStack(
  registered: Registered[],
  routeId: (id: string) => string,
): Promise<ProviderEnv> {
  const env = await providerEnv();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const id = `${args.name.replace(/^byoc-/, "")}-id`;
        return { id, state: { ...args.inputs, routeId: routeId(id) } };
      },
      call: () => ({}),
    },
    "genesys-byoc",
    "test",
    false,
  );
  return env;
}
