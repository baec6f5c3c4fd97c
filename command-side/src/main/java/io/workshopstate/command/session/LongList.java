package io.workshopstate.command.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Objects;

/**
 * A list of longs that grows, without a boxed {@code Long} for each: a session keeps a few for every revision of
 * every step, for as long as it is loaded, and a long session has tens of thousands of revisions. Stored in a
 * snapshot as a JSON array.
 */
final class LongList {

    private long[] values;
    private int size;

    LongList() {
        this(new long[0]);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    LongList(long[] values) {
        this.values = values;
        this.size = values.length;
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(4, size + size / 2));
        }
        values[size++] = value;
    }

    long get(int index) {
        Objects.checkIndex(index, size);
        return values[index];
    }

    long last() {
        return get(size - 1);
    }

    void removeLast() {
        Objects.checkIndex(size - 1, size);
        size--;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @JsonValue
    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LongList that && Arrays.equals(values, 0, size, that.values, 0, that.size);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toArray());
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
