package mprogsim.scheduler;

import java.util.Arrays;

/**
 * The wakeup trees of optimal DPOR, all in one arena: nodes are events (a process and the footprint of its step),
 * children ordered by insertion. Each depth of the current execution has a root; the child explored at a depth is
 * the root of the next depth's tree.
 */
final class WakeupTree {
    static final int NIL = -1;

    int[] proc = new int[256];
    int[] fpOff = new int[256];
    int[] fpLen = new int[256];
    int[] firstChild = new int[256];
    int[] lastChild = new int[256];
    int[] nextSibling = new int[256];
    private int[] freeList = new int[256];
    private int freeCount;
    private int used;

    long[] fp = new long[4096];
    private int fpUsed;

    int newNode(int p, long[] src, int off, int len) {
        int n;
        if (freeCount > 0) {
            n = freeList[--freeCount];
        } else {
            if (used == proc.length) {
                int c = used * 2;
                proc = Arrays.copyOf(proc, c);
                fpOff = Arrays.copyOf(fpOff, c);
                fpLen = Arrays.copyOf(fpLen, c);
                firstChild = Arrays.copyOf(firstChild, c);
                lastChild = Arrays.copyOf(lastChild, c);
                nextSibling = Arrays.copyOf(nextSibling, c);
            }
            n = used++;
        }
        proc[n] = p;
        firstChild[n] = NIL;
        lastChild[n] = NIL;
        nextSibling[n] = NIL;
        // Footprints are stored by value; freed nodes leave holes that compactIfNeeded reclaims.
        if (fpUsed + len > fp.length) {
            fp = Arrays.copyOf(fp, Math.max(fp.length * 2, fpUsed + len));
        }
        System.arraycopy(src, off, fp, fpUsed, len);
        fpOff[n] = fpUsed;
        fpLen[n] = len;
        fpUsed += len;
        return n;
    }

    int newRoot() {
        return newNode(-1, fp, 0, 0);
    }

    void appendChild(int parent, int child) {
        if (firstChild[parent] == NIL) {
            firstChild[parent] = child;
        } else {
            nextSibling[lastChild[parent]] = child;
        }
        lastChild[parent] = child;
    }

    boolean isLeaf(int n) {
        return firstChild[n] == NIL;
    }

    /** Removes the first child of {@code parent} and frees its whole subtree. */
    void removeFirstChild(int parent) {
        int c = firstChild[parent];
        firstChild[parent] = nextSibling[c];
        if (firstChild[parent] == NIL) {
            lastChild[parent] = NIL;
        }
        free(c);
    }

    void free(int n) {
        int c = firstChild[n];
        while (c != NIL) {
            int next = nextSibling[c];
            free(c);
            c = next;
        }
        if (freeCount == freeList.length) {
            freeList = Arrays.copyOf(freeList, freeCount * 2);
        }
        freeList[freeCount++] = n;
    }

    void reset() {
        used = 0;
        freeCount = 0;
        fpUsed = 0;
    }

    private long[] compacted;
    private int compactedUsed;

    /**
     * Footprints of freed nodes leave holes in the storage; once it is large, the footprints of the nodes under
     * {@code root} (all live nodes) are copied together. Nodes keep their ids.
     */
    void compactIfNeeded(int root) {
        if (fpUsed < 1 << 20) {
            return;
        }
        compacted = new long[Math.max(4096, fpUsed / 2)];
        compactedUsed = 0;
        copyFootprints(root);
        fp = compacted;
        fpUsed = compactedUsed;
        compacted = null;
    }

    private void copyFootprints(int n) {
        int len = fpLen[n];
        if (compactedUsed + len > compacted.length) {
            compacted = Arrays.copyOf(compacted, Math.max(compacted.length * 2, compactedUsed + len));
        }
        System.arraycopy(fp, fpOff[n], compacted, compactedUsed, len);
        fpOff[n] = compactedUsed;
        compactedUsed += len;
        for (int c = firstChild[n]; c != NIL; c = nextSibling[c]) {
            copyFootprints(c);
        }
    }
}
