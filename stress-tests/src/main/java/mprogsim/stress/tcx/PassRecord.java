package mprogsim.stress.tcx;

import java.util.Arrays;

/**
 * What one reader pass did: the programs it ran, in order, and any misuse it ran into. Reused from pass to pass by
 * one reader, so the pass allocates nothing.
 */
public final class PassRecord {
    public static final int USE_AFTER_FREE = 1;
    public static final int USE_AFTER_RELEASE = 2;
    /** The pass read the entry of a bundle whose memory was freed. */
    public static final int ENTRY_AFTER_FREE = 4;
    /** The pass ran a NULL prog or read past the end of the entry's array. */
    public static final int WILD_ACCESS = 8;

    private int[] ran;
    private int count;
    private int misuse;
    private int firstMisuseProg;

    public PassRecord(int capacity) {
        ran = new int[capacity];
    }

    public void reset() {
        count = 0;
        misuse = 0;
        firstMisuseProg = 0;
    }

    void ran(int prog) {
        if (count == ran.length) {
            ran = Arrays.copyOf(ran, ran.length * 2);
        }
        ran[count++] = prog;
    }

    void misuse(int kind, int prog) {
        if (misuse == 0) {
            firstMisuseProg = prog;
        }
        misuse |= kind;
    }

    public int count() {
        return count;
    }

    public int prog(int i) {
        return ran[i];
    }

    public int misuse() {
        return misuse;
    }

    public boolean clean() {
        return misuse == 0;
    }

    public int[] progs() {
        return Arrays.copyOf(ran, count);
    }

    /**
     * The progs run, space separated ("" for none), followed by a misuse marker such as {@code !use_after_release(p2)}
     * that no correct execution produces.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('p').append(ran[i]);
        }
        if (misuse != 0) {
            sb.append(sb.length() > 0 ? " !" : "!").append(misuseNames(misuse));
            if (firstMisuseProg != 0) {
                sb.append("(p").append(firstMisuseProg).append(')');
            }
        }
        return sb.toString();
    }

    public static String misuseNames(int kinds) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"use_after_free", "use_after_release", "entry_after_free", "wild_access"};
        for (int i = 0; i < names.length; i++) {
            if ((kinds & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append('+');
                }
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }
}
