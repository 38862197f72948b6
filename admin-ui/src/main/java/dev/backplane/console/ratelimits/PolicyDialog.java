package dev.backplane.console.ratelimits;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.Result;
import com.vaadin.flow.data.binder.ValidationException;
import com.vaadin.flow.data.converter.Converter;
import dev.backplane.api.ratelimit.entity.AppliesTo;
import dev.backplane.api.ratelimit.entity.Policy;
import dev.backplane.api.ratelimit.entity.PolicySpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.TrimmedText;
import dev.backplane.console.security.CurrentLogin;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Creates a rate-limit policy, or shows one and, for administrators, edits or deletes it. The API
 * validates: its field errors appear under the fields they name, other errors as a notification.
 */
class PolicyDialog extends Dialog {

  private final PlatformClient platform;
  private final Policy policy;
  private final Runnable changed;
  private final TextField name = new TextField("Name");
  private final BigDecimalField quota = new BigDecimalField("Quota (requests)");
  private final BigDecimalField window = new BigDecimalField("Window (seconds)");
  private final Select<String> algorithm =
      select("Algorithm", "sliding-window", "fixed-window", "token-bucket");
  private final Select<String> partitionBy =
      select("Counted per", "client", "subject", "ip", "role", "claim");
  private final TextField claim = new TextField("Claim (when counted per claim)");
  private final AppliesToField appliesTo = new AppliesToField();
  private final Select<String> mode = select("Mode", "exact", "local");
  private final Select<String> failureMode =
      select("When the counters do not answer", "open", "closed");
  private final Checkbox enabled = new Checkbox("Enabled", true);
  private final Binder<PolicySpec> binder = new Binder<>(PolicySpec.class);
  private final Map<String, HasValidation> fields;

  /**
   * @param policy the policy to show; null to create one
   * @param editable whether the caller may change it (administrators)
   */
  PolicyDialog(PlatformClient platform, Policy policy, boolean editable, Runnable changed) {
    this.platform = platform;
    this.policy = policy;
    this.changed = changed;
    setHeaderTitle(policy == null ? "New rate-limit policy" : policy.name());
    setId("policy-dialog");
    setCloseOnEsc(true);
    addOpenedChangeListener(
        opened -> {
          if (opened.isOpened()) {
            name.focus();
          }
        });
    setWidth("44rem");
    fields =
        Map.ofEntries(
            Map.entry("name", name),
            Map.entry("quota", quota),
            Map.entry("windowSeconds", window),
            Map.entry("algorithm", algorithm),
            Map.entry("partitionBy", partitionBy),
            Map.entry("claim", claim),
            Map.entry("appliesTo.paths", appliesTo.paths),
            Map.entry("appliesTo.methods", appliesTo.methods),
            Map.entry("appliesTo.roles", appliesTo.roles),
            Map.entry("appliesTo.clients", appliesTo.clients),
            Map.entry("appliesTo.callers", appliesTo.callers),
            Map.entry("mode", mode),
            Map.entry("failureMode", failureMode));
    name.setId("policy-name");
    quota.setId("policy-quota");
    window.setId("policy-window");
    algorithm.setId("policy-algorithm");
    partitionBy.setId("policy-partition");
    claim.setId("policy-claim");
    mode.setId("policy-mode");
    failureMode.setId("policy-failure-mode");
    enabled.setId("policy-enabled");
    name.setHelperText("1-64 lower-case letters, digits, '.', '_' or '-'; shown in the headers.");
    mode.setHelperText("exact: never more than the quota; local: faster, may overshoot.");

    binder.forField(name).withConverter(new TrimmedText()).bind("name");
    binder.forField(quota).withConverter(wholeNumber()).bind("quota");
    binder.forField(window).withConverter(wholeNumber()).bind("windowSeconds");
    binder.forField(algorithm).bind("algorithm");
    binder.forField(partitionBy).bind("partitionBy");
    binder.forField(claim).withConverter(new TrimmedText()).bind("claim");
    binder.forField(appliesTo).bind("appliesTo");
    binder.forField(enabled).bind("enabled");
    binder.forField(mode).bind("mode");
    binder.forField(failureMode).bind("failureMode");
    binder.readRecord(
        policy == null
            ? new PolicySpec(
                null,
                null,
                null,
                "sliding-window",
                "client",
                null,
                AppliesTo.EVERYTHING,
                true,
                "exact",
                "open")
            : new PolicySpec(
                policy.name(),
                policy.quota(),
                policy.windowSeconds(),
                policy.algorithm(),
                policy.partitionBy(),
                policy.claim(),
                policy.appliesTo(),
                policy.enabled(),
                policy.mode(),
                policy.failureMode()));

    var form =
        new FormLayout(
            name,
            enabled,
            quota,
            window,
            algorithm,
            partitionBy,
            claim,
            appliesTo,
            mode,
            failureMode);
    form.setColspan(appliesTo, 2);
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
      binder.setReadOnly(true);
    }
  }

  private static Select<String> select(String label, String... items) {
    var select = new Select<String>();
    select.setLabel(label);
    select.setItems(items);
    return select;
  }

  /** A count or a number of seconds: the API's limits are its own, wholeness is checked here. */
  private static Converter<BigDecimal, Long> wholeNumber() {
    return Converter.from(
        value -> {
          if (value == null) {
            return Result.ok(null);
          }
          try {
            return Result.ok(value.longValueExact());
          } catch (ArithmeticException notWhole) {
            return Result.error(
                value.stripTrailingZeros().scale() > 0
                    ? "must be a whole number"
                    : "must be at most " + Long.MAX_VALUE);
          }
        },
        number -> number == null ? null : BigDecimal.valueOf(number));
  }

  private void save() {
    FieldErrors.clear(fields);
    PolicySpec input;
    try {
      input = binder.writeRecord();
    } catch (ValidationException notWhole) {
      return; // the binder shows the error under its field
    }
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
}
