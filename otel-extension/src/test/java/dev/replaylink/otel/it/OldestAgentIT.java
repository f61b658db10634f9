package dev.replaylink.otel.it;

/** The acceptance scenarios under the oldest supported OpenTelemetry Java agent (2.21.0). */
class OldestAgentIT extends AgentScenarios {
  @Override
  String agentJar() {
    return System.getProperty("replaylink.agent.old");
  }

  @Override
  String agentName() {
    return "agent-oldest";
  }
}
