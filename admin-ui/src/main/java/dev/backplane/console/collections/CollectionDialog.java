package dev.backplane.console.collections;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.backplane.api.collections.entity.AccessRules;
import dev.backplane.api.collections.entity.Collection;
import dev.backplane.api.collections.entity.CollectionSpec;
import dev.backplane.api.collections.entity.FieldSpec;
import dev.backplane.api.collections.entity.IndexSpec;
import dev.backplane.console.api.ApiException;
import dev.backplane.console.api.PlatformClient;
import dev.backplane.console.layout.FieldErrors;
import dev.backplane.console.layout.Notifications;
import dev.backplane.console.layout.TextList;
import dev.backplane.console.security.CurrentLogin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The schema editor: a collection's name, fields (type, bounds, default), indexes and rules; for
 * administrators, creating, changing and deleting it. The API checks the change against the
 * records: its errors appear under the fields they name, others as a notification.
 */
class CollectionDialog extends Dialog {

  private final PlatformClient platform;
  private final Collection collection;
  private final boolean editable;
  private final Runnable changed;
  private final TextField name = new TextField("Name");
  private final VerticalLayout fieldRows = new VerticalLayout();
  private final VerticalLayout indexRows = new VerticalLayout();
  private final List<FieldRow> fields = new ArrayList<>();
  private final List<IndexRow> indexes = new ArrayList<>();
  private final Binder<AccessRules> rules = new Binder<>(AccessRules.class);
  private final Map<String, TextField> grants = new HashMap<>();

  /**
   * @param collection the collection to show; null to create one
   * @param editable whether the caller may change it (administrators)
   */
  CollectionDialog(
      PlatformClient platform, Collection collection, boolean editable, Runnable changed) {
    this.platform = platform;
    this.collection = collection;
    this.editable = editable;
    this.changed = changed;
    setId("collection-dialog");
    setHeaderTitle(collection == null ? "New collection" : collection.name());
    setWidth("min(72rem, 96vw)");
    setCloseOnEsc(true);
    name.setId("collection-name");
    name.setHelperText(
        "Lower-case letters, digits and _; its records are at /api/v1/collections/"
            + "{name}/records.");
    name.setWidth("24rem");
    if (collection != null) {
      name.setValue(collection.name());
      name.setReadOnly(true);
      collection.fields().forEach(this::addField);
      collection.indexes().forEach(this::addIndex);
    } else {
      addField(blankField());
    }
    name.setReadOnly(!editable || collection != null);

    var addField = new Button("Add field", e -> addField(blankField()));
    addField.setId("add-field");
    var addIndex = new Button("Add index", e -> addIndex(new IndexSpec(List.of(), null)));
    addIndex.setId("add-index");
    fieldRows.setPadding(false);
    indexRows.setPadding(false);

    var rulesForm = new FormLayout();
    rulesForm.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40rem", 5));
    for (var operation : List.of("list", "read", "create", "update", "delete")) {
      var grant =
          new TextField(Character.toUpperCase(operation.charAt(0)) + operation.substring(1));
      grant.setId("rule-" + operation);
      grant.setPlaceholder("admins only");
      grants.put(operation, grant);
      rules.forField(grant).withConverter(new TextList()).bind(operation);
      rulesForm.add(grant);
    }
    rules.readRecord(collection == null ? AccessRules.ADMINISTRATORS_ONLY : collection.rules());
    rules.setReadOnly(!editable);

    var content = new VerticalLayout(name, new H3("Fields"), fieldRows);
    content.setPadding(false);
    if (editable) {
      content.add(addField);
    }
    content.add(new H3("Indexes"), indexRows);
    if (editable) {
      content.add(addIndex);
    }
    var grantsHelp =
        new Paragraph(
            "Who may, per operation: anyone, authenticated, owner (who created the record),"
                + " role:<name>; several comma-separated. Empty: administrators only.");
    grantsHelp.addClassName("muted");
    content.add(new H3("Rules"), grantsHelp, rulesForm);
    add(content);

    var close = new Button(editable ? "Cancel" : "Close", e -> close());
    close.setId("collection-cancel");
    getFooter().add(close);
    if (editable) {
      if (collection != null) {
        var delete = new Button("Delete", e -> confirmDelete());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.setId("collection-delete");
        getFooter().add(delete);
      }
      var save = new Button(collection == null ? "Create" : "Save", e -> save());
      save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      save.setId("collection-save");
      getFooter().add(save);
    }
  }

  private static FieldSpec blankField() {
    return new FieldSpec(null, "text", null, null, null, null, null, null, null, null, null);
  }

