package dev.backplane.console.gateway;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.backplane.api.gateway.entity.Route;
import dev.backplane.api.gateway.entity.RouteSpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.TextList;
import dev.backplane.console.layout.TrimmedText;
import dev.backplane.console.security.CurrentLogin;
import java.util.List;
import java.util.Map;

/**
 * Creates a route, or shows one and, for administrators, changes or deletes it. The API validates:
 * its field errors appear under the fields they name.
 */
class RouteDialog extends Dialog {

  private final PlatformClient platform;
  private final Route route;
  private final Runnable changed;
  private final TextField name = new TextField("Name");
  private final TextField prefix = new TextField("Prefix");
  private final TextArea targets = new TextArea("Targets");
  private final TextField methods = new TextField("Methods");
  private final Checkbox stripPrefix = new Checkbox("Strip the prefix");
  private final Select<String> access = new Select<>();
  private final TextField roles = new TextField("Roles");
  private final IntegerField connectTimeout = new IntegerField("Connect timeout (ms)");
  private final IntegerField responseTimeout = new IntegerField("Response timeout (ms)");
  private final TextArea setHeaders = new TextArea("Set headers");
  private final TextField removeHeaders = new TextField("Remove headers");
  private final Checkbox forwardIdentity = new Checkbox("Forward the caller's identity");
  private final Checkbox passToken = new Checkbox("Pass the bearer token");
  private final TextField healthCheck = new TextField("Health check");
  private final TextField cache = new TextField("Keep answers (s)");
  private final IntegerField maxBody = new IntegerField("Largest request body (MiB)");
  private final Checkbox enabled = new Checkbox("Enabled");
  private final Binder<RouteSpec> binder = new Binder<>(RouteSpec.class);
  private final Map<String, HasValidation> fields;

  RouteDialog(PlatformClient platform, Route route, boolean editable, Runnable changed) {
    this.platform = platform;
    this.route = route;
    this.changed = changed;
    setHeaderTitle(route == null ? "New route" : route.name());
    setId("route-dialog");
    setCloseOnEsc(true);
    setWidth("48rem");
    access.setLabel("Who may call");
    access.setItems("anyone", "authenticated", "roles");
    fields =
        Map.ofEntries(
            Map.entry("name", name),
            Map.entry("prefix", prefix),
            Map.entry("targets", targets),
            Map.entry("methods", methods),
            Map.entry("access", access),
            Map.entry("roles", roles),
            Map.entry("connectTimeoutMs", connectTimeout),
            Map.entry("responseTimeoutMs", responseTimeout),
            Map.entry("setHeaders", setHeaders),
            Map.entry("removeHeaders", removeHeaders),
            Map.entry("healthCheck", healthCheck),
            Map.entry("cache", cache),
            Map.entry("maxBodyMegabytes", maxBody));
    name.setId("route-name");
    prefix.setId("route-prefix");
    targets.setId("route-targets");
    methods.setId("route-methods");
    access.setId("route-access");
    roles.setId("route-roles");
    setHeaders.setId("route-set-headers");
    removeHeaders.setId("route-remove-headers");
    healthCheck.setId("route-health-check");
    cache.setId("route-cache");
    maxBody.setId("route-max-body");
    enabled.setId("route-enabled");
    name.setHelperText("Lower-case letters, digits and dashes.");
    prefix.setHelperText("The path it serves and everything under it, e.g. /services/orders.");
    targets.setHelperText("One per line: URL, then optionally a weight (1 to 100).");
    methods.setHelperText("Comma-separated; empty: all of them.");
    roles.setHelperText("For 'roles': comma-separated realm roles, one of which a caller needs.");
    setHeaders.setHelperText("One per line: Name: value.");
    removeHeaders.setHelperText("Comma-separated header names.");
    healthCheck.setHelperText("Path and seconds, e.g. /health 10; empty: none.");
    cache.setHelperText("GET answers kept: 60 (per caller) or 60 shared; empty: never.");
    maxBody.setHelperText("Larger bodies are refused (413); empty: the gateway's default.");
    binder.forField(name).withConverter(new TrimmedText()).bind("name");
    binder.forField(prefix).withConverter(new TrimmedText()).bind("prefix");
    binder.forField(targets).withConverter(new TargetLines()).bind("targets");
    binder.forField(methods).withConverter(new TextList()).bind("methods");
    binder.forField(stripPrefix).bind("stripPrefix");
    binder.forField(connectTimeout).bind("connectTimeoutMs");
    binder.forField(responseTimeout).bind("responseTimeoutMs");
    binder.forField(access).bind("access");
    binder.forField(roles).withConverter(new TextList()).bind("roles");
    binder.forField(setHeaders).withConverter(new HeaderLines()).bind("setHeaders");
    binder.forField(removeHeaders).withConverter(new TextList()).bind("removeHeaders");
    binder.forField(forwardIdentity).bind("forwardIdentity");
    binder.forField(passToken).bind("passToken");
    binder.forField(healthCheck).withConverter(new HealthCheckText()).bind("healthCheck");
    binder.forField(cache).withConverter(new CacheText()).bind("cache");
    binder.forField(maxBody).bind("maxBodyMegabytes");
    binder.forField(enabled).bind("enabled");
    binder.readRecord(
        route == null
            ? new RouteSpec(
                null,
                null,
                List.of(),
                List.of(),
                true,
                2000,
                30_000,
                "authenticated",
                List.of(),
                Map.of(),
                List.of(),
                true,
                false,
                null,
                null,
                null,
                true)
            : route.spec());
    name.setReadOnly(route != null);
    var form =
        new FormLayout(
            name,
            prefix,
            targets,
            methods,
            access,
            roles,
            connectTimeout,
            responseTimeout,
            setHeaders,
            removeHeaders,
            healthCheck,
            cache,
            maxBody,
            stripPrefix,
            forwardIdentity,
            passToken,
            enabled);
    form.setColspan(targets, 2);
    form.setColspan(setHeaders, 2);
    add(form);

    var close = new Button(editable ? "Cancel" : "Close", e -> close());
    close.setId("route-cancel");
    getFooter().add(close);
    if (editable) {
      if (route != null) {
        var delete = new Button("Delete", e -> confirmDelete());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("route-delete");
        getFooter().add(delete);
      }
      var save = new Button(route == null ? "Create" : "Save", e -> save());
      save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      save.setId("route-save");
      getFooter().add(save);
    } else {
      binder.setReadOnly(true);
    }
  }

  private void save() {
    FieldErrors.clear(fields);
    RouteSpec input;
    try {
      input = binder.writeRecord();
    } catch (ValidationException e) {
      return;
    }
    try {
      var token = CurrentLogin.accessToken();
      var saved =
          route == null
              ? platform.createRoute(token, input)
              : platform.updateRoute(token, route.name(), input);
      Notifications.success(saved.name() + (route == null ? " is created." : " is saved."));
      changed.run();
      close();
    } catch (ApiException e) {
      FieldErrors.show(e, fields);
    }
  }

  private void confirmDelete() {
    var confirm =
        new ConfirmDialog(
            "Delete " + route.name() + "?",
            "Requests under " + route.spec().prefix() + " get 404 from then on.",
            "Delete",
            e -> delete());
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setId("confirm-delete-route");
    confirm.open();
  }

  private void delete() {
    try {
      platform.deleteRoute(CurrentLogin.accessToken(), route.name());
      Notifications.success(route.name() + " is deleted.");
      changed.run();
      close();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }
}
