package dev.backplane.console.users;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.backplane.api.users.entity.UserSummary;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.CurrentLogin;

/** Gives a user a temporary password, which it must change at its next login. */
class PasswordDialog extends Dialog {

  PasswordDialog(PlatformClient platform, UserSummary user) {
    setCloseOnEsc(true);
    setHeaderTitle("Reset the password of " + user.username());
    setId("password-dialog");
    var password = new PasswordField("Temporary password");
    password.setHelperText("At least 8 characters; to be changed at the next login.");
    password.setWidthFull();
    password.setId("reset-password");
    add(password);
    addOpenedChangeListener(opened -> password.focus());
    var cancel = new Button("Cancel", e -> close());
    var reset =
        new Button(
            "Reset",
            e -> {
              try {
                platform.resetPassword(CurrentLogin.accessToken(), user.id(), password.getValue());
                Notifications.success(user.username() + " has a temporary password.");
                close();
              } catch (ApiException problem) {
                var message =
                    problem.errors().isEmpty()
                        ? problem.getMessage()
                        : problem.errors().getFirst().message();
                password.setErrorMessage(message);
                password.setInvalid(true);
              }
            });
    reset.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    reset.setId("reset-password-save");
    getFooter().add(cancel, reset);
  }
}
