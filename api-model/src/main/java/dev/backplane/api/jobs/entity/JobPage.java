package dev.backplane.api.jobs.entity;

import java.util.List;

/** One page of jobs, newest first, and how many match in all. */
public record JobPage(List<Job> items, long total, int first, int max) {}
