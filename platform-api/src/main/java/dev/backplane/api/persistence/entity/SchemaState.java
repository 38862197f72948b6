package dev.backplane.api.persistence.entity;

/** Whether the schema has been migrated, to which version, or why not. */
public record SchemaState(boolean migrated, String version, String problem) {

  public static SchemaState notYet() {
    return new SchemaState(false, null, "not migrated yet");
  }

  public static SchemaState at(String version) {
    return new SchemaState(true, version, null);
  }

  public static SchemaState failed(String problem) {
    return new SchemaState(false, null, problem);
  }
}
