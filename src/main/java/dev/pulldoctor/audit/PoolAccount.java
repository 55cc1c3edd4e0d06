package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.ClusterInfo.NodePoolInfo;
import dev.pulldoctor.diagnose.Evidence;

/**
 * A node pool and the account it runs as; {@code account} is null when it could not be told ({@code
 * default} without the project's number), and {@code problem} says why.
 */
record PoolAccount(
    ClusterInfo cluster, NodePoolInfo pool, String account, Evidence.Problem problem) {}
