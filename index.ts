/**
 * Genesys Cloud BYOC Cloud telephony as a Pulumi stack. The settings live in Pulumi.<stack>.yaml
 * (see config.ts); the graph in stack.ts.
 */
import { loadConfig } from "./config";
import { run } from "./stack";

export = run(loadConfig());
