package dev.isotp.processor.modular;

import dev.isotp.IsoTpChannel;
import dev.isotp.processor.IsoTpChannelProcessor;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's project that is itself a named module: compiled with the processor on the processor path and the runtime
 * on the module path, then run on the module path, exactly as docs/channels.md's "Named modules" section says.
 */
final class NamedModuleUser {
    /** What the user writes in module-info.java, and nothing else. */
    static final String MODULE_INFO = "module user.app {\n"
            + "    requires dev.isotp.runtime;\n"
            + "    exports user.app;\n"
            + "    provides user.app.Ecu with user.app.IsoTp_Ecu;\n"
            + "}\n";
    static final String ECU = "package user.app;\n\n"
            + "import dev.isotp.IsoTpChannel;\nimport java.io.IOException;\n\n"
            + "@IsoTpChannel(iface = \"vcan0\", rxid = 0x7E8, txid = 0x7E0, receiveTimeoutMillis = 5000)\n"
            + "public interface Ecu extends AutoCloseable {\n"
            + "    byte[] request(byte[] request) throws IOException;\n\n"
            + "    @Override\n    void close();\n}\n";
    /** Opens the client through IsoTpChannels; with "peer", answers its request from a socket of the runtime's API. */
    static final String MAIN = "package user.app;\n\n"
            + "import dev.isotp.Address;\nimport dev.isotp.AddressingMode;\nimport dev.isotp.IsoTpChannels;\n"
            + "import dev.isotp.IsoTpConfig;\nimport dev.isotp.IsoTpSocket;\nimport java.time.Duration;\n"
            + "import java.util.HexFormat;\n\n"
            + "public final class Main {\n"
            + "    public static void main(String[] args) throws Exception {\n"
            + "        try (Ecu ecu = IsoTpChannels.open(Ecu.class)) {\n"
            + "            System.out.println(\"opened \" + ecu.getClass().getName() + \" in \" + ecu.getClass().getModule());\n"
            + "            if (args.length > 0) {\n"
            + "                try (IsoTpSocket peer = IsoTpSocket.open(IsoTpConfig.builder().iface(\"vcan0\")\n"
            + "                        .rxid(0x7E0).txid(0x7E8).build())) {\n"
            + "                    Thread answer = new Thread(() -> {\n"
            + "                        try {\n"
            + "                            byte[] request = peer.receive(Duration.ofSeconds(5));\n"
            + "                            request[0] += 0x40;\n"
            + "                            peer.send(request);\n"
            + "                        } catch (Exception e) {\n"
            + "                            e.printStackTrace();\n"
            + "                        }\n"
            + "                    });\n"
            + "                    answer.start();\n"
            + "                    byte[] response = ecu.request(new byte[] {0x22, (byte) 0xF1, (byte) 0x90});\n"
            + "                    System.out.println(\"answer \" + HexFormat.of().formatHex(response));\n"
            + "                    answer.join();\n"
            + "                }\n"
            + "            }\n"
            + "        } catch (java.io.IOException e) {\n"
            + "            System.out.println(\"failed \" + e.getClass().getSimpleName() + \": \" + e.getMessage());\n"
            + "        }\n"
            + "    }\n"
            + "}\n";

    private NamedModuleUser() {
    }

    /** The javac output (empty when it compiled). */
    static String compile(Path project) throws IOException {
        Path src = project.resolve("src/user.app/user/app");
        Files.createDirectories(src);
        Files.writeString(project.resolve("src/user.app/module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("Ecu.java"), ECU);
        Files.writeString(src.resolve("Main.java"), MAIN);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of(
                "--module-path", join(location(IsoTpChannel.class), location(com.sun.jna.Native.class)),
                "--processor-path", join(location(IsoTpChannelProcessor.class),
                        location(com.squareup.javapoet.JavaFile.class), location(IsoTpChannel.class),
                        location(com.sun.jna.Native.class)),
                "--module-source-path", project.resolve("src").toString(),
                "-d", project.resolve("out").toString(), "--module", "user.app"));
        StringWriter output = new StringWriter();
        boolean ok = javac.getTask(output, null, null, arguments, null, null).call();
        return ok ? "" : output.toString().isEmpty() ? "javac failed" : output.toString();
    }

    /** Runs the user's module on the module path with the JVM running this test; returns its output. */
    static String run(Path project, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=dev.isotp.runtime,com.sun.jna",
                "--module-path", join(project.resolve("out"), location(IsoTpChannel.class), location(com.sun.jna.Native.class)),
                "-m", "user.app/user.app.Main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        // the JVM's own notice of JAVA_TOOL_OPTIONS (set in the VM) is not the program's output
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                .map(line -> line + "\n").collect(Collectors.joining());
    }

    static Path location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(Path... paths) {
        return List.of(paths).stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
