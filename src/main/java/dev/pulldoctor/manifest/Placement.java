package dev.pulldoctor.manifest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a pod template lets its pods be scheduled, as far as node pools go: a {@code nodeSelector}
 * on GKE's pool label, and the terms of a required node affinity
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity): the
 * terms are ORed, the expressions within a term ANDed, and an empty term matches nothing. GKE
 * labels every node with its pool's name under {@link #POOL_LABEL}
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/node-pools#deploy). Requirements on other
 * labels, and {@code matchFields}, name things Pull Doctor cannot see (node labels set by the
 * pool's config, node names): they are taken as satisfiable, so the pools found are those the pods
 * may land on.
 *
 * @param nodeSelectorPool the pool {@code nodeSelector} names, or null
 * @param requiredTerms the required affinity's terms, or null when there is none
 */
public record Placement(String nodeSelectorPool, List<List<Requirement>> requiredTerms) {

  /** The label GKE sets on every node to its pool's name. */
  public static final String POOL_LABEL = "cloud.google.com/gke-nodepool";

  /** Any pool: no selector, no required affinity. */
  public static final Placement ANYWHERE = new Placement(null, null);

  /** The operators of a node selector requirement. */
  static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

  public Placement {
    requiredTerms =
        requiredTerms == null ? null : requiredTerms.stream().map(List::copyOf).toList();
  }

  /**
   * One requirement of a term: {@code key}, {@code operator} and {@code values}; {@code field} for
   * a {@code matchFields} one.
   */
  public record Requirement(String key, String operator, List<String> values, boolean field) {
    public Requirement {
      values = values == null ? List.of() : List.copyOf(values);
    }

    boolean holdsFor(String pool) {
      if (field || !POOL_LABEL.equals(key)) {
        return true; // a label or field Pull Doctor cannot see: it may hold
      }
      return switch (operator) {
        case "In" -> values.contains(pool);
        case "NotIn" -> !values.contains(pool);
        case "Exists" -> true;
        case "DoesNotExist" -> false;
        // Gt and Lt compare integers; a value that is not one matches nothing.
        case "Gt" -> compare(pool) > 0;
        case "Lt" -> compare(pool) < 0 && compare(pool) != Integer.MIN_VALUE;
        default -> false;
      };
    }

    private int compare(String pool) {
      try {
        return Long.compare(Long.parseLong(pool), Long.parseLong(values.get(0)));
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return Integer.MIN_VALUE;
      }
    }
  }

  /** True when a pod with this placement may be scheduled on a node of {@code pool}. */
  public boolean allows(String pool) {
    if (nodeSelectorPool != null && !nodeSelectorPool.equals(pool)) {
      return false;
    }
    if (requiredTerms == null) {
      return true;
    }
    return requiredTerms.stream()
        .anyMatch(term -> !term.isEmpty() && term.stream().allMatch(r -> r.holdsFor(pool)));
  }

  /** The pools of {@code clusterPools} the pods may land on, in the cluster's order. */
  public List<String> pools(List<String> clusterPools) {
    return clusterPools.stream().filter(this::allows).toList();
  }

  /** The pools this placement names by name that are not in {@code clusterPools}. */
  public List<String> missing(List<String> clusterPools) {
    Set<String> named = new LinkedHashSet<>();
    if (nodeSelectorPool != null) {
      named.add(nodeSelectorPool);
    }
    if (requiredTerms != null) {
      for (List<Requirement> term : requiredTerms) {
        for (Requirement r : term) {
          if (!r.field() && POOL_LABEL.equals(r.key()) && r.operator().equals("In")) {
            named.addAll(r.values());
          }
        }
      }
    }
    List<String> missing = new ArrayList<>(named);
    missing.removeAll(clusterPools);
    return missing;
  }

  /** What restricts the pools, in the manifest's words; empty when nothing does. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (nodeSelectorPool != null) {
      parts.add("nodeSelector " + POOL_LABEL + ": " + nodeSelectorPool);
    }
    if (requiredTerms != null) {
      List<String> terms = new ArrayList<>();
      for (List<Requirement> term : requiredTerms) {
        terms.add(
            term.isEmpty()
                ? "(empty term)"
                : String.join(
                    " and ",
                    term.stream()
                        .map(
                            r ->
                                r.key()
                                    + " "
                                    + r.operator()
                                    + (r.values().isEmpty() ? "" : " " + r.values()))
                        .toList()));
      }
      parts.add("required node affinity " + String.join(" or ", terms));
    }
    return String.join("; ", parts);
  }
}
