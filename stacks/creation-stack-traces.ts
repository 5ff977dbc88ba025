/**
 * cdktf records a full stack trace (Error.stackTraceLimit = Infinity) for every token it creates,
 * only to print where a token came from if resolving it fails. Formatting those traces was a
 * quarter of the synth time of a 1,000-stack estate. Our tokens always resolve (the config is
 * validated before anything is built), so during synthesis cdktf's capture records nothing: it calls
 * the global Error.captureStackTrace, which is swapped for a no-op here. Errors thrown meanwhile
 * keep their own stack traces (V8 records those without calling the global).
 */
export function withoutCreationStackTraces<T>(fn: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = () => undefined;
  try {
    return fn();
  } finally {
    Error.captureStackTrace = capture;
  }
}
