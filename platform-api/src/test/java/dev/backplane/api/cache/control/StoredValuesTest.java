package dev.backplane.api.cache.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.cache.entity.CacheStatistics;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.ratelimit.control.Counter;
import dev.backplane.api.users.control.CachedPage;
import dev.backplane.api.users.control.CachedUser;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserSummary;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.types.java.CommonTypesSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every value the caches hold survives the trip between instances unchanged. */
class StoredValuesTest {

  private static SerializationContext context;

  @BeforeAll
  static void register() {
    context = ProtobufUtil.newSerializationContext();
    new CommonTypesSchema().register(context);
    new StoredValuesImpl().register(context);
  }

  private static final Instant CREATED = Instant.parse("2026-11-26T10:15:30.123Z");

  @Test
  void cachedUsersAndPages() throws IOException {
    var user =
        new User(
            "7f1c", "alice", "alice@example.org", "Alice", null, true, false, CREATED, List.of());
    var admin = user.withRoles(List.of("platform-admin", "platform-operator"));
    var page =
        new UserPage(
            List.of(new UserSummary("7f1c", "alice", null, "Alice", "A", false, CREATED)),
            41,
            0,
            1);

    assertRoundTrip(new CachedUser(-42L, user));
    assertRoundTrip(new CachedUser(7L, admin));
    assertRoundTrip(new CachedPage(Long.MAX_VALUE, page));
    assertRoundTrip(new CachedPage(1L, new UserPage(List.of(), 0, 20, 50)));
  }

  @Test
  void rateLimitCounters() throws IOException {
    assertRoundTrip(new Counter(1_795_706_000_123L, 1_795_705_980_000L, 42, 17, 0, true, 3));
    assertRoundTrip(new Counter(1L, 1L, 0, 0, 99.25, false, 0));
  }

  @Test
  void heartbeats() throws IOException {
    var statistics = CacheStatistics.of(12, 30, 10, 11, 2, 0, 0.25, 1.5);
    var unread = CacheStatistics.of(0, 0, 0, 0, 0, 0, 0, 0);
    var snapshot =
        new InstanceSnapshot(
            "instance-2",
            "http://127.0.0.1:8082",
            "0.1.0-SNAPSHOT",
            InstanceSnapshot.UP,
            CREATED,
            CREATED.plusSeconds(60),
            50_000_000L,
            400_000_000L,
            0.37,
            91,
            120.5,
            0.01,
            7.45,
            3,
            List.of(
                new InstanceSnapshot.HealthState("shutdown", true),
                new InstanceSnapshot.HealthState("cache", true)),
            List.of(
                new InstanceSnapshot.HealthState("database", true),
                new InstanceSnapshot.HealthState("keycloak", false)),
            List.of(
                new InstanceSnapshot.CacheSample("users", statistics),
                new InstanceSnapshot.CacheSample("instances", unread)));

    assertRoundTrip(snapshot);
    assertRoundTrip(InstanceSample.of(snapshot));
    assertThat(unread.hitRatio()).isNull();
  }

  private static void assertRoundTrip(Object value) throws IOException {
    var bytes = ProtobufUtil.toWrappedByteArray(context, value);
    Object back = ProtobufUtil.fromWrappedByteArray(context, bytes);
    assertThat(back).isEqualTo(value);
  }
}
