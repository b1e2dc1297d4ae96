package mprogsim.model.mprog;

/**
 * How bpf_mprog looks up the relative object of an attach or detach: by fd or by id, a prog or a link.
 * A relative reference is an opaque nonzero int chosen by the caller (0 means "none").
 * Lookups return a positive handle or a negative errno, exactly as the kernel's lookups would.
 */
public interface MprogObjects {
    int progType(int prog);

    /** bpf_prog_get(fd) or bpf_prog_by_id(id) for a nonzero reference. */
    int progByRef(int ref, boolean byId);

    /** bpf_link_get_from_fd(fd) or bpf_link_by_id(id) for a nonzero reference. */
    int linkByRef(int ref, boolean byId);

    /** link->prog. */
    int linkProg(int link);
}
