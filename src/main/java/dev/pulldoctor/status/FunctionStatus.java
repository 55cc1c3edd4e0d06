package dev.pulldoctor.status;

import java.util.ArrayList;
import java.util.List;

/**
 * A deployed function held against {@code function.yaml}: what {@code pull-doctor status} reports,
 * and every reason to worry — a state other than ACTIVE, or a mismatch.
 */
public record FunctionStatus(
    DeployedFunction function, String remediationMode, List<String> warnings) {

  public static final String ACTIVE = "ACTIVE";

  public FunctionStatus {
    warnings = List.copyOf(warnings);
  }

  /** The status of {@code f} under {@code contract}. */
  public static FunctionStatus of(DeployedFunction f, FunctionContract contract) {
    List<String> warnings = new ArrayList<>();
    if (!ACTIVE.equals(f.state())) {
      warnings.add(
          "state is "
              + f.state()
              + ", not "
              + ACTIVE
              + (f.stateMessages().isEmpty() ? "" : ": " + String.join("; ", f.stateMessages())));
    }
    warnings.addAll(contract.mismatches(f));
    return new FunctionStatus(f, contract.effective(f, "REMEDIATION_MODE"), warnings);
  }

  /** True when the function is ACTIVE and matches function.yaml. */
  public boolean healthy() {
    return warnings.isEmpty();
  }
}
