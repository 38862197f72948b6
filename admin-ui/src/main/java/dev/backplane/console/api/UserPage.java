package dev.backplane.console.api;

import java.util.List;

/** A page of users and how many match in all. */
public record UserPage(List<UserSummary> items, long total, int first, int max) {}
