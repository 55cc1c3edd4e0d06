package dev.pulldoctor.sandbox;

/** A service account that exists in a project of the world. */
public record ServiceAccount(String email, String project, boolean disabled, String displayName) {}
