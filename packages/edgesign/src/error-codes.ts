/**
 * The one registry of error codes. Every `code` that edgesign can report — on a thrown
 * {@link EdgesignError}, on a failed verification result, in an `E_CODE: message` refusal from the
 * ingestion service or on the `edgesign` command's stderr — is a key of {@link ERROR_CODES}, with
 * the area that reports it and one sentence saying what it means. The codes are stable: scripts may
 * switch on them. The repository's error table (https://github.com/edgesign/edgesign/blob/main/docs/errors.md) is generated from this object
 * (`npm run gen:errors`) and a test keeps the two in step.
 *
 * Adding a code: add one entry here (keep the area groups), run `npm run gen:errors`, commit both.
 * @module
 */

/** Which part of edgesign reports a code (the grouping of the generated error table). */
export type ErrorArea = 'sdk' | 'verify' | 'service' | 'cli';

/** One entry of {@link ERROR_CODES}. */
export interface ErrorCodeInfo {
  /** Which part of edgesign reports it. */
  readonly area: ErrorArea;
  /** One sentence: what went wrong and, where it helps, what to do. */
  readonly meaning: string;
}

/**
 * Every error code with its area and meaning. Frozen; iterate it to list or document the codes, or
 * use `code in ERROR_CODES` to check a code read from elsewhere (see {@link isErrorCode}).
 */
