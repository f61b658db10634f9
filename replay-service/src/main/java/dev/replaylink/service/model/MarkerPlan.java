package dev.replaylink.service.model;

import java.util.List;

/**
 * What storing a set of markers comes to once markers already stored are taken into account.
 *
 * @param insert the markers to store, in order
 * @param countedAsErrors those of {@code insert} that add one to their session's error count (a
 *     marker that takes over a stored one's place in the count does not)
 * @param deleteDedupeKeys stored markers to delete, by dedupe key
 */
public record MarkerPlan(
    List<Marker> insert, List<Marker> countedAsErrors, List<String> deleteDedupeKeys) {
  public MarkerPlan {
    insert = List.copyOf(insert);
    countedAsErrors = List.copyOf(countedAsErrors);
    deleteDedupeKeys = List.copyOf(deleteDedupeKeys);
  }
}
