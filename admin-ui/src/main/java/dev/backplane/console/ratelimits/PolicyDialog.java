package dev.backplane.console.ratelimits;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.api.RateLimitPolicy;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Creates a rate-limit policy, or shows one and, for administrators, edits or deletes it. The API
 * validates: its field errors appear under the fields they name, other errors as a notification.
 */
class PolicyDialog extends Dialog {

  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final PlatformClient platform;
  private final RateLimitPolicy policy;
  private final Runnable changed;
  private final TextField name = new TextField("Name");
  private final BigDecimalField quota = new BigDecimalField("Quota (requests)");
  private final BigDecimalField window = new BigDecimalField("Window (seconds)");
  private final Select<String> algorithm =
      select("Algorithm", "sliding-window", "fixed-window", "sliding-window", "token-bucket");
  private final Select<String> partitionBy =
      select("Counted per", "client", "client", "subject", "ip", "role", "claim");
  private final TextField claim = new TextField("Claim (when counted per claim)");
  private final TextArea paths = new TextArea("Paths (one per line; empty: all)");
  private final CheckboxGroup<String> methods = new CheckboxGroup<>("Methods (none checked: all)");
  private final TextField roles = new TextField("Realm roles (comma-separated; empty: all)");
  private final TextField clients = new TextField("Clients (comma-separated; empty: all)");
  private final Select<String> callers =
      select("Callers", "any", "any", "authenticated", "anonymous");
  private final Select<String> mode = select("Mode", "exact", "exact", "local");
  private final Select<String> failureMode =
      select("When the counters do not answer", "open", "open", "closed");
  private final Checkbox enabled = new Checkbox("Enabled", true);
  private final Map<String, HasValidation> fields = new HashMap<>();

  /**
   * @param policy the policy to show; null to create one
   * @param editable whether the caller may change it (administrators)
   */
  PolicyDialog(
      PlatformClient platform, RateLimitPolicy policy, boolean editable, Runnable changed) {
    this.platform = platform;
    this.policy = policy;
    this.changed = changed;
    setHeaderTitle(policy == null ? "New rate-limit policy" : policy.name());
    setId("policy-dialog");
    setWidth("44rem");
    fields.putAll(
        Map.ofEntries(
            Map.entry("name", name),
            Map.entry("quota", quota),
            Map.entry("windowSeconds", window),
            Map.entry("algorithm", algorithm),
            Map.entry("partitionBy", partitionBy),
            Map.entry("claim", claim),
            Map.entry("appliesTo.paths", paths),
            Map.entry("appliesTo.methods", methods),
            Map.entry("appliesTo.roles", roles),
            Map.entry("appliesTo.clients", clients),
            Map.entry("appliesTo.callers", callers),
            Map.entry("mode", mode),
            Map.entry("failureMode", failureMode)));
    name.setId("policy-name");
    quota.setId("policy-quota");
    window.setId("policy-window");
    algorithm.setId("policy-algorithm");
    partitionBy.setId("policy-partition");
    claim.setId("policy-claim");
    paths.setId("policy-paths");
    methods.setId("policy-methods");
    roles.setId("policy-roles");
    clients.setId("policy-clients");
    callers.setId("policy-callers");
    mode.setId("policy-mode");
    failureMode.setId("policy-failure-mode");
    enabled.setId("policy-enabled");
    methods.setItems(METHODS);
    name.setHelperText("1-64 lower-case letters, digits, '.', '_' or '-'; shown in the headers.");
    mode.setHelperText("exact: never more than the quota; local: faster, may overshoot.");
    paths.setHelperText("e.g. /api/v1/users/** ('*' one segment, '**' any number)");

    if (policy != null) {
      name.setValue(policy.name());
      quota.setValue(BigDecimal.valueOf(policy.quota()));
      window.setValue(BigDecimal.valueOf(policy.windowSeconds()));
      algorithm.setValue(policy.algorithm());
      partitionBy.setValue(policy.partitionBy());
      claim.setValue(policy.claim() == null ? "" : policy.claim());
      var appliesTo = policy.appliesTo();
      paths.setValue(String.join("\n", appliesTo.paths()));
      methods.setValue(new LinkedHashSet<>(appliesTo.methods()));
      roles.setValue(String.join(", ", appliesTo.roles()));
      clients.setValue(String.join(", ", appliesTo.clients()));
      callers.setValue(appliesTo.callers());
      mode.setValue(policy.mode());
      failureMode.setValue(policy.failureMode());
      enabled.setValue(policy.enabled());
    }
    var form =
        new FormLayout(
            name,
            enabled,
            quota,
            window,
            algorithm,
            partitionBy,
            claim,
            callers,
            paths,
            methods,
            roles,
            clients,
            mode,
            failureMode);
    form.setColspan(paths, 2);
    form.setColspan(methods, 2);
    add(form);

    var close = new Button(editable ? "Cancel" : "Close", e -> close());
    close.setId("policy-cancel");
    getFooter().add(close);
    if (editable) {
      if (policy != null) {
        var delete = new Button("Delete", e -> confirmDelete());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("policy-delete");
        getFooter().add(delete);
      }
      var save = new Button(policy == null ? "Create" : "Save", e -> save());
      save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      save.setId("policy-save");
      getFooter().add(save);
    } else {
      List.of(name, claim, roles, clients).forEach(field -> field.setReadOnly(true));
      List.of(algorithm, partitionBy, callers, mode, failureMode).forEach(s -> s.setReadOnly(true));
      quota.setReadOnly(true);
      window.setReadOnly(true);
      paths.setReadOnly(true);
      methods.setReadOnly(true);
      enabled.setReadOnly(true);
    }
  }

