package dev.replaylink.service.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeParentsTest {
  @Test
  void everyRecordedParentIsFoundAsTheMapGrowsAndUnknownNodesHaveNone() {
    NodeParents p = new NodeParents();
    for (int id = 1; id <= 3000; id++) {
      p.put(id * 7919, id - 1);
    }
    for (int id = 1; id <= 3000; id++) {
      assertEquals(id - 1, p.parent(id * 7919));
    }
    assertEquals(NodeParents.UNKNOWN, p.parent(5));
    assertEquals(NodeParents.UNKNOWN, p.parent(Integer.MIN_VALUE), "the empty marker is no node");
    p.put(-4, 9);
    assertEquals(9, p.parent(-4), "a client may send any int as an ID");
    p.put(-4, 10);
    assertEquals(10, p.parent(-4), "a node moved by a later change has its new parent");
    assertFalse(p.overflowed());
  }

  @Test
  void pastItsBoundItKnowsNoParentsUntilCleared() {
    NodeParents p = new NodeParents();
    for (int id = 0; id <= NodeParents.MAX_NODES; id++) {
      p.put(id, 1);
    }
    assertTrue(p.overflowed());
    assertEquals(NodeParents.UNKNOWN, p.parent(3));
    p.clear();
    assertFalse(p.overflowed());
    p.put(3, 2);
    assertEquals(2, p.parent(3));
  }
}
