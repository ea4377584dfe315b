package dev.isotp.support;

/**
 * Implemented by every generated {@code IsoTp_<Name>} client, so that {@link dev.isotp.IsoTpChannels} can reach what
 * is not on the user's interface (e.g. the count of dropped PDUs). For generated code.
 */
public interface GeneratedChannel {
    /**
     * The support the client delegates to.
     *
     * @return the client's {@link ChannelSupport}, the same one for the client's life
     */
    ChannelSupport channelSupport();
}
