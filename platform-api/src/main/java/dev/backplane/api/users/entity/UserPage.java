package dev.backplane.api.users.entity;

import java.util.List;

/** One page of users matching a search, and how many match in all. */
public record UserPage(List<UserSummary> items, long total, int first, int max) {}
