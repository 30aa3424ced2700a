package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real crash: {@link CrashChild} runs a journaled pipeline in a child JVM and is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) at random moments, during startup and replay as well
 * as while emitting, then restarted, over and over; a last run finishes. Every input must have
 * reached the sink at least once, and every duplicate must be one that was in flight at a crash:
 * after the checkpoint stored at that moment and no later than the newest journaled element. The
 * same kills run a pipeline ending in an {@link ExactlyOnceFileSink}, whose file must end holding
 * every input exactly once. (streamz has no crash test; its checkpointing promise is in "Reference Counting and
 * Checkpointing" of its docs.)
 */
class CrashTest {
    private static final int KILLS = 22;
    private static final long TOTAL = 200_000;
    /** Fewer kills for the exactly-once sink: its test and the one above stay within about 40 s together. */
    private static final int EXACTLY_ONCE_KILLS = 10;
    private static final int EXACTLY_ONCE_TOTAL = 200_000;
    private static final int STATE_KILLS = 12;
    private static final long STATE_TOTAL = 1_000_000;

    /** The journal between two runs: the stored checkpoint and the newest value journaled. */
    private record Window(long checkpointedValue, long lastValue) {
        boolean contains(long value) {
            return value > checkpointedValue && value <= lastValue;
        }
    }

    /** What a test does to the journal's files after a kill, before the next run; says what it did. */
    @FunctionalInterface
    private interface AfterKill {
        String damage(Path dir, Random random) throws IOException;
    }

    /** What the kills left: the journal's state at each, how many, and the seed of their pattern. */
    private record Crashes(List<Window> windows, int kills, long seed) {
    }

    @Test
    void everyInputReachesTheSinkAtLeastOnceAcrossRandomKills(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("journal");
        Path out = tmp.resolve("sink.txt");
        Crashes crashes = killRepeatedly(dir, out, TOTAL, KILLS, List.of(), (journal, random) -> "none");
        runToTheEnd(dir, out, TOTAL, List.of(), crashes.seed());
        List<Window> windows = crashes.windows();
        long seed = crashes.seed();
        int kills = crashes.kills();

        int[] seen = new int[(int) TOTAL];
        for (String line : Files.readAllLines(out)) {
            seen[Integer.parseInt(line)]++;
        }
        long duplicates = 0;
        for (int value = 0; value < TOTAL; value++) {
            if (seen[value] == 0) {
                fail("input " + value + " never reached the sink (seed " + seed + ", " + kills + " kills)");
            }
            if (seen[value] > 1) {
                duplicates += seen[value] - 1;
                long v = value;
                long windowsHolding = windows.stream().filter(w -> w.contains(v)).count();
                assertTrue(seen[value] - 1 <= windowsHolding, "input " + value + " reached the sink "
                        + seen[value] + " times but was in flight at only " + windowsHolding + " crashes (seed "
                        + seed + ")");
            }
        }
        long inFlightTotal = windows.stream().mapToLong(w -> Math.max(0, w.lastValue - w.checkpointedValue)).sum();
        assertTrue(duplicates <= inFlightTotal, duplicates + " duplicates, more than the " + inFlightTotal
                + " elements in flight at the crashes");
        assertTrue(kills >= 20, "only " + kills + " kills");
        assertTrue(checkpointed(windows) >= KILLS / 2,
                "checkpoints were stored before too few of the crashes: " + windows);
        assertTrue(windows.stream().anyMatch(w -> w.lastValue > w.checkpointedValue),
                "no crash happened with elements in flight: " + windows);
        System.out.println("crash test: " + kills + " kills, " + duplicates + " duplicates, "
                + inFlightTotal + " elements in flight at the crashes (seed " + seed + ")");
    }

    /**
     * The exactly-once file sink behind a map, a snapshotted window, a flatten and a buffer, killed at random
     * moments as above, each restart resuming after the newest journaled number: the file ends
     * holding every input exactly once, in order, though the restarts replayed elements whose
     * lines were already written, and kills tore lines.
     */
    @Test
    void theExactlyOnceFileSinkHoldsEveryInputOnceInOrderAcrossRandomKills(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("journal");
        Path out = tmp.resolve("exactly-once.txt");
        List<String> mode = List.of(CrashChild.EXACTLY_ONCE);
        Crashes crashes = killRepeatedly(dir, out, EXACTLY_ONCE_TOTAL, EXACTLY_ONCE_KILLS, mode,
                (journal, random) -> "none");
        runToTheEnd(dir, out, EXACTLY_ONCE_TOTAL, mode, crashes.seed());

        List<String> lines = ExactlyOnceFileSink.readTexts(out); // input x wrote the lines 2x and 2x+1
        for (int i = 0; i < Math.min(lines.size(), 2 * EXACTLY_ONCE_TOTAL); i++) {
            if (!lines.get(i).equals(Integer.toString(i))) {
                fail("line " + i + " is " + lines.get(i) + ", not " + i + " (seed " + crashes.seed() + ", "
                        + crashes.kills() + " kills); around it: "
                        + lines.subList(Math.max(0, i - 3), Math.min(lines.size(), i + 4)));
            }
        }
        assertEquals(2 * EXACTLY_ONCE_TOTAL, lines.size(), "every input once (seed " + crashes.seed() + ")");
        assertTrue(crashes.windows().stream().anyMatch(w -> w.lastValue > w.checkpointedValue),
                "no crash happened with elements in flight, so nothing was replayed: " + crashes.windows());
        System.out.println("exactly-once crash test: " + crashes.kills() + " kills, "
                + crashes.windows().stream().mapToLong(w -> Math.max(0, w.lastValue - w.checkpointedValue)).sum()
                + " elements replayed over already written lines (seed " + crashes.seed() + ")");
    }

    /**
     * A snapshotted sum (behind a map some inputs poison), sliding window, unique and count with a
     * buffer, killed at random moments, and after each kill the journal's files damaged at random
     * as disks and power cuts do ({@link RandomDamage}). Each restart resumes after the newest
     * journaled number. The restored state must count every input exactly once (the poison ones
     * never): nothing lost, nothing twice.
     */
    @Test
    void restoredStateCountsEveryInputOnceAcrossKillsAndDamagedFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("journal");
        Path out = tmp.resolve("state.txt");
        List<String> mode = List.of(CrashChild.STATE);
        List<String> damages = new ArrayList<>();
        RandomDamage damage = new RandomDamage();
        Crashes crashes = killRepeatedly(dir, out, STATE_TOTAL, STATE_KILLS, mode, (journal, random) -> {
            String done = damage.deal(journal, random);
            damages.add(done);
            return done;
        });
        runToTheEnd(dir, out, STATE_TOTAL, mode, crashes.seed());
        long n = STATE_TOTAL;
        long poisonSum = 0;
        for (long x = CrashChild.POISON; x < n; x += CrashChild.POISON_EVERY) {
            poisonSum += x; // dead-lettered, never added
        }
        assertEquals((n * (n - 1) / 2 - poisonSum) + " (" + (n - 3) + ", " + (n - 2) + ", " + (n - 1) + ") " + n / 2,
                Files.readString(out).strip(),
                "the restored sum and window count every input once (seed " + crashes.seed() + ", after "
                        + damages + ")");
        assertTrue(damages.stream().anyMatch(d -> !d.startsWith("none")),
                "too few kills were followed by damage: " + damages);
        System.out.println("crash and damage test: " + crashes.kills() + " kills, then " + damages);
    }


    /**
     * Starts the child on {@code dir} and kills it with SIGKILL at a random moment, {@code kills}
     * times (more, up to three times as many, until half the kills had a checkpoint behind them),
     * recording the journal's state after each kill, then lets {@code afterKill} damage it.
     */
    private static Crashes killRepeatedly(Path dir, Path out, long total, int kills, List<String> mode,
            AfterKill afterKill) throws Exception {
        Random random = new Random(); // a new crash pattern each run; the seed is in the failure message
        long seed = random.nextLong();
        random.setSeed(seed);
        List<Window> windows = new ArrayList<>();
        int done = 0;
        // On a loaded machine the first children may all die before their first checkpoint: kill on
        // (up to three times as often) until half the crashes had a checkpoint behind them.
        while (done < kills || (checkpointed(windows) < kills / 2 && done < 3 * kills)) {
            killAtRandom(launch(dir, out, total, mode), random, seed, 40);
            done++;
            if (Files.exists(dir)) {
                long checkpoint = new CheckpointFile(dir).read().completedThrough();
                windows.add(new Window(JournalProbe.valueAt(dir, checkpoint, -1), JournalProbe.last(dir, checkpoint, -1)));
                afterKill.damage(dir, random);
            }
        }
        return new Crashes(windows, done, seed);
    }

    /**
     * Kills {@code child} with SIGKILL at a random moment: a quarter of the time within 400 ms of its
     * launch (maybe before or during its replay), otherwise up to {@code afterReadyMillis} after it
     * printed READY. Fails, naming {@code seed}, if it never gets ready or finishes before the kill.
     */
    static void killAtRandom(Process child, Random random, long seed, int afterReadyMillis) throws Exception {
        CountDownLatch ready = watch(child);
        if (random.nextInt(4) == 0) {
            ready.await(random.nextInt(400), TimeUnit.MILLISECONDS); // maybe before or during replay
        } else {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                String threads = threadDump(child);
                child.destroyForcibly();
                fail("child never became ready (seed " + seed + "); its threads:\n" + threads);
            }
            Thread.sleep(random.nextInt(afterReadyMillis)); // a random moment, not a timing assertion
        }
        boolean finished = !child.isAlive();
        child.destroyForcibly();
        child.waitFor();
        if (finished) {
            fail("the child finished before it was killed; raise its total (seed " + seed + ")");
        }
    }

    /** Runs the child once more, unkilled, until it has emitted everything and closed. */
    private static void runToTheEnd(Path dir, Path out, long total, List<String> mode, long seed) throws Exception {
        Process last = launch(dir, out, total, mode);
        watch(last);
        if (!last.waitFor(120, TimeUnit.SECONDS)) {
            String threads = threadDump(last);
            last.destroyForcibly();
            last.waitFor();
            fail("the last run did not finish in 120 s (seed " + seed + "); its threads:\n" + threads);
        }
        assertEquals(0, last.exitValue(), "the last run failed");
    }

    private static Process launch(Path dir, Path out, long total, List<String> mode) throws IOException {
        List<String> args = new ArrayList<>(List.of(dir.toString(), out.toString(), Long.toString(total)));
        args.addAll(mode);
        return launch(CrashChild.class, args.toArray(String[]::new));
    }

    /** Starts {@code main} in a child JVM with this one's flags and class path; other crash tests use it too. */
    static Process launch(Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(javaCommand(main, List.of(), args)).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The command running {@code main} in a child JVM with this one's flags but {@code leaveOut}, and class path. */
    static List<String> javaCommand(Class<?> main, List<String> leaveOut, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : jvmFlags()) {
            if (!leaveOut.contains(flag)) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static long checkpointed(List<Window> windows) {
        return windows.stream().filter(w -> w.checkpointedValue >= 0).count();
    }

    /** The stuck child's threads, from {@code jcmd}, so a hang says where it hangs. */
    static String threadDump(Process child) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), "Thread.print")
                .redirectErrorStream(true).start();
        byte[] text = dump.getInputStream().readAllBytes();
        dump.waitFor(30, TimeUnit.SECONDS);
        return new String(text, StandardCharsets.UTF_8);
    }

    /**
     * The flags this JVM got from Surefire (the project's streamz4j.jvm.flags, and on JDK 24+
     * streamz4j.jvm.flags.jdk24, without which the child prints JDK 24+'s Unsafe and native-access
     * warnings).
     */
    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** Counts down when the child prints READY; drains its output so it never blocks. */
    private static CountDownLatch watch(Process child) {
        return watch(child, "READY");
    }

    /** Counts down when the child prints {@code signal} on a line; drains its output so it never blocks. */
    static CountDownLatch watch(Process child, String signal) {
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.equals(signal)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the child was killed mid-line: nothing more to read
            }
        }, "crash-child-output");
        reader.setDaemon(true);
        reader.start();
        return ready;
    }
}
