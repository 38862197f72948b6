package dev.backplane.runtime.testing.console;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The console's data browser of one collection: the records grid, its filter and record form. */
public final class RecordsPage {

  private final ConsoleBrowser browser;

  public RecordsPage(ConsoleBrowser browser) {
    this.browser = browser;
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("records-grid")));
  }

  public boolean canCreate() {
    return !browser.driver().findElements(By.id("new-record")).isEmpty();
  }

  /** Opens the form of a new record. */
  public void startNew() {
    browser.click(By.id("new-record"));
    awaitForm();
  }

  /** Opens a record's form from its row (Edit for administrators, View for operators). */
  public void open(String id) {
    browser.click(By.id("open-record-" + id));
    awaitForm();
  }

  /** Sets a field of the open form to this text (a text or number field). */
  public void set(String field, String value) {
    browser.replace("record-field-" + field, value);
  }

  public void save() {
    browser.click(By.id("record-save"));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("record-dialog")));
  }

  /** Saves the open form, expecting the API to refuse it, and answers the field's error. */
  public String saveRefused(String field) {
    browser.click(By.id("record-save"));
    return browser.errorOf("record-field-" + field);
  }

  public boolean formEditable() {
    return !browser.driver().findElements(By.id("record-save")).isEmpty();
  }

  public void closeForm() {
    browser.click(By.id("record-cancel"));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("record-dialog")));
  }

  /** Deletes the record of the open form, confirming it. */
  public void delete() {
    browser.click(By.id("record-delete"));
    browser.click(By.cssSelector("#confirm-delete-record vaadin-button[slot=confirm-button]"));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.id("record-dialog")));
  }

  /** Filters the records in the API's filter language. */
  public void filter(String rsql) {
    browser.replace("records-filter", rsql);
    browser.driver().findElement(By.cssSelector("#records-filter input")).sendKeys(Keys.ENTER);
  }

  /** The error under the filter box. */
  public String filterError() {
    return browser.errorOf("records-filter");
  }

  /** Sorts by a column, clicking its header's sorter (once ascending, twice descending). */
  public void sortBy(String column) {
    browser.click(By.xpath("//vaadin-grid-sorter[normalize-space(.)='" + column + "']"));
  }

  /** Waits until the grid's rows show exactly these values in this column order, top to bottom. */
  public void awaitColumn(int column, List<String> values) {
    browser.waiting().until(driver -> column(driver, column).equals(values));
  }

  public void awaitRowWith(String text) {
    browser.waiting().until(driver -> gridShows(driver, text));
  }

  public void awaitNoRowWith(String text) {
    browser.waiting().until(driver -> !gridShows(driver, text));
  }

  /** What the paging line says ("1-2 of 2 records"). */
  public void awaitPosition(String text) {
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("records-position"), text));
  }

  /** The texts of one column, row by row as the grid shows them (its body's rows by index). */
  private static List<String> column(WebDriver driver, int column) {
    var texts =
        (List<?>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    """
                    const body = document.getElementById('records-grid').shadowRoot
                        .querySelector('#items');
                    return [...body.querySelectorAll('tr')]
                        .filter(row => !row.hidden)
                        .sort((a, b) => a.index - b.index)
                        .map(row => row.querySelectorAll('td')[arguments[0]]
                            ?.querySelector('slot')?.assignedNodes()[0]?.textContent?.trim() ?? '');
                    """,
                    column);
    return texts.stream().map(String::valueOf).toList();
  }

  private static boolean gridShows(WebDriver driver, String text) {
    return driver.findElements(By.cssSelector("#records-grid vaadin-grid-cell-content")).stream()
        .anyMatch(cell -> cell.getText().lines().anyMatch(line -> line.trim().equals(text)));
  }

  private void awaitForm() {
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("record-dialog")));
  }
}
