package dev.backplane.console.users;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.NewUser;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.api.User;
import dev.backplane.console.api.UserUpdate;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Creates a user, or shows one and, for administrators, edits its profile, status and roles. The
 * API validates: its field errors appear under the fields they name, other errors as a
 * notification.
 */
class UserDialog extends Dialog {

  private final PlatformClient platform;
  private final User user;
  private final Runnable changed;
  private final TextField username = new TextField("User name");
  private final EmailField email = new EmailField("Email");
  private final TextField firstName = new TextField("First name");
  private final TextField lastName = new TextField("Last name");
  private final Checkbox enabled = new Checkbox("Enabled (may log in)", true);
  private final CheckboxGroup<String> roles = new CheckboxGroup<>("Platform roles");
  private final PasswordField password = new PasswordField("Temporary password");
  private final Map<String, HasValidation> fields;

  /**
   * @param user the user to show; null to create one
   * @param editable whether the caller may change it (administrators)
   */
  UserDialog(PlatformClient platform, User user, boolean editable, Runnable changed) {
    this.platform = platform;
    this.user = user;
    this.changed = changed;
    this.fields =
        Map.of(
            "username", username,
            "email", email,
            "firstName", firstName,
            "lastName", lastName,
            "temporaryPassword", password,
            "roles", roles);
    setHeaderTitle(user == null ? "New user" : user.username());
    setId("user-dialog");
    setWidth("36rem");

    username.setId("user-username");
    email.setId("user-email");
    firstName.setId("user-first-name");
    lastName.setId("user-last-name");
    enabled.setId("user-enabled");
    roles.setId("user-roles");
    password.setId("user-password");
    roles.setItems(UsersView.ROLES);
    password.setHelperText("At least 8 characters; the user chooses a new one at the first login.");
    username.setHelperText("3-64 lower-case letters, digits, '.', '_' or '-'.");

    var form = new FormLayout(username, email, firstName, lastName, enabled, roles);
    form.setColspan(roles, 2);
    if (user == null) {
      form.add(password);
    } else {
      username.setValue(user.username());
      username.setReadOnly(true);
      email.setValue(nonNull(user.email()));
      firstName.setValue(nonNull(user.firstName()));
      lastName.setValue(nonNull(user.lastName()));
      enabled.setValue(user.enabled());
      roles.setValue(new HashSet<>(user.roles()));
      form.add(
          new Paragraph(
              "Id "
                  + user.id()
                  + (user.createdAt() == null
                      ? ""
                      : " · created " + UsersView.TIME.format(user.createdAt()) + " UTC")));
    }
    add(form);

    var close = new Button(editable ? "Cancel" : "Close", e -> close());
    close.setId("user-cancel");
    getFooter().add(close);
    if (editable) {
      var save = new Button(user == null ? "Create" : "Save", e -> save());
      save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      save.setId("user-save");
      getFooter().add(save);
    } else {
      List.of(email, firstName, lastName).forEach(field -> field.setReadOnly(true));
      enabled.setReadOnly(true);
      roles.setReadOnly(true);
    }
  }

  private void save() {
    FieldErrors.clear(fields);
    var token = CurrentLogin.accessToken();
    var chosenRoles = UsersView.ROLES.stream().filter(roles.getValue()::contains).toList();
    try {
      if (user == null) {
        var created =
            platform.createUser(
                token,
                new NewUser(
                    username.getValue().trim(),
                    blankToNull(email.getValue()),
                    blankToNull(firstName.getValue()),
                    blankToNull(lastName.getValue()),
                    enabled.getValue(),
                    chosenRoles,
                    blankToNull(password.getValue())));
        Notifications.success(created.username() + " is created.");
      } else {
        platform.updateUser(
            token,
            user.id(),
            new UserUpdate(
                blankToNull(email.getValue()),
                blankToNull(firstName.getValue()),
                blankToNull(lastName.getValue()),
                enabled.getValue()));
        if (!chosenRoles.equals(user.roles())) {
          platform.setRoles(token, user.id(), chosenRoles);
        }
        Notifications.success(user.username() + " is saved.");
      }
      changed.run();
      close();
    } catch (ApiException e) {
      FieldErrors.show(e, fields);
    }
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
