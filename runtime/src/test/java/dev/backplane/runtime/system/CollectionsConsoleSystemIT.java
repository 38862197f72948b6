package dev.backplane.runtime.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backplane.runtime.testing.Http;
import dev.backplane.runtime.testing.Keycloak;
import dev.backplane.runtime.testing.RunningBackplane;
import dev.backplane.runtime.testing.TestPorts;
import dev.backplane.runtime.testing.console.CollectionsPage;
import dev.backplane.runtime.testing.console.ConsoleBrowser;
import dev.backplane.runtime.testing.console.DashboardPage;
import dev.backplane.runtime.testing.console.KeycloakLoginPage;
import dev.backplane.runtime.testing.console.LaptopScreen;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's Collections view and data browser in Chromium, against the real API and Keycloak:
 * an administrator defines a collection and works with its records; an operator only looks.
 */
@ExtendWith(RunningBackplane.class)
class CollectionsConsoleSystemIT {

  private static final String COLLECTIONS = "/api/v1/admin/collections";

  @Test
  void administratorDefinesACollectionAndWorksWithItsRecords(TestPorts ports) {
    var name = "console_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    var api = ports.publicUrl();
    var keycloak = new Keycloak(ports);
    var admin = keycloak.token("backplane", "admin", "admin");
    var alice = keycloak.token("backplane", "alice", "alice");
    try (var browser = new ConsoleBrowser()) {
      browser.open(api + "/console/");
      new KeycloakLoginPage(browser).logIn("admin", "admin");
      new DashboardPage(browser);

      var page = CollectionsPage.open(browser, api + "/console");
      page.startNew(name);
      page.field(0, "title", "text");
      page.tick("field-0-required");
      page.set("field-0-max-length", "0");
      page.field(1, "stars", "integer");
      page.set("field-1-min", "0");
      page.set("field-1-max", "5");
      for (var operation : List.of("list", "read", "create")) {
        page.set("rule-" + operation, "authenticated");
      }
      // the API's message, under the input it names
      assertThat(page.saveRefused("field-0-max-length")).isEqualTo("must be from 1 to 10,000");
      page.set("field-0-max-length", "40");
      assertFits(browser, "collection-editor");
      page.save();
      page.awaitRowWith(name);
      var defined = Keycloak.json(Http.get(api + COLLECTIONS + "/" + name, admin).body());
      assertThat(defined.getJsonArray("fields")).hasSize(2);
      assertThat(defined.getJsonArray("fields").getJsonObject(1).getInt("max")).isEqualTo(5);
      assertThat(defined.getJsonObject("rules").getJsonArray("read").getString(0))
          .isEqualTo("authenticated");

      // alice writes a record through the API; the browser shows it and makes another
      var records = api + "/api/v1/collections/" + name + "/records";
      var made = Http.send("POST", records, alice, "{\"title\":\"From alice\",\"stars\":2}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      var data = page.records(name);
      data.awaitRowWith("From alice");
      data.startNew();
      data.set("title", "Hello");
      data.set("stars", "9");
      assertThat(data.saveRefused("stars")).contains("5");
      data.set("stars", "4");
      data.save();
      data.awaitRowWith("Hello");
      data.awaitPosition("1-2 of 2 records");
      assertFits(browser, "records");

      // sorted by a column, by the API; filtered in its language; a bad filter names its field
      data.sortBy("stars");
      data.awaitColumn(2, List.of("2", "4"));
      data.sortBy("stars");
      data.awaitColumn(2, List.of("4", "2"));
      data.filter("stars=gt=3");
      data.awaitNoRowWith("From alice");
      data.awaitPosition("1-1 of 1 records");
      data.filter("colour==red");
      assertThat(data.filterError()).contains("colour");

      var hello =
          Keycloak.json(Http.get(records + "?filter=title==Hello", admin).body())
              .getJsonArray("items")
              .getJsonObject(0)
              .getString("id");
      data.filter("title==Hello");
      data.open(hello);
      data.set("title", "Hello again");
      data.save();
      data.awaitNoRowWith("Hello"); // the filter no longer lets it through
      data.filter("");
      data.awaitRowWith("Hello again");
      var changed = Keycloak.json(Http.get(records + "/" + hello, admin).body());
      assertThat(changed.getString("title")).isEqualTo("Hello again");
      assertThat(changed.getInt("version")).isEqualTo(2);

      data.open(hello);
      data.delete();
      data.awaitNoRowWith("Hello again");
      assertThat(Http.get(records + "/" + hello, admin).statusCode()).isEqualTo(404);

      page = CollectionsPage.open(browser, api + "/console");
      page.awaitRowWith(name);
      assertFits(browser, "collections");
      page.openSchema(name);
      page.delete();
      page.awaitNoRowWith(name);
      assertThat(Http.get(api + COLLECTIONS + "/" + name, admin).statusCode()).isEqualTo(404);
    } finally {
      Http.send("DELETE", api + COLLECTIONS + "/" + name, admin, null);
    }
  }

  @Test
  void operatorSeesCollectionsAndRecordsButChangesNothing(TestPorts ports) {
    var name = "console_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    var api = ports.publicUrl();
    var keycloak = new Keycloak(ports);
    var admin = keycloak.token("backplane", "admin", "admin");
    var alice = keycloak.token("backplane", "alice", "alice");
    var created =
        Http.send(
            "POST",
            api + COLLECTIONS,
            admin,
            "{\"name\":\""
                + name
                + "\",\"fields\":[{\"name\":\"title\",\"type\":\"text\"}],"
                + "\"rules\":{\"list\":[\"authenticated\"],\"read\":[\"authenticated\"],"
                + "\"create\":[\"authenticated\"]}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    try (var browser = new ConsoleBrowser()) {
      var made =
          Http.send(
              "POST",
              api + "/api/v1/collections/" + name + "/records",
              alice,
              "{\"title\":\"Seen\"}");
      var id = Keycloak.json(made.body()).getString("id");
      browser.open(api + "/console/");
      new KeycloakLoginPage(browser).logIn("operator", "operator");
      new DashboardPage(browser);

      var page = CollectionsPage.open(browser, api + "/console");
      page.awaitRowWith(name);
      assertThat(page.canCreate()).isFalse();
      page.openSchema(name);
      assertThat(page.editorEditable()).isFalse();
      page.closeEditor();

      var data = page.records(name);
      data.awaitRowWith("Seen");
      assertThat(data.canCreate()).isFalse();
      data.open(id);
      assertThat(data.formEditable()).isFalse();
      data.closeForm();
    } finally {
      Http.send("DELETE", api + COLLECTIONS + "/" + name, admin, null);
    }
  }

  /** The view fits a laptop's screen (1366 x 768) without a sideways scroll; kept as a picture. */
  private static void assertFits(ConsoleBrowser browser, String view) {
    LaptopScreen.screenshot(browser, view);
    assertThat(LaptopScreen.misfits(browser)).as(view + " at 1366 x 768").isEmpty();
  }
}
