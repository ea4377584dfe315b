/**
 * Typed ISO-TP channels: {@link dev.isotp.IsoTpChannel} interfaces and the clients generated for them
 * ({@link dev.isotp.IsoTpChannels}), the checked socket under them ({@link dev.isotp.IsoTpSocket}), and their
 * configuration ({@link dev.isotp.IsoTpConfig}, {@link dev.isotp.ChannelOverrides}, {@link dev.isotp.Backend}).
 *
 * <p>Said here once for the whole package: a {@code null} argument throws {@link java.lang.NullPointerException}
 * unless a method says what {@code null} means. The range, default, unit and kernel version of a channel's setting
 * are stated on the element of {@link dev.isotp.IsoTpChannel} (or {@link dev.isotp.UdsChannel}) of the same name,
 * which the builders' setters link to; the exceptions of a transfer, with their errno and what to do, are tabled in
 * the class doc of {@link dev.isotp.IsoTpSocket}.
 */
package dev.isotp;
