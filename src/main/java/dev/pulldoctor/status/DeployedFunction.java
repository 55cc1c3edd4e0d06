package dev.pulldoctor.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployed Pull Doctor as the Cloud Functions v2 API describes it.
 *
 * @param name the resource name, {@code projects/P/locations/R/functions/N}
 * @param state {@code ACTIVE}, {@code DEPLOYING}, {@code FAILED} …
 * @param stateMessages what the API says about the state, one line each
 * @param runtime e.g. {@code java17}
 * @param entryPoint the class the runtime loads
 * @param eventType the trigger's event type; null without an event trigger
 * @param triggerTopic the Pub/Sub topic the trigger listens to; null when none
 * @param retryPolicy e.g. {@code RETRY_POLICY_RETRY}; null without an event trigger
 * @param serviceAccount the account the function runs as
 * @param environment the function's environment variables
 * @param updateTime when it was last deployed; null when the API does not say
 */
public record DeployedFunction(
    String name,
    String state,
    List<String> stateMessages,
    String runtime,
    String entryPoint,
    String eventType,
    String triggerTopic,
    String retryPolicy,
    String serviceAccount,
    Map<String, String> environment,
    Instant updateTime) {

  public DeployedFunction {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    stateMessages = List.copyOf(stateMessages);
    environment = Map.copyOf(environment);
  }
}
