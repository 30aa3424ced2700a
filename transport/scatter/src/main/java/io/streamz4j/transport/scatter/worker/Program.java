package io.streamz4j.transport.scatter.worker;

import io.streamz4j.transport.scatter.FunctionTable;
import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.RemoteFunction;
import io.streamz4j.transport.scatter.RemoteFunction.Kind;
import io.streamz4j.transport.scatter.wire.ProgramMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One program a worker was sent: its steps (map, filter, starmap, flatten, accumulate) resolved
 * against the worker's function table, and, for a program with accumulate steps, the state of
 * every key it has seen. {@link #run} takes one element through the steps and hands each result
 * to a consumer: a map gives one, a filter that refuses gives none, a starmap spreads a List or
 * Tuple as its function's arguments, a flatten gives each item of a list or iterable, an
 * accumulate replaces its key's state with {@code f(state, x)} and gives the new state (the first
 * element is the state, as given, for an accumulate without a start).
 *
 * <p>The key's states are the program's snapshot: {@link #snapshot} is a List with one entry per
 * accumulate step, {@code []} while that step has no state and {@code [state]} once it has one,
 * which {@link #restore} takes back (a survivor resuming a dead worker's key). When a function
 * throws, the key's states are put back as they were before the element, so an element either
 * ran whole or not at all (states a function mutates in place cannot be put back).
 *
 * <p>Thread safety: not thread-safe; the worker's polling thread runs it. It retains every key's
 * states until the worker exits.
 */
public final class Program {
    /** The state of an accumulate step that has none yet (no start, no element). */
    private static final Object ABSENT = new Object();

    private final int id;
    private final List<ProgramMessage.Step> definition;
    private final Kind[] kinds;
    private final RemoteFunction[] functions;
    /** For each step, the index of its state among the key's states (accumulate steps only). */
    private final int[] stateIndex;
    private final int stateCount;
    private final Map<Object, Object[]> states = new HashMap<>();
    private final Object[] backup;
    private final Function<Object, Object[]> newStates = key -> newStates();
    private Object[] current;
    private Consumer<Object> out;

    private Program(int id, List<ProgramMessage.Step> definition, Kind[] kinds, RemoteFunction[] functions) {
        this.id = id;
        this.definition = List.copyOf(definition);
        this.kinds = kinds;
        this.functions = functions;
        this.stateIndex = new int[kinds.length];
        int count = 0;
        for (int i = 0; i < kinds.length; i++) {
            stateIndex[i] = kinds[i] == Kind.ACCUMULATE ? count++ : -1;
        }
        this.stateCount = count;
        this.backup = new Object[count];
    }

    /**
     * The program of {@code steps}, each function looked up in {@code table}.
     *
     * @throws RefusedMessageException for an unknown step kind, or a function the table lacks or
     *     has under another kind (the worker was sent a program it cannot run)
     */
    public static Program compile(int id, List<ProgramMessage.Step> steps, FunctionTable table) {
        Kind[] kinds = new Kind[steps.size()];
        RemoteFunction[] functions = new RemoteFunction[steps.size()];
        for (int i = 0; i < kinds.length; i++) {
            ProgramMessage.Step step = steps.get(i);
            kinds[i] = Kind.ofCode(step.kind());
            if (kinds[i] == null) {
                throw new RefusedMessageException("program " + id + " step " + i + " has unknown kind " + step.kind());
            }
            if (kinds[i] != Kind.FLATTEN) {
                try {
                    functions[i] = table.require(step.functionName(), kinds[i]);
                } catch (IllegalArgumentException e) {
                    throw new RefusedMessageException("program " + id + " step " + i + ": " + e.getMessage());
                }
            }
        }
        return new Program(id, steps, kinds, functions);
    }

    public int id() {
        return id;
    }

    /** The steps as the PROGRAM message gave them. */
    public List<ProgramMessage.Step> definition() {
        return definition;
    }

    /** Whether the program keeps per-key state (has an accumulate step), and so sends snapshots. */
    public boolean stateful() {
        return stateCount > 0;
    }

    /**
     * Runs {@code element} of {@code key} through the steps, giving each result to {@code out}.
     * Whatever a function throws propagates, with the key's states put back as they were.
     */
    public void run(Object key, Object element, Consumer<Object> results) {
        this.out = results;
        if (stateCount == 0) {
            step(0, element);
            return;
        }
        current = states.computeIfAbsent(key, newStates);
        System.arraycopy(current, 0, backup, 0, stateCount);
        try {
            step(0, element);
        } catch (RuntimeException | Error e) {
            System.arraycopy(backup, 0, current, 0, stateCount);
            throw e;
        }
    }

    private Object[] newStates() {
        Object[] fresh = new Object[stateCount];
        for (int i = 0; i < kinds.length; i++) {
            if (stateIndex[i] >= 0) {
                RemoteFunction.Accumulator<?, ?> accumulator = (RemoteFunction.Accumulator<?, ?>) functions[i];
                fresh[stateIndex[i]] = accumulator.hasStart() ? accumulator.start() : ABSENT;
            }
        }
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private void step(int index, Object value) {
        if (index == kinds.length) {
            out.accept(value);
            return;
        }
        switch (kinds[index]) {
            case MAP -> step(index + 1, ((Function<Object, Object>) functions[index]).apply(value));
            case FILTER -> {
                if (((Predicate<Object>) functions[index]).test(value)) {
                    step(index + 1, value);
                }
            }
            case STARMAP -> step(index + 1, ((Function<Object[], Object>) functions[index]).apply(arguments(value)));
            case FLATTEN -> flatten(index, value);
            case ACCUMULATE -> {
                int slot = stateIndex[index];
                Object state = current[slot];
                Object next = state == ABSENT ? value
                        : ((RemoteFunction.Accumulator<Object, Object>) functions[index]).apply(state, value);
                current[slot] = next;
                step(index + 1, next);
            }
        }
    }

    private static Object[] arguments(Object value) {
        if (value instanceof List<?> list) {
            return list.toArray();
        }
        throw new IllegalArgumentException("starmap: the element must be a List or Tuple to spread as arguments, got "
                + describe(value));
    }

    private void flatten(int index, Object value) {
        if (value instanceof List<?> list && list instanceof RandomAccess) {
            for (int i = 0, n = list.size(); i < n; i++) {
                step(index + 1, list.get(i));
            }
        } else if (value instanceof Iterable<?> iterable) {
            Iterator<?> items = iterable.iterator();
            while (items.hasNext()) {
                step(index + 1, items.next());
            }
        } else if (value instanceof Object[] array) {
            for (Object item : array) {
                step(index + 1, item);
            }
        } else {
            throw new IllegalArgumentException("flatten: the element must be a List, an Iterable or an object array, got "
                    + describe(value));
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName() + " " + value;
    }

    /**
     * The key's states as the snapshot a RESULT carries: one entry per accumulate step, {@code []}
     * for no state yet, {@code [state]} otherwise.
     */
    public List<Object> snapshot(Object key) {
        Object[] keyStates = states.get(key);
        List<Object> snapshot = new ArrayList<>(stateCount);
        for (int i = 0; i < stateCount; i++) {
            Object state = keyStates == null ? ABSENT : keyStates[i];
            snapshot.add(state == ABSENT ? List.of() : Collections.singletonList(state));
        }
        return snapshot;
    }

    /**
     * Sets the key's states from a {@link #snapshot}.
     *
     * @throws RefusedMessageException when the snapshot is not one of this program's
     */
    public void restore(Object key, Object snapshot) {
        if (!(snapshot instanceof List<?> entries) || entries.size() != stateCount) {
            throw new RefusedMessageException("program " + id + " keeps " + stateCount + " states per key; a RESTORE of "
                    + describe(snapshot) + " is none of its snapshots");
        }
        Object[] restored = new Object[stateCount];
        for (int i = 0; i < stateCount; i++) {
            if (!(entries.get(i) instanceof List<?> entry) || entry.size() > 1) {
                throw new RefusedMessageException("program " + id + " state " + i + " should be [] or [state], got "
                        + describe(entries.get(i)));
            }
            restored[i] = entry.isEmpty() ? ABSENT : entry.get(0);
        }
        states.put(key, restored);
    }
}
