package dev.backplane.api.collections.entity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Who may do what with a collection's records: per operation, the grants any one of which lets a
 * caller through ({@code anyone}, {@code authenticated}, {@code owner}: the subject that created
 * the record, {@code role:<name>}). An absent or empty list lets no caller but an administrator
 * (platform-admin) through.
 */
public record AccessRules(
    @Size(max = 8, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull
                @Pattern(regexp = CollectionRules.GRANT, message = CollectionRules.GRANT_MESSAGE)
                String>
            list,
    @Size(max = 8, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull
                @Pattern(regexp = CollectionRules.GRANT, message = CollectionRules.GRANT_MESSAGE)
                String>
            read,
    @Size(max = 8, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull
                @Pattern(regexp = CollectionRules.GRANT, message = CollectionRules.GRANT_MESSAGE)
                String>
            create,
    @Size(max = 8, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull
                @Pattern(regexp = CollectionRules.GRANT, message = CollectionRules.GRANT_MESSAGE)
                String>
            update,
    @Size(max = 8, message = CollectionRules.LIST_MESSAGE)
        List<
                @NotNull
                @Pattern(regexp = CollectionRules.GRANT, message = CollectionRules.GRANT_MESSAGE)
                String>
            delete) {

  /** No caller but an administrator may do anything. */
  public static final AccessRules ADMINISTRATORS_ONLY =
      new AccessRules(List.of(), List.of(), List.of(), List.of(), List.of());

  /** The same rules with every absent list empty. */
  public AccessRules normalized() {
    return new AccessRules(
        orNone(list), orNone(read), orNone(create), orNone(update), orNone(delete));
  }

  private static List<String> orNone(List<String> grants) {
    return grants == null ? List.of() : List.copyOf(grants);
  }
}
