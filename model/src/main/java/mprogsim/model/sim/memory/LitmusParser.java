package mprogsim.model.sim.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mprogsim.model.sim.memory.LitmusProgram.Code;
import mprogsim.model.sim.memory.LitmusProgram.Condition;
import mprogsim.model.sim.memory.LitmusProgram.Op;

/**
 * Reads the subset of herd7's C litmus format that the LKMM anchor tests use (docs/memory-model.md lists it): the
 * {@code C name} header, {@code (* comments *)}, an initial-state block of {@code loc=value;} (a value is a number
 * or a location's name, i.e. its address), threads {@code Pn(int *x, int **y) { ... }} whose statements are
 * declarations, {@code WRITE_ONCE}, {@code READ_ONCE}, {@code rcu_assign_pointer}, {@code rcu_dereference},
 * {@code smp_store_release}, {@code smp_load_acquire}, plain {@code *x = v} and {@code r = *x}, {@code smp_mb},
 * {@code rcu_read_lock}, {@code rcu_read_unlock} and {@code synchronize_rcu}, and one {@code exists} clause, a
 * conjunction of {@code n:reg=value}. Anything else is an error naming the line, never skipped.
 */
public final class LitmusParser {
    private static final Pattern THREAD = Pattern.compile("P(\\d+)\\s*\\(([^)]*)\\)\\s*\\{");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z_0-9]*)\\s*\\((.*)\\)");

    private final Map<String, Integer> locations = new LinkedHashMap<>();
    private final Map<String, String> initial = new LinkedHashMap<>();
    private final List<String> registers = new ArrayList<>();

    private LitmusParser() {
    }

    /** Parses litmus text; {@code source} names it in errors. */
    public static LitmusProgram parse(String text, String source) {
        return new LitmusParser().run(stripComments(text), source);
    }

    private static String stripComments(String text) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            // "(*" followed by a blank opens a comment; READ_ONCE(*x) does not.
            if (text.startsWith("(*", i) && i + 2 < text.length() && Character.isWhitespace(text.charAt(i + 2))) {
                int end = text.indexOf("*)", i + 2);
                String comment = text.substring(i, end < 0 ? text.length() : end + 2);
                // Keep the newlines so that errors give the right line.
                sb.append(comment.replaceAll("[^\\n]", " "));
                i = end < 0 ? text.length() : end + 2;
            } else {
                sb.append(text.charAt(i++));
            }
        }
        return sb.toString();
    }

    private LitmusProgram run(String text, String source) {
        int open = text.indexOf('{');
        if (!text.stripLeading().startsWith("C ") || open < 0) {
            throw new IllegalArgumentException(source + ": a C litmus test starts with \"C name\" and an initial"
                    + " state in { }");
        }
        int close = text.indexOf('}', open);
        for (String assign : text.substring(open + 1, close).split(";")) {
            String a = assign.strip();
            if (a.isEmpty()) {
                continue;
            }
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw error(source, text, open, "initial value \"" + a + "\" is not loc=value");
            }
            String loc = a.substring(0, eq).strip();
            location(loc);
            initial.put(loc, a.substring(eq + 1).strip());
        }
        List<String> threadNames = new ArrayList<>();
        List<List<Op>> threadOps = new ArrayList<>();
        Matcher m = THREAD.matcher(text);
        int pos = close + 1;
        int existsAt = text.indexOf("exists", pos);
        while (m.find(pos) && (existsAt < 0 || m.start() < existsAt)) {
            if (Integer.parseInt(m.group(1)) != threadNames.size()) {
                throw error(source, text, m.start(), "threads must be P0, P1, ... in order");
            }
            for (String param : m.group(2).split(",")) {
                String p = param.replace("int", "").replace("*", "").strip();
                if (!p.isEmpty()) {
                    location(p);
                }
            }
            int body = m.end();
            int end = matchingBrace(text, body);
            threadNames.add("P" + m.group(1));
            threadOps.add(statements(text, body, end, source));
            pos = end + 1;
        }
        if (threadNames.isEmpty()) {
            throw new IllegalArgumentException(source + ": no thread P0(...) { ... }");
        }
        existsAt = text.indexOf("exists", pos);
        if (existsAt < 0) {
            throw new IllegalArgumentException(source + ": no exists clause");
        }
        int lp = text.indexOf('(', existsAt);
        int rp = text.lastIndexOf(')');
        List<Condition> conds = new ArrayList<>();
        for (String c : text.substring(lp + 1, rp).split("/\\\\")) {
            String s = c.strip();
            int colon = s.indexOf(':');
            int eq = s.indexOf('=');
            if (colon < 0 || eq < colon) {
                throw error(source, text, existsAt, "exists condition \"" + s + "\" is not n:reg=value");
            }
            int thread = Integer.parseInt(s.substring(0, colon).strip());
            String regName = s.substring(colon + 1, eq).strip();
            int r = registers.indexOf(regName);
            if (thread >= threadNames.size() || r < 0) {
                throw error(source, text, existsAt, "exists names " + s.substring(0, eq).strip()
                        + ", which no thread loads");
            }
            conds.add(new Condition(thread, r, value(s.substring(eq + 1).strip(), source)));
        }
        String[] locNames = locations.keySet().toArray(new String[0]);
        int[] init = new int[locNames.length];
        for (int x = 0; x < locNames.length; x++) {
            String v = initial.get(locNames[x]);
            init[x] = v == null ? 0 : value(v, source);
        }
        Op[][] ops = new Op[threadOps.size()][];
        for (int t = 0; t < ops.length; t++) {
            ops[t] = threadOps.get(t).toArray(new Op[0]);
        }
        return new LitmusProgram(locNames, init, threadNames.toArray(new String[0]), ops,
                registers.toArray(new String[0]), conds.toArray(new Condition[0]));
    }

    private int location(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z_0-9]*")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a location name");
        }
        return locations.computeIfAbsent(name, k -> locations.size());
    }

    private int value(String v, String source) {
        if (v.matches("-?\\d+")) {
            return Integer.parseInt(v);
        }
        Integer x = locations.get(v);
        if (x == null) {
            throw new IllegalArgumentException(source + ": value \"" + v + "\" is neither a number nor a location");
        }
        return LitmusProgram.pointer(x);
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    private List<Op> statements(String text, int from, int to, String source) {
        List<Op> ops = new ArrayList<>();
        int at = from;
        for (String raw : text.substring(from, to).split(";")) {
            String s = raw.strip();
            int here = at;
            at += raw.length() + 1;
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("int ") || s.startsWith("int*")) {
                String r = s.substring(3).replace("*", "").strip();
                if (!registers.contains(r)) {
                    registers.add(r);
                }
                continue;
            }
            Op op = statement(s);
            if (op == null) {
                throw error(source, text, here + raw.indexOf(s.charAt(0)), "cannot read statement \"" + s + "\"");
            }
            ops.add(op);
        }
        return ops;
    }

    private Op statement(String s) {
        int eq = s.indexOf('=');
        if (eq > 0 && !s.startsWith("*")) {
            String dest = s.substring(0, eq).strip();
            int r = registers.indexOf(dest);
            if (r < 0) {
                return null;
            }
            String rhs = s.substring(eq + 1).strip();
            if (rhs.startsWith("*")) {
                return access(Code.LOAD, rhs, true, 0, -1, r);
            }
            Matcher m = CALL.matcher(rhs);
            if (!m.matches()) {
                return null;
            }
            Code c = switch (m.group(1)) {
                case "READ_ONCE" -> Code.READ_ONCE;
                case "rcu_dereference" -> Code.RCU_DEREFERENCE;
                case "smp_load_acquire" -> Code.SMP_LOAD_ACQUIRE;
                default -> null;
            };
            if (c == null) {
                return null;
            }
            return access(c, m.group(2).strip(), c != Code.SMP_LOAD_ACQUIRE, 0, -1, r);
        }
        if (s.startsWith("*")) {
            String lhs = s.substring(0, eq).strip();
            return store(Code.STORE, lhs, true, s.substring(eq + 1).strip());
        }
        Matcher m = CALL.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String args = m.group(2).strip();
        return switch (m.group(1)) {
            case "smp_mb" -> Op.fence(Code.SMP_MB);
            case "rcu_read_lock" -> Op.fence(Code.RCU_READ_LOCK);
            case "rcu_read_unlock" -> Op.fence(Code.RCU_READ_UNLOCK);
            case "synchronize_rcu" -> Op.fence(Code.SYNCHRONIZE_RCU);
            case "WRITE_ONCE" -> twoArgs(Code.WRITE_ONCE, args, true);
            case "rcu_assign_pointer" -> twoArgs(Code.RCU_ASSIGN_POINTER, args, true);
            case "smp_store_release" -> twoArgs(Code.SMP_STORE_RELEASE, args, false);
            default -> null;
        };
    }

    private Op twoArgs(Code c, String args, boolean lvalue) {
        int comma = args.indexOf(',');
        if (comma < 0) {
            return null;
        }
        return store(c, args.substring(0, comma).strip(), lvalue, args.substring(comma + 1).strip());
    }

    private Op store(Code c, String address, boolean lvalue, String v) {
        int reg = registers.indexOf(v);
        int constant = 0;
        if (reg < 0) {
            if (v.matches("-?\\d+")) {
                constant = Integer.parseInt(v);
            } else if (locations.containsKey(v)) {
                constant = LitmusProgram.pointer(locations.get(v));
            } else {
                return null;
            }
        }
        return access(c, address, lvalue, constant, reg, -1);
    }

    /**
     * An access at {@code address}: for the lvalue macros {@code *x} (location x) or {@code *r} (through register
     * r); for the pointer macros {@code x} or {@code r} likewise.
     */
    private Op access(Code c, String address, boolean lvalue, int constant, int valueReg, int destReg) {
        String a = address.strip();
        if (lvalue) {
            if (!a.startsWith("*")) {
                return null;
            }
            a = a.substring(1).strip();
        } else if (a.startsWith("&")) {
            a = a.substring(1).strip();
        }
        int r = registers.indexOf(a);
        if (r >= 0) {
            return new Op(c, -1, r, constant, valueReg, destReg);
        }
        Integer x = locations.get(a);
        if (x == null) {
            return null;
        }
        return new Op(c, x, -1, constant, valueReg, destReg);
    }

    private static IllegalArgumentException error(String source, String text, int at, String message) {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new IllegalArgumentException(source + ":" + line + ": " + message);
    }
}
