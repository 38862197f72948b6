package dev.backplane.api.problem.entity;

/** One invalid input value: where it was ({@code field}) and what is wrong with it. */
public record FieldViolation(String field, String message) {}
