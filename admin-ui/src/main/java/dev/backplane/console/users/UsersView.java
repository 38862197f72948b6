package dev.backplane.console.users;

import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.backplane.console.layout.ComingSoon;

@Route("users")
@PageTitle("Users · Backplane")
public class UsersView extends ComingSoon {

  public UsersView() {
    super(
        "Users",
        "manage Keycloak users (search, create, enable or disable, roles, password resets), every change audited.");
  }
}
