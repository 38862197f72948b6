package dev.backplane.api.users.control;

import dev.backplane.api.users.entity.UserPage;
import org.infinispan.protostream.annotations.Proto;

/** A page of users in the {@code users} cache, tagged with the generation it was read in. */
@Proto
public record CachedPage(long generation, UserPage page) {}
