package dev.backplane.api.collections.control;

import dev.backplane.api.security.entity.Roles;
import dev.backplane.api.security.entity.VerifiedToken;
import java.util.List;

/**
 * A collection's access rule for one operation and one caller. A caller passes when any grant lets
 * it: {@code anyone}; {@code authenticated} (any token); {@code role:x} (a token with realm role
 * x); {@code owner} (a token whose subject created the record). An administrator always passes.
 */
public record Access(List<String> grants, VerifiedToken caller) {

  /** Whether the caller is a platform administrator, whom no rule holds back. */
  public boolean administrator() {
    return caller != null && caller.groups().contains(Roles.ADMIN);
  }

  /** Whether the caller passes whatever the record: every grant but owner. */
  public boolean always() {
    if (administrator()) {
      return true;
    }
    for (var grant : grants) {
      if (grant.equals("anyone")
          || (caller != null && grant.equals("authenticated"))
          || (caller != null
              && grant.startsWith("role:")
              && caller.groups().contains(grant.substring(5)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the caller passes for the records it owns (the owner grant). */
  public boolean asOwner() {
    return caller != null && grants.contains("owner");
  }

  /** Whether the caller passes for a record of this owner. */
  public boolean allows(String owner) {
    return always() || (asOwner() && caller.subject() != null && caller.subject().equals(owner));
  }

  /** Whether the caller could pass for some record: otherwise it is refused before any read. */
  public boolean possible() {
    return always() || asOwner();
  }
}
