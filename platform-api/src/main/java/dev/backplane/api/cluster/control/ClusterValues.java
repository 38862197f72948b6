package dev.backplane.api.cluster.control;

import dev.backplane.api.cluster.entity.CacheStatistics;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.types.java.CommonTypes;

/**
 * The ProtoStream schema of the values the cluster infrastructure itself defines, which features'
 * schemas may use ({@code dependsOn}). Every schema keeps the package {@code backplane}, so a
 * type's name does not depend on the schema file it is in. A field added to a stored record gets
 * the next number: keep the existing ones, so instances of two versions can share a cluster during
 * a rolling upgrade.
 */
@ProtoSchema(
    schemaPackageName = "backplane",
    schemaFileName = "cluster.proto",
    schemaFilePath = "proto",
    dependsOn = CommonTypes.class,
    includeClasses = CacheStatistics.class)
public interface ClusterValues extends GeneratedSchema {}
