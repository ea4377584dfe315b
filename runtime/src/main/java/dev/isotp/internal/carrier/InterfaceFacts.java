package dev.isotp.internal.carrier;

import java.util.List;

/** What a carrier knows about the interfaces it can bind to, for the words of a failed bind. */
public interface InterfaceFacts {
    /** True if an interface of that name exists (of any type). */
    boolean exists(String iface);

    /** The names of the CAN interfaces there are, sorted. */
    List<String> canInterfaces();

    /** The interface's MTU (16 classic, 72 CAN FD), -1 if unknown. */
    int mtu(String iface);

    /** How to create a CAN interface, for a message when there is none at all. */
    String howToAdd();
}
