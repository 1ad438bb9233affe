package io.hostwall.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One long-lived TCP connection across the node, to prove that rewriting the ruleset never breaks an established
 * connection. JDK only, run in a lab namespace like {@link ProbeAgent}:
 *
 * <pre>
 * HeldConnection serve PORT         echoes every line of every connection, forever
 * HeldConnection hold ADDR PORT     connects, prints "ready"; then for each "ping" on stdin sends a line and prints
 *                                   "ok" when it comes back, or "fail WHY" (no echo within 2 s, or the connection died)
 * </pre>
 */
public final class HeldConnection {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    /** An echo on veth takes well under a millisecond; this long means the firewall ate a packet and TCP gave up. */
    static final int ECHO_TIMEOUT_MS = 2000;

    private HeldConnection() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]));
        } else {
            hold(args[1], Integer.parseInt(args[2]));
        }
    }

    private static void serve(int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port));
            OUT.println("ready");
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> echo(s));
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void echo(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line + "\n");
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void hold(String addr, int port) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(addr, port), ECHO_TIMEOUT_MS);
            s.setSoTimeout(ECHO_TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            OUT.println("ready");
            int n = 0;
            String command;
            while ((command = stdin.readLine()) != null && command.equals("ping")) {
                String token = "echo-" + n++;
                try {
                    out.write(token + "\n");
                    out.flush();
                    String back = in.readLine();
                    OUT.println(token.equals(back) ? "ok" : "fail got " + back);
                } catch (SocketTimeoutException e) {
                    OUT.println("fail no echo within " + ECHO_TIMEOUT_MS + " ms");
                } catch (IOException e) {
                    OUT.println("fail " + e);
                }
            }
        } catch (IOException e) {
            OUT.println("fail cannot connect: " + e);
        }
    }

    /** A running end of a held connection, driven from the test JVM. */
    static final class Process implements AutoCloseable {
        private final java.lang.Process process;
        private final BufferedReader out;
        private final Writer in;

        private Process(java.lang.Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Starts {@code args} in {@code ns}; returns once it printed "ready" (else fails with what it said). */
        static Process start(Namespace ns, String... args) {
            try {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                String cp = Path.of(HeldConnection.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
                List<String> cmd = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns.name, java,
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp", cp,
                        HeldConnection.class.getName()));
                cmd.addAll(List.of(args));
                Process p = new Process(new ProcessBuilder(cmd).redirectErrorStream(true).start());
                String first = p.out.readLine();
                if (!"ready".equals(first)) {
                    p.close();
                    throw new LabException("HeldConnection " + String.join(" ", args) + " in " + ns + ": " + first);
                }
                return p;
            } catch (IOException | java.net.URISyntaxException e) {
                throw new LabException("cannot start HeldConnection in " + ns, e);
            }
        }

        /** One echo over the held connection: "ok" or "fail WHY". */
        synchronized String ping() {
            try {
                in.write("ping\n");
                in.flush();
                String answer = out.readLine();
                return answer == null ? "fail the client exited" : answer;
            } catch (IOException e) {
                return "fail " + e;
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
