package dev.isotp.samples.uds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/** A Python peer started from a script of this package, spoken to line by line; its stderr goes to the test's. */
final class PythonPeer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private PythonPeer(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code script} with {@code args} and waits for its READY line. */
    static PythonPeer start(String script, String... args) throws IOException {
        String[] command = new String[args.length + 2];
        command[0] = PYTHON;
        command[1] = script(script).toString();
        System.arraycopy(args, 0, command, 2, args.length);
        PythonPeer peer = new PythonPeer(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
        String ready = peer.line();
        if (!"READY".equals(ready)) {
            peer.close();
            throw new IOException(script + " did not start: " + ready);
        }
        return peer;
    }

    private static Path script(String name) throws IOException {
        try {
            return Paths.get(PythonPeer.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("no script " + name + " beside " + PythonPeer.class.getName(), e);
        }
    }

    /** Sends one command line and returns the line it answers with. */
    String command(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
        return line();
    }

    /** The next line the script prints; null at its end. */
    String line() throws IOException {
        return out.readLine();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
