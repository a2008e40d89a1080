package io.aicaller.sandbox.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local run: starts the whole suite on loopback and prints where everything is; stops it all on Ctrl-C. With
 * {@code --call} it places one scripted call instead, prints what happened and exits non-zero unless the call
 * completed. With {@code --twilio-number} and {@code --public-url} it runs on a real Twilio account instead of the
 * emulated one: the number is pointed at the tunnel's public URL while the suite runs, and restored on exit.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = java.util.Arrays.asList(args);
        boolean call = arguments.contains("--call");
        String host = option(arguments, "--bind").orElse("127.0.0.1");
        RealNumber real;
        try {
            real = RealNumber.from(arguments, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(System.getProperty("aicaller.root", ".")).toAbsolutePath().normalize();
        Path logs = Files.createDirectories(root.resolve("target/local-run"));
        String openAiKey = System.getenv("OPENAI_API_KEY");
        LocalSuite suite = new LocalSuite(root, SuitePorts.standard(), logs, openAiKey).bindTo(host);
        if (real != null) {
            suite.withAccount(real.account()).withPublicUrl(real.publicUrl());
        }
        NumberLink link = new NumberLink(suite.url("numbers-service"), suite.apiToken(),
                logs.resolve("twilio-number.json"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (real != null) {
                restore(link); // while the numbers-service still runs
            }
            System.out.println("\nStopping the suite...");
            suite.close();
            stopped.countDown();
        }, "local-run-stop"));
        System.out.println("Starting Kafka, the four services and the sandbox (logs in " + logs + ") ...");
        try {
            suite.start();
            if (real != null) {
                restore(link); // what a run that was killed left pointed at its tunnel
                link.point(real.phoneNumber(), real.agent());
            }
        } catch (NumberLink.Refused e) {
            System.err.println("\nThe number was not pointed at the suite: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println(suite.tails(15));
            System.err.println("\nThe suite did not start: " + e.getMessage()); // last, where it is seen
            System.exit(1);
        }
        printUrls(suite, openAiKey != null && !openAiKey.isBlank());
        if (real != null) {
            printRealNumber(suite, real);
        }
        if (call) {
            System.exit(placeOneCall(suite) ? 0 : 1);
        }
        System.out.println("\nRunning. Press Ctrl-C to stop everything" + (real != null ? " (and restore "
                + real.phoneNumber() + ")." : "."));
        stopped.await();
    }

    static java.util.Optional<String> option(List<String> arguments, String name) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? java.util.Optional.of(arguments.get(at + 1))
                : java.util.Optional.empty();
    }

    private static void restore(NumberLink link) {
        try {
            link.restore().ifPresent(number -> System.out.println("Restored " + number + "'s webhooks."));
        } catch (Exception e) {
            System.err.println("Restoring the number's webhooks failed: " + e.getMessage());
        }
    }

    private static void printRealNumber(LocalSuite suite, RealNumber real) {
        System.out.println();
        System.out.println("  real number      " + real.phoneNumber() + " now rings this suite"
                + (real.agent() != null ? " (agent " + real.agent() + ")" : "") + ": call it from any phone");
        System.out.println("  public URL       " + real.publicUrl() + " -> front door " + suite.url("front-door")
                + " (Twilio's webhooks and media only; point your tunnel here)");
        System.out.println("  restored         on Ctrl-C; if this run is killed, by the next run (settings kept in "
                + "target/local-run/twilio-number.json)");
    }

    private static void printUrls(LocalSuite suite, boolean realModel) {
        String sandbox = suite.url("sandbox");
        System.out.println();
        System.out.println("ai-caller is running on " + suite.bindHost() + "; the agent is "
                + (realModel ? "the OpenAI Realtime API"
                        : "the offline demo agent (set OPENAI_API_KEY for a real model)"));
        System.out.println();
        System.out.println(
                "  talk to it       " + sandbox + "/  (the console: a browser phone, the call live, messages)");
        System.out.println("  place a call     curl -X POST -H 'Content-Type: application/json' -d '{}' " + sandbox
                + "/sandbox/calls");
        System.out.println("  see it           " + sandbox + "/sandbox/calls/<callSid>/report  (and agent-audio.wav)");
        System.out
                .println("  text the agent   curl -X POST -H 'Content-Type: application/json' -d '{\"body\":\"STOP\"}' "
                        + sandbox + "/sandbox/messages");
        System.out.println("  sandbox API      " + sandbox + "/q/swagger-ui");
        if (suite.apiToken().equals(LocalSuite.API_TOKEN)) { // the emulated account's secrets are no secret
            System.out.println("  Twilio API       " + suite.url("twilio-api") + "  (account " + LocalSuite.ACCOUNT_SID
                    + ", auth token " + LocalSuite.AUTH_TOKEN + ")");
        }
        for (String service : new String[]{"webhook-gateway", "messaging-service", "numbers-service"}) {
            System.out.printf("  %-16s %s/q/swagger-ui%n", service, suite.url(service));
        }
        // The bridge has no REST API: only its Media Streams WebSocket, health and metrics.
        System.out.printf("  %-16s %s/q/health  (Media Streams at %s/webhooks/twilio/media)%n", "media-bridge",
                suite.url("media-bridge"), suite.url("media-bridge").replace("http:", "ws:"));
        System.out.println("  API bearer token " + suite.apiToken());
        System.out.println("  Kafka            " + suite.kafka());
        System.out.println("  logs             " + suite.logFiles().values().iterator().next().getParent());
    }

    /** Places the demo call, waits for it to end, prints its report; true when it completed. */
    static boolean placeOneCall(LocalSuite suite) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String sandbox = suite.url("sandbox");
        HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/calls"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher sid = Pattern.compile("\"callSid\":\"(CA[0-9a-f]{32})\"").matcher(placed.body());
        if (placed.statusCode() != 201 || !sid.find()) {
            System.err.println("The sandbox did not place the call: " + placed.statusCode() + " " + placed.body());
            return false;
        }
        System.out.println("\nPlaced " + sid.group(1) + "; the caller talks over the greeting, presses 1, then #.");
        String report = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            report = http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/calls/" + sid.group(1)
                    + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (report.contains("\nended: true")) {
                Thread.sleep(3000); // the last events are still on their way through Kafka
                report = http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/calls/" + sid.group(1)
                        + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
                break;
            }
            Thread.sleep(500);
        }
        System.out.println(report);
        String failure = failure(report);
        if (failure != null) {
            System.err.println("\nThe call did not work: " + failure + " (logs: " + suite.logFiles().get("media-bridge")
                    + ")");
        }
        return failure == null;
    }

    /** Why a call's report is not a working call (a completed call with a silent agent is not), or null. */
    static String failure(String report) {
        if (!report.contains("\nstatus: completed\n")) {
            return "it did not complete";
        }
        Matcher heard = Pattern.compile("agent audio heard: (\\d+) ms").matcher(report);
        if (!heard.find() || Long.parseLong(heard.group(1)) == 0) {
            return "the caller heard nothing from the agent (the model failed?)";
        }
        if (!report.contains("\n  agent: ")) {
            return "the transcript has nothing the agent said";
        }
        return null;
    }
}
