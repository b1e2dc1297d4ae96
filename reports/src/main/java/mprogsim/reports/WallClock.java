package mprogsim.reports;

/**
 * Whether a writer includes wall-clock fields (start time, seconds). Without them, the same results give the same
 * bytes on every run and machine, so reports can be compared or committed.
 */
public enum WallClock {
    INCLUDE,
    OMIT
}
