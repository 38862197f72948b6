package dev.backplane.api.users.control;

import dev.backplane.api.users.entity.User;
import org.infinispan.protostream.annotations.Proto;

/** A user in the {@code users} cache, tagged with the generation it was read in. */
@Proto
public record CachedUser(long generation, User user) {}
