// The protocol vocabulary the snippet and the replay UI share with replay-service and the backend
// integrations. One constant per constant of dev.replaylink.protocol, named by its class's prefix
// (ProtocolJsTest compares both sides):
//   ID_ SessionIds · ATTR_ Attributes · KIND_ MarkerKinds · PAUSE_ PauseReasons · REFUSAL_ RefusalReasons
// Plain constants rather than objects, so the snippet's bundle keeps only those it uses. Deployed
// snippets and stored recordings carry these values: add new ones, never change one.

export const ID_MIN_LENGTH = 8;
export const ID_MAX_LENGTH = 128;
export const ID_PATTERN = '^[A-Za-z0-9._-]{8,128}$';

export const ATTR_SESSION_ID = 'session.id';
export const ATTR_SESSION_REPLAY_URL = 'session_replay.url';
export const ATTR_REPLAYLINK_REPLAY_URL = 'replaylink.replay.url';
export const ATTR_SESSION_REPLAY_CONTEXT = 'session_replay';
export const ATTR_INGEST_KEY_HEADER = 'X-Replaylink-Key';
export const ATTR_SESSION_HEADER = 'x-replaylink-session';

export const KIND_ERROR = 'error';
export const KIND_CONSOLE = 'console';
export const KIND_NETWORK = 'network';
export const KIND_RAGE_CLICK = 'rage-click';
export const KIND_DEAD_CLICK = 'dead-click';
export const KIND_ERROR_CLICK = 'error-click';
export const KIND_MOUSE_THRASH = 'mouse-thrash';
export const KIND_NAVIGATION = 'navigation';
export const KIND_TRACK = 'track';
export const KIND_IDENTIFY = 'identify';
export const KIND_RECORDING_PAUSED = 'recording-paused';
export const KIND_RECORDING_RESUMED = 'recording-resumed';
export const KIND_BACKEND_ERROR = 'backend-error';
/** The frustration signals, as MarkerKinds.FRUSTRATION. */
export const KIND_FRUSTRATION = [KIND_RAGE_CLICK, KIND_DEAD_CLICK, KIND_ERROR_CLICK, KIND_MOUSE_THRASH];

export const PAUSE_EXCLUDED_PAGE = 'excluded-page';
export const PAUSE_MANUAL = 'manual';
export const PAUSE_MUTATION_STORM = 'mutation-storm';
export const PAUSE_EVENTS_DROPPED = 'events-dropped';
export const PAUSE_LIMIT_BYTES = 'bytes';
export const PAUSE_LIMIT_DURATION = 'duration';

export const REFUSAL_INVALID_ID = 'invalid_id';
export const REFUSAL_BODY_TOO_LARGE = 'body_too_large';
export const REFUSAL_DECOMPRESSED_TOO_LARGE = 'decompressed_too_large';
export const REFUSAL_SESSION_LIMIT_REACHED = 'session_limit_reached';
export const REFUSAL_RATE_LIMITED = 'rate_limited';
