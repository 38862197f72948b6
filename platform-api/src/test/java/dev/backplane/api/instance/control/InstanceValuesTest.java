package dev.backplane.api.instance.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.api.cluster.control.ClusterValuesImpl;
import dev.backplane.api.cluster.entity.CacheStatistics;
import dev.backplane.api.instance.entity.InstanceSample;
import dev.backplane.api.instance.entity.InstanceSnapshot;
import dev.backplane.api.testing.ProtoRoundTrip;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every heartbeat survives the trip between instances unchanged. */
class InstanceValuesTest {

  private static final ProtoRoundTrip VALUES =
      new ProtoRoundTrip(new ClusterValuesImpl(), new InstanceValuesImpl());

  private static final Instant CREATED = Instant.parse("2026-11-26T10:15:30.123Z");

  @Test
  void heartbeats() {
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

    VALUES.assertRoundTrip(snapshot);
    VALUES.assertRoundTrip(InstanceSample.of(snapshot));
    assertThat(unread.hitRatio()).isNull();
  }
}
