package dev.replaylink.service.architecture.cycle.a;

import dev.replaylink.service.architecture.cycle.b.UsesA;

/** Half of a deliberate package cycle, which {@code PackageCyclesTest} must report. */
public final class UsesB {
  UsesA other;
}
