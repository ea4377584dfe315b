/**
 * What generated {@code IsoTp_<Name>} clients are built on: one {@link dev.isotp.support.ChannelSupport} call per
 * interface method, so the same request semantics, exceptions and words serve every client. Exported because
 * generated code lives in the user's own packages; not an API to call directly, and it may change with the processor
 * that generates the calls (both are released together).
 */
package dev.isotp.support;
