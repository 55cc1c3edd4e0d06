package dev.pulldoctor.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project of the world. Its allow policies live in {@link World}, where they can change; the rest
 * is fixed when the world is loaded. {@code parent} is {@code folders/N}, {@code organizations/N},
 * or empty for a project outside any organization.
 */
public record Project(
    String id,
    String number,
    String parent,
    Set<String> services,
    List<DenyRule> denyRules,
    Map<String, ServiceAccount> serviceAccounts,
    Map<String, Cluster> clusters,
    Map<String, Repository> repositories,
    Map<String, CloudFunction> functions) {

  public Project {
    services = Set.copyOf(services);
    denyRules = List.copyOf(denyRules);
  }

  /** Whether the API, e.g. {@code artifactregistry.googleapis.com}, is enabled here. */
  public boolean enabled(String service) {
    return services.contains(service);
  }

  public Optional<Cluster> cluster(String location, String name) {
    return Optional.ofNullable(clusters.get(location + "/" + name));
  }

  public Optional<Repository> repository(String location, String name) {
    return Optional.ofNullable(repositories.get(location + "/" + name));
  }

  public Optional<CloudFunction> function(String location, String name) {
    return Optional.ofNullable(functions.get(location + "/" + name));
  }
}
