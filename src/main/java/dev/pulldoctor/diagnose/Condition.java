package dev.pulldoctor.diagnose;

/**
 * An IAM Condition on an allow binding (https://cloud.google.com/iam/docs/conditions-overview): its
 * title and its CEL expression, as the policy read at version 3 carries them.
 */
public record Condition(String title, String expression) {

  public Condition {
    title = title == null ? "" : title;
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a condition needs an expression");
    }
  }

  /** {@code "TITLE" (EXPRESSION)}, or the expression alone when the condition has no title. */
  public String describe() {
    return title.isEmpty() ? expression : "\"" + title + "\" (" + expression + ")";
  }
}
