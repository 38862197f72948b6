package dev.backplane.console.users;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.backplane.api.users.entity.UserSummary;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.security.ConsoleLogin;
import dev.backplane.console.security.CurrentLogin;

/**
 * What an administrator does to a user, from the grid or the user's page: the harmful ones
 * (disabling, deleting, ending sessions) after a confirmation, none of them on their own account.
 */
final class UserActions {

  private final PlatformClient platform;
  private final Runnable changed;

  UserActions(PlatformClient platform, Runnable changed) {
    this.platform = platform;
    this.changed = changed;
  }

  /** Whether this is the signed-in administrator, who may not disable or delete themselves. */
  static boolean isSelf(UserSummary user) {
    return CurrentLogin.get()
        .map(ConsoleLogin::username)
        .filter(user.username()::equals)
        .isPresent();
  }

  void toggle(UserSummary user) {
    if (!user.enabled()) {
      setEnabled(user, true);
      return;
    }
    confirm(
        "confirm-disable",
        "Disable " + user.username() + "?",
        user.username()
            + " can no longer sign in, and the tokens it holds stop being refreshed. You can enable"
            + " it again at any time.",
        "Disable",
        () -> setEnabled(user, false));
  }

  void delete(UserSummary user, Runnable afterwards) {
    confirm(
        "confirm-delete",
        "Delete " + user.username() + "?",
        "The user is removed from Keycloak with its sessions and roles. This cannot be undone.",
        "Delete",
        () -> {
          try {
            platform.deleteUser(CurrentLogin.accessToken(), user.id());
            Notifications.success(user.username() + " is deleted.");
            afterwards.run();
          } catch (ApiException e) {
            Notifications.error(e.getMessage());
          }
        });
  }

  void endSessions(UserSummary user) {
    confirm(
        "confirm-logout",
        "Sign " + user.username() + " out everywhere?",
        "Every session of "
            + user.username()
            + " ends: its refresh tokens stop working, and it signs in again when its current access"
            + " token expires.",
        "Sign out",
        () -> {
          try {
            platform.logoutUser(CurrentLogin.accessToken(), user.id());
            Notifications.success(user.username() + " is signed out everywhere.");
            changed.run();
          } catch (ApiException e) {
            Notifications.error(e.getMessage());
          }
        });
  }

  void resetPassword(UserSummary user) {
    new PasswordDialog(platform, user).open();
  }

  private void setEnabled(UserSummary user, boolean enabled) {
    try {
      platform.setEnabled(CurrentLogin.accessToken(), user.id(), enabled);
      Notifications.success(user.username() + (enabled ? " may sign in again." : " is disabled."));
      changed.run();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }

  private static void confirm(
      String id, String title, String text, String action, Runnable confirmed) {
    var confirm = new ConfirmDialog(title, text, action, e -> confirmed.run());
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setCloseOnEsc(true);
    confirm.setId(id);
    confirm.open();
  }

  static UserSummary summary(dev.backplane.api.users.entity.User user) {
    return new UserSummary(
        user.id(),
        user.username(),
        user.email(),
        user.firstName(),
        user.lastName(),
        user.enabled(),
        user.createdAt());
  }
}
