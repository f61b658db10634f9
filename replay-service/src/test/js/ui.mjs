// The UI modules as the service serves them: process-resources has copied them, with the shared
// protocol.js beside them, to target/classes/ui.
export const UI = new URL('../../../target/classes/ui/', import.meta.url);

export function ui(module) {
  return import(new URL(module, UI).href);
}
