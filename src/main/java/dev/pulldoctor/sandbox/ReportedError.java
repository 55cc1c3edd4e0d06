package dev.pulldoctor.sandbox;

import com.google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent;

/** An Error Reporting event the sandbox received, with the project it was reported to. */
public record ReportedError(String project, ReportedErrorEvent event) {}
