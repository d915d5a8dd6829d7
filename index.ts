/**
 * Genesys Cloud BYOC Cloud telephony as a Pulumi stack. The settings live in Pulumi.<stack>.yaml
 * (see config.ts); the program in stack.ts declares one ByocTelephony component (component.ts).
 */
import { loadConfig } from "./config";
import { run } from "./stack";

// A function: the runtime calls it and awaits the result, so a configuration error is reported
// once, as a plain message (an exported promise rejected early also warned
// "PromiseRejectionHandledWarning").
export = () => run(loadConfig());
