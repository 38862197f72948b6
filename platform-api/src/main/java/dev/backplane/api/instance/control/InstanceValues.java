package dev.backplane.api.instance.control;

import dev.backplane.api.cluster.control.ClusterValues;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.types.java.CommonTypes;

/**
 * The ProtoStream schema of the heartbeats the instances share. The build generates it and its
 * marshallers ({@code InstanceValuesImpl}); {@link InstanceCaches} registers it. A field added gets
 * the next number, so instances of two versions can share a cluster during a rolling upgrade.
 */
@ProtoSchema(
    schemaPackageName = "backplane",
    schemaFileName = "instance.proto",
    schemaFilePath = "proto",
    dependsOn = {CommonTypes.class, ClusterValues.class},
    includeClasses = {
      InstanceSnapshot.class,
      InstanceSnapshot.HealthState.class,
      InstanceSnapshot.CacheSample.class,
      InstanceSample.class,
      InstanceSample.CacheCounts.class
    })
public interface InstanceValues extends GeneratedSchema {}
