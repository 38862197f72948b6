package dev.backplane.api.cache.control;

import dev.backplane.api.cache.entity.CacheStatistics;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.ratelimit.control.Absorb;
import dev.backplane.api.ratelimit.control.Admit;
import dev.backplane.api.ratelimit.control.Counter;
import dev.backplane.api.ratelimit.control.UsageSnapshot;
import dev.backplane.api.ratelimit.entity.Algorithm;
import dev.backplane.api.users.control.CachedPage;
import dev.backplane.api.users.control.CachedUser;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserSummary;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.types.java.CommonTypes;

/**
 * The ProtoStream schema of every value the caches hold, and of the functions run at a key's owner,
 * which is how they travel between instances. The build generates it and its marshallers ({@code
 * StoredValuesImpl}); infinispan.xml registers it. A field added to one of these records gets the
 * next number: keep the existing ones, so instances of two versions can share a cluster during a
 * rolling upgrade.
 */
@ProtoSchema(
    schemaPackageName = "backplane",
    schemaFileName = "backplane.proto",
    schemaFilePath = "proto",
    dependsOn = CommonTypes.class,
    includeClasses = {
      User.class,
      UserSummary.class,
      UserPage.class,
      CachedUser.class,
      CachedPage.class,
      CacheStatistics.class,
      InstanceSnapshot.class,
      InstanceSnapshot.HealthState.class,
      InstanceSnapshot.CacheSample.class,
      InstanceSample.class,
      InstanceSample.CacheCounts.class,
      Counter.class,
      Admit.class,
      Absorb.class,
      Algorithm.class,
      UsageSnapshot.class,
      UsageSnapshot.PolicyCounts.class,
      UsageSnapshot.MinuteCounts.class,
      UsageSnapshot.PartitionCount.class
    })
public interface StoredValues extends GeneratedSchema {}
