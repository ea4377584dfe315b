package dev.isotp.internal.abi;

/** The Linux errno values an ISO-TP socket can report, with their names. */
public enum Errno {
    EPERM(KernelAbi.EPERM), ENOENT(KernelAbi.ENOENT), EINTR(KernelAbi.EINTR), EIO(KernelAbi.EIO), ENXIO(KernelAbi.ENXIO), EBADF(KernelAbi.EBADF), EAGAIN(KernelAbi.EAGAIN), ENOMEM(KernelAbi.ENOMEM), EACCES(KernelAbi.EACCES), EFAULT(KernelAbi.EFAULT), EBUSY(KernelAbi.EBUSY), EEXIST(KernelAbi.EEXIST),
    ENODEV(KernelAbi.ENODEV), EINVAL(KernelAbi.EINVAL), ECOMM(KernelAbi.ECOMM), EBADMSG(KernelAbi.EBADMSG), EILSEQ(KernelAbi.EILSEQ), EMSGSIZE(KernelAbi.EMSGSIZE), ENOPROTOOPT(KernelAbi.ENOPROTOOPT),
    EPROTONOSUPPORT(KernelAbi.EPROTONOSUPPORT), EOPNOTSUPP(KernelAbi.EOPNOTSUPP), EAFNOSUPPORT(KernelAbi.EAFNOSUPPORT), EADDRNOTAVAIL(KernelAbi.EADDRNOTAVAIL), ENETDOWN(KernelAbi.ENETDOWN), ENOBUFS(KernelAbi.ENOBUFS),
    EISCONN(KernelAbi.EISCONN), ETIMEDOUT(KernelAbi.ETIMEDOUT);


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
