package io.aicaller.sandbox;

import java.nio.file.Path;

import io.aicaller.sandbox.local.LocalSuite;

/** The packaged suite for an integration test: free ports, logs under {@code sandbox/target/<logs>}. */
final class PackagedSuite {

    private PackagedSuite() {
    }

    static LocalSuite start(String logs) {
        Path root = Path.of(System.getProperty("aicaller.root", "..")).toAbsolutePath().normalize();
        LocalSuite suite = new LocalSuite(root, LocalSuite.Ports.free(), root.resolve("sandbox/target/" + logs), null);
        try {
            suite.start();
        } catch (Exception e) {
            suite.close();
            throw new AssertionError("The suite did not start:\n" + suite.tails(30), e);
        }
        return suite;
    }
}
