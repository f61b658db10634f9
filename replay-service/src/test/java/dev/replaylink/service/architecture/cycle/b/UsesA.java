package dev.replaylink.service.architecture.cycle.b;

import dev.replaylink.service.architecture.cycle.a.UsesB;

/** The other half of the deliberate package cycle. */
public final class UsesA {
  UsesB other;
}
