package dev.backplane.console.webhooks;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.backplane.api.webhooks.entity.Webhook;
import dev.backplane.api.webhooks.entity.WebhookSpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.TextList;
import dev.backplane.console.layout.TrimmedText;
import dev.backplane.console.security.CurrentLogin;
import java.util.Map;

/**
 * Registers a webhook, or shows one and, for administrators, changes or deletes it. The secret is
 * shown to administrators (made by the platform when left empty). The API validates: its field
 * errors appear under the fields they name.
 */
class WebhookDialog extends Dialog {

  private final PlatformClient platform;
  private final Webhook webhook;
  private final Runnable changed;
  private final TextField name = new TextField("Name");
  private final TextField url = new TextField("URL");
  private final TextField topics = new TextField("Topics");
  private final TextField secret = new TextField("Secret");
  private final Checkbox enabled = new Checkbox("Enabled", true);
  private final Binder<WebhookSpec> binder = new Binder<>(WebhookSpec.class);
  private final Map<String, HasValidation> fields;

  WebhookDialog(PlatformClient platform, Webhook webhook, boolean editable, Runnable changed) {
    this.platform = platform;
    this.webhook = webhook;
    this.changed = changed;
    setHeaderTitle(webhook == null ? "New webhook" : webhook.name());
    setId("webhook-dialog");
    setCloseOnEsc(true);
    setWidth("40rem");
    fields = Map.of("name", name, "url", url, "topics", topics, "secret", secret);
    name.setId("webhook-name");
    url.setId("webhook-url");
    topics.setId("webhook-topics");
    secret.setId("webhook-secret");
    enabled.setId("webhook-enabled");
    name.setHelperText("Lower-case letters, digits and dashes.");
    url.setHelperText("Receives a signed POST per event (Standard Webhooks).");
    topics.setHelperText("Comma-separated: collections.<name>, users, rate-limit-policies.");
    secret.setHelperText("whsec_... ; left empty, the platform makes one.");
    binder.forField(name).withConverter(new TrimmedText()).bind("name");
    binder.forField(url).withConverter(new TrimmedText()).bind("url");
    binder.forField(topics).withConverter(new TextList()).bind("topics");
    binder.forField(secret).withConverter(new TrimmedText()).bind("secret");
    binder.forField(enabled).bind("enabled");
    binder.readRecord(
        webhook == null
            ? new WebhookSpec(null, null, null, null, true)
            : new WebhookSpec(
                webhook.name(),
                webhook.url(),
                webhook.topics(),
                webhook.secret(),
                webhook.enabled()));
    var form = new FormLayout(name, url, topics, secret, enabled);
    form.setColspan(url, 2);
    form.setColspan(topics, 2);
    form.setColspan(secret, 2);
    add(form);
    if (webhook != null && webhook.disabledReason() != null) {
      enabled.setHelperText("Disabled by the platform: " + webhook.disabledReason());
    }

    var close = new Button(editable ? "Cancel" : "Close", e -> close());
    close.setId("webhook-cancel");
    getFooter().add(close);
    if (editable) {
      if (webhook != null) {
        var delete = new Button("Delete", e -> confirmDelete());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("webhook-delete");
        getFooter().add(delete);
      }
      var save = new Button(webhook == null ? "Create" : "Save", e -> save());
      save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      save.setId("webhook-save");
      getFooter().add(save);
    } else {
      binder.setReadOnly(true);
    }
  }

  private void save() {
    FieldErrors.clear(fields);
    WebhookSpec input;
    try {
      input = binder.writeRecord();
    } catch (ValidationException e) {
      return;
    }
    try {
      var token = CurrentLogin.accessToken();
      var saved =
          webhook == null
              ? platform.createWebhook(token, input)
              : platform.updateWebhook(token, webhook.id(), input);
      Notifications.success(saved.name() + (webhook == null ? " is registered." : " is saved."));
      changed.run();
      close();
    } catch (ApiException e) {
      FieldErrors.show(e, fields);
    }
  }

  private void confirmDelete() {
    var confirm =
        new ConfirmDialog(
            "Delete " + webhook.name() + "?",
            "It receives no more events, and its delivery log goes with it.",
            "Delete",
            e -> delete());
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setId("confirm-delete-webhook");
    confirm.open();
  }

  private void delete() {
    try {
      platform.deleteWebhook(CurrentLogin.accessToken(), webhook.id());
      Notifications.success(webhook.name() + " is deleted.");
      changed.run();
      close();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }
}
