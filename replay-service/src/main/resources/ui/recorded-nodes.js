// What the replay page reads from recorded rrweb events about the recorded page's elements: which
// the recorder blocked and which show masked content. Pure functions over the events.
import { EventType, IncrementalSource, NodeType } from './rrweb.js';

/** Mirror ids of the elements the recorder blocked by selector (recorded as empty boxes with rr_width/rr_height). */
export function blockedIds(events) {
  const ids = new Set();
  const visit = (node) => {
    if (!node) return;
    if (node.type === NodeType.ELEMENT && node.attributes && node.attributes.rr_width) ids.add(node.id);
    (node.childNodes || []).forEach(visit);
  };
  for (const e of events) {
    if (e.type === EventType.FULL_SNAPSHOT) visit(e.data && e.data.node);
    else if (e.type === EventType.INCREMENTAL_SNAPSHOT && e.data && e.data.source === IncrementalSource.MUTATION && e.data.adds) e.data.adds.forEach((a) => visit(a.node));
  }
  return [...ids];
}

/**
 * Mirror ids of the elements whose recorded text or value the recorder masked: text nodes and input
 * values that are runs of '*' (and whitespace), as rrweb writes masked content, in snapshots,
 * mutations and input events.
 */
export function maskedIds(events) {
  const stars = (v) => typeof v === 'string' && /\*/.test(v) && /^[\s*]+$/.test(v);
  const ids = new Set();
  const list = (v) => (Array.isArray(v) ? v : []);
  const visit = (node, parentId) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === NodeType.TEXT && stars(node.textContent) && parentId != null) ids.add(parentId);
    if (node.type === NodeType.ELEMENT && node.attributes && stars(node.attributes.value)) ids.add(node.id);
    list(node.childNodes).forEach((c) => visit(c, node.id));
  };
  for (const e of events) {
    const d = e.data;
    if (!d || typeof d !== 'object') continue;
    if (e.type === EventType.FULL_SNAPSHOT) visit(d.node, null);
    else if (e.type === EventType.INCREMENTAL_SNAPSHOT && d.source === IncrementalSource.MUTATION) {
      list(d.adds).forEach((a) => a && visit(a.node, a.parentId));
      list(d.attributes).forEach((a) => { if (a && a.attributes && stars(a.attributes.value)) ids.add(a.id); });
    } else if (e.type === EventType.INCREMENTAL_SNAPSHOT && d.source === IncrementalSource.INPUT && stars(d.text)) ids.add(d.id);
  }
  return [...ids];
}
