package io.aicaller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.fasterxml.jackson.databind.JsonNode;

import io.aicaller.sandbox.agent.Prompts;
import io.aicaller.sandbox.local.LocalSuite;

/**
 * The packaged suite's console in a real browser (Debian's headless chromium with a fake microphone): a person calls
 * the agent and talks over its greeting, uses the keypad, hangs up, has the agent call back; the page is usable with
 * a screen reader. Skips where no browser is installed.
 */
@ExtendWith(PackagedSuite.class)
class BrowserConsoleIT {

    static LocalSuite suite;

    @BeforeAll
    static void startSuite(LocalSuite shared) {
        suite = shared;
    }

    @Test
    void aPersonCallsTheAgentFromTheBrowserConsole() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "no browser here: install Debian's chromium and chromium-driver (.ci/run does where it can)");
        // The fake microphone: 3 s of silence (the greeting starts), the caller talking over it, silence again.
        byte[] speech = Prompts.load(Prompts.CALLER);
        Path wav = Files.createTempFile("caller", ".wav");
        Files.write(wav, pcmWav(concat(silence(3000), speech, silence(8000))));
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav, "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(suite.url("sandbox") + "/");
            assertThat(browser.getTitle()).isEqualTo("ai-caller sandbox");
            awaitPage(browser, "the numbers", "return document.getElementById('to').options.length > 0");
            browser.findElement(By.id("call")).click();
            awaitPage(browser, "the call placed", "return window.phone.callSid !== null");
            String callSid = (String) script(browser, "return window.phone.callSid");
            // The greeting is heard (it reaches the page's audio output), then the caller's speech interrupts it.
            awaitPage(browser, "the greeting played", "return window.phone.samplesPlayed > 8000");
            awaitPage(browser, "a clear", "return window.phone.clears > 0");
            assertThat((Long) script(browser, "return window.phone.framesSent")).isGreaterThan(100L);
            browser.findElement(By.cssSelector("#keypad button[data-key='1']")).click();
            awaitPage(browser, "the key in the live view",
                    "return window.phone.timeline.some(t => t.includes('caller presses 1'))");
            // The keyboard's keys work as the keypad's.
            browser.findElement(By.tagName("body")).sendKeys("*");
            awaitPage(browser, "a key typed on the keyboard",
                    "return window.phone.timeline.some(t => t.includes('caller presses *'))");
            awaitPage(browser, "the agent's words in the live transcript",
                    "return window.phone.transcript.some(t => t.startsWith('agent'))");
            browser.findElement(By.id("hangup")).click();
            awaitPage(browser, "the end", "return window.phone.status.startsWith('Call ended')");
            assertThat(browser.findElement(By.id("transcript")).getText()).contains("agent");
            JsonNode call = SuiteJson.get(suite.url("sandbox") + "/sandbox/calls/" + callSid);
            assertThat(call.path("status").asText()).isEqualTo("completed");
            assertThat(call.path("clears").asInt()).isPositive();
            assertThat(call.path("log").findValues("what").stream().map(JsonNode::asText))
                    .contains("caller presses 1", "caller hangs up");

            // The agent calls the page's number: the gateway dials, the page answers, the greeting plays.
            browser.findElement(By.id("call-me")).click();
            awaitPage(browser, "the agent's call", "return window.phone.direction === 'outbound-api'");
            String outbound = (String) script(browser, "return window.phone.callSid");
            assertThat(outbound).isNotEqualTo(callSid);
            awaitPage(browser, "the agent's greeting on its call", "return window.phone.samplesPlayed > 8000");
            browser.findElement(By.id("hangup")).click();
            awaitPage(browser, "the end of the agent's call", "return window.phone.status.startsWith('Call ended')");
            JsonNode called = SuiteJson.get(suite.url("sandbox") + "/sandbox/calls/" + outbound);
            assertThat(called.path("direction").asText()).isEqualTo("outbound-api");
            assertThat(called.path("status").asText()).isEqualTo("completed");

            // Usable with a screen reader: every control (past calls' players included) has a name, status and
            // transcript are announced.
            awaitPage(browser, "the past calls' players",
                    "return document.querySelectorAll('#calls audio').length > 0");
            assertThat(script(browser, """
                    return [...document.querySelectorAll('button, input, select, audio, a')]
                        .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label')
                            || e.textContent.trim()))
                        .map(e => e.outerHTML);""")).asList().isEmpty();
            assertThat(script(browser, "return document.documentElement.lang")).isEqualTo("en");
            assertThat(script(browser, "return document.getElementById('status').getAttribute('role')"))
                    .isEqualTo("status");
            assertThat(script(browser, "return document.getElementById('transcript').getAttribute('aria-live')"))
                    .isEqualTo("polite");
        } finally {
            browser.quit();
        }
    }

    static Object script(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static void awaitPage(WebDriver browser, String what, String condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(script(browser, condition))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the console never showed " + what + "; page state: "
                + script(browser, "return JSON.stringify(window.phone)") + "\n" + suite.tails(20));
    }

    static byte[] silence(int ms) {
        byte[] quiet = new byte[ms * 8];
        java.util.Arrays.fill(quiet, (byte) 0xFF);
        return quiet;
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** 8 kHz mu-law as a 16-bit PCM WAV, the fake microphone's format. */
    static byte[] pcmWav(byte[] mulaw) {
        java.nio.ByteBuffer wav = java.nio.ByteBuffer.allocate(44 + mulaw.length * 2)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.putInt(0x46464952).putInt(36 + mulaw.length * 2).putInt(0x45564157);
        wav.putInt(0x20746d66)
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(8000)
                .putInt(16000)
                .putShort((short) 2)
                .putShort((short) 16);
        wav.putInt(0x61746164).putInt(mulaw.length * 2);
        for (byte b : mulaw) {
            int u = ~b & 0xFF;
            int magnitude = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
            wav.putShort((short) ((u & 0x80) != 0 ? -magnitude : magnitude));
        }
        return wav.array();
    }
}
