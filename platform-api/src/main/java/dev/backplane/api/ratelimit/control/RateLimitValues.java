package dev.backplane.api.ratelimit.control;

import dev.backplane.api.ratelimit.entity.Algorithm;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.types.java.CommonTypes;

/**
 * The ProtoStream schema of the rate-limit counters, the functions run at a counter's owner ({@link
 * Admit}, {@link Absorb}, {@link ReturnedLease}) and the usage each instance shares. The build
 * generates it and its marshallers ({@code RateLimitValuesImpl}); {@link RateLimitCaches} registers
 * it. A field added gets the next number, so instances of two versions can share a cluster during a
 * rolling upgrade.
 */
@ProtoSchema(
    schemaPackageName = "backplane",
    schemaFileName = "ratelimit.proto",
    schemaFilePath = "proto",
    dependsOn = CommonTypes.class,
    includeClasses = {
      Counter.class,
      Admit.class,
      Absorb.class,
      ReturnedLease.class,
      Algorithm.class,
      UsageSnapshot.class,
      UsageSnapshot.PolicyCounts.class,
      UsageSnapshot.MinuteCounts.class,
      UsageSnapshot.PartitionCount.class
    })
public interface RateLimitValues extends GeneratedSchema {}
