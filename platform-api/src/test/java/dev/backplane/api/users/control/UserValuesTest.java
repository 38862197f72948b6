package dev.backplane.api.users.control;

import dev.backplane.api.testing.ProtoRoundTrip;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserPage;
import dev.backplane.api.users.entity.UserSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every user value the caches hold survives the trip between instances unchanged. */
class UserValuesTest {

  private static final ProtoRoundTrip VALUES = new ProtoRoundTrip(new UserValuesImpl());

  private static final Instant CREATED = Instant.parse("2026-11-26T10:15:30.123Z");

  @Test
  void cachedUsersAndPages() {
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

    VALUES.assertRoundTrip(new CachedUser(-42L, user));
    VALUES.assertRoundTrip(new CachedUser(7L, admin));
    VALUES.assertRoundTrip(new CachedPage(Long.MAX_VALUE, page));
    VALUES.assertRoundTrip(new CachedPage(1L, new UserPage(List.of(), 0, 20, 50)));
  }
}
