package mprogsim.scheduler.timed;

import java.util.SplittableRandom;

/** A duration distribution in nanoseconds of virtual time: fixed, uniform or exponential. */
public abstract sealed class Distribution permits Distribution.Fixed, Distribution.Uniform, Distribution.Exponential {
    public abstract long sample(SplittableRandom rnd);

    /** The mean, for reports. */
    public abstract double meanNanos();

    public abstract String describe();

    public static Distribution fixed(double nanos) {
        return new Fixed(nanos);
    }

    public static Distribution uniform(double lowNanos, double highNanos) {
        return new Uniform(lowNanos, highNanos);
    }

    public static Distribution exponential(double meanNanos) {
        return new Exponential(meanNanos);
    }

    public static final class Fixed extends Distribution {
        private final long nanos;

        Fixed(double nanos) {
            this.nanos = Math.round(nanos);
        }

        @Override
        public long sample(SplittableRandom rnd) {
            return nanos;
        }

        @Override
        public double meanNanos() {
            return nanos;
        }

        @Override
        public String describe() {
            return "fixed " + nanos + " ns";
        }
    }

    public static final class Uniform extends Distribution {
        private final double low;
        private final double high;

        Uniform(double low, double high) {
            this.low = low;
            this.high = high;
        }

        @Override
        public long sample(SplittableRandom rnd) {
            return Math.round(low + (high - low) * rnd.nextDouble());
        }

        @Override
        public double meanNanos() {
            return (low + high) / 2;
        }

        @Override
        public String describe() {
            return "uniform " + Math.round(low) + ".." + Math.round(high) + " ns";
        }
    }

    public static final class Exponential extends Distribution {
        private final double mean;

        Exponential(double mean) {
            this.mean = mean;
        }

        @Override
        public long sample(SplittableRandom rnd) {
            // 1 - u lies in (0, 1], so the logarithm is finite.
            return Math.round(-mean * Math.log(1.0 - rnd.nextDouble()));
        }

        @Override
        public double meanNanos() {
            return mean;
        }

        @Override
        public String describe() {
            return "exponential, mean " + Math.round(mean) + " ns";
        }
    }
}
