package io.s3flow.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Whether an address is on the public internet. A connection's S3 endpoint must be, or s3flow would be a way into
 * its own network: loopback, private (RFC 1918), link-local and cloud metadata, CGNAT, unique-local, multicast,
 * reserved and documentation ranges are refused, and so is every IPv6 address outside global unicast (2000::/3),
 * which covers IPv4-compatible and NAT64 forms; IPv4-mapped addresses are judged as the IPv4 address they hold.
 */
public final class PublicAddresses {

    private record Block(int[] prefix, int bits, String why) {
        boolean contains(byte[] address) {
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final String PRIVATE = "a private address";
    private static final String RESERVED = "a reserved or special-purpose address";
    private static final List<Block> V4 = List.of(
            new Block(new int[] {0, 0, 0, 0}, 8, "the unspecified network"),
            new Block(new int[] {10, 0, 0, 0}, 8, PRIVATE),
            new Block(new int[] {100, 64, 0, 0}, 10, "a carrier-grade NAT address"),
            new Block(new int[] {127, 0, 0, 0}, 8, "a loopback address"),
            new Block(new int[] {169, 254, 0, 0}, 16, "a link-local or cloud-metadata address"),
            new Block(new int[] {172, 16, 0, 0}, 12, PRIVATE),
            new Block(new int[] {192, 0, 0, 0}, 24, RESERVED),
            new Block(new int[] {192, 0, 2, 0}, 24, RESERVED),
            new Block(new int[] {192, 88, 99, 0}, 24, RESERVED),
            new Block(new int[] {192, 168, 0, 0}, 16, PRIVATE),
            new Block(new int[] {198, 18, 0, 0}, 15, RESERVED),
            new Block(new int[] {198, 51, 100, 0}, 24, RESERVED),
            new Block(new int[] {203, 0, 113, 0}, 24, RESERVED),
            new Block(new int[] {224, 0, 0, 0}, 4, "a multicast address"),
            new Block(new int[] {240, 0, 0, 0}, 4, RESERVED));
    private static final Block GLOBAL_UNICAST_V6 = new Block(new int[] {0x20, 0, 0, 0}, 3, null);
    private static final List<Block> V6_EXCEPTIONS = List.of(
            new Block(new int[] {0x20, 0x01, 0, 0}, 32, "a Teredo address"),
            new Block(new int[] {0x20, 0x01, 0, 0x10}, 28, RESERVED),
            new Block(new int[] {0x20, 0x01, 0x0d, 0xb8}, 32, RESERVED),
            new Block(new int[] {0x20, 0x02, 0, 0}, 16, "a 6to4 address"));

    private PublicAddresses() {
    }

    /** Why {@code address} is not public ("a loopback address", ...), or empty when it is. */
    public static Optional<String> nonPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return V4.stream().filter(b -> b.contains(bytes)).map(Block::why).findFirst();
        }
        if (!GLOBAL_UNICAST_V6.contains(bytes)) {
            return Optional.of(address.isLoopbackAddress() ? "a loopback address"
                    : address.isLinkLocalAddress() ? "a link-local address"
                    : (bytes[0] & 0xfe) == 0xfc ? "a unique-local (private) address"
                    : "an IPv6 address outside global unicast (IPv4-compatible, NAT64, multicast or reserved)");
        }
        return V6_EXCEPTIONS.stream().filter(b -> b.contains(bytes)).map(Block::why).findFirst();
    }
}
