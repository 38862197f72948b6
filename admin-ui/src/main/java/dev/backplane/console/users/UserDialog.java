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
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.backplane.api.users.entity.NewUser;
import dev.backplane.api.users.entity.User;
import dev.backplane.api.users.entity.UserUpdate;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.TrimmedText;
import dev.backplane.console.security.CurrentLogin;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final Binder<NewUser> creation = new Binder<>(NewUser.class);
  private final Binder<UserUpdate> update = new Binder<>(UserUpdate.class);

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
    setCloseOnEsc(true);
    // the keyboard starts in the first field the administrator can change
    addOpenedChangeListener(
        opened -> {
          if (opened.isOpened()) {
            (user == null ? username : email).focus();
          }
        });

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
      bindProfile(creation);
      creation.forField(username).withConverter(new TrimmedText()).bind("username");
      creation
          .forField(roles)
          .withConverter(
              chosen -> UsersView.ROLES.stream().filter(chosen::contains).toList(),
              (List<String> listed) -> listed == null ? Set.of() : new HashSet<>(listed))
          .bind("roles");
      creation.forField(password).withConverter(new TrimmedText()).bind("temporaryPassword");
      creation.readRecord(new NewUser(null, null, null, null, true, List.of(), null));
      form.add(password);
    } else {
      bindProfile(update);
      update.readRecord(
          new UserUpdate(user.email(), user.firstName(), user.lastName(), user.enabled()));
      username.setValue(user.username());
      username.setReadOnly(true);
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

  /** The fields a new user and a changed one share, blank as absent. */
  private <T> void bindProfile(Binder<T> binder) {
    binder.forField(email).withConverter(new TrimmedText()).bind("email");
    binder.forField(firstName).withConverter(new TrimmedText()).bind("firstName");
    binder.forField(lastName).withConverter(new TrimmedText()).bind("lastName");
    binder.forField(enabled).bind("enabled");
  }

  private void save() {
    FieldErrors.clear(fields);
    var token = CurrentLogin.accessToken();
    try {
      if (user == null) {
        var created = platform.createUser(token, creation.writeRecord());
        Notifications.success(created.username() + " is created.");
      } else {
        platform.updateUser(token, user.id(), update.writeRecord());
        var chosenRoles = UsersView.ROLES.stream().filter(roles.getValue()::contains).toList();
        if (!chosenRoles.equals(user.roles())) {
          platform.setRoles(token, user.id(), chosenRoles);
        }
        Notifications.success(user.username() + " is saved.");
      }
      changed.run();
      close();
    } catch (ApiException e) {
      FieldErrors.show(e, fields);
    } catch (ValidationException e) {
      // no field converts to an invalid value; the API validates, its errors appear above
      throw new IllegalStateException(e);
    }
  }
}
