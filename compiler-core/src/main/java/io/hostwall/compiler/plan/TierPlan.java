package io.hostwall.compiler.plan;

import com.google.common.collect.ImmutableList;
import io.hostwall.model.GlobalNetworkPolicy;
import io.hostwall.model.Tier;

/** One tier as it takes part in one stage and direction of one endpoint: its policies, in evaluation order. */
public record TierPlan(Tier tier, ImmutableList<GlobalNetworkPolicy> policies) {}
