/**
 * Genesys Cloud BYOC Cloud telephony as a Pulumi stack. The settings live in Pulumi.<stack>.yaml
 * (see program/config.ts); the program in program/stack.ts declares one ByocTelephony component
 * (lib/component.ts).
 */
import { loadConfig } from "./program/config";
import { run } from "./program/stack";

// A function: the runtime calls it and awaits the result, so a configuration error is reported
// once, as a plain message (an exported promise rejected early also warned
// "PromiseRejectionHandledWarning").
export = () => run(loadConfig());
