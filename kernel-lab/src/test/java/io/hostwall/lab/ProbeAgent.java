package io.hostwall.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside one network namespace ({@code ip netns exec NS java ... ProbeAgent ROLE}), so every socket it opens
 * lives in that namespace. One agent per namespace for the whole run: starting a JVM per probe would cost more
 * than the probes. JDK only, so the class path can be just the test classes directory.
 *
 * <p>Line protocol, one request per line, answered (in any order, requests run concurrently) by a line that
 * starts with the request's id:
 *
 * <pre>
 * ID listen tcp PORT                      -> ID ok       (accepts; writes "ROLE\n" to each client, closes)
 * ID listen udp PORT                      -> ID ok       (answers every datagram with "ROLE")
 * ID connect tcp ADDR PORT TIMEOUT_MS [SRCPORT] -> ID open WHO | refused | unreachable | timeout | halfopen | eperm | error MSG
 * ID udp ADDR PORT TIMEOUT_MS [SRCPORT]   -> ID reply WHO | refused | unreachable | timeout | eperm | error MSG
 * ID ping ADDR TIMEOUT_MS                 -> ID reply - | timeout | error MSG
 * </pre>
 *
 * "open" needs the server's greeting, not just the handshake: it proves data flowed both ways and names the
 * process that answered (e.g. that a NodePort really reached the pod, not a host process). "halfopen" (handshake
 * done, greeting lost) would mean a firewall let the SYN exchange through but not the data.
 */
public final class ProbeAgent {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private final String role;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    private ProbeAgent(String role) {
        this.role = role;
    }

    public static void main(String[] args) throws IOException {
        ProbeAgent agent = new ProbeAgent(args[0]);
        reply("ready " + agent.role);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2 && w[1].equals("quit")) {
                break;
            }
            agent.pool.execute(() -> reply(w[0] + " " + agent.handle(w)));
        }
        // Stdin closed: the test JVM is gone or done. Exit so no agent outlives its lab.
        System.exit(0);
    }

    private static void reply(String s) {
        synchronized (OUT) {
            OUT.println(s);
        }
    }

    private String handle(String[] w) {
        try {
            switch (w[1] + " " + w[2]) {
                case "listen tcp":
                    return listenTcp(Integer.parseInt(w[3]));
                case "listen udp":
                    return listenUdp(Integer.parseInt(w[3]));
                case "connect tcp":
                    return connectTcp(InetAddress.getByName(w[3]), Integer.parseInt(w[4]), Integer.parseInt(w[5]),
                            w.length > 6 ? Integer.parseInt(w[6]) : 0);
                default:
                    break;
            }
            switch (w[1]) {
                case "udp":
                    return udp(InetAddress.getByName(w[2]), Integer.parseInt(w[3]), Integer.parseInt(w[4]),
                            w.length > 5 ? Integer.parseInt(w[5]) : 0);
                case "ping":
                    return ping(w[2], Integer.parseInt(w[3]));
                default:
                    return "error unknown request " + String.join(" ", w);
            }
        } catch (Exception e) {
            return "error " + e.toString().replace('\n', ' ');
        }
    }

    private String listenTcp(int port) throws IOException {
        // The wildcard socket is dual-stack: one listener serves IPv4 and IPv6.
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port), 128);
        pool.execute(() -> {
            while (true) {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write((role + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // A client that went away mid-greeting is the client's problem; keep serving.
                }
            }
        });
        return "ok";
    }

    private String listenUdp(int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
        pool.execute(() -> {
            byte[] buf = new byte[512];
            byte[] answer = role.getBytes(StandardCharsets.UTF_8);
            while (true) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // Sending can fail (e.g. our own egress dropped); the client then sees a timeout, as it should.
                }
            }
        });
        return "ok";
    }

    /**
     * A pinned source port's tuple can still be held for a moment by the previous probe of the same flow (the other
     * backend replays it within a second); connect() then fails with EADDRNOTAVAIL before sending anything. Wait and
     * try again: nothing has been sent, so the outcome is unaffected.
     */
    private static String connectTcp(InetAddress addr, int port, int timeoutMs, int srcPort) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return connectTcpOnce(addr, port, timeoutMs, srcPort);
            } catch (java.net.BindException e) {
                if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("Cannot assign requested address")) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String connectTcpOnce(InetAddress addr, int port, int timeoutMs, int srcPort) throws IOException {
        try (Socket s = new Socket()) {
            s.setReuseAddress(true);
            // Linger 0: close with RST, so a fixed source port is immediately reusable and no FIN exchange
            // outlives the probe into the next scenario.
            s.setSoLinger(true, 0);
            if (srcPort != 0) {
                s.bind(new InetSocketAddress(srcPort));
            }
            long start = System.nanoTime();
            try {
                s.connect(new InetSocketAddress(addr, port), timeoutMs);
            } catch (SocketTimeoutException e) {
                return "timeout";
            } catch (ConnectException e) {
                // "Connection refused" is a RST; anything else (network unreachable, ICMP errors) is not a timeout.
                return e.getMessage() != null && e.getMessage().contains("refused") ? "refused" : "unreachable";
            } catch (NoRouteToHostException e) {
                return "unreachable";
            } catch (java.net.SocketException e) {
                if (String.valueOf(e.getMessage()).contains("Operation not permitted")) {
                    return "eperm";
                }
                throw e;
            }
            int left = (int) Math.max(50, timeoutMs - (System.nanoTime() - start) / 1_000_000);
            s.setSoTimeout(left);
            try {
                byte[] buf = new byte[64];
                int n = s.getInputStream().read(buf);
                return n <= 0 ? "halfopen" : "open " + new String(buf, 0, n, StandardCharsets.UTF_8).trim();
            } catch (SocketTimeoutException e) {
                return "halfopen";
            }
        }
    }

    private static String udp(InetAddress addr, int port, int timeoutMs, int srcPort) throws IOException {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(srcPort));
            // Connected, so an ICMP port-unreachable comes back as PortUnreachableException.
            s.connect(addr, port);
            s.setSoTimeout(timeoutMs);
            byte[] hello = "probe".getBytes(StandardCharsets.UTF_8);
            try {
                s.send(new DatagramPacket(hello, hello.length));
            } catch (IOException e) {
                // The sender's own netfilter OUTPUT dropped it: the kernel reports that to the sender as EPERM.
                if (String.valueOf(e.getMessage()).contains("Operation not permitted")) {
                    return "eperm";
                }
                throw e;
            }
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                return "reply " + new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                return "timeout";
            } catch (PortUnreachableException e) {
                return "refused";
            } catch (NoRouteToHostException e) {
                return "unreachable";
            }
        }
    }

    /**
     * ICMP echo through iputils ping: Java has no ICMP socket API, and InetAddress.isReachable silently falls back
     * to TCP port 7 when it cannot open a raw socket, which would test the wrong protocol.
     */
    private static String ping(String addr, int timeoutMs) throws IOException, InterruptedException {
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", timeoutMs / 1000.0);
        Process p = new ProcessBuilder("ping", "-n", "-q", "-c", "1", "-W", seconds, addr)
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutMs + 5000L, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return "error ping hung";
        }
        switch (p.exitValue()) {
            case 0:
                return "reply -";
            case 1:
                return "timeout";
            default:
                return "error " + new String(out, StandardCharsets.UTF_8).replace('\n', ' ');
        }
    }
}
