package dev.usher.web;

import dev.usher.Browser;
import dev.usher.BrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/docs renders /api/openapi.json with the vendored Swagger UI, under the pages' own CSP. */
class ApiDocsPageTest extends BrowserTest {

    @Test
    void the_reference_renders_the_scan_operation_with_its_curl_example() {
        openBrowser(Browser.Window.DESKTOP);
        browser.get(server.baseUrl() + "/api/docs");

        WebElement scan = browser.waitForVisible(By.id("operations-door-checkIn"));
        assertThat(scan.findElement(By.cssSelector(".opblock-summary-method")).getText()).isEqualTo("POST");
        assertThat(scan.findElement(By.cssSelector(".opblock-summary-path")).getText()).contains("/api/checkins");

        scan.findElement(By.cssSelector(".opblock-summary-control")).click();
        WebElement description = browser.waitForVisible(By.cssSelector("#operations-door-checkIn .opblock-description-wrapper"));
        assertThat(description.getText()).contains("curl -s -X POST http://localhost:7070/api/checkins");
        // A refused script, style or connection under the CSP is a console error.
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
