package io.hostwall.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The test side of one {@link ProbeAgent}: sends requests, matches answers to requests by id. */
final class ProbeClient implements AutoCloseable {
    private final String role;
    private final Process process;
    private final Writer stdin;
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuffer stderr = new StringBuffer();

    private ProbeClient(String role, Process process) {
        this.role = role;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts an agent in {@code ns}; returns once it said "ready". */
    static ProbeClient start(Namespace ns, String role) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of("ip", "netns", "exec", ns.name, java,
                // Small, quick-starting JVM: it only shuffles a few sockets.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx48m", "-Xss512k", "-Xshare:auto",
                "-cp", ownClassPath(), ProbeAgent.class.getName(), role);
        try {
            ProbeClient c = new ProbeClient(role, new ProcessBuilder(cmd).start());
            c.readLoop();
            c.await(c.pending.computeIfAbsent(-1, k -> new CompletableFuture<>()), 30_000, "start");
            return c;
        } catch (IOException e) {
            throw new LabException("cannot start the probe agent in " + ns, e);
        }
    }

    /** The directory (or jar) holding the test classes: ProbeAgent needs nothing else. */
    private static String ownClassPath() {
        try {
            return Path.of(ProbeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new LabException("cannot locate the test classes", e);
        }
    }

    private void readLoop() {
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ready ")) {
                        pending.computeIfAbsent(-1, k -> new CompletableFuture<>()).complete("ready");
                        continue;
                    }
                    int sp = line.indexOf(' ');
                    CompletableFuture<String> f = pending.remove(Integer.parseInt(line.substring(0, sp)));
                    if (f != null) {
                        f.complete(line.substring(sp + 1));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Falls through: the agent is gone; fail everything still waiting.
            }
            LabException dead = new LabException("probe agent " + role + " exited; stderr: " + stderr);
            pending.values().forEach(f -> f.completeExceptionally(dead));
        }, "lab-agent-" + role);
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException e) {
                // Nothing more to collect.
            }
        }, "lab-agent-err-" + role);
        err.setDaemon(true);
        err.start();
    }

    /** Sends one request; the future completes with the agent's answer (without id). */
    CompletableFuture<String> send(String request) {
        int id = ids.incrementAndGet();
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (stdin) {
            try {
                stdin.write(id + " " + request + "\n");
                stdin.flush();
            } catch (IOException e) {
                pending.remove(id);
                f.completeExceptionally(new LabException("probe agent " + role + " is gone: " + stderr, e));
            }
        }
        return f;
    }

    /** Sends and waits; a server that cannot listen is a lab failure, not a test outcome. */
    void listen(String proto, int port) {
        String answer = await(send("listen " + proto + " " + port), 10_000, "listen " + proto + " " + port);
        if (!answer.equals("ok")) {
            throw new LabException(role + ": listen " + proto + " " + port + " failed: " + answer);
        }
    }

    String await(CompletableFuture<String> f, long timeoutMs, String what) {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LabException(role + ": " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabException(role + ": no answer to '" + what + "' within " + timeoutMs + " ms; stderr: "
                    + stderr);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    @Override
    public void close() {
        try {
            synchronized (stdin) {
                stdin.write("0 quit\n");
                stdin.close();
            }
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
