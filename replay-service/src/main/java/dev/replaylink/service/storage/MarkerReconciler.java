package dev.replaylink.service.storage;

import dev.replaylink.service.model.Marker;
import dev.replaylink.service.model.MarkerPlan;
import java.util.List;

/**
 * The rule that decides how new markers combine with stored ones (one backend error per failure);
 * the domain provides it ({@code errors.BackendErrors}), a {@link MarkerStore} applies it inside
 * the transaction that stores the markers, so concurrent reports of one failure still store one
 * marker.
 */
public interface MarkerReconciler {

  /**
   * Whether {@code m} depends on stored markers; the store then loads those {@link #related} to it.
   */
  boolean concerns(Marker m);

  /**
   * Whether a stored marker {@code stored} is one that {@link #plan} must see for the new marker
   * {@code m}.
   */
  boolean related(Marker m, Marker stored);

  /**
   * @param incoming new markers, none of whose dedupe keys is stored yet, in the order given
   * @param stored the stored markers related to those of {@code incoming} that {@link #concerns
   *     concern} it
   */
  MarkerPlan plan(List<Marker> incoming, List<Marker> stored);
}
