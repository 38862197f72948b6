package dev.backplane.runtime.testing.console;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's Collections view: the collections grid and the schema editor. */
public final class CollectionsPage {

  private final ConsoleBrowser browser;

  public CollectionsPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("collections-grid")));
  }

  public static CollectionsPage open(ConsoleBrowser browser, String consoleUrl) {
    browser.open(consoleUrl + "/collections");
    return new CollectionsPage(browser);
  }

  public boolean canCreate() {
    return !browser.driver().findElements(By.id("new-collection")).isEmpty();
  }

  /** Opens the schema editor for a new collection, with one text field ready. */
  public void startNew(String name) {
    browser.click(By.id("new-collection"));
    awaitEditor();
    browser.type("collection-name", name);
  }

  /** Fills field number {@code index} of the open editor (adding it when it is not there yet). */
  public void field(int index, String name, String type) {
    if (browser.driver().findElements(By.id("field-" + index + "-name")).isEmpty()) {
      browser.click(By.id("add-field"));
      browser
          .waiting()
          .until(ExpectedConditions.visibilityOfElementLocated(By.id("field-" + index + "-name")));
    }
    browser.replace("field-" + index + "-name", name);
    if (!type.equals("text")) {
      browser.choose("field-" + index + "-type", type);
    }
  }

  /** Ticks a check box of the open editor (field-0-required, say). */
  public void tick(String id) {
    browser.click(By.cssSelector("#" + id + " input"));
  }

  /** Sets a text or number input of the open editor (field-0-max-length, rule-read, ...). */
  public void set(String id, String value) {
    browser.replace(id, value);
  }

  /** Saves the open editor, expecting it to close. */
  public void save() {
    browser.click(By.id("collection-save"));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("collection-name")));
  }

  /** Saves the open editor, expecting the API to refuse it, and answers the input's error. */
  public String saveRefused(String id) {
    browser.click(By.id("collection-save"));
    return browser.errorOf(id);
  }

  /** Opens a collection's schema (Edit schema for administrators, Schema for operators). */
  public void openSchema(String name) {
    browser.click(By.id("schema-" + name));
    awaitEditor();
  }

  public boolean editorEditable() {
    return !browser.driver().findElements(By.id("collection-save")).isEmpty();
  }

  public void closeEditor() {
    browser.click(By.id("collection-cancel"));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("collection-name")));
  }

  /** Deletes the collection of the open editor, confirming it. */
  public void delete() {
    browser.click(By.id("collection-delete"));
    browser.click(By.cssSelector("#confirm-delete-collection vaadin-button[slot=confirm-button]"));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("collection-name")));
  }

  /** Goes to a collection's records. */
  public RecordsPage records(String name) {
    browser.click(By.id("records-" + name));
    return new RecordsPage(browser);
  }

  /** Waits until the grid shows a cell with exactly this text (or a line of it). */
  public void awaitRowWith(String text) {
    browser.waiting().until(driver -> gridShows(driver, text));
  }

  public void awaitNoRowWith(String text) {
    browser.waiting().until(driver -> !gridShows(driver, text));
  }

  private static boolean gridShows(WebDriver driver, String text) {
    return driver
        .findElements(By.cssSelector("#collections-grid vaadin-grid-cell-content"))
        .stream()
        .anyMatch(cell -> cell.getText().lines().anyMatch(line -> line.trim().equals(text)));
  }

  private void awaitEditor() {
    browser
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("collection-name")));
  }
}
