package dev.pulldoctor.status;

import java.util.Optional;

/** Cloud Functions v2: a deployed function. Throws {@code InspectionFailure} when it cannot say. */
public interface FunctionDirectory {
  /** The function {@code projects/P/locations/REGION/functions/NAME}, or empty when none. */
  Optional<DeployedFunction> function(String project, String region, String name);
}
