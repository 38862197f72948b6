package dev.backplane.api.users.entity;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/** One page of users matching a search, and how many match in all. */
@Proto
public record UserPage(List<UserSummary> items, long total, int first, int max) {}
