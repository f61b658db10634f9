// Sentry's browser SDK with Session Replay, as an application would bundle it.
import { init, replayIntegration, getReplay } from '@sentry/browser';

window.Sentry = { init, replayIntegration, getReplay };
