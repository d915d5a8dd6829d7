#!/usr/bin/env node
/**
 * The provider plugin's entry (`pulumi-resource-genesys-byoc` runs it): serves the plugin on a
 * port it prints for the engine. See ./provider.ts.
 */
import { serve } from "./serve";

serve(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
