package dev.backplane.api.users.control;

import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserSummary;
import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.types.java.CommonTypes;

/**
 * The ProtoStream schema of the users and pages of users the caches hold. The build generates it
 * and its marshallers ({@code UserValuesImpl}); {@link UserCaches} registers it. A field added gets
 * the next number, so instances of two versions can share a cluster during a rolling upgrade.
 */
@ProtoSchema(
    schemaPackageName = "backplane",
    schemaFileName = "users.proto",
    schemaFilePath = "proto",
    dependsOn = CommonTypes.class,
    includeClasses = {
      User.class,
      UserSummary.class,
      UserPage.class,
      CachedUser.class,
      CachedPage.class
    })
public interface UserValues extends GeneratedSchema {}
