package dev.isotp.kernel;

/** The Linux errno values an ISO-TP socket can report, with their names. */
public enum Errno {
    EPERM(1), ENOENT(2), EINTR(4), EIO(5), ENXIO(6), EBADF(9), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17),
    ENODEV(19), EINVAL(22), ECOMM(70), EBADMSG(74), EILSEQ(84), EMSGSIZE(90), ENOPROTOOPT(92),
    EPROTONOSUPPORT(93), EOPNOTSUPP(95), EAFNOSUPPORT(97), EADDRNOTAVAIL(99), ENETDOWN(100), ENOBUFS(105),
    EISCONN(106), ETIMEDOUT(110);

    /** For switch labels and comparisons on hot paths. */
    static final int ENOENT_NUMBER = 2;
    static final int EEXIST_NUMBER = 17;
    static final int EAGAIN_NUMBER = 11;
    static final int EINTR_NUMBER = 4;

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The symbolic name of an errno value, or "errno N" for one not listed here. */
    public static String nameOf(int number) {
        for (Errno e : values()) {
            if (e.number == number) {
                return e.name();
            }
        }
        return "errno " + number;
    }
}
