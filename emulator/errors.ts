/**
 * Typed errors in the real Genesys Cloud shapes.
 *
 * Platform API errors use the `ErrorBody` shape (message, code, status, messageWithParams, messageParams,
 * contextId, details, errors) [C]; the login service uses the OAuth shape (error, description,
 * error_description) [C]. The store throws these; the server turns them into responses.
 */

/** One entry of `ErrorBody.details` [C]. */
export interface ErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** A platform API error, rendered as an `ErrorBody`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageParams: Record<string, string> = {},
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The JSON body, with `contextId` set to the request's correlation id. */
  toBody(contextId: string): Record<string, unknown> {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      messageWithParams: this.message,
      messageParams: this.messageParams,
      contextId,
      details: this.details,
      errors: [],
    };
  }
}

/** A login-service (OAuth) error, rendered as `{ error, description, error_description }`. */
export class LoginError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
    this.name = "LoginError";
  }

  /** The OAuth-style JSON body [C]. */
  toBody(): Record<string, unknown> {
    return { error: this.error, description: this.message, error_description: this.message };
  }
}

// ---- generic codes (SWAGGER x-inin-error-codes) [C] ----

/** 400 `bad.request` [C code; message per case]. */
export const badRequest = (
  message = "The request could not be understood by the server due to malformed syntax.",
) => new ApiError(400, "bad.request", message);

/** 400 `general.bad.request` (telephony) [C code]. */
export const generalBadRequest = (message: string, field?: string) =>
  new ApiError(
    400,
    "general.bad.request",
    message,
    {},
    field ? [{ errorCode: "BAD_REQUEST", fieldName: field }] : [],
  );

/** 400 `invalid.value` [C code and template]. */
export const invalidValue = (field: string, value: unknown, allowed: string) =>
  new ApiError(
    400,
    "invalid.value",
    `Value [${String(value)}] is not valid for field type [${field}]. Allowable values are: ${allowed}`,
    { value: String(value), field, allowed },
    [{ errorCode: "INVALID_VALUE", fieldName: field }],
  );

/**
 * 400 required field missing. The message and `REQUIRED_FIELD_MISSING` detail are confirmed for
 * `inboundSiteId` (TF#657) [C]; the `code` string `required.field.missing` is the Swagger code [C].
 */
export const requiredFieldMissing = (field: string) =>
  new ApiError(
    400,
    "required.field.missing",
    `Field '${field}' is required and cannot be empty.`,
    { field },
    [{ errorCode: "REQUIRED_FIELD_MISSING", fieldName: field }],
  );

/** 400 `duplicate.value` [C code; messages per entity from Swagger where known]. */
export const duplicateValue = (message: string, field?: string) =>
  new ApiError(
    400,
    "duplicate.value",
    message,
    {},
    field ? [{ errorCode: "DUPLICATE_VALUE", fieldName: field }] : [],
  );

/** 400 `referenced.key.does.not.exist` "Unable to find entity that matches the key." [C]. */
export const referencedKeyMissing = (field: string, id: string) =>
  new ApiError(
    400,
    "referenced.key.does.not.exist",
    "Unable to find entity that matches the key.",
    { field, id },
    [{ errorCode: "REFERENCED_KEY_DOES_NOT_EXIST", fieldName: field, entityId: id }],
  );

/** 400 `validation.error` "Error validating the data." plus the property at fault [C code; detail ours]. */
export const validationError = (field: string, reason: string) =>
  new ApiError(400, "validation.error", `Error validating the data. ${field}: ${reason}`, { field, reason }, [
    { errorCode: "VALIDATION_ERROR", fieldName: field },
  ]);

/** 401 `authentication.required` [C]. */
export const authenticationRequired = () =>
  new ApiError(
    401,
    "authentication.required",
    "No authentication bearer token specified in authorization header.",
  );

/** 401 `bad.credentials` "Invalid login credentials." [C]. */
export const badCredentials = () => new ApiError(401, "bad.credentials", "Invalid login credentials.");

/** 404 `not.found` (directory objects such as locations) [C generic code]. */
export const notFound = (message = "The requested resource was not found.") =>
  new ApiError(404, "not.found", message);

/** 404 `entity.not.found` (telephony objects) [C]. */
export const entityNotFound = (message = "The requested entity was not found.") =>
  new ApiError(404, "entity.not.found", message);

/** 409 `general.conflict` [C code; message per case]. */
export const conflict = (message: string) => new ApiError(409, "general.conflict", message);

/** 409 version mismatch for telephony objects [C message from TF#1461]. */
export const telephonyVersionConflict = () =>
  conflict("The version number of the modified resource must match the version number in the database.");

/** `managed.property.not.allowed` (400 on PUT, 403 on site DELETE) [C]. */
export const managedNotAllowed = (status: 400 | 403, message: string) =>
  new ApiError(status, "managed.property.not.allowed", message);

/** 413 body over 512 KB. [U] code/message unknown; status is [C-code]. */
export const payloadTooLarge = (limit: number) =>
  new ApiError(
    413,
    "request.entity.too.large",
    `The request is over the size limit. Maximum bytes: ${limit}`,
  );

/** 415 `unsupported.media.type` [C]. */
export const unsupportedMediaType = () =>
  new ApiError(
    415,
    "unsupported.media.type",
    "Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.",
  );

/** 429 `too.many.requests` with `Retry-After` [C]. */
export const tooManyRequests = (limit: number, windowSeconds: number, retryAfter: number) =>
  new ApiError(
    429,
    "too.many.requests",
    `Rate limit exceeded the maximum [${limit}] requests within [${windowSeconds}] seconds`,
    { limit: String(limit), window: String(windowSeconds) },
    [],
    { "Retry-After": String(retryAfter) },
  );

/** 500 `internal.server.error` [C]. */
export const internalError = () =>
  new ApiError(
    500,
    "internal.server.error",
    "The server encountered an unexpected condition which prevented it from fulfilling the request.",
  );

/**
 * 501 for anything the emulator does not implement. Ours: the real API would answer 404 or 405, but a 404 could
 * make a client believe an object is gone, so the emulator says plainly what is missing.
 */
export const notImplemented = (method: string, path: string) =>
  new ApiError(
    501,
    "not.implemented",
    `${method} ${path} is not implemented by the Genesys Cloud emulator.`,
    { method, path },
  );

/** Default code and message for a fault-injected status. */
export function errorForStatus(status: number, code?: string, message?: string): ApiError {
  const defaults: Record<number, [string, string]> = {
    400: ["bad.request", "The request could not be understood by the server due to malformed syntax."],
    401: ["bad.credentials", "Invalid login credentials."],
    403: ["not.authorized", "You are not authorized to perform the requested action."],
    404: ["not.found", "The requested resource was not found."],
    408: ["request.timeout", "The request timed out."],
    409: ["general.conflict", "The request could not be completed by the server due to a conflict."],
    429: ["too.many.requests", "Rate limit exceeded the maximum [300] requests within [60] seconds"],
    500: [
      "internal.server.error",
      "The server encountered an unexpected condition which prevented it from fulfilling the request.",
    ],
    502: ["bad.gateway", "Bad Gateway."],
    503: [
      "service.unavailable",
      "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).",
    ],
    504: ["request.timeout", "The request timed out."],
  };
  const [c, m] = defaults[status] ?? ["fault.injected", `Fault injected by the emulator (status ${status}).`];
  return new ApiError(status, code ?? c, message ?? m);
}
