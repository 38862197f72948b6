package dev.backplane.runtime.testing.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.openqa.selenium.OutputType;

/**
 * What an administrator sees of a console page on a laptop's screen (the browser's window is 1366 x
 * 768): every grid, header and row button that does not fit, every chart that does not scale or
 * whose labels leave its box; and a screenshot to look at.
 */
public final class LaptopScreen {

  /** Where the screenshots of a test run are kept, for the record. */
  public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  private LaptopScreen() {}

  /** What does not fit on the page as it is now; empty when everything does. */
  @SuppressWarnings("unchecked")
  public static List<String> misfits(ConsoleBrowser browser) {
    return (List<String>) browser.driver().executeScript(MISFITS);
  }

  /** The number of grids and charts on the page, so a test knows what it looked at. */
  public static long count(ConsoleBrowser browser, String selector) {
    return (Long)
        browser
            .driver()
            .executeScript("return document.querySelectorAll(arguments[0]).length;", selector);
  }

  /** The view's top as the screen shows it, and its end scrolled into view when it is longer. */
  public static void screenshot(ConsoleBrowser browser, String name) {
    save(browser, name);
    var scrolled =
        browser
            .driver()
            .executeScript(
                """
                const view = document.querySelector('vaadin-app-layout > :not([slot])');
                const last = view && view.lastElementChild;
                if (!last || last.getBoundingClientRect().bottom <= window.innerHeight) return false;
                last.scrollIntoView({block: 'end'});
                return true;
                """);
    if (Boolean.TRUE.equals(scrolled)) {
      save(browser, name + "-end");
    }
  }

  private static void save(ConsoleBrowser browser, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      var shot = browser.driver().getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String MISFITS =
      """
      const problems = [];
      for (const grid of document.querySelectorAll('vaadin-grid')) {
        if (!grid.offsetParent) continue;
        const name = grid.id || 'a grid';
        const table = grid.shadowRoot && grid.shadowRoot.querySelector('#table');
        if (!table) { problems.push(name + ': no table to measure'); continue; }
        if (table.scrollWidth > table.clientWidth + 1) {
          problems.push(name + ' scrolls sideways: ' + table.scrollWidth + ' px in '
              + table.clientWidth);
        }
        for (const cell of grid.shadowRoot.querySelectorAll('[part~="header-cell"]')) {
          const slot = cell.querySelector('slot');
          const content = slot && slot.assignedElements()[0];
          if (content && content.scrollWidth > content.clientWidth + 1) {
            problems.push(name + ': header "' + content.textContent.trim() + '" is cut');
          }
        }
        for (const button of grid.querySelectorAll('vaadin-button')) {
          const content = button.closest('vaadin-grid-cell-content');
          if (content && content.scrollWidth > content.clientWidth + 1) {
            problems.push(name + ': button "' + button.textContent.trim() + '" is cut');
          }
        }
      }
      for (const svg of document.querySelectorAll('.chart svg')) {
        const chart = svg.closest('.chart').id;
        // the SVG DOM's own viewBox: an attribute spelt 'viewbox' on an element the HTML parser
        // did not read as SVG would pass a getAttribute test, and scale nothing
        if (svg.namespaceURI !== 'http://www.w3.org/2000/svg' || !svg.viewBox
            || !svg.viewBox.baseVal || svg.viewBox.baseVal.width === 0) {
          problems.push(chart + ' has no viewBox');
        }
        const box = svg.getBoundingClientRect();
        if (box.width < 200) problems.push(chart + ' is ' + box.width + ' px wide');
        for (const label of svg.querySelectorAll('text')) {
          const r = label.getBoundingClientRect();
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5
              || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
            problems.push(chart + ': label "' + label.textContent + '" lies outside the chart');
          }
        }
      }
      return problems;
      """;
}
