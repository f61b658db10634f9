package dev.replaylink.otel.it;

/** The acceptance scenarios under the current OpenTelemetry Java agent (2.33.x). */
class CurrentAgentIT extends AgentScenarios {
  @Override
  String agentJar() {
    return System.getProperty("replaylink.agent.current");
  }

  @Override
  String agentName() {
    return "agent-current";
  }
}
