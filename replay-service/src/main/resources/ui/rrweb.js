// rrweb's numeric codes that the replay page reads in recorded events (@rrweb/types). A recorded
// event has a `type` (EventType); a node of a snapshot has a `type` too, from another enum
// (NodeType): the same number means different things in the two.

export const EventType = Object.freeze({
  DOM_CONTENT_LOADED: 0,
  LOAD: 1,
  FULL_SNAPSHOT: 2,
  INCREMENTAL_SNAPSHOT: 3,
  META: 4,
  CUSTOM: 5,
  PLUGIN: 6,
});

export const NodeType = Object.freeze({
  DOCUMENT: 0,
  DOCUMENT_TYPE: 1,
  ELEMENT: 2,
  TEXT: 3,
  CDATA: 4,
  COMMENT: 5,
});

/** `data.source` of an incremental snapshot. */
export const IncrementalSource = Object.freeze({
  MUTATION: 0,
  MOUSE_MOVE: 1,
  MOUSE_INTERACTION: 2,
  SCROLL: 3,
  VIEWPORT_RESIZE: 4,
  INPUT: 5,
  TOUCH_MOVE: 6,
  MEDIA_INTERACTION: 7,
  STYLE_SHEET_RULE: 8,
  CANVAS_MUTATION: 9,
  FONT: 10,
  LOG: 11,
  DRAG: 12,
  STYLE_DECLARATION: 13,
  SELECTION: 14,
  ADOPTED_STYLE_SHEET: 15,
  CUSTOM_ELEMENT: 16,
});

/** `data.type` of a mouse interaction. */
export const MouseInteraction = Object.freeze({
  MOUSE_UP: 0,
  MOUSE_DOWN: 1,
  CLICK: 2,
  CONTEXT_MENU: 3,
  DBL_CLICK: 4,
  FOCUS: 5,
  BLUR: 6,
  TOUCH_START: 7,
  TOUCH_END: 9,
  TOUCH_CANCEL: 10,
});