  private static Select<String> select(String label, String initial, String... items) {
    var select = new Select<String>();
    select.setLabel(label);
    select.setItems(items);
    select.setValue(initial);
    return select;
  }

  private void save() {
    FieldErrors.clear(fields);
    boolean whole = true;
    for (var field : List.of(quota, window)) {
      if (field.getValue() != null && field.getValue().stripTrailingZeros().scale() > 0) {
        field.setErrorMessage("must be a whole number");
        field.setInvalid(true);
        whole = false;
      }
    }
    if (!whole) {
      return;
    }
    var input =
        new RateLimitPolicy.Input(
            name.getValue().trim(),
            number(quota.getValue()),
            number(window.getValue()),
            algorithm.getValue(),
            partitionBy.getValue(),
            claim.getValue().isBlank() ? null : claim.getValue().trim(),
            new RateLimitPolicy.AppliesTo(
                lines(paths.getValue()),
                METHODS.stream().filter(methods.getValue()::contains).toList(),
                commaSeparated(roles.getValue()),
                commaSeparated(clients.getValue()),
                callers.getValue()),
            enabled.getValue(),
            mode.getValue(),
            failureMode.getValue());
    try {
      var token = CurrentLogin.accessToken();
      var saved =
          policy == null
              ? platform.createRateLimitPolicy(token, input)
              : platform.updateRateLimitPolicy(token, policy.id(), input);
      Notifications.success(
          saved.name() + (policy == null ? " is created." : " is saved.") + " In force now.");
      changed.run();
      close();
    } catch (ApiException e) {
      FieldErrors.show(e, fields);
    }
  }

  private void confirmDelete() {
    var confirm =
        new ConfirmDialog(
            "Delete " + policy.name() + "?",
            "Requests are no longer counted by it, on every instance, from now on.",
            "Delete",
            e -> delete());
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setId("confirm-delete-policy");
    confirm.open();
  }

  private void delete() {
    try {
      platform.deleteRateLimitPolicy(CurrentLogin.accessToken(), policy.id());
      Notifications.success(policy.name() + " is deleted.");
      changed.run();
      close();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }

  private static Long number(BigDecimal value) {
    return value == null ? null : value.longValue();
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> commaSeparated(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