  private void addField(FieldSpec field) {
    var row = new FieldRow(field, editable, this::removeField);
    fields.add(row);
    fieldRows.add(row);
    renumber();
  }

  private void removeField(FieldRow row) {
    fields.remove(row);
    fieldRows.remove(row);
    renumber();
  }

  private void addIndex(IndexSpec index) {
    var row = new IndexRow(index, editable, this::removeIndex);
    indexes.add(row);
    indexRows.add(row);
    renumber();
  }

  private void removeIndex(IndexRow row) {
    indexes.remove(row);
    indexRows.remove(row);
    renumber();
  }

  private void renumber() {
    for (int i = 0; i < fields.size(); i++) {
      fields.get(i).number(i);
    }
    for (int i = 0; i < indexes.size(); i++) {
      indexes.get(i).number(i);
    }
  }

  /** Every input by the name the API gives its errors. */
  private Map<String, HasValidation> inputs() {
    var inputs = new HashMap<String, HasValidation>();
    inputs.put("name", name);
    for (int i = 0; i < fields.size(); i++) {
      inputs.putAll(fields.get(i).inputs(i));
    }
    for (int i = 0; i < indexes.size(); i++) {
      inputs.putAll(indexes.get(i).inputs(i));
    }
    grants.forEach((operation, grant) -> inputs.put("rules." + operation, grant));
    return inputs;
  }

  private void save() {
    var inputs = inputs();
    FieldErrors.clear(inputs);
    CollectionSpec spec;
    try {
      var written = new ArrayList<FieldSpec>();
      for (var row : fields) {
        written.add(row.write());
      }
      var indexed = new ArrayList<IndexSpec>();
      for (var row : indexes) {
        indexed.add(row.write());
      }
      spec =
          new CollectionSpec(
              name.getValue().isBlank() ? null : name.getValue().trim(),
              written,
              indexed,
              rules.writeRecord());
    } catch (ValidationException invalid) {
      return; // the binders show each error under its input
    }
    try {
      var token = CurrentLogin.accessToken();
      var saved =
          collection == null
              ? platform.createCollection(token, spec)
              : platform.updateCollection(token, collection.name(), collection.version(), spec);
      Notifications.success(
          saved.name()
              + (collection == null ? " is created" : " is changed")
              + " (version "
              + saved.version()
              + "), in force on every instance.");
      changed.run();
      close();
    } catch (ApiException e) {
      if (e.status() == 412) {
        Notifications.error(
            collection.name()
                + " changed since you opened it: close this editor and open it again.");
        return;
      }
      FieldErrors.show(e, inputs);
    }
  }

  private void confirmDelete() {
    var confirm =
        new ConfirmDialog(
            "Delete " + collection.name() + "?",
            "Its table and every record in it go, on every instance. This cannot be undone.",
            "Delete",
            e -> delete());
    confirm.setConfirmButtonTheme("error primary");
    confirm.setCancelable(true);
    confirm.setId("confirm-delete-collection");
    confirm.open();
  }

  private void delete() {
    try {
      platform.deleteCollection(CurrentLogin.accessToken(), collection.name());
      Notifications.success(collection.name() + " is deleted.");
      changed.run();
      close();
    } catch (ApiException e) {
      Notifications.error(e.getMessage());
    }
  }

  /** One index: its fields, in order, and whether it is unique. */
  static class IndexRow extends FormLayout {

    private final TextField indexed = new TextField("Index over fields");
    private final Checkbox unique = new Checkbox("Unique");
    private final Button remove = new Button("Remove");
    private final Binder<IndexSpec> binder = new Binder<>(IndexSpec.class);

    IndexRow(IndexSpec index, boolean editable, Consumer<IndexRow> removed) {
      addClassName("schema-row");
      indexed.setPlaceholder("status, priority");
      remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
      remove.addClickListener(e -> removed.accept(this));
      binder.forField(indexed).withConverter(new TextList()).bind("fields");
      binder.forField(unique).withConverter(FieldRow.flag()).bind("unique");
      binder.readRecord(index);
      setResponsiveSteps(new ResponsiveStep("0", 2), new ResponsiveStep("40rem", 6));
      add(indexed, 3);
      add(unique);
      if (editable) {
        add(remove);
      } else {
        binder.setReadOnly(true);
      }
    }

    void number(int index) {
      indexed.setId("index-" + index + "-fields");
      unique.setId("index-" + index + "-unique");
      remove.setId("index-" + index + "-remove");
    }

    IndexSpec write() throws ValidationException {
      return binder.writeRecord();
    }

    Map<String, HasValidation> inputs(int index) {
      var at = "indexes[" + index + "]";
      return Map.of(at, indexed, at + ".fields", indexed, at + ".unique", indexed);
    }
  }
}
