package dev.backplane.console.layout;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages after an action: what happened, or what the API said went wrong. */
public final class Notifications {

  private Notifications() {}

  public static void success(String text) {
    var notification = Notification.show(text, 4000, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
  }

  public static void error(String text) {
    var notification = Notification.show(text, 8000, Notification.Position.MIDDLE);
    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    notification.addClassName("api-error");
  }
}
