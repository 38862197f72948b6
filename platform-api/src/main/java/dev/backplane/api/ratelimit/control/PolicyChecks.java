package dev.backplane.api.ratelimit.control;

import dev.backplane.api.problem.control.InvalidInputException;
import dev.backplane.api.problem.entity.FieldViolation;
import dev.backplane.api.ratelimit.entity.PolicySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The rules between a policy's fields, which Bean Validation's per-field rules cannot state. */
final class PolicyChecks {

  private static final List<String> TOKEN_PARTITIONS =
      List.of("client", "subject", "role", "claim");

  private PolicyChecks() {}

  /** Throws {@link InvalidInputException} naming every field that breaks a rule. */
  static void check(PolicySpec given) {
    var spec = given.normalized();
    var errors = new ArrayList<FieldViolation>();
    if (spec.partitionBy().equals("claim") && spec.claim() == null) {
      errors.add(new FieldViolation("claim", "is required when partitionBy is claim"));
    }
    if (!spec.partitionBy().equals("claim") && spec.claim() != null) {
      errors.add(new FieldViolation("claim", "is only for partitionBy claim"));
    }
    var appliesTo = spec.appliesTo();
    if (appliesTo.callers().equals("anonymous")) {
      if (TOKEN_PARTITIONS.contains(spec.partitionBy())) {
        errors.add(
            new FieldViolation(
                "partitionBy", "anonymous callers have no token: partition them by ip"));
      }
      if (!appliesTo.roles().isEmpty()) {
        errors.add(new FieldViolation("appliesTo.roles", "anonymous callers have no roles"));
      }
      if (!appliesTo.clients().isEmpty()) {
        errors.add(new FieldViolation("appliesTo.clients", "anonymous callers have no client"));
      }
    }
    for (int i = 0; i < appliesTo.paths().size(); i++) {
      int index = i;
      PathPattern.problem(appliesTo.paths().get(i))
          .ifPresent(
              problem -> errors.add(new FieldViolation("appliesTo.paths[" + index + "]", problem)));
    }
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparing(FieldViolation::field));
      throw new InvalidInputException(errors);
    }
  }
}
