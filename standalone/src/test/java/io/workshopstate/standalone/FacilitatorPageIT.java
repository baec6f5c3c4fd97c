package io.workshopstate.standalone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The facilitator's live page in a real browser: Debian's headless Chromium, driven through its
 * chromedriver. CI installs both; where they are missing, the test is skipped and says why.
 */
class FacilitatorPageIT extends HttpIntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Kept for the README; copy it to docs/facilitator-page.png when the page changes. */
    private static final Path SCREENSHOT = Path.of("target", "facilitator-page.png");

    private WebDriver browser;

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): skipping the browser test of "
                        + "the facilitator page; install it with: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root, in a sandbox with no network but the loopback: no GPU, no sandbox, no calls home.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1200,640");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aSaveThroughTheApiAppearsOnTheOpenPageWithinASecond() throws IOException {
        String facilitator = Tokens.facilitator(uniqueUser("facilitator"));
        String workshopId = createWorkshop(facilitator, 5, "Empathy map");
        String alice = Tokens.participant("alice");
        String aliceSession = startSession(alice, workshopId);
        save(alice, aliceSession, 1, "Users feel lost on the first screen", 2);
        save(alice, aliceSession, 2, "They skip the tutorial", 3);
        String bob = Tokens.participant("bob");
        save(bob, startSession(bob, workshopId), 1, "Too many buttons", 2);
        startSession(Tokens.participant("chloe"), workshopId);

        signIn(workshopId, facilitator);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(page -> "2".equals(shown("alice", "answeredSteps"))
                && browser.findElements(By.cssSelector("#participants tr")).size() == 3);
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Empathy map");

        save(alice, aliceSession, 3, "Make the first step obvious", 4);
        new WebDriverWait(browser, Duration.ofSeconds(1), Duration.ofMillis(20)).until(page ->
                "3".equals(shown("alice", "answeredSteps")) && "4".equals(shown("alice", "currentStep")));

        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(page -> "3".equals(shown("alice", "answeredSteps")));
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed())
                .as("the token is kept for the tab, so a reload does not ask again").isFalse();
        takeScreenshot();
    }

    @Test
    void anotherFacilitatorsWorkshopShowsNothing() {
        String owner = Tokens.facilitator(uniqueUser("facilitator"));
        String workshopId = createWorkshop(owner, 3, "Not yours");
        String participant = Tokens.participant(uniqueUser("participant"));
        save(participant, startSession(participant, workshopId), 1, "private thoughts", null);

        signIn(workshopId, Tokens.facilitator(uniqueUser("facilitator")));

        WebElement message = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(message.getText()).contains("not one of yours");
        assertThat(browser.findElements(By.cssSelector("#participants tr"))).isEmpty();
        assertThat(browser.findElement(By.id("progress")).isDisplayed()).isFalse();
    }

    private void signIn(String workshopId, String token) {
        browser.get("http://localhost:" + port + "/facilitator/workshops/" + workshopId);
        WebElement tokenField = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        tokenField.sendKeys(token);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    private String createWorkshop(String facilitatorToken, int stepCount, String title) {
        ApiClient.Response created = api.post("/api/workshops", facilitatorToken,
                Map.of("title", title, "stepCount", stepCount));
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        return created.text("workshopId");
    }

    private void save(String token, String sessionId, int step, String text, Integer nextStep) {
        Map<String, Object> body = new HashMap<>(Map.of("sessionId", sessionId, "stepNumber", step, "responseText", text));
        if (nextStep != null) {
            body.put("currentStep", nextStep);
        }
        ApiClient.Response saved = api.post("/api/workshop/save", token, body);
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
    }

    /** Read in one step in the page: a push may replace the table's rows between two WebDriver calls. */
    private String shown(String participantId, String field) {
        return (String) ((JavascriptExecutor) browser).executeScript("""
                const cell = document.querySelector(`#participants tr[data-participant="${arguments[0]}"] \
                td[data-field="${arguments[1]}"]`);
                return cell ? cell.dataset.value : null;""", participantId, field);
    }

    /** After the row's highlight has faded, so the picture shows the page at rest. */
    private void takeScreenshot() throws IOException {
        try {
            Thread.sleep(1800);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        Path taken = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(taken, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }
}