export const ERROR_CODES = Object.freeze({
  // --- the SDK: keys, values, the WebAssembly core ---------------------------------------------
  E_KEY_MISSING: { area: 'sdk', meaning: 'No HMAC key was given; edgesign never signs with an empty or placeholder key.' },
  E_KEY_TOO_SHORT: { area: 'sdk', meaning: 'The HMAC key has fewer than 32 bytes; pass `allowShortKey: true` only to interoperate with a device that already uses one.' },
  E_KEY_TYPE: { area: 'sdk', meaning: 'The HMAC key is neither a string nor a Uint8Array.' },
  E_DATA_TYPE: { area: 'sdk', meaning: 'Data to hash is neither a string nor a Uint8Array (or an ArrayBuffer view).' },
  E_NON_FINITE: { area: 'sdk', meaning: 'A sample value is NaN, Infinity or out of range for a double; `details` gives its row and column.' },
  E_SCHEMA: { area: 'sdk', meaning: 'The data or the message does not have the expected shape (sensors, rows, fields); `details.path` says where.' },
  E_EMPTY: { area: 'sdk', meaning: 'There is nothing to sign: a message needs at least one row of values.' },
  E_IAT_INVALID: { area: 'sdk', meaning: 'The `iat` timestamp is not a non-negative integer number of seconds.' },
  E_IAT_UNITS: { area: 'sdk', meaning: 'The `iat` timestamp is too large for seconds, most likely milliseconds from `Date.now()`.' },
  E_INVALID_UNICODE: { area: 'sdk', meaning: 'A string contains a lone surrogate, so it has no UTF-8 encoding to sign or hash.' },
  E_TOO_LARGE: { area: 'sdk', meaning: 'The message or body is larger than the limit that applies (the output window, a size option or the service\'s maximum body).' },
  E_STATE: { area: 'sdk', meaning: 'A stream or hash was used out of order, e.g. `append()` after `finish()`, or its state was lost with a trapped core (reset it or start a new one).' },
  E_OPTIONS: { area: 'sdk', meaning: 'An option is missing or out of range; the message names it.' },
  E_BODY_TYPE: { area: 'sdk', meaning: 'The message to verify is neither a Uint8Array nor a string.' },
  E_WASM_BLOCKED: { area: 'sdk', meaning: 'The runtime refused to compile the WebAssembly core, usually a Content-Security-Policy without \'wasm-unsafe-eval\' in script-src.' },
  E_INTERNAL: { area: 'sdk', meaning: 'An internal error (a WebAssembly trap or a broken invariant); the core was reset and the next call works. Please report it.' },

  // --- verification results (verifyMessage, createVerifier, verifyAttachment) ---------------------
  E_JSON_PARSE: { area: 'verify', meaning: 'The body is not well-formed JSON.' },
  E_CBOR_PARSE: { area: 'verify', meaning: 'The body is not well-formed CBOR (RFC 8949).' },
  E_TRAILING_BYTES: { area: 'verify', meaning: 'Bytes follow the message, and its values are not a `Ref-BINARY-<type>` reference that allows a binary tail.' },
  E_DUPLICATE_KEY: { area: 'verify', meaning: 'A JSON object or CBOR map has the same member twice, which readers would resolve differently.' },
  E_DEPTH: { area: 'verify', meaning: 'The message nests deeper than a data acquisition message can.' },
  E_INVALID_UTF8: { area: 'verify', meaning: 'The body contains bytes that are not valid UTF-8 (or a string body contains a lone surrogate).' },
  E_VERSION: { area: 'verify', meaning: 'The protected header\'s `ver` is not `v1`.' },
  E_ALG_UNSUPPORTED: { area: 'verify', meaning: 'The protected header\'s `alg` is neither `HS256` nor `none`.' },
  E_ALG_NONE: { area: 'verify', meaning: 'The message is unsigned (`alg: "none"`) and unsigned messages are not accepted.' },
  E_SIG_MISSING: { area: 'verify', meaning: 'An `HS256` message has no signature.' },
  E_SIG_FORMAT: { area: 'verify', meaning: 'The signature is not exactly 64 lowercase hexadecimal characters.' },
  E_SIG_PLACEHOLDER: { area: 'verify', meaning: 'The signature is still the 64-zero placeholder: the message was never signed.' },
  E_NO_KEY: { area: 'verify', meaning: 'No HMAC key is configured to check the signature with.' },
  E_SIG_MISMATCH: { area: 'verify', meaning: 'The signature does not match the message under any configured key: wrong key, or the bytes changed after signing.' },
  E_STALE: { area: 'verify', meaning: 'The message\'s `iat` is older than the accepted age.' },
  E_FUTURE: { area: 'verify', meaning: 'The message\'s `iat` is further in the future than the accepted clock skew.' },
  E_ATTACHMENT_REF: { area: 'verify', meaning: 'The message\'s `Ref-BINARY-…` attachment reference is malformed.' },
  E_ATTACHMENT_LENGTH: { area: 'verify', meaning: 'The attachment\'s length differs from the length its reference states.' },

  // --- the ingestion service (edgesign-server): HTTP refusals, keys and the store ----------------
  E_API_KEY_MISSING: { area: 'service', meaning: 'No API key was given (the `x-api-key` header, or the CLI\'s API key option).' },
  E_API_KEY_INVALID: { area: 'service', meaning: 'The API key is unknown or revoked.' },
  E_API_KEY_EXPIRED: { area: 'service', meaning: 'The API key has expired (it was created with a time to live).' },
  E_FORBIDDEN: { area: 'service', meaning: 'The API key\'s role may not do this (e.g. a read-only key adding data, or a non-admin key managing keys).' },
  E_NOT_FOUND: { area: 'service', meaning: 'No such route, category or sample.' },
  E_METHOD_NOT_ALLOWED: { area: 'service', meaning: 'The route exists but not for this HTTP method.' },
  E_BAD_REQUEST: { area: 'service', meaning: 'The HTTP request is malformed, or an admin request body is not the JSON object expected.' },
  E_HEADER_MISSING: { area: 'service', meaning: 'A required header (`content-type`, `x-file-name`) is missing.' },
  E_HEADER_INVALID: { area: 'service', meaning: 'A header is present but its value is not valid (bad URI encoding, empty or too long a file name, a label over 256 characters or with control characters).' },
  E_HEADERS_TOO_LARGE: { area: 'service', meaning: 'The request headers are larger than the server accepts.' },
  E_UNSUPPORTED_MEDIA_TYPE: { area: 'service', meaning: 'The content type is not JSON, CBOR, octet-stream (CBOR with a binary tail) or multipart/form-data.' },
  E_METADATA: { area: 'service', meaning: 'The `x-metadata` header is not a JSON object of string values.' },
  E_QUERY: { area: 'service', meaning: 'A query parameter is out of range or unknown.' },
  E_MULTIPART: { area: 'service', meaning: 'The multipart/form-data body cannot be parsed, or its parts are not what an upload carries.' },
  E_MESSAGE_MISSING: { area: 'service', meaning: 'A multipart upload carries no data acquisition message part.' },
  E_PART_UNEXPECTED: { area: 'service', meaning: 'A multipart upload carries a part that is neither the message nor an attachment the message references.' },
  E_IAT_MISSING: { area: 'service', meaning: 'The message has no `iat` and the service requires one (`serve --require-iat`).' },
  E_BUSY: { area: 'service', meaning: 'Too many upload bytes are in progress (`--max-bytes-in-flight`); nothing was stored, retry shortly.' },
  E_ATTACHMENT_MISSING: { area: 'service', meaning: 'The message references an attachment that the request does not carry.' },
  E_ATTACHMENT_SIG_FORMAT: { area: 'service', meaning: 'The HMAC in an attachment reference is not 64 lowercase hexadecimal characters.' },
  E_ATTACHMENT_SIG_PLACEHOLDER: { area: 'service', meaning: 'The HMAC in an attachment reference is the 64-zero placeholder.' },
  E_ATTACHMENT_NO_KEY: { area: 'service', meaning: 'No HMAC key is configured to check an attachment with.' },
  E_ATTACHMENT_SIG_MISMATCH: { area: 'service', meaning: 'An attachment\'s bytes do not match the HMAC in its reference under any active key.' },
  E_ATTACHMENT_INTERNAL: { area: 'service', meaning: 'An internal error while checking an attachment; please report it.' },
  E_DUPLICATE: { area: 'service', meaning: 'An identical sample is already stored and duplicates were refused.' },
  E_ABORTED: { area: 'service', meaning: 'The client closed the connection before the whole body arrived; nothing was stored.' },
  E_TIMEOUT: { area: 'service', meaning: 'A request took too long (the server\'s request timeout, or the CLI\'s wait for an answer).' },
  E_CLOSED: { area: 'service', meaning: 'The server is closing and accepts no new request.' },
  E_KEY_NAME: { area: 'service', meaning: 'A key needs a non-empty name of at most 256 characters without control characters.' },
  E_KEY_ROLE: { area: 'service', meaning: 'The API key role is not one of admin, ingestion_deployment, ingestiononly or readonly.' },
  E_KEY_TTL: { area: 'service', meaning: 'A key\'s time to live must be a positive number of seconds.' },
  E_KEY_EXISTS: { area: 'service', meaning: 'A key with this secret already exists.' },
  E_KEY_FORMAT: { area: 'service', meaning: 'An HMAC key must be 32 hexadecimal characters (used as its 32 ASCII bytes).' },
  E_KEY_NOT_FOUND: { area: 'service', meaning: 'No API or HMAC key has this id.' },
  E_KEY_REVOKED: { area: 'service', meaning: 'The key is revoked and cannot be used or changed.' },
  E_DEV_KEY_API: { area: 'service', meaning: 'The key already is the development key of its kind.' },
  E_DEV_KEY_ADMIN: { area: 'service', meaning: 'An admin API key cannot be the development key: that secret is stored in clear.' },
  E_LAST_ADMIN: { area: 'service', meaning: 'The last active admin API key cannot be revoked over HTTP (`edgesign keys revoke` on the data directory can).' },
  E_NO_DEV_KEYS: { area: 'service', meaning: 'The project has no development API or HMAC key to use; create one with `--dev`.' },
  E_STORE_UNAVAILABLE: { area: 'service', meaning: 'The store could not commit (disk full, I/O error, locked, the database unreachable); nothing was stored and the request can be retried.' },
  E_STORE_VERSION: { area: 'service', meaning: 'The data directory was written by an incompatible version of edgesign-server.' },
  E_STORE_CLOSED: { area: 'service', meaning: 'The store is closed; nothing was stored.' },
  E_STORE_MISSING: { area: 'service', meaning: 'The data directory holds no store (only creating a key creates one); check `--data-dir`.' },
  E_SESSION_MISSING: { area: 'service', meaning: 'The dashboard has no login session (no session cookie): log in with an API key.' },
  E_SESSION_EXPIRED: { area: 'service', meaning: 'The dashboard session ended (logged out, idle or too old, server restarted, or its API key revoked): log in again.' },
  E_CSRF: { area: 'service', meaning: 'A request authenticated by the dashboard\'s session cookie lacks its session\'s `x-edgesign-csrf` header (so another local page cannot use the session).' },
  E_DASHBOARD_MISSING: { area: 'service', meaning: 'The dashboard\'s files are not built (`npm run build` writes them to `packages/server/dist/dashboard/`).' },
  // Studio API and remote management
  E_PROJECT_NOT_FOUND: { area: 'service', meaning: 'The Studio API path names a project id other than the one this server holds.' },
  E_STARTING: { area: 'service', meaning: 'The Studio API is still starting; retry.' },
  E_DEVICE_NOT_FOUND: { area: 'service', meaning: 'No device has this id (devices appear when they say hello to remote management or are created through the Studio API).' },
  E_SAMPLE_NOT_FOUND: { area: 'service', meaning: 'No stored sample has this id.' },
  E_SAMPLING_NOT_FOUND: { area: 'service', meaning: 'No sample request with this id was made to this device (on PostgreSQL: by any receiver in the last day; on SQLite: since the server started).' },
  E_SAMPLE_REQUEST: { area: 'service', meaning: 'A start-sampling request is malformed (label, lengthMs, intervalMs or category).' },
  E_SENSOR_UNKNOWN: { area: 'service', meaning: 'The device did not announce a sensor of this name in its hello.' },
  E_DEVICE_NOT_CONNECTED: { area: 'service', meaning: 'The device is not connected to remote management, so it cannot be asked for a sample.' },
  E_DEVICE_MODE: { area: 'service', meaning: 'The device is connected in inference mode and takes no sample requests.' },
  E_DEVICE_BUSY: { area: 'service', meaning: 'The device is already taking a sample; wait for it to finish.' },
  E_DEVICE_REFUSED: { area: 'service', meaning: 'The device refused the sample request (its own error is in the message).' },
  E_DEVICE_TIMEOUT: { area: 'service', meaning: 'The device did not answer the sample request in time.' },
  E_RELAY_TIMEOUT: { area: 'service', meaning: 'The receiver holding the device (another `edgesign serve` on the same PostgreSQL) did not answer a relayed sample request in time: it stopped, or the notification was lost (database restart). Retry; a stopped receiver\'s devices show as not connected once its lease runs out.' },
  E_STORE_NOT_FOUND: { area: 'service', meaning: 'There is no edgesign store where one was expected (e.g. the `--from` directory of `edgesign store copy`).' },
  E_STORE_NOT_EMPTY: { area: 'service', meaning: 'The target database already holds a project; `edgesign store copy` only copies into an empty one.' },
  E_COPY_MISMATCH: { area: 'service', meaning: 'A copied store differs from its source (a count, a record or a body hash); the copy is not to be trusted.' },
  E_UNSIGNED_FILE: { area: 'service', meaning: 'A file sent to `/api/{category}/files` cannot carry an HMAC (not a data acquisition message): stored marked `unsigned`, or refused under `serve --refuse-unsigned-files`.' },

  // --- the edgesign command --------------------------------------------------------------------
  E_USAGE: { area: 'cli', meaning: 'The command line is wrong (unknown command or option, missing argument); `--help` shows the usage.' },
  E_READ: { area: 'cli', meaning: 'An input file (or standard input) cannot be read.' },
  E_WRITE: { area: 'cli', meaning: 'An output file cannot be written.' },
  E_CSV_HEADER: { area: 'cli', meaning: 'The CSV header row has an empty or repeated sensor name.' },
  E_CSV_ROW: { area: 'cli', meaning: 'A CSV row has a different number of columns than the first row.' },
  E_CSV_VALUE: { area: 'cli', meaning: 'A CSV cell is not a number.' },
  E_CSV_INPUT: { area: 'cli', meaning: 'A CSV file was given where a signed message is expected; sign it first with `edgesign sign`.' },
  E_SENSOR_MISMATCH: { area: 'cli', meaning: 'The `--sensor` flags do not match the columns of the data.' },
  E_NETWORK: { area: 'cli', meaning: 'The service cannot be reached (connection refused, DNS, reset).' },
  E_BAD_RESPONSE: { area: 'cli', meaning: 'The service answered something the CLI cannot read (an unexpected status or body).' },
  E_ADDRESS_IN_USE: { area: 'cli', meaning: 'The port is already in use; pick another `--port`, or 0 for a free one.' },
  E_LISTEN: { area: 'cli', meaning: 'The server cannot listen on the address (permissions, unknown host).' },
  E_INTERRUPTED: { area: 'cli', meaning: 'The command was interrupted (a second Ctrl-C) before it finished cleanly.' },
  E_HELLO_REFUSED: { area: 'cli', meaning: 'Remote management refused a simulated device\'s hello (its reason follows: unknown, expired or read-only API key).' },
  E_STUDIO_API: { area: 'cli', meaning: 'The Studio API answered an error without one of edgesign\'s codes (its message follows).' },
  E_SAMPLING_FAILED: { area: 'cli', meaning: 'The device took the sample request but did not deliver a stored sample (it reported an error, disconnected, or its upload was refused).' },
  E_UPLOAD: { area: 'cli', meaning: 'A simulated device\'s upload to the ingestion service failed (the service\'s answer follows).' },
} as const satisfies Record<`E_${string}`, ErrorCodeInfo>);

/** Every code edgesign reports: a closed union, one member per key of {@link ERROR_CODES}. */
export type EdgesignErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is one of edgesign's error codes (e.g. a code read from an HTTP refusal). */
export function isErrorCode(code: unknown): code is EdgesignErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
