package dev.backplane.console.layout;

import com.vaadin.flow.component.HasValidation;
import dev.backplane.console.api.ApiException;
import java.util.Map;

/** The API's validation problems in a form: each field error under its field. */
public final class FieldErrors {

  private FieldErrors() {}

  /** Every field valid again, before a new try. */
  public static void clear(Map<String, ? extends HasValidation> fields) {
    fields.values().forEach(field -> field.setInvalid(false));
  }

  /**
   * Field errors under the fields they name ("fields[2].max" under that field when the form has
   * one, "roles[0]" under "roles", "healthCheck.path" under "healthCheck"); those of no field here,
   * and a problem without field errors, as a notification.
   */
  public static void show(ApiException problem, Map<String, ? extends HasValidation> fields) {
    var unplaced = new StringBuilder();
    for (var error : problem.errors()) {
      var field = fields.get(error.field());
      if (field == null) {
        field = fields.get(error.field().replaceAll("\\[.*", ""));
      }
      if (field == null) {
        // "setHeaders.X-Env", "healthCheck.path" under the field of the whole
        field = fields.get(error.field().replaceAll("[\\[.].*", ""));
      }
      if (field != null) {
        field.setErrorMessage(error.message());
        field.setInvalid(true);
      } else {
        unplaced.append(error.field()).append(": ").append(error.message()).append(". ");
      }
    }
    if (problem.errors().isEmpty() || !unplaced.isEmpty()) {
      Notifications.error(unplaced.isEmpty() ? problem.getMessage() : unplaced.toString().trim());
    }
  }
}
