/**
 * Genesys Cloud BYOC Cloud telephony as a Pulumi stack. The settings live in Pulumi.<stack>.yaml
 * (see config.ts); the graph in stack.ts.
 */
// First: later imports load through the project's cached transpiler (faster than ts-node's).
import "./resources/common/tsRequire";
import { loadConfig } from "./config";
import { run } from "./stack";

export = run(loadConfig());
