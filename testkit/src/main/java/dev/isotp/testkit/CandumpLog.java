package dev.isotp.testkit;

import dev.isotp.spi.CanFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Captures in the log format of can-utils' {@code candump -l} (read by {@code canplayer}, {@code log2asc},
 * Wireshark's import, python-can's {@code CanutilsLogReader}): one frame a line,
 *
 * <pre>
 * (1700000000.123456) vcan0 7E0#0322F190
 * (1700000000.124012) vcan0 18DAF110#037F2278
 * (1700000000.125003) vcanfd0 7E8##1000C62F1903132
 * </pre>
 *
 * <p>the time in seconds since 1970 with microseconds, the interface, then the frame as candump writes it: an 11-bit
 * id in 3 hex digits or a 29-bit id in 8, {@code #}, the data in hex; a CAN FD frame with {@code ##} and one hex
 * digit of flags (1 = BRS, 2 = ESI) before its data. Write the bus's {@link VirtualCanBus#frames() frame log} with
 * {@link #write(List, Path)}; read a bench's capture with {@link #read(Path)} and play it onto the bus with
 * {@link VirtualCanBus#replay}.
 */
public final class CandumpLog {
    private CandumpLog() {
    }

    /**
     * One frame as a line of {@code candump -l}, without the line's end.
     *
     * @param frame the frame, its time taken from {@link LoggedFrame#epochNanos()} (to the microsecond, cut)
     * @return e.g. {@code (1700000000.123456) vcan0 7E0#0322F190}
     * @throws NullPointerException if {@code frame} is null
     */
    public static String line(LoggedFrame frame) {
        long ns = frame.epochNanos();
        long seconds = Math.floorDiv(ns, 1_000_000_000L);
        long micros = Math.floorMod(ns, 1_000_000_000L) / 1000;
        return String.format(java.util.Locale.ROOT, "(%010d.%06d) %s %s", seconds, micros, frame.iface(), frame.frame());
    }

    /**
     * Writes frames as a {@code candump -l} log, one line each, {@code \n} after each.
     *
     * @param frames the frames, e.g. {@code bus.frames().all()}
     * @param out where to write; not closed
     * @throws IOException what {@code out} throws
     * @throws NullPointerException if an argument or a frame is null
     */
    public static void write(List<LoggedFrame> frames, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        for (LoggedFrame f : frames) {
            out.write(line(f));
            out.write('\n');
        }
    }

    /**
     * Writes frames as a {@code candump -l} log file (ASCII), replacing the file if it exists.
     *
     * @param frames the frames, e.g. {@code bus.frames().all()}
     * @param file the file, e.g. {@code target/vin.log}
     * @throws IOException if the file cannot be written
     * @throws NullPointerException if an argument or a frame is null
     */
    public static void write(List<LoggedFrame> frames, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            write(frames, w);
        }
    }

    /**
     * Reads a {@code candump -l} log file. Empty lines are skipped.
     *
     * @param file the log
     * @return its frames in file order; {@link LoggedFrame#epochNanos()} is the line's time, {@link LoggedFrame#nanos()}
     *         the time since the first frame
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException for a line that is not a frame as candump writes it, naming the file, the
     *         line number and what was expected; remote frames ({@code R}), error frames and CAN XL frames are
     *         refused too (ISO-TP carries none)
     * @throws NullPointerException if {@code file} is null
     */
    public static List<LoggedFrame> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return read(r, file.toString());
        }
    }

    /**
     * Reads {@code candump -l} lines from a string.
     *
     * @param text the lines
     * @return the frames, as {@link #read(Path)} returns them
     * @throws IllegalArgumentException for a line that is not a frame as candump writes it (see {@link #read(Path)})
     * @throws NullPointerException if {@code text} is null
     */
    public static List<LoggedFrame> parse(String text) {
        try {
            return read(new StringReader(text), "the log");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader throws none
        }
    }

    /**
     * The same frames on another interface, e.g. a bench's {@code can0} capture played on the bus's {@code vcan0}.
     *
     * @param frames the frames
     * @param iface the interface they are to be on
     * @return new frames, same data and times
     * @throws NullPointerException if an argument or a frame is null
     */
    public static List<LoggedFrame> onInterface(List<LoggedFrame> frames, String iface) {
        Objects.requireNonNull(iface, "iface");
        List<LoggedFrame> out = new ArrayList<>(frames.size());
        for (LoggedFrame f : frames) {
            out.add(new LoggedFrame(iface, f.frame(), f.nanos(), f.epochNanos()));
        }
        return out;
    }

    private static List<LoggedFrame> read(Reader reader, String name) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        List<LoggedFrame> frames = new ArrayList<>();
        long first = 0;
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            String where = name + " line " + number + " (" + (t.length() > 60 ? t.substring(0, 60) + "..." : t) + ")";
            String[] parts = t.split("\\s+");
            if (parts.length != 3) {
                throw bad(where, "a line has three fields: (seconds.microseconds) interface frame");
            }
            long epoch = time(parts[0], where);
            CanFrame frame = frame(parts[2], where);
            if (frames.isEmpty()) {
                first = epoch;
            }
            frames.add(new LoggedFrame(parts[1], frame, epoch - first, epoch));
        }
        return frames;
    }

    private static long time(String field, String where) {
        if (!field.startsWith("(") || !field.endsWith(")")) {
            throw bad(where, "the time comes first, in parentheses: (1700000000.123456)");
        }
        String v = field.substring(1, field.length() - 1);
        int dot = v.indexOf('.');
        if (dot < 1 || dot == v.length() - 1 || v.length() - dot - 1 > 9 || !digits(v.substring(0, dot))
                || !digits(v.substring(dot + 1))) {
            throw bad(where, "the time is seconds.fraction in decimal digits, e.g. (1700000000.123456)");
        }
        String frac = (v.substring(dot + 1) + "000000000").substring(0, 9);
        try {
            return Math.addExact(Math.multiplyExact(Long.parseLong(v.substring(0, dot)), 1_000_000_000L),
                    Long.parseLong(frac));
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(where, "the time is too large");
        }
    }

    private static CanFrame frame(String field, String where) {
        int hash = field.indexOf('#');
        if (hash < 0) {
            throw bad(where, "a frame is ID#DATA (classic) or ID##FDATA (CAN FD), e.g. 7E0#0322F190");
        }
        String idText = field.substring(0, hash);
        if (!hex(idText) || (idText.length() != 3 && idText.length() != 8)) {
            throw bad(where, "the id has 3 hex digits (11-bit) or 8 (29-bit), e.g. 7E0 or 18DAF110");
        }
        long id = Long.parseLong(idText, 16);
        if (idText.length() == 3 && id > 0x7FF) {
            throw bad(where, "an 11-bit id is 000-7FF");
        }
        if (idText.length() == 8 && (id & 0x20000000L) != 0) {
            throw bad(where, "an error frame (id with CAN_ERR_FLAG): ISO-TP carries none");
        }
        if (idText.length() == 8 && id > 0x1FFFFFFF) {
            throw bad(where, "a 29-bit id is 00000000-1FFFFFFF");
        }
        int canId = idText.length() == 8 ? (int) id | CanFrame.EFF_FLAG : (int) id;
        String rest = field.substring(hash + 1);
        if (rest.startsWith("#")) {
            if (rest.startsWith("##")) {
                throw bad(where, "a CAN XL frame (###): ISO-TP over CAN XL is not in mainline Linux");
            }
            if (rest.length() < 2 || !hex(rest.substring(1, 2))) {
                throw bad(where, "a CAN FD frame is ID##F then its data, F one hex digit of flags (1 BRS, 2 ESI)");
            }
            int flags = Integer.parseInt(rest.substring(1, 2), 16);
            byte[] data = data(rest.substring(2), where);
            if (!validFdLength(data.length)) {
                throw bad(where, "a CAN FD frame carries 0-8, 12, 16, 20, 24, 32, 48 or 64 bytes, not " + data.length);
            }
            return new CanFrame(canId, data, true, flags);
        }
        if (rest.startsWith("R") || rest.startsWith("r")) {
            throw bad(where, "a remote frame (R): ISO-TP carries none");
        }
        if (rest.contains("_")) {
            throw bad(where, "a classic frame with a raw DLC above 8 (_D): ISO-TP does not use it");
        }
        byte[] data = data(rest, where);
        if (data.length > 8) {
            throw bad(where, "a classic frame carries 0-8 bytes, not " + data.length + " (CAN FD frames are ID##F...)");
        }
        return new CanFrame(canId, data, false, 0);
    }

    private static boolean validFdLength(int n) {
        return n <= 8 || n == 12 || n == 16 || n == 20 || n == 24 || n == 32 || n == 48 || n == 64;
    }

    private static byte[] data(String text, String where) {
        if (text.length() % 2 != 0 || !hex(text)) {
            throw bad(where, "the data is pairs of hex digits without separators, e.g. 0322F190");
        }
        return java.util.HexFormat.of().parseHex(text);
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String where, String what) {
        return new IllegalArgumentException(where + ": not a candump -l line: " + what);
    }
}
