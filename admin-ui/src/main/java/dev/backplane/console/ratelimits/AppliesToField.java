package dev.backplane.console.ratelimits;

import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.customfield.CustomField;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.backplane.api.ratelimit.entity.AppliesTo;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/** Which requests a policy counts, as one field of the policy form; its parts keep their ids. */
class AppliesToField extends CustomField<AppliesTo> {

  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  final TextArea paths = new TextArea("Paths (one per line; empty: all)");
  final CheckboxGroup<String> methods = new CheckboxGroup<>("Methods (none checked: all)");
  final TextField roles = new TextField("Realm roles (comma-separated; empty: all)");
  final TextField clients = new TextField("Clients (comma-separated; empty: all)");
  final Select<String> callers = new Select<>();

  AppliesToField() {
    callers.setLabel("Callers");
    callers.setItems("any", "authenticated", "anonymous");
    methods.setItems(METHODS);
    paths.setHelperText("e.g. /api/v1/users/** ('*' one segment, '**' any number)");
    paths.setId("policy-paths");
    methods.setId("policy-methods");
    roles.setId("policy-roles");
    clients.setId("policy-clients");
    callers.setId("policy-callers");
    var layout = new FormLayout(callers, paths, methods, roles, clients);
    layout.setColspan(paths, 2);
    layout.setColspan(methods, 2);
    add(layout);
    paths.addValueChangeListener(e -> updateValue());
    methods.addValueChangeListener(e -> updateValue());
    roles.addValueChangeListener(e -> updateValue());
    clients.addValueChangeListener(e -> updateValue());
    callers.addValueChangeListener(e -> updateValue());
  }

  @Override
  protected AppliesTo generateModelValue() {
    return new AppliesTo(
        lines(paths.getValue()),
        METHODS.stream().filter(methods.getValue()::contains).toList(),
        commaSeparated(roles.getValue()),
        commaSeparated(clients.getValue()),
        callers.getValue());
  }

  @Override
  protected void setPresentationValue(AppliesTo value) {
    var shown = value == null ? AppliesTo.EVERYTHING : value.normalized();
    paths.setValue(String.join("\n", shown.paths()));
    methods.setValue(new LinkedHashSet<>(shown.methods()));
    roles.setValue(String.join(", ", shown.roles()));
    clients.setValue(String.join(", ", shown.clients()));
    callers.setValue(shown.callers());
  }

  @Override
  public void setReadOnly(boolean readOnly) {
    super.setReadOnly(readOnly);
    paths.setReadOnly(readOnly);
    methods.setReadOnly(readOnly);
    roles.setReadOnly(readOnly);
    clients.setReadOnly(readOnly);
    callers.setReadOnly(readOnly);
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> commaSeparated(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
