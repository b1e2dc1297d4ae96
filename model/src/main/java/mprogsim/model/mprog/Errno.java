package mprogsim.model.mprog;

/** The errno values the bpf syscall paths of bpf_mprog, tcx and netkit return, with their kernel spellings. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENOLINK = 67;
    public static final int EOPNOTSUPP = 95;
    public static final int ESTALE = 116;

    private static final int[] CODES = {EPERM, ENOENT, EBADF, EAGAIN, ENOMEM, EFAULT, EBUSY, EEXIST, ENODEV,
            EINVAL, ENOSPC, ERANGE, ENOLINK, EOPNOTSUPP, ESTALE, ENXIO, EACCES};
    private static final String[] NAMES = {"EPERM", "ENOENT", "EBADF", "EAGAIN", "ENOMEM", "EFAULT", "EBUSY",
            "EEXIST", "ENODEV", "EINVAL", "ENOSPC", "ERANGE", "ENOLINK", "EOPNOTSUPP", "ESTALE", "ENXIO", "EACCES"};

    private Errno() {
    }

    /** "0" for success, "-EEXIST" style for a negative errno, the number otherwise. */
    public static String format(int ret) {
        if (ret == 0) {
            return "0";
        }
        if (ret < 0) {
            for (int i = 0; i < CODES.length; i++) {
                if (CODES[i] == -ret) {
                    return "-" + NAMES[i];
                }
            }
        }
        return Integer.toString(ret);
    }

    /**
     * Parses "-EEXIST", "EEXIST", "0" or a decimal number into a return value; returns null when the text names
     * no errno this project knows, or a number outside the int range a syscall returns.
     */
    public static Integer parse(String text) {
        String t = text.trim();
        if (t.matches("-?\\d{1,18}")) {
            long v = Long.parseLong(t);
            return v == (int) v ? (int) v : null;
        }
        if (t.matches("-?\\d+")) {
            return null;
        }
        String name = t.startsWith("-") ? t.substring(1) : t;
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return -CODES[i];
            }
        }
        return null;
    }

    /** The known errno names, for error messages. */
    public static String knownNames() {
        return String.join(", ", NAMES);
    }
}
