package dev.usher.live;

import com.sun.net.httpserver.HttpServer;
import dev.usher.Browser;
import dev.usher.TestServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's Webhooks panel in headless Chromium, against a real receiver. */
class DashboardWebhooksPageTest extends DashboardTest {

    @Test
    void staff_add_test_inspect_pause_and_remove_an_endpoint() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            signInAsOrganizer(Browser.Window.DESKTOP);
            WebElement url = browser.find(By.cssSelector("[data-testid='webhook-url']"));
            url.sendKeys("ftp://example.com/x");
            browser.find(By.cssSelector("[data-testid='webhook-add']")).click();
            awaitText("webhook-error", "A webhook URL starts with https:// (or http:// on a local network).", SOON);

            url.clear();
            url.sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            browser.find(By.cssSelector("[data-testid='webhook-description']")).sendKeys("Wall map");
            browser.find(By.cssSelector("[data-testid='webhook-refused']")).click();
            browser.find(By.cssSelector("[data-testid='webhook-add']")).click();
            String secret = browser.waitUntil("the secret shown once", SOON,
                    d -> d.findElements(By.cssSelector("[data-testid='webhook-secret-value']")).stream().map(WebElement::getText)
                            .filter(t -> t.startsWith("whsec_")).findFirst().orElse(null));
            assertThat(text("webhook-error")).isEmpty();
            assertThat(server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().at("/webhooks/0/events").toString()).isEqualTo("[\"checkin.refused\"]");
            browser.waitUntil("the endpoint listed", SOON, d -> String.join("", texts("#webhook-list")).contains("Wall map"));

            click("webhook-test");
            browser.waitUntil("the test event received", SOON, d -> received.stream().anyMatch(b -> b.contains("\"webhook.test\"")));
            click("webhook-attempts");
            browser.waitUntil("the attempt listed", SOON, d -> texts("[data-testid='webhook-attempts'] tbody tr").stream()
                    .anyMatch(r -> r.contains("webhook.test") && r.contains("204")));

            click("webhook-disable");
            browser.waitUntil("paused", SOON, d -> String.join("", texts("[data-testid='webhook-state']")).contains("paused"));
            assertThat(server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().at("/webhooks/0/enabled").asBoolean()).isFalse();

            click("webhook-delete");
            browser.waitUntil("asks again", SOON, d -> texts("[data-testid='webhook-delete']").contains("Really remove?"));
            click("webhook-delete");
            browser.waitUntil("removed", SOON, d -> d.findElements(By.cssSelector("[data-testid='webhook']")).isEmpty());
            assertThat(server.get("/api/webhooks", TestServer.ADMIN_TOKEN).json().get("webhooks").size()).isZero();
            assertThat(secret).isNotBlank();
            assertThat(browser.consoleErrors()).filteredOn(e -> !e.contains("/api/webhooks - Failed to load resource")).isEmpty();
        } finally {
            receiver.stop(0);
        }
    }

    /** The texts of what matches now, read in one script: the list re-renders, so held elements go stale. */
    @SuppressWarnings("unchecked")
    private List<String> texts(String css) {
        return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
    }

    private void click(String testid) {
        browser.waitUntil(testid, SOON, d -> {
            List<WebElement> found = d.findElements(By.cssSelector("[data-testid='" + testid + "']"));
            try {
                if (found.isEmpty() || !found.get(0).isEnabled()) {
                    return null;
                }
                found.get(0).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return null; // re-rendered between finding and clicking: find it again
            }
        });
    }
}
